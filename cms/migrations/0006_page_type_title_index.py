"""An index that serves "the pages of one type, by title" across joins.

Partner lists order by title (then id) and filter through the member's topics; with no index
in that order PostgreSQL sorted every profile of a topic to return 50 (about 1,400 rows at
10,000 members, 14,000 at 100,000). Led by the content type, the index yields one page type's
pages already in order, and the list stops after its window (docs/benchmarks.md, "How cost
grows"). Plain SQL that SQLite and PostgreSQL both accept: the table is Wagtail's.
"""

from django.db import migrations

INDEX = "wagtailcore_page_type_title_id"


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_search_vector_index"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (content_type_id, title, id)",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
