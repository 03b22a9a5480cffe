"""Full-text search behind one interface, for the help center, the answer bot and anything else.

* `engine.search()` answers a query with ranked `SearchHit`s (title, URL, highlighted snippet).
* `indexing.index_documents()` / `remove_documents()` keep the index in step with the content;
  content apps call `indexing.after_commit()` so the index only ever sees committed data.
* The backend follows the database: SQLite FTS5 on the embedded profile, PostgreSQL full-text
  (tsvector + GIN) on the scale profile. Both index the same words, made by `beacon.core.text`.
"""
