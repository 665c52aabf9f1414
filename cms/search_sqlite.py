"""SQLite's part of `cms.search`: every search term also matches as a prefix ("Asylrecht" finds
"Asylrechts"), as FTS5 has no German stemmer. Imports SQLite's full-text models, so only
`cms.search` imports it, and only on SQLite."""

from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchQueryCompiler
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
