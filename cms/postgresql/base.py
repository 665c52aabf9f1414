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

import time

import psycopg
from django.core.exceptions import ImproperlyConfigured
from django.db.backends.postgresql import base

try:
    # psycopg raises it when `wait(timeout=...)` runs out; it has no public name.
    WaitTimeout = psycopg.errors._WaitTimeout
except AttributeError as error:  # pragma: no cover - only after a psycopg upgrade
    raise ImproperlyConfigured(
        "psycopg no longer has errors._WaitTimeout; cms/postgresql/base.py needs updating."
    ) from error

SILENT = "the database server did not answer within {:g} s; the connection was closed"
PAUSED = "the database server did not answer {:.1f} s ago; not connecting again yet"


class ServerSilent(psycopg.OperationalError):
    """The server accepted a request and has not answered it in time."""


class GuardedConnection(psycopg.Connection):
    """psycopg's connection whose waits for the server end after `answer_timeout` seconds."""

    answer_timeout: float | None = None
    server: tuple | None = None

    def wait(self, gen, interval=0.1, timeout=None):
        limit = timeout if timeout is not None else self.answer_timeout
        try:
            return super().wait(gen, interval=interval, timeout=limit)
        except WaitTimeout:
            if timeout is not None:
                raise  # psycopg's own bounded waits (cancelling) handle their timeouts
            # The protocol is out of step now; nothing more can be sent on this connection.
            remember_silence(self.server)
            self.close()
            raise ServerSilent(SILENT.format(limit)) from None


# Per process: when each server last kept us waiting in vain (a connect timeout, no answer).
_silent_since = {}


def remember_silence(server):
    _silent_since[server] = time.monotonic()


class DatabaseWrapper(base.DatabaseWrapper):
    """Also skips connecting for a moment after a server kept this process waiting in vain.

    One request may touch the database several times (the content version, then the view), and
    each attempt on a frozen server would wait out the connect timeout again, while the requests
    queued behind it grow older. For as long as one connect attempt may take, the next ones
    fail at once; then one request tries again. A refused connection fails fast by itself and
    opens no such pause.
    """

    def server(self):
        return (self.settings_dict["HOST"], self.settings_dict["PORT"])

    def pause_seconds(self):
        return float(self.settings_dict["OPTIONS"].get("connect_timeout") or 0)

    def get_new_connection(self, conn_params):
        since = _silent_since.get(self.server())
        if since is not None and time.monotonic() - since < self.pause_seconds():
            raise ServerSilent(PAUSED.format(time.monotonic() - since))
        try:
            connection = super().get_new_connection(conn_params)
        except psycopg.errors.ConnectionTimeout:
            remember_silence(self.server())
            raise
        _silent_since.pop(self.server(), None)
        answer_timeout = self.settings_dict.get("ANSWER_TIMEOUT")
        if answer_timeout:
            # Connected by psycopg itself (Django gives no say over the class); the subclass only
            # overrides a method, so the switch is safe.
            connection.__class__ = GuardedConnection
            connection.answer_timeout = float(answer_timeout)
            connection.server = self.server()
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
