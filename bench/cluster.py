"""Two app servers behind nginx on loopback, sharing PostgreSQL and Redis: `make cluster`.

The reference deployment of docs/operations.md, built in a temporary directory: a PostgreSQL
cluster of its own (it gets frozen), Redis database 6, two gunicorn servers with the production
settings and nginx in front. Three checks, each printed with its measured figure and PASS/FAIL:

1. fresh content: an editor publishes through app server A; B serves the new title (HTML and
   API, no 304 for the old ETag) within 1 s;
2. restarts: 64 connections through nginx while A reloads (SIGHUP) and B is stopped and started
   again: 0 errors;
3. a frozen database (SIGSTOP on every PostgreSQL process): every request through nginx is
   answered within 10 s, with a 503 and Retry-After once the database is needed; after SIGCONT
   the site serves again by itself.

Everything started here is stopped at the end (PostgreSQL thawed first).
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pgcluster import Cluster, owned_tempdir, postgres_bin_dir  # noqa: E402
from bench.run import (  # noqa: E402
    ROOT,
    WRK_ERRORS,
    manage,
    manage_output,
    run_wrk,
    wait_until_healthy,
)

PROXY_PORT, APP_PORTS, POSTGRES_PORT = 8200, (8201, 8202), 8240
REDIS_URL = "redis://127.0.0.1:6379/6"
# Debian installs it to /usr/sbin, which not every user's PATH has.
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
FRESH_WITHIN_SECONDS = 1.0
ANSWER_WITHIN_SECONDS = 10.0
LOAD_CONNECTIONS = 64
# Visitors' paths: a page, a text page, an API list (each one from the cache or the database).
PATHS = ("/", "/praeambel/", "/api/v3/news/")
CLIENT_TIMEOUT_SECONDS = 30

SETUP = """
import json
from django.contrib.auth import get_user_model
from wagtail.models import APIToken, Page
from home.demo import load_site_frame

load_site_frame()
editor = get_user_model().objects.create_superuser("cluster-redaktion", "redaktion@example.org")
page = Page.objects.get(slug="praeambel").specific
print("CLUSTER_SETUP", json.dumps({
    "token": APIToken.create_token(user=editor, name="make cluster")[1],
    "page_id": page.id,
    "page_type": page._meta.label,
    "path": "/" + page.url_path.split("/", 2)[2],
}))
"""

NGINX_CONF = """
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log notice;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {root}/tmp/body;
    proxy_temp_path {root}/tmp/proxy;
    fastcgi_temp_path {root}/tmp/fastcgi;
    uwsgi_temp_path {root}/tmp/uwsgi;
    scgi_temp_path {root}/tmp/scgi;
{site}
}}
"""

# The part docs/operations.md shows: the reference deployment's upstream and proxy settings.
NGINX_SITE = """
    upstream buendnis {{
        # A server that refused or dropped a request gets none for 5 s, then one try again.
        server 127.0.0.1:{app_a} max_fails=1 fail_timeout=5s;
        server 127.0.0.1:{app_b} max_fails=1 fail_timeout=5s;
    }}
    server {{
        listen 127.0.0.1:{proxy};
        client_max_body_size 12m;
        location / {{
            proxy_pass http://buendnis;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            # A restarting server refuses or resets the connection: the request goes to the
            # other one (nginx retries only GET, HEAD and other idempotent requests, and only
            # before any byte of the answer went out). Not on 503: both servers share the
            # database, so the other one would only say the same after as long a wait.
            proxy_next_upstream error timeout http_502;
            proxy_next_upstream_tries 2;
            proxy_next_upstream_timeout 15s;
            proxy_connect_timeout 2s;
            # Longer than the app's own bounds (a 503 within 10 s), shorter than gunicorn's
            # worker timeout: a hung worker is the other server's job, not the visitor's wait.
            proxy_read_timeout 25s;
        }}
    }}
"""


def log(message):
    print(message, flush=True)


def nginx_site(proxy=PROXY_PORT, app_a=APP_PORTS[0], app_b=APP_PORTS[1]):
    return NGINX_SITE.format(proxy=proxy, app_a=app_a, app_b=app_b)


class Nginx:
    def __init__(self, root: Path):
        self.root = root
        self.conf = root / "nginx.conf"
        self.process = None

    def start(self):
        # Its workers run as `nobody` and buffer large answers in these directories.
        self.root.mkdir(parents=True, exist_ok=True)
        for directory in (self.root.parent, self.root):
            directory.chmod(0o755)
        for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.root / "tmp" / name).mkdir(parents=True, exist_ok=True)
            (self.root / "tmp" / name).chmod(0o777)
        self.conf.write_text(NGINX_CONF.format(root=self.root, site=nginx_site()))
        subprocess.run([NGINX, "-t", "-q", "-p", str(self.root), "-c", str(self.conf)], check=True)
        self.process = subprocess.Popen([NGINX, "-p", str(self.root), "-c", str(self.conf)])
        wait_until_healthy(self.process, PROXY_PORT, self.root / "error.log")

    def retried(self):
        """How often nginx handed a request to the other server so far."""
        text = (self.root / "error.log").read_text(errors="replace")
        return len(re.findall(r"while (connecting to|reading response header from) upstream", text))

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


class AppServer:
    """One gunicorn with the production settings: 2 sync workers, as the benchmark's."""

    def __init__(self, name, port, env, root: Path):
        self.name, self.port, self.env = name, port, env
        self.log = root / f"gunicorn-{name}.log"
        self.process = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        command = [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "cms.wsgi",
            "--config=python:cms.gunicorn_conf",
            "--workers=2",
            f"--bind=127.0.0.1:{self.port}",
            "--timeout=30",
            "--graceful-timeout=20",
            # gunicorn's control socket has one default path per user; two servers would share it.
            "--no-control-socket",
            f"--error-logfile={self.log}",
        ]
        with self.log.open("ab") as output:  # the app's own log lines (the 503s) too
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT
            )
        wait_until_healthy(self.process, self.port, self.log)

    def reload(self):
        """New workers with fresh code; the old ones finish what they serve (gunicorn's HUP)."""
        self.process.send_signal(signal.SIGHUP)

    def stop(self):
        """Graceful: the socket closes, running requests are finished (gunicorn's TERM)."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


@dataclass
class Answer:
    status: int | str
    seconds: float
    body: bytes = b""
    etag: str | None = None
    retry_after: str | None = None
    content_type: str = ""


def fetch(url, headers=None, method="GET", data=None, timeout=CLIENT_TIMEOUT_SECONDS):
    request = urllib.request.Request(url, headers=headers or {}, method=method, data=data)
    began = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            status, headers, body = error.code, error.headers, error.read()
    except OSError as error:
        return Answer(type(error).__name__, round(time.monotonic() - began, 3))
    return Answer(
        status,
        round(time.monotonic() - began, 3),
        body,
        headers.get("ETag"),
        headers.get("Retry-After"),
        headers.get("Content-Type", ""),
    )


def verdict(ok):
    return "PASS" if ok else "FAIL"


# --- 1. Fresh content on the other server ----------------------------------------------------


def shows(answer, title):
    """Whether the page or its API document carries `title` (JSON may escape the umlaut)."""
    if answer.content_type.startswith("application/json"):
        return json.loads(answer.body)["title"] == title
    return title in answer.body.decode()


def check_fresh_content(a, b, setup):
    """Publish a new title through A; poll B (page and API, revalidating with the old ETags)."""
    urls = {
        "B page": b.base + setup["path"],
        "B API": f"{b.base}/api/v3/pages/{setup['page_id']}/",
        "nginx page": f"http://127.0.0.1:{PROXY_PORT}{setup['path']}",
    }
    old_etags = {}
    for name, url in urls.items():
        for _ in range(6):  # every worker renders and caches it, so B answers from its cache
            answer = fetch(url)
        assert answer.status == 200 and answer.etag, (name, answer.status)
        old_etags[name] = answer.etag
    title = f"Präambel (Stand {time.strftime('%H:%M:%S')})"
    patch = json.dumps({"title": title, "meta": {"type": setup["page_type"], "action": "publish"}})
    polls = {name: [] for name in urls}
    published_at, stop = [], threading.Event()

    def poll(name):
        # From before the publish on: the switch from old to new is seen, wherever it falls.
        while not stop.is_set():
            sent = time.monotonic()
            answer = fetch(urls[name], headers={"If-None-Match": old_etags[name]})
            polls[name].append((sent, answer.status, answer.status == 200 and shows(answer, title)))
            time.sleep(0.02)

    with ThreadPoolExecutor(len(urls) * 2) as pool:
        for name in [*urls, *urls]:
            pool.submit(poll, name)
        time.sleep(0.3)
        published = fetch(
            f"{a.base}/api/v3/pages/{setup['page_id']}/",
            headers={
                "Authorization": f"Bearer {setup['token']}",
                "Content-Type": "application/json",
            },
            method="PATCH",
            data=patch.encode(),
        )
        published_at.append(time.monotonic())
        time.sleep(2.5)
        stop.set()
    assert published.status == 200, (published.status, published.body[:500])
    log(f"  A published the new title ({published.seconds:.2f} s for PATCH /api/v3/pages/…)")
    figures, ok = {}, True
    for name, answers in polls.items():
        # Seconds after A's answer that each request was sent; the commit came a bit earlier.
        timed = sorted(
            (round(sent - published_at[0], 3), status, fresh) for sent, status, fresh in answers
        )
        last_stale = max((t for t, _status, fresh in timed if not fresh), default=None)
        fresh_from = next(
            (t for t, _status, fresh in timed if fresh and (last_stale is None or t > last_stale)),
            None,
        )
        stale_304 = sum(
            1 for t, status, fresh in timed if status == 304 and t >= FRESH_WITHIN_SECONDS
        )
        passed = fresh_from is not None and fresh_from <= FRESH_WITHIN_SECONDS and not stale_304
        ok &= passed
        figures[name] = {"last_stale_s": last_stale, "fresh_from_s": fresh_from}
        log(
            f"  {name:<11} last old answer to a request sent {last_stale} s after A's answer, "
            f"only new content from {fresh_from} s ({len(timed)} requests; {stale_304} stale 304 "
            f"after {FRESH_WITHIN_SECONDS:g} s)  {verdict(passed)}"
        )
    return ok, figures


# --- 2. Restarts under load ------------------------------------------------------------------


def check_restarts(a, b, nginx, duration=30):
    """64 connections through nginx; A reloads at 3 s, B stops at 10 s and starts again."""
    retried_before = nginx.retried()
    result = {}

    def load():
        result.update(
            run_wrk(
                f"http://127.0.0.1:{PROXY_PORT}",
                connections=LOAD_CONNECTIONS,
                duration=duration,
                timeout=CLIENT_TIMEOUT_SECONDS,
                script=ROOT / "bench" / "wrk_mix.lua",
                args=PATHS,
            )
        )

    wrk = threading.Thread(target=load)
    began = time.monotonic()
    wrk.start()
    time.sleep(3)
    a.reload()
    log(f"  {time.monotonic() - began:4.1f} s: A reloads (SIGHUP)")
    # A's new workers need a few seconds to start; meanwhile its old ones serve.
    time.sleep(7)
    log(f"  {time.monotonic() - began:4.1f} s: B stops (SIGTERM, graceful)")
    b.stop()
    log(f"  {time.monotonic() - began:4.1f} s: B stopped; starting it again")
    b.start()
    log(f"  {time.monotonic() - began:4.1f} s: B answers again")
    restarted_within_load = time.monotonic() - began < duration
    wrk.join()
    errors = {key: result[key] for key in WRK_ERRORS}
    retried = nginx.retried() - retried_before
    ok = sum(errors.values()) == 0 and result["requests"] > 0 and restarted_within_load
    log(
        f"  {result['requests']} requests in {result['duration_us'] / 1e6:.1f} s with "
        f"{LOAD_CONNECTIONS} connections, errors {errors}, {retried} handed to the other server "
        f"by nginx; p99 {result['p99_us'] / 1000:.0f} ms  {verdict(ok)}"
    )
    return ok, {
        "requests": result["requests"],
        "errors": sum(errors.values()),
        "retried_by_nginx": retried,
        "p99_ms": round(result["p99_us"] / 1000),
    }


# --- 3. A frozen database --------------------------------------------------------------------


def check_frozen_database(cluster, clients=16, window=12):
    """Freeze PostgreSQL under visitor load through nginx; every answer must come within 10 s."""
    base = f"http://127.0.0.1:{PROXY_PORT}"
    answers, stop = [], threading.Event()

    def visitor(offset):
        n = offset
        while not stop.is_set():
            path = PATHS[n % len(PATHS)]
            sent = time.monotonic()
            answers.append((sent, path, fetch(base + path)))
            n += 1

    with ThreadPoolExecutor(clients) as pool:
        for n in range(clients):
            pool.submit(visitor, n)
        time.sleep(1)
        frozen = cluster.freeze()
        frozen_at = time.monotonic()
        log(f"  PostgreSQL frozen (SIGSTOP to {len(frozen)} processes)")
        try:
            time.sleep(window)
        finally:
            cluster.thaw(frozen)
        thawed_at = time.monotonic()
        log(f"  PostgreSQL thawed after {thawed_at - frozen_at:.1f} s (SIGCONT)")
        recovered_at = None
        while time.monotonic() - thawed_at < 20:
            if all(fetch(base + path).status == 200 for path in PATHS):
                recovered_at = time.monotonic()
                break
            time.sleep(0.2)
        stop.set()
    # Sent while frozen, and answered while still frozen or because of it.
    during = [
        (sent - frozen_at, path, a) for sent, path, a in answers if frozen_at <= sent < thawed_at
    ]
    # In flight when the freeze came: they waited on the database that stopped under them.
    in_flight = [
        (sent - frozen_at, path, a)
        for sent, path, a in answers
        if sent < frozen_at < sent + a.seconds
    ]
    statuses, timeline = {}, {}
    for t, _path, answer in during:
        statuses[answer.status] = statuses.get(answer.status, 0) + 1
        second = timeline.setdefault(int(t), {})
        second[answer.status] = second.get(answer.status, 0) + 1
    log(
        "  sent in second n of the freeze → answers: "
        + "; ".join(f"{n}: {counts}" for n, counts in sorted(timeline.items()))
    )
    slowest = max((a.seconds for _t, _p, a in during + in_flight), default=None)
    first_503 = min((t + a.seconds for t, _p, a in during if a.status == 503), default=None)
    unavailable = [a for _t, _p, a in during if a.status == 503]
    german = all(
        "nicht erreichbar" in a.body.decode()
        and a.retry_after
        and (
            a.content_type.startswith("application/problem+json")
            if a.body.startswith(b"{")
            else a.content_type.startswith("text/html")
        )
        for a in unavailable
    )
    ok = (
        slowest is not None
        and slowest <= ANSWER_WITHIN_SECONDS
        and set(statuses) <= {200, 503}
        and bool(unavailable)
        and german
        and recovered_at is not None
    )
    log(
        f"  {len(during)} requests while frozen, answers {statuses}; {len(in_flight)} in flight at "
        f"the freeze; slowest answer {slowest} s; first 503 {first_503 and round(first_503, 2)} s "
        f"after the freeze; 503s German with Retry-After: {german}; serving again "
        f"{recovered_at and round(recovered_at - thawed_at, 2)} s after the thaw  {verdict(ok)}"
    )
    return ok, {
        "requests_while_frozen": len(during),
        "statuses": {str(k): v for k, v in statuses.items()},
        "slowest_answer_s": slowest,
        "first_503_after_freeze_s": first_503 and round(first_503, 2),
        "recovered_after_thaw_s": recovered_at and round(recovered_at - thawed_at, 2),
    }


# --- Setup and the run -------------------------------------------------------------------------


def environment(cluster, root):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "PYTHONPATH": str(ROOT),
        "SECRET_KEY": secrets.token_urlsafe(48),
        # Plain HTTP on loopback; everything else as in production.
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": cluster.url,
        "REDIS_URL": REDIS_URL,
        "PROXY_COUNT": "1",
        "MEDIA_ROOT": str(root / "media"),
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{PROXY_PORT}",
    }
    # The production defaults of the database timeouts are what is measured.
    for name in ("DATABASE_CONNECT_TIMEOUT", "DATABASE_STATEMENT_TIMEOUT", "DATABASE_CONN_MAX_AGE"):
        env.pop(name, None)
    return env


def prepare(env):
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    output = manage_output(env, "shell", "-v", "0", "-c", SETUP)
    return json.loads(output.split("CLUSTER_SETUP ", 1)[1].splitlines()[0])


def keep_logs(root, postgres_root, target):
    """The servers' logs outlive the temporary directory, for a look after a FAIL."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for path in [
        *root.glob("gunicorn-*.log"),
        root / "nginx" / "error.log",
        postgres_root / "postgresql.log",
    ]:
        if path.exists():
            shutil.copy(path, target / path.name)


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--checks",
        type=lambda text: set(text.split(",")),
        default={"fresh", "restarts", "frozen"},
        help="comma-separated: fresh, restarts, frozen (default: all three)",
    )
    args = parser.parse_args(argv)
    for tool in (NGINX, "wrk"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is not installed (make cluster installs it).")
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        raise SystemExit("PostgreSQL server binaries (initdb, pg_ctl) are not installed.")
    results = {}
    with ExitStack() as stack:
        root = Path(tempfile.mkdtemp(prefix="cluster-"))
        stack.callback(shutil.rmtree, root, ignore_errors=True)
        cluster = Cluster(bin_dir, owned_tempdir("cluster-pg-"), POSTGRES_PORT)
        logs = ROOT / "var" / "cluster"
        log(f"make cluster: PostgreSQL on {POSTGRES_PORT}, Redis db 6, logs in {logs}")
        stack.callback(keep_logs, root, cluster.root, logs)
        began = time.monotonic()
        stack.callback(cluster.remove)
        cluster.init()
        flush_redis()
        stack.callback(flush_redis)
        env = environment(cluster, root)
        setup = prepare(env)
        servers = [
            AppServer(name, port, env, root) for name, port in zip("AB", APP_PORTS, strict=True)
        ]
        for server in servers:
            server.start()
            stack.callback(server.stop)
        nginx = Nginx(root / "nginx")
        nginx.start()
        stack.callback(nginx.stop)
        a, b = servers
        log(
            f"ready after {time.monotonic() - began:.0f} s: nginx {PROXY_PORT} → gunicorn "
            f"{APP_PORTS[0]} (A), {APP_PORTS[1]} (B), 2 workers each\n"
        )
        if "fresh" in args.checks:
            log("1. An editor publishes on A; B serves the new content")
            results["fresh_content"] = check_fresh_content(a, b, setup)
        if "restarts" in args.checks:
            log(f"\n2. Restarts under {LOAD_CONNECTIONS} connections")
            results["restarts"] = check_restarts(a, b, nginx)
        if "frozen" in args.checks:
            log("\n3. PostgreSQL freezes (SIGSTOP) under load")
            results["frozen_database"] = check_frozen_database(cluster)
    passed = all(ok for ok, _figures in results.values())
    log(f"\nmake cluster: {verdict(passed)}")
    if args.json:
        args.json.write_text(
            json.dumps({k: {"ok": ok, **f} for k, (ok, f) in results.items()}, indent=2)
        )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
