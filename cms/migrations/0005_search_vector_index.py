"""A GIN index for the search vector PostgreSQL actually matches against.

Wagtail's database search backend (modelsearch) matches `title || body` of
`wagtailsearch_indexentry`; its own GIN indexes are on `title` and on `body` separately, which
that expression cannot use, so every search read every index entry of the model. SQLite's FTS5
tables have their own index: nothing to do there.
"""

from django.db import migrations

INDEX = "wagtailsearch_indexentry_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_page_creation_tokens"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
