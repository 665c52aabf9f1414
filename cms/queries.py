"""Queries of rows by key, compiled once: what an API list reads for the items of one window.

In the profile of a list of 50 partner profiles, building and compiling the query of their rows
(fifteen fields, topics, consented contacts and seats as nested rows) took 3 of the request's
6 ms of CPU, running it and reading its rows 0.7 ms. The query is the same for every window
but for the keys, so it is compiled once and run with each window's keys as one parameter.

What a compiled query may hold besides the keys: the hidden sections of the visibility layer
and today's date (current seats). So it is compiled again when the content version, the hidden
sections or the day change. The sections are named apart from the content version, which
changes with them, because they are the part of the SQL a wrong reuse would make unsafe. A
query that reads the clock more finely than by the day must not be prepared.
"""

import json
from collections.abc import Callable, Iterable

from django.db import connections
from django.db.models import BooleanField, F, Func, QuerySet
from django.utils import timezone

from cms.cache import content_version
from cms.visibility import hidden_sections


class _Keys:
    """Stands for the keys in a prepared query's parameters until it runs."""

    def __repr__(self):
        return "KEYS"


KEYS = _Keys()


def keys_parameter(keys, vendor):
    """The keys as the one parameter `KeyAmong` compares with on this database."""
    return list(keys) if vendor == "postgresql" else json.dumps(list(keys))


class KeyAmong(Func):
    """`pk` among the keys, as one parameter however many keys (a list of placeholders has a
    limit): `pk = ANY(%s)` on PostgreSQL, the elements of a JSON array on SQLite.

    `KeyAmong(KEYS)` leaves the keys to `PreparedRows`; given a function, the keys are read
    when the query is compiled, so a list that never runs its query (a page of kept search
    results) never reads them.
    """

    output_field = BooleanField()

    def __init__(self, keys):
        super().__init__(F("pk"))
        self.keys = keys

    def as_sql(self, compiler, connection, **extra_context):
        key, params = compiler.compile(self.source_expressions[0])
        keys = self.keys() if callable(self.keys) else self.keys
        if keys is not KEYS:
            keys = keys_parameter(keys, connection.vendor)
        if connection.vendor == "postgresql":
            return f"{key} = ANY(%s)", (*params, keys)
        return f"{key} IN (SELECT value FROM json_each(%s))", (*params, keys)


class PreparedRows:
    """`rows(keys)`: the `values()` rows of `build(KeyAmong(KEYS))`, in the order of the keys.

    `build` returns a `values()` queryset filtered by the condition it is given; `key` names
    the column that holds each row's key. Rows come as the queryset's own iteration gives
    them, through the fields' converters.
    """

    def __init__(self, build: Callable[[KeyAmong], QuerySet], key: str = "id"):
        self.build = build
        self.key = key
        self._compiled = (None, None)

    def _compile(self):
        moment = (content_version(), tuple(hidden_sections()), timezone.localdate())
        kept_for, compiled = self._compiled
        if kept_for != moment:
            queryset = self.build(KeyAmong(KEYS)).order_by()
            query = queryset.query
            compiler = query.get_compiler(queryset.db)
            sql, params = compiler.as_sql()
            names = [*query.extra_select, *query.values_select, *query.annotation_select]
            compiled = (queryset.db, compiler, sql, params, names)
            self._compiled = (moment, compiled)
        return compiled

    def __call__(self, keys: Iterable) -> list[dict]:
        keys = list(keys)
        if not keys:
            return []
        db, compiler, sql, params, names = self._compile()
        connection = connections[db]
        value = keys_parameter(keys, connection.vendor)
        with connection.cursor() as cursor:
            cursor.execute(sql, [value if param is KEYS else param for param in params])
            fetched = cursor.fetchall()
        by_key = {}
        for values in compiler.results_iter(results=[fetched]):
            row = dict(zip(names, values, strict=True))
            by_key[row[self.key]] = row
        return [by_key[key] for key in keys if key in by_key]
