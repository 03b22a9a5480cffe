from django.db import migrations

# PostgreSQL only. The title-and-phrasings tsvector moves from `search_document` (about 2.6 kB a row
# with the body and the full vector) to a narrow table of its own (about 140 bytes a row). A query
# made only of very common words ranks the newest few hundred documents having them in the title:
# at 100k documents that touched 2–8k wide rows, one 8 kB page each, and now touches the same rows
# packed ~50 to a page (figures in docs/helpcenter.md, "Benchmarks").
# It carries copies of the filter columns, so the filtered head query never reads the wide table.
FORWARDS = [
    """
    CREATE TABLE IF NOT EXISTS search_head (
        id bigint PRIMARY KEY REFERENCES search_document (id) ON DELETE CASCADE,
        language varchar(10) NOT NULL,
        kind varchar(32) NOT NULL,
        category varchar(64) NOT NULL,
        head tsvector NOT NULL
    )
    """,
    "INSERT INTO search_head (id, language, kind, category, head)"
    " SELECT id, language, kind, category, head FROM search_document ON CONFLICT (id) DO NOTHING",
    "CREATE INDEX IF NOT EXISTS search_head_head ON search_head USING gin (head) WITH (fastupdate = off)",
    "DROP INDEX IF EXISTS search_document_head",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS head",
    "ANALYZE search_head",
]
BACKWARDS = [
    "ALTER TABLE search_document ADD COLUMN IF NOT EXISTS head tsvector NOT NULL DEFAULT ''::tsvector",
    "UPDATE search_document d SET head = h.head FROM search_head h WHERE h.id = d.id",
    "CREATE INDEX IF NOT EXISTS search_document_head ON search_document USING gin (head) WITH (fastupdate = off)",
    "DROP TABLE IF EXISTS search_head",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARDS:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARDS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_gin_without_pending_list")]

    operations = [migrations.RunPython(forwards, backwards)]
