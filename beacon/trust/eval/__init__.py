"""Offline evaluation material for the trust scanners (corpus, generators)."""
