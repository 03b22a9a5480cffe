"""Writes. One function per use case: it validates, changes state in one transaction, records an
audit event, and leaves side effects (search index, banner cache) to after commit.

articles.py       knowledge base and FAQ: create, edit, review/publish, versions, images
announcements.py  announcements board
feedback.py       views, "was this helpful?", deflected requests, search log
transfer.py       import of articles and FAQs (JSON / CSV)
"""
