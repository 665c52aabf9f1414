"""Wagtail's database search backend, finding German word forms on every database.

PostgreSQL stems with the "german" text search configuration (SEARCH_CONFIG in the settings).
SQLite's FTS5 has no German stemmer, so there every search term also matches as a prefix:
"Asylrecht" finds "Asylrechts", "Bündnis" finds "Bündnisse".
"""

from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import And, Or, PlainText


class PrefixSearchQueryCompiler(SQLiteSearchQueryCompiler):
    # The compiler makes the last term of a plain query a prefix; split into one query per
    # term, every term is the last one.
    LAST_TERM_IS_PREFIX = True

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            terms = query.query_string.split()
            if len(terms) > 1:
                combine = And if query.operator.upper() == "AND" else Or
                query = combine([PlainText(term) for term in terms])
        return super().build_search_query_content(query, config=config)


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up in a backend module)
    backend = database_backend(params)
    if isinstance(backend, SQLiteSearchBackend):
        backend.query_compiler_class = PrefixSearchQueryCompiler
    return backend
