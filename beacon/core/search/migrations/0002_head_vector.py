from django.db import migrations

# PostgreSQL only: a second tsvector with the title and alternative phrasings, so a query made only
# of very common words can be narrowed to documents that have them in the title (see engine.py).
CREATE = [
    "ALTER TABLE search_document ADD COLUMN IF NOT EXISTS head tsvector NOT NULL DEFAULT ''::tsvector",
    "CREATE INDEX IF NOT EXISTS search_document_head ON search_document USING gin (head)",
]
DROP = [
    "DROP INDEX IF EXISTS search_document_head",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS head",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
