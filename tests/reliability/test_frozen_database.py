"""A database server that stops answering without closing its connections (a frozen process, a
paused VM) costs a quick 503, never a worker hanging until gunicorn's timeout.

To a client such a server looks like a socket that accepts and then stays silent. The tests build
exactly that on loopback: a listener that never answers, and a relay in front of the test run's
PostgreSQL that can freeze, holding every connection open while passing nothing on. The statement
timeout is proven against the real server with pg_sleep. `make cluster` (bench/cluster.py) does
the same with SIGSTOP on a PostgreSQL of its own behind two app servers and nginx.
"""

import json
import os
import select
import socket
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection as default_connection
from django.db.utils import ConnectionHandler, OperationalError

from bench.pgcluster import free_port
from bench.run import ROOT, gunicorn
from cms.middleware import RETRY_AFTER_SECONDS, database_unavailable, is_connection_failure
from cms.settings.environment import database_from_url
from cms.views import server_error

CONNECT_TIMEOUT = 2  # psycopg's shortest
STATEMENT_TIMEOUT = 1
ANSWER_TIMEOUT = STATEMENT_TIMEOUT + 1


@pytest.fixture
def short_timeouts(monkeypatch):
    monkeypatch.setenv("DATABASE_CONNECT_TIMEOUT", str(CONNECT_TIMEOUT))
    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT", str(STATEMENT_TIMEOUT))


def connect_to(url):
    """A Django connection of its own, configured as the settings would."""
    connection = ConnectionHandler({"default": database_from_url(url, Path("."))})["default"]
    connection.inc_thread_sharing()  # `timed` waits for it in a thread of its own
    return connection


def timed(action, limit=15):
    """(seconds, the OperationalError raised or None); fails if `action` is still waiting after
    `limit` seconds, as it would without the bounds under test."""
    outcome = {}

    def run():
        try:
            action()
        except OperationalError as error:
            outcome["error"] = error

    began = time.monotonic()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(limit)
    assert not thread.is_alive(), f"still waiting for the database after {limit} s"
    return time.monotonic() - began, outcome.get("error")


def select_one(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()


class SilentServer:
    """Accepts connections and never sends a byte, like a frozen postmaster."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.held = []
        self.thread = threading.Thread(target=self.hold, daemon=True)
        self.thread.start()

    def hold(self):
        while True:
            try:
                self.held.append(self.listener.accept()[0])
            except OSError:
                return

    def close(self):
        self.listener.close()
        for sock in self.held:
            sock.close()


class FreezableRelay:
    """Passes bytes between clients and the real server until frozen; frozen, it accepts new
    connections, keeps the old ones open and passes nothing on (as SIGSTOP would)."""

    def __init__(self, host, port):
        self.upstream = (host, int(port))
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.frozen = threading.Event()
        self.closed = threading.Event()
        self.sockets = [self.listener]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while not self.closed.is_set():
            try:
                client = self.listener.accept()[0]
            except OSError:
                return
            self.sockets.append(client)
            if self.frozen.is_set():
                continue  # held open, never connected through
            server = socket.create_connection(self.upstream)
            self.sockets.append(server)
            threading.Thread(target=self.pump, args=(client, server), daemon=True).start()

    def pump(self, client, server):
        peers = {client: server, server: client}
        while not self.closed.is_set():
            if self.frozen.is_set():
                time.sleep(0.05)
                continue
            readable, _, _ = select.select(list(peers), [], [], 0.05)
            for sock in readable:
                try:
                    data = sock.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    for each in peers:
                        each.close()
                    return
                peers[sock].sendall(data)

    def close(self):
        self.closed.set()
        for sock in self.sockets:
            sock.close()


def test_connecting_to_a_server_that_never_answers_gives_up_within_the_connect_timeout(
    short_timeouts, rf, django_db_blocker
):
    # Not the test database: a connection of its own, which pytest-django would refuse.
    with closing(SilentServer()) as server, django_db_blocker.unblock():
        probe = connect_to(f"postgres://postgres@127.0.0.1:{server.port}/site")
        seconds, error = timed(probe.ensure_connection)
        assert error is not None and is_connection_failure(error), error
        assert CONNECT_TIMEOUT - 0.5 <= seconds < CONNECT_TIMEOUT + 2, seconds
        # The next request does not wait the connect timeout again right away.
        seconds, error = timed(probe.ensure_connection)
        assert error is not None and "did not answer" in str(error)
        assert seconds < 0.5, seconds
    assert is_connection_failure(error)


requires_postgres = pytest.mark.skipif(
    default_connection.vendor != "postgresql", reason="the test run's database is not PostgreSQL"
)


@contextmanager
def relay_to_test_database():
    settings = default_connection.settings_dict
    relay = FreezableRelay(settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432)
    user = quote(settings["USER"] or "")
    password = f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    try:
        yield relay, f"postgres://{user}{password}@127.0.0.1:{relay.port}/{settings['NAME']}"
    finally:
        relay.frozen.clear()
        relay.close()


@requires_postgres
@pytest.mark.django_db
def test_statement_timeout_and_a_server_that_stops_answering_mid_session(short_timeouts):
    with relay_to_test_database() as (relay, url):
        probe = connect_to(url)
        try:
            assert select_one(probe) == (1,)

            # A live server cancels a statement that runs too long, and stays usable.
            def sleep():
                with probe.cursor() as cursor:
                    cursor.execute("SELECT pg_sleep(5)")

            seconds, error = timed(sleep)
            assert error is not None and "statement timeout" in str(error), error
            assert is_connection_failure(error), "too slow to answer is a 503, not a 500"
            assert STATEMENT_TIMEOUT - 0.1 <= seconds < STATEMENT_TIMEOUT + 1.5, seconds
            assert select_one(probe) == (1,)

            # Frozen while connected: the answer never comes, the client gives up.
            relay.frozen.set()
            seconds, error = timed(lambda: select_one(probe))
            assert error is not None and "did not answer" in str(error), error
            assert ANSWER_TIMEOUT - 0.1 <= seconds < ANSWER_TIMEOUT + 1.5, seconds
            assert probe.connection.closed, "a connection out of step is never used again"
            # Right after that, a new connection is not even tried.
            probe.close()
            seconds, error = timed(probe.ensure_connection)
            assert error is not None and seconds < 0.5, (error, seconds)
        finally:
            probe.close()


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    began = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            answer = error.code, error.headers, error.read()
    return (time.monotonic() - began, *answer)


@requires_postgres
@pytest.mark.slow
@pytest.mark.django_db
def test_gunicorn_answers_503_quickly_while_the_database_is_frozen(short_timeouts, tmp_path):
    with relay_to_test_database() as (relay, url):
        env = {
            **os.environ,
            # Production settings without the TLS redirect, as the benchmark uses them.
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": url,
            "MEDIA_ROOT": str(tmp_path / "media"),
            "BENCH_STATIC_ROOT": str(tmp_path / "static"),
        }
        for name in ("DATABASE_CONN_MAX_AGE", "REDIS_URL"):
            env.pop(name, None)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with gunicorn(env, port, tmp_path / "gunicorn.log"):
            # Every worker holds a connection to the database when it freezes.
            with ThreadPoolExecutor(4) as pool:
                warm = list(pool.map(lambda _: fetch(base + "/api/v3/news/")[1], range(8)))
            assert warm == [200] * 8
            relay.frozen.set()
            paths = ["/", "/api/v3/news/"] * 3
            fresh = {"Cache-Control": "no-cache"}  # not the copy cached a moment ago
            with ThreadPoolExecutor(len(paths)) as pool:
                answers = list(pool.map(lambda path: (path, *fetch(base + path, fresh)), paths))
            relay.frozen.clear()

            # Even queued behind each other on two workers, nobody waits for gunicorn's 30 s.
            slowest = max(seconds for _path, seconds, *_rest in answers)
            assert slowest < CONNECT_TIMEOUT + ANSWER_TIMEOUT + 3, answers
            for path, _seconds, status, headers, body in answers:
                assert status == 503, (path, status, body[:300])
                assert headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
                assert "nicht erreichbar" in body.decode()
                expected = "application/problem+json" if path.startswith("/api/") else "text/html"
                assert headers["Content-Type"].startswith(expected), (path, headers)

            # Thawed, the site serves again by itself.
            deadline = time.monotonic() + 15
            while fetch(base + "/api/v3/news/")[1] != 200:
                assert time.monotonic() < deadline, "still failing after the thaw"
                time.sleep(0.3)


LOST = OperationalError("the database server did not answer within 6 s; the connection was closed")


@pytest.fixture
def no_connection_cleanup(monkeypatch):
    """The 503 also drops broken connections; here there are none, and the test database's
    connection stays as it is (the gunicorn test above proves the recovery)."""
    monkeypatch.setattr("cms.middleware.connections", ConnectionHandler({}))
    monkeypatch.setattr("cms.middleware.close_old_connections", lambda: None)


@pytest.mark.parametrize("path", ["/", "/gremien/beirat/"])
def test_visitors_get_a_german_page_with_retry_after(rf, path, no_connection_cleanup):
    response = database_unavailable(rf.get(path), LOST)
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert '<html lang="de">' in page and "Vorübergehend nicht erreichbar" in page
    assert "Bitte in wenigen Sekunden erneut versuchen" in page


@pytest.mark.parametrize("path", ["/api/v3/news/", "/oparl/v1/system", "/feeds/sitzungen.ics"])
def test_consumers_get_a_problem_with_retry_after(rf, path, no_connection_cleanup):
    response = database_unavailable(rf.get(path), LOST)
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/problem+json")
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    problem = json.loads(response.content)
    assert problem["status"] == 503
    assert problem["title"] == "Vorübergehend nicht erreichbar"
    assert "nicht erreichbar" in problem["detail"]


def test_a_database_lost_inside_a_middleware_gets_the_same_503(rf, no_connection_cleanup):
    """Middleware failures never reach DatabaseUnavailableMiddleware; Django's 500 handler
    (cms.views.server_error) runs inside the exception's handling and recognises it too."""
    try:
        raise OperationalError("connection timeout expired")
    except OperationalError:
        response = server_error(rf.get("/api/v3/news/"))
    assert response.status_code == 503 and response["Retry-After"]
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(rf.get("/api/v3/news/")).status_code == 500
