from django.db import migrations, models

# Tells Django about the table migration 0004 created on PostgreSQL (nothing changes in any database),
# so that flushing a test database truncates search_head together with the search_document it references.


class Migration(migrations.Migration):
    dependencies = [("search", "0004_narrow_head_table")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchHead",
                    fields=[
                        (
                            "document",
                            models.OneToOneField(
                                db_column="id",
                                on_delete=models.DO_NOTHING,
                                primary_key=True,
                                related_name="+",
                                serialize=False,
                                to="search.searchdocument",
                            ),
                        ),
                        ("language", models.CharField(max_length=10)),
                        ("kind", models.CharField(max_length=32)),
                        ("category", models.CharField(max_length=64)),
                    ],
                    options={"db_table": "search_head"},
                ),
            ],
            database_operations=[],
        )
    ]
