"""Writes of the live chat: one function per use case, audited, side effects after commit.

- sessions: open or resume a chat (identity), confirm an e-mail address, read receipts, CSAT, end
- conversation: customer, agent and assistant messages, internal notes, uploads
- queue: hand-over to a person, accept, transfer, continue as a ticket, agent presence (the
  workspace's, shared) and chat capacity
- transcripts: the transcript by e-mail
"""
