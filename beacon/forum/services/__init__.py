"""Writes. One function per use case: it validates, changes state in one transaction, records an
audit event, and leaves side effects (search index, notifications) to after commit.

posting.py     threads, replies, edits, votes, accepted answers, announcement cross-posts
moderation.py  reports, hide / lock / pin / move, suspensions, moving a post into a private ticket
knowledge.py   a solved thread → a draft knowledge-base article
notifications.py  following, in-app notifications, websocket events, batching mails per thread
mailing.py     sending the batched notification mails (task after commit, retries, the sweep)
"""
