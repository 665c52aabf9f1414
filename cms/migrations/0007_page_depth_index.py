"""An index on Wagtail's page depth.

Every admin page asks for the tree's root (`WHERE depth = 1 ORDER BY path`), and no index
serves that: PostgreSQL read all pages each time (183,000 at 100,000 members: 23 ms per admin
request, docs/benchmarks.md). Led by the depth, the index also serves a level's pages in tree
order (menus). Plain SQL that SQLite and PostgreSQL both accept: the table is Wagtail's.
"""

from django.db import migrations

INDEX = "wagtailcore_page_depth_path"


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0006_page_type_title_index"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (depth, path)",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
