"""Writes of the social channels.

telegram.py  updates from the official bot → the inbound pipeline (bot first, then the inbox)
outbox.py    messages to Telegram: queued in the transaction, sent by a task, retried on outages
mentions.py  public mentions from the signed webhook: answer with an official link, or a ticket
"""
