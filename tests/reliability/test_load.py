"""64 clients for a minute over API, pages and feeds while an editor publishes.

The site runs as in production (gunicorn, 2 sync workers, bench.settings = production settings
without the TLS redirect) on its own database with the demo content, on 127.0.0.1 only. wrk
drives a mix of real URLs from the demo data; meanwhile an editor signs in to the Wagtail admin
over HTTP and publishes "Stand N" into a text page's intro again and again. Nothing may answer
5xx or drop a connection, every publish must succeed, and afterwards the database and the
public page must show the last value, with one revision per publish.

LOAD_SECONDS (default 60) bounds the load; it runs with the suite (`-m slow` selects it alone).
"""

import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import ExitStack
from html.parser import HTMLParser
from urllib.parse import urlsplit, urlunsplit

import pytest

from bench.run import ROOT, drop_database, gunicorn, python, recreate_database, run_wrk

pytestmark = pytest.mark.slow

LOAD_SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
CONNECTIONS = 64
# 64 connections queue at 2 workers: a request may wait for dozens of others before it runs.
WRK_TIMEOUT_SECONDS = 30
EDITOR = ("redaktion-last", "last-test-redaktion-2026")
EDITOR_PAUSE_SECONDS = 0.5
HTTP_TIMEOUT_SECONDS = 120

# Run inside the server's environment, one Django start for all of it: the demo content, the
# editor's account, the URL mix from the demo data (the benchmark's public scenarios plus pages,
# details and feeds it does not cover) and the page the editor publishes.
SITE_FACTS = """
import io
import json
from django.contrib.auth import get_user_model
from django.core.management import call_command
from bench.scenarios import BenchData, build
from events.models import SessionPage
from home.models import StandardPage
from network.models import WorkingGroupPage

call_command("load_demo_content", "--no-admin", stdout=io.StringIO())
get_user_model().objects.create_superuser(EDITOR[0], "r@example.org", EDITOR[1])
data = BenchData.read()
public = {"API v3", "OParl", "Feeds", "HTML"}
session = SessionPage.objects.live().order_by("-start").first()
body = WorkingGroupPage.objects.get(pk=data.body_id)
page = StandardPage.objects.live().order_by("path").first()
paths = [s.path for s in build(data) if s.group in public] + [
    page.url,
    session.url,
    "/buendnispartner/",
    "/api/v3/bodies/",
    f"/api/v3/bodies/{body.pk}/",
    f"/api/v3/sessions/{session.pk}/",
    "/api/v3/news/",
    f"/api/v3/pages/{page.pk}/",
    f"/kalender/gremium/{body.slug}.ics",
    f"/kalender/sitzung/{session.pk}.ics",
]
print(json.dumps({
    "paths": paths,
    "page": {
        "id": page.pk,
        "url": page.url,
        "parent_id": page.get_parent().pk,
        "revisions_before": page.revisions.count(),
    },
}))
"""

# What the database holds for the edited page after the run.
PAGE_STATE = """
import json
from home.models import StandardPage

page = StandardPage.objects.get(pk={page_id})
latest = page.get_latest_revision()
print(json.dumps({{
    "live_intro": page.intro,
    "latest_intro": latest.as_object().intro,
    "live_revision_is_latest": page.live_revision_id == latest.pk,
    "revisions": page.revisions.count(),
    "has_unpublished_changes": page.has_unpublished_changes,
}}))
"""


def start_manage(env, *args):
    return subprocess.Popen(
        [python(), "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish_manage(process):
    """Wait for a started manage.py command; returns its output, which must follow success."""
    stdout, stderr = process.communicate()
    assert process.returncode == 0, f"{' '.join(process.args[1:])}:\n{stdout}\n{stderr}"
    return stdout


def manage_json(env, *args):
    """A manage.py command whose last output line is JSON (server settings and database)."""
    return last_json(finish_manage(start_manage(env, *args)))


def last_json(stdout):
    return json.loads(stdout.strip().splitlines()[-1])


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def load_database_url(tmp_path):
    """The site's own database: a SQLite file, or a PostgreSQL database dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in {"postgres", "postgresql", "pgsql"}:
        yield f"sqlite:///{tmp_path / 'load.sqlite3'}"
        return
    parts = urlsplit(url)
    # "load_" first: the benchmark's guard refuses names starting with "test" (pytest's own).
    own = urlunsplit(parts._replace(path=f"/load_{parts.path.lstrip('/')}"))
    recreate_database(own)
    try:
        yield own
    finally:
        drop_database(own)


@pytest.fixture
def site(load_database_url, tmp_path):
    """gunicorn serving the demo content; yields its base URL, URL mix and edited page."""
    assert shutil.which("wrk"), "wrk is missing: `make wrk` installs it (`make test` does too)"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": load_database_url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "BENCH_STATIC_ROOT": str(tmp_path / "static"),
        "PYTHONPATH": str(ROOT),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    # Each gunicorn worker keeps its own local cache, apart from the test workers' Redis.
    env.pop("REDIS_URL", None)
    # What needs nothing from each other runs side by side: static files need no database, and
    # gunicorn's readiness check needs only the schema, not the content.
    static = start_manage(env, "collectstatic", "--no-input", "-v", "0")
    finish_manage(start_manage(env, "migrate", "--no-input", "-v", "0"))
    finish_manage(static)
    content = start_manage(env, "shell", "-v", "0", "-c", f"EDITOR = {EDITOR!r}\n{SITE_FACTS}")
    port = free_port()
    with ExitStack() as stack:
        try:
            stack.enter_context(gunicorn(env, port, tmp_path / "gunicorn.log"))
        finally:
            facts = last_json(finish_manage(content))
        yield {"base": f"http://127.0.0.1:{port}", "env": env, **facts}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A browser's HTTP: keeps cookies, sends forms with their CSRF token, never follows redirects.

    The cookies are kept by hand: production settings mark them Secure, and urllib's cookie jar
    would never send a Secure cookie back over plain HTTP on the loopback.
    """

    def __init__(self, base):
        self.base = base
        self.cookies = {}
        self.opener = urllib.request.build_opener(_NoRedirect)

    def request(self, path, data=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Origin"] = self.base
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            response = self.opener.open(request, timeout=HTTP_TIMEOUT_SECONDS)
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx and 5xx
            response = error
        with response:
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, value = cookie.split(";", 1)[0].partition("=")
                self.cookies[name.strip()] = value
            return response.status, response.headers.get("Location"), response.read().decode()

    def submit(self, path, changes):
        """GET the form posting to `path`, change some fields, POST it as a browser would."""
        status, _, html = self.request(path)
        assert status == 200, f"GET {path}: HTTP {status}"
        return self.request(path, form_fields(html, path) + list(changes.items()))


class _FormParser(HTMLParser):
    """The successful controls of the form whose action is `action`, in document order."""

    def __init__(self, action):
        super().__init__()
        self.action = action
        self.inside = False
        self.fields = []
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action") == self.action
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value") or "on"))
                return
            self.fields.append((name, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = {"name": name, "options": [], "selected": []}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            self.select["options"].append(value)
            if "selected" in attrs:
                self.select["selected"].append(value)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            # Django writes a newline after <textarea>, which browsers drop.
            self.fields.append((name, text.removeprefix("\r\n").removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            chosen = self.select["selected"] or self.select["options"][:1]
            self.fields += [(self.select["name"], value) for value in chosen]
            self.select = None


def form_fields(html, action):
    parser = _FormParser(action)
    parser.feed(html)
    assert parser.fields, f"no form posting to {action}"
    return parser.fields


class Editor(threading.Thread):
    """Signs in and publishes "Stand 1", "Stand 2", … until told to stop (at least once).

    Every publish is recorded with its HTTP status and redirect, so a lost or refused edit
    shows up as a mismatch between what was sent and what the site holds afterwards.
    """

    def __init__(self, base, page):
        super().__init__(daemon=True)
        self.browser = Browser(base)
        self.page = page
        self.stop = threading.Event()
        self.published = []  # (n, status, location, seconds)
        self.error = None

    def run(self):
        try:
            status, location, _ = self.browser.submit(
                "/admin/login/", {"username": EDITOR[0], "password": EDITOR[1]}
            )
            assert (status, location) == (302, "/admin/"), f"login: HTTP {status} {location}"
            edit = f"/admin/pages/{self.page['id']}/edit/"
            n = 0
            while True:
                n += 1
                began = time.monotonic()
                status, location, body = self.browser.submit(
                    edit, {"intro": f"Stand {n}", "action-publish": "action-publish"}
                )
                self.published.append((n, status, location, round(time.monotonic() - began, 2)))
                if status != 302:
                    errors = re.findall(r'class="error-message"[^>]*>\s*<p>(.*?)</p>', body)
                    self.error = f"publish {n}: HTTP {status} {errors or body[:300]!r}"
                    return
                if self.stop.wait(EDITOR_PAUSE_SECONDS):
                    return
        except Exception as error:  # reported by the test, not lost in the thread
            self.error = f"{type(error).__name__}: {error}"


def test_64_clients_and_a_publishing_editor_get_no_errors_and_lose_no_edits(site):
    editor = Editor(site["base"], site["page"])
    for path in site["paths"]:  # every URL in the mix exists: a 4xx under load is a finding
        with urllib.request.urlopen(site["base"] + path, timeout=HTTP_TIMEOUT_SECONDS) as answer:
            assert answer.status == 200, path

    editor.start()
    began = time.monotonic()
    try:
        raw = run_wrk(
            site["base"],
            connections=CONNECTIONS,
            duration=LOAD_SECONDS,
            timeout=WRK_TIMEOUT_SECONDS,
            script=ROOT / "bench" / "wrk_mix.lua",
            args=site["paths"],
        )
    finally:
        editor.stop.set()
        editor.join(timeout=2 * HTTP_TIMEOUT_SECONDS)
    seconds = raw["duration_us"] / 1e6
    socket_errors = {key: raw[key] for key in ("connect", "read", "write", "timeout")}
    publish_seconds = [entry[3] for entry in editor.published]
    summary = (
        f"load: {CONNECTIONS} connections × {seconds:.1f} s over {len(site['paths'])} URLs: "
        f"{raw['requests']} requests, {raw['requests'] / seconds:.1f} req/s, "
        f"p50 {raw['p50_us'] / 1000:.0f} ms, p99 {raw['p99_us'] / 1000:.0f} ms, "
        f"statuses {raw['statuses']}, socket errors {socket_errors}; "
        f"editor: {len(editor.published)} publishes "
        f"(max {max(publish_seconds, default=0):.1f} s each) in {time.monotonic() - began:.0f} s"
    )
    print(summary)

    assert not editor.is_alive(), "the editor hangs"
    assert editor.error is None, editor.error
    assert raw["requests"] > 0, summary
    assert set(raw["statuses"]) <= {"2xx", "3xx"}, summary
    assert socket_errors == dict.fromkeys(socket_errors, 0), summary
    explorer = f"/admin/pages/{site['page']['parent_id']}/"
    assert [(n, status, location) for n, status, location, _ in editor.published] == [
        (n, 302, explorer) for n in range(1, len(editor.published) + 1)
    ]

    last = f"Stand {len(editor.published)}"
    state = manage_json(
        site["env"], "shell", "-v", "0", "-c", PAGE_STATE.format(page_id=site["page"]["id"])
    )
    assert state == {
        "live_intro": last,
        "latest_intro": last,
        "live_revision_is_latest": True,
        "revisions": site["page"]["revisions_before"] + len(editor.published),
        "has_unpublished_changes": False,
    }
    status, _, html = Browser(site["base"]).request(site["page"]["url"])
    assert status == 200
    assert f">{last}<" in html, "the public page still shows an older intro"
