"""PostgreSQL restarts under load: meanwhile every request gets a quick 503, afterwards the site
serves again by itself, without anyone restarting gunicorn. A quick restart between requests
costs no visitor an error at all: dead idle connections are noticed by the health check.

The site runs as in production (gunicorn with 2 sync workers, production settings via
bench.settings, persistent health-checked connections) against a throwaway PostgreSQL cluster
of its own in a temporary directory on a free port, so stopping that cluster never touches a
database anyone else uses.
"""

import itertools
import os
import subprocess
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from bench.pgcluster import Cluster, free_port, owned_tempdir, postgres_bin_dir
from bench.run import ROOT, gunicorn, manage, python
from cms.middleware import RETRY_AFTER_SECONDS

pytestmark = pytest.mark.slow

# Generous: what matters is that nobody waits for gunicorn's 30 s worker timeout or forever.
CLIENT_TIMEOUT_SECONDS = 5
RECOVERY_SECONDS = 20
# A page, a page rendered from the site frame, and the API: all read the database per request.
PATHS = ("/", "/praeambel/", "/api/v3/news/")
LOAD_CLIENTS = 3

SITE_FRAME = "from home.demo import load_site_frame; load_site_frame()"


@pytest.fixture
def cluster():
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    cluster = Cluster(bin_dir, owned_tempdir("pg-restart-"), free_port())
    try:
        cluster.init()
        yield cluster
    finally:
        cluster.remove()


@dataclass
class Site:
    base: str
    server: subprocess.Popen

    def worker_pids(self):
        children = Path(f"/proc/{self.server.pid}/task/{self.server.pid}/children")
        return set(children.read_text().split())


@contextmanager
def running(env, *args):
    """A manage.py command in the background of the block; it must have succeeded by its end."""
    process = subprocess.Popen([python(), "manage.py", *args], cwd=ROOT, env=env)
    try:
        yield
    except BaseException:
        process.kill()
        raise
    finally:
        returncode = process.wait(timeout=120)
    assert returncode == 0, f"manage.py {' '.join(args)} failed"


@pytest.fixture
def site(cluster, tmp_path):
    """gunicorn serving the site frame (home, text pages, news index) from the cluster."""
    env = {
        **os.environ,
        # Production settings without the TLS redirect, as the benchmark and load test use them.
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": cluster.url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "BENCH_STATIC_ROOT": str(tmp_path / "static"),
    }
    # The production defaults for connections are what is under test, and each gunicorn worker
    # keeps its own local cache apart from any Redis the test workers share.
    for name in ("DATABASE_CONN_MAX_AGE", "REDIS_URL"):
        env.pop(name, None)
    # Two pairs that need nothing from each other run side by side: static files need no
    # database, and gunicorn's readiness check needs only the schema, not the content.
    with running(env, "collectstatic", "--no-input", "-v", "0"):
        manage(env, "migrate", "--no-input", "--skip-checks", "-v", "0")
    port = free_port()
    with ExitStack() as stack:
        with running(env, "shell", "-v", "0", "-c", SITE_FRAME):
            server = stack.enter_context(gunicorn(env, port, tmp_path / "gunicorn.log"))
        yield Site(f"http://127.0.0.1:{port}", server)


@dataclass(frozen=True)
class Answer:
    phase: str
    path: str
    status: int | str
    seconds: float
    retry_after: str | None


def fetch(base, path, phase=""):
    """One GET; a refused, reset or unanswered request shows as the exception's name.

    `no-cache` (a hard reload) so the site answers from the database, not from a cached copy.
    """
    request = urllib.request.Request(base + path, headers={"Cache-Control": "no-cache"})
    began = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=CLIENT_TIMEOUT_SECONDS) as response:
            response.read()
            status, headers = response.status, response.headers
    except urllib.error.HTTPError as error:
        with error:
            error.read()
            status, headers = error.code, error.headers
    except OSError as error:
        status, headers = type(error).__name__, {}
    return Answer(
        phase, path, status, round(time.monotonic() - began, 2), headers.get("Retry-After")
    )


class Load:
    """Clients requesting PATHS in turn without pause; each answer is noted with the phase of
    the outage it was sent in."""

    def __init__(self, base):
        self.base = base
        self.phase = "up"
        self.answers = []
        self.stopped = threading.Event()
        self.threads = [
            threading.Thread(target=self.client, args=(n,), daemon=True)
            for n in range(LOAD_CLIENTS)
        ]

    def client(self, offset):
        for n in itertools.count(offset):
            if self.stopped.is_set():
                return
            phase = self.phase
            answer = fetch(self.base, PATHS[n % len(PATHS)], phase)
            # Sent before and answered after a step: it belongs to neither phase.
            self.answers.append(answer if self.phase == phase else replace(answer, phase="between"))

    def in_phase(self, phase):
        return [answer for answer in self.answers if answer.phase == phase]

    def wait_for(self, phase, count):
        deadline = time.monotonic() + 30
        while len(self.in_phase(phase)) < count and time.monotonic() < deadline:
            time.sleep(0.05)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        for thread in self.threads:
            thread.join(timeout=2 * CLIENT_TIMEOUT_SECONDS)


def test_postgres_restart_answers_503_quickly_then_recovers_without_restarting_gunicorn(
    cluster, site
):
    for path in (*PATHS, "/healthz"):
        assert fetch(site.base, path).status == 200, path
    workers = site.worker_pids()

    with Load(site.base) as load:
        load.wait_for("up", 2 * len(PATHS))
        load.phase = "stopping"
        cluster.stop()
        load.phase = "down"
        down = [fetch(site.base, path) for path in (*PATHS, "/healthz")]
        load.wait_for("down", 2 * len(PATHS))

        load.phase = "starting"
        cluster.start()
        load.phase = "recovering"
        started = time.monotonic()
        recovered_after = None
        while time.monotonic() - started < RECOVERY_SECONDS:
            if all(fetch(site.base, path).status == 200 for path in PATHS):
                recovered_after = round(time.monotonic() - started, 2)
                break
            time.sleep(0.2)
        load.phase = "recovered"
        load.wait_for("recovered", 4 * len(PATHS))
    after = [fetch(site.base, path) for path in (*PATHS, "/healthz")]

    # A quick restart nobody requested anything during: each worker's idle connection is dead
    # without its knowing. The health check notices before the request uses it, so no visitor
    # pays for it with an error.
    cluster.stop()
    cluster.start()
    with ThreadPoolExecutor(LOAD_CLIENTS) as pool:
        quick = list(pool.map(lambda path: fetch(site.base, path), 4 * PATHS))

    answers = load.answers + down + after + quick
    statuses = {
        phase: sorted({answer.status for answer in load.in_phase(phase)}, key=str)
        for phase in ("up", "stopping", "down", "starting", "recovering", "recovered", "between")
    }
    print(
        f"{len(load.answers)} requests under load; statuses by phase {statuses}; "
        f"slowest {max(answer.seconds for answer in answers)} s; "
        f"recovered {recovered_after} s after PostgreSQL was back"
    )
    # Fail fast: every request got an HTTP answer, none waited for a timeout.
    stuck = [
        a for a in answers if not isinstance(a.status, int) or a.seconds >= CLIENT_TIMEOUT_SECONDS
    ]
    assert stuck == [], stuck
    # While the database is away the site says so (503 with Retry-After), never 500 or a hang.
    assert [(a.path, a.status) for a in down] == [(path, 503) for path in (*PATHS, "/healthz")]
    assert all(a.retry_after == str(RETRY_AFTER_SECONDS) for a in down if a.path in PATHS)
    assert statuses["down"] == [503], statuses
    assert {a.status for a in answers} <= {200, 503}, statuses
    assert all(a.retry_after for a in answers if a.status == 503 and a.path != "/healthz")
    # Back by itself: soon after PostgreSQL returns, and then for every request on every worker.
    assert recovered_after is not None, (
        f"still failing {RECOVERY_SECONDS} s after PostgreSQL was back"
    )
    assert statuses["up"] == [200] and statuses["recovered"] == [200], statuses
    assert [(a.path, a.status) for a in after] == [(path, 200) for path in (*PATHS, "/healthz")]
    assert [a.status for a in quick] == [200] * len(quick), quick
    assert site.server.poll() is None and site.worker_pids() == workers, "gunicorn was restarted"
