"""Wagtail's database search backend: German word forms found, visitor input kept out of syntax.

- German word forms: PostgreSQL stems with the "german" text search configuration
  (SEARCH_CONFIG in the settings). SQLite's FTS5 has no German stemmer, so there every search
  term also matches as a prefix: "Asylrecht" finds "Asylrechts", "Bündnis" finds "Bündnisse".
- SQLite's FTS5 backend quotes each word without escaping `"` inside it, and PostgreSQL refuses
  NUL in any string: a search for either was a server error on the site search and in the API.
  Neither can be part of a word anybody searches for, so they separate words like a space.
- Searches that are not ranked (the API's) match in the index alone on PostgreSQL
  (`cms.search_postgres`).
"""

import functools

from django.db import connection
from django.db.models import Q
from modelsearch.backends.database import SearchBackend as database_backend

NOT_A_WORD = str.maketrans({'"': " ", "\x00": " "})


def plain_words(query):
    """The query string without characters the engines read as syntax; query objects pass."""
    return query.translate(NOT_A_WORD).strip() if isinstance(query, str) else query


class PlainWords:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        return super()._search(
            query_compiler_class, plain_words(query), model_or_queryset, **kwargs
        )


def among_matches(results):
    """A condition for another queryset of the searched model: its rows among the matches.

    Where the compiler can answer from the index entries alone (PostgreSQL, unranked), it
    gives the condition (`cms.search_postgres`); otherwise the matches are a subquery.
    """
    compiler = results.query_compiler
    direct = getattr(compiler, "among_matches", None)
    condition = direct(compiler.get_config(results.backend)) if direct else None
    return Q(pk__in=results.get_queryset().values("pk")) if condition is None else condition


@functools.cache
def _with_plain_words(backend_class):
    return type(backend_class.__name__, (PlainWords, backend_class), {})


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up in a backend module)
    backend = _with_plain_words(type(database_backend(params)))(params)
    # Each compiler module is only importable where its database's search models exist.
    if connection.vendor == "sqlite":
        from cms.search_sqlite import PrefixSearchQueryCompiler

        backend.query_compiler_class = PrefixSearchQueryCompiler
    elif connection.vendor == "postgresql":
        from cms.search_postgres import IndexMatchQueryCompiler

        backend.query_compiler_class = IndexMatchQueryCompiler
    return backend
