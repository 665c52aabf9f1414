"""The demo tree, built once per test process and copied back into the database per test.

Loading the demo takes seconds; copying its rows back takes milliseconds. The copy is the whole
database state (every table but Django's migration record), so a demo test starts from exactly
the tree `load_demo()` built, whatever the previous test left behind (a flushed database after a
live-server test included). The restore runs inside the test's transaction and is rolled back
with it, so tests without the demo keep seeing an empty site.
"""

import os
import sqlite3

from django.db import DEFAULT_DB_ALIAS, connection, models, transaction
from django.db.backends.signals import connection_created

SKIPPED_TABLES = {"django_migrations", "sqlite_sequence"}


def take_snapshot(build):
    """Run `build()` on the current database, keep the resulting rows, leave the database as it was.

    Returns the snapshot and what `build()` returned.
    """
    snapshot = SqliteSnapshot() if connection.vendor == "sqlite" else PostgresSnapshot()
    return snapshot, snapshot.take(build)


def restore_snapshot(snapshot):
    """Replace every row in the database with the snapshot's (inside the caller's transaction)."""
    from django.contrib.contenttypes.models import ContentType

    with transaction.atomic():
        snapshot.restore()
    # The content types' ids are the snapshot's now, not necessarily those the cache holds.
    ContentType.objects.clear_cache()


class SqliteSnapshot:
    """Rows kept in an attached in-memory database of the same connection.

    SQLite converts values on their way through Python (Django registers converters for dates and
    booleans), so rows are copied by SQL only. An attached database shares the connection's
    transaction, so the demo is committed briefly and the previous state put back afterwards.

    Some tests end with a new connection to the shared in-memory test database (live-server
    tests do), and attachments belong to a connection. So the snapshot is a named in-memory
    database that a connection of its own keeps alive, attached again to every new connection.
    """

    def take(self, build):
        assert not connection.in_atomic_block, "the demo snapshot must be taken outside a test"
        self.uri = f"file:demo_snapshot_{os.getpid()}?mode=memory&cache=shared"
        self.keeper = sqlite3.connect(self.uri, uri=True)
        connection_created.connect(self.attach, weak=False)
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("ATTACH DATABASE ':memory:' AS demo_before")
            self.attach(connection=connection)
            self.tables = self.table_columns(cursor)
            self.copy(cursor, "main", "demo_before", create=True)
            with transaction.atomic():
                built = build()
            self.copy(cursor, "main", "demo_snapshot", create=True)
            with transaction.atomic():
                self.copy(cursor, "demo_before", "main")
            cursor.execute("DETACH DATABASE demo_before")
        return built

    def attach(self, sender=None, connection=connection, **kwargs):
        if connection.alias == DEFAULT_DB_ALIAS:
            with connection.cursor() as cursor:
                cursor.execute(f"ATTACH DATABASE '{self.uri}' AS demo_snapshot")

    def restore(self):
        with connection.cursor() as cursor:
            self.copy(cursor, "demo_snapshot", "main")

    @staticmethod
    def table_columns(cursor):
        """Tables with the columns to copy; a full-text table by its own columns and rowid."""
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        tables = dict(cursor.fetchall())
        virtual = [name for name, sql in tables.items() if sql.startswith("CREATE VIRTUAL")]
        columns = {}
        for name in tables:
            shadow = any(name.startswith(f"{v}_") for v in virtual)
            if name in SKIPPED_TABLES or shadow:
                continue
            cursor.execute(f'SELECT name FROM pragma_table_info("{name}")')
            names = [f'"{row[0]}"' for row in cursor.fetchall()]
            columns[name] = ", ".join(["rowid", *names] if name in virtual else names)
        return columns

    def copy(self, cursor, source, target, *, create=False):
        for table, columns in self.tables.items():
            select = f'SELECT {columns} FROM {source}."{table}"'
            if create:
                cursor.execute(f'CREATE TABLE {target}."{table}" AS {select}')
            else:
                cursor.execute(f'DELETE FROM {target}."{table}"')
                cursor.execute(f'INSERT INTO {target}."{table}" ({columns}) {select}')


class PostgresSnapshot:
    """Rows kept in memory in PostgreSQL's COPY format, which round-trips every column type."""

    def take(self, build):
        with transaction.atomic():
            built = build()
            with connection.cursor() as cursor:
                tables = connection.introspection.table_names(cursor)
                self.tables = [t for t in tables if t not in SKIPPED_TABLES]
                self.rows = {table: self.copy_out(cursor, table) for table in self.tables}
                self.advance_sequences = "".join(
                    self.advance_sql(sequence)
                    for table in self.tables
                    for sequence in connection.introspection.get_sequences(cursor, table)
                )
            transaction.set_rollback(True)
        return built

    def restore(self):
        with connection.cursor() as cursor:
            cursor.execute("".join(f'DELETE FROM "{table}";' for table in self.tables))
            for table, rows in self.rows.items():
                if rows:
                    with cursor.cursor.copy(f'COPY "{table}" FROM STDIN') as copy:
                        copy.write(rows)
            cursor.execute(self.advance_sequences)

    @staticmethod
    def copy_out(cursor, table):
        with cursor.cursor.copy(f'COPY "{table}" TO STDOUT') as copy:
            return b"".join(bytes(block) for block in copy)

    @staticmethod
    def advance_sql(sequence):
        """Number new rows after the restored ones; never move a sequence back.

        Sequences are not rolled back with the test, and rows committed by earlier transactional
        tests may hold higher numbers than the snapshot's.
        """
        name, table, column = sequence["name"], sequence["table"], sequence["column"]
        return (
            f"SELECT setval('\"{name}\"', GREATEST(nextval('\"{name}\"'),"
            f' (SELECT COALESCE(MAX("{column}"), 0) + 1 FROM "{table}")), false);'
        )


def identify(value):
    """What `build()` returned, with every model instance replaced by (model, pk)."""
    if isinstance(value, models.Model):
        return ("instance", type(value), value.pk)
    if isinstance(value, dict):
        return ("dict", {key: identify(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return ("list", type(value), [identify(item) for item in value])
    return ("value", value)


def refetch(recipe):
    """Fresh instances from the database for what `identify()` recorded, one query per model."""
    wanted = {}
    collect(recipe, wanted)
    fetched = {model: model._default_manager.in_bulk(pks) for model, pks in wanted.items()}
    return rebuild(recipe, fetched)


def collect(recipe, wanted):
    kind, *rest = recipe
    if kind == "instance":
        model, pk = rest
        wanted.setdefault(model, set()).add(pk)
    elif kind == "dict":
        for item in rest[0].values():
            collect(item, wanted)
    elif kind == "list":
        for item in rest[1]:
            collect(item, wanted)


def rebuild(recipe, fetched):
    kind, *rest = recipe
    if kind == "instance":
        model, pk = rest
        return fetched[model][pk]
    if kind == "dict":
        return {key: rebuild(item, fetched) for key, item in rest[0].items()}
    if kind == "list":
        container, items = rest
        return container(rebuild(item, fetched) for item in items)
    return rest[0]
