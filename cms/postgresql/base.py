"""Django's PostgreSQL backend with a deadline on every answer of the server.

A server that stops answering without closing its connections (a frozen process, a paused VM, a
network path that swallows packets) escapes PostgreSQL's own timeouts: `statement_timeout` is
enforced by the server itself, and TCP keepalives and `tcp_user_timeout` are acknowledged by the
kernel of a host whose database is frozen. A worker waiting for such a server hangs until
gunicorn kills it, and every request queued behind it with it. So each round trip (query, commit,
health check) waits at most `ANSWER_TIMEOUT` seconds, the statement timeout plus a grace second:
a live server has answered by then, if only to say that it cancelled the statement. Then the
connection is closed and the request fails with an OperationalError (the site answers 503).
"""

import psycopg
from django.core.exceptions import ImproperlyConfigured
from django.db.backends.postgresql import base
from django.db.utils import OperationalError

try:
    # psycopg raises it when `wait(timeout=...)` runs out; it has no public name.
    WaitTimeout = psycopg.errors._WaitTimeout
except AttributeError as error:  # pragma: no cover - only after a psycopg upgrade
    raise ImproperlyConfigured(
        "psycopg no longer has errors._WaitTimeout; cms/postgresql/base.py needs updating."
    ) from error

SILENT = "the database server did not answer within {:g} s; the connection was closed"


class ServerSilent(psycopg.OperationalError):
    """The server accepted a request and has not answered it in time."""


class GuardedConnection(psycopg.Connection):
    """psycopg's connection whose waits for the server end after `answer_timeout` seconds."""

    answer_timeout: float | None = None
    went_silent = False

    def wait(self, gen, interval=0.1, timeout=None):
        limit = timeout if timeout is not None else self.answer_timeout
        try:
            return super().wait(gen, interval=interval, timeout=limit)
        except WaitTimeout:
            if timeout is not None:
                raise  # psycopg's own bounded waits (cancelling) handle their timeouts
            # The protocol is out of step now; nothing more can be sent on this connection.
            self.went_silent = True
            self.close()
            raise ServerSilent(SILENT.format(limit)) from None


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        answer_timeout = self.settings_dict.get("ANSWER_TIMEOUT")
        if answer_timeout:
            # Connected by psycopg itself (Django gives no say over the class); the subclass only
            # overrides a method, so the switch is safe.
            connection.__class__ = GuardedConnection
            connection.answer_timeout = float(answer_timeout)
        return connection

    def is_usable(self):
        """The health check before a request's first query: a quick `SELECT 1`.

        It gets the connect timeout, not the statement deadline: a server that cannot answer
        `SELECT 1` in the time it may take to accept a connection is not there.
        """
        connection = self.connection
        if isinstance(connection, GuardedConnection):
            connection.answer_timeout, before = (
                self.health_check_timeout(),
                connection.answer_timeout,
            )
            try:
                return super().is_usable()
            finally:
                connection.answer_timeout = before
        return super().is_usable()

    def health_check_timeout(self):
        connect_timeout = self.settings_dict["OPTIONS"].get("connect_timeout")
        return float(connect_timeout or self.settings_dict["ANSWER_TIMEOUT"])

    def close_if_health_check_failed(self):
        """Fail the request at once when the server went silent during the health check.

        Django would connect again, and a silent server keeps a new connection waiting for the
        whole connect timeout too; the visitor is better served by the 503 now.
        """
        connection = self.connection
        silent_before = getattr(connection, "went_silent", False)
        super().close_if_health_check_failed()
        if not silent_before and getattr(connection, "went_silent", False):
            raise OperationalError(SILENT.format(self.health_check_timeout()))
