"""Pure scanners for what customers and agents type: no database, no settings, no network.

- ``secrets.scan_secrets`` / ``findings.redact``: seed phrases, private keys and other
  credentials in a message, and the redacted text to store instead.
- ``links.check_links`` / ``domains.normalise_domain``: look-alike and lure links.
- ``agent_guard.check_agent_reply``: an outgoing reply asking for a secret.
- ``contacts.normalise_contact``: canonical forms for the official-channel registry.

Import from the submodules; this package imports nothing so that using one scanner
does not load the word lists or the public suffix list of another.
"""
