import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from cms.settings.environment import cache_from_url, database_from_url, env_count

ROOT = Path(__file__).resolve().parents[2]


def test_database_url_sqlite_relative_and_absolute(tmp_path):
    assert (
        database_from_url("sqlite:///var/x.sqlite3", tmp_path)["NAME"] == tmp_path / "var/x.sqlite3"
    )
    assert database_from_url("sqlite:////tmp/x.sqlite3", tmp_path)["NAME"] == Path("/tmp/x.sqlite3")


def test_database_url_postgres():
    db = database_from_url("postgres://postgres:s%40cret@127.0.0.1:5433/alliance", Path("."))
    assert db["ENGINE"] == "cms.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "postgres",
        "s@cret",
        "127.0.0.1",
        "5433",
        "alliance",
    )


@pytest.mark.parametrize(
    "url",
    [
        "mysql://x@y/z",
        "postgres://127.0.0.1:5432/",
        "postgres://h:notaport/db",
        "sqlite://",
        "nonsense",
    ],
)
def test_malformed_database_url_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url(url, Path("."))


def test_redis_url_selects_redis_cache():
    assert cache_from_url("redis://127.0.0.1:6379/1")["default"]["BACKEND"].endswith("RedisCache")
    assert cache_from_url("")["default"]["BACKEND"].endswith("LocMemCache")
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        cache_from_url("http://example.org")


def _manage(*args, **env):
    # The browser tests allow async-unsafe ORM calls in-process; a deployment never does.
    dropped = {"DATABASE_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    full_env = {k: v for k, v in os.environ.items() if k not in dropped}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_malformed_database_url_stops_startup_with_one_line():
    result = _manage("check", DATABASE_URL="mysql://nope")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Configuration error: DATABASE_URL")


def test_production_without_secret_key_stops_startup_with_one_line():
    result = _manage("check", DJANGO_SETTINGS_MODULE="cms.settings.production")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Configuration error: SECRET_KEY must be set in production (a long random string)."
    )


def test_production_check_deploy_is_clean():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-for-tests",
        ALLOWED_HOSTS="buendnis.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_database_timeouts_come_from_the_environment(monkeypatch):
    monkeypatch.delenv("DATABASE_CONNECT_TIMEOUT", raising=False)
    monkeypatch.delenv("DATABASE_STATEMENT_TIMEOUT", raising=False)
    db = database_from_url("postgres://postgres@127.0.0.1:5432/alliance", Path("."))
    assert db["OPTIONS"]["connect_timeout"] == "3"
    assert db["OPTIONS"]["options"] == "-c statement_timeout=5000 -c cursor_tuple_fraction=1"
    assert db["ANSWER_TIMEOUT"] == 6
    assert db["OPTIONS"]["keepalives"] == "1"

    monkeypatch.setenv("DATABASE_CONNECT_TIMEOUT", "2")
    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT", "1.5")
    url = "postgres://postgres@127.0.0.1:5432/alliance?options=-c%20search_path%3Dpublic"
    db = database_from_url(url, Path("."))
    assert db["OPTIONS"]["connect_timeout"] == "2"
    assert db["OPTIONS"]["options"] == (
        "-c search_path=public -c statement_timeout=1500 -c cursor_tuple_fraction=1"
    )
    assert db["ANSWER_TIMEOUT"] == 2.5
    # The URL's own values win.
    url = "postgres://postgres@127.0.0.1:5432/alliance?connect_timeout=9"
    assert database_from_url(url, Path("."))["OPTIONS"]["connect_timeout"] == "9"

    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT", "0")
    db = database_from_url("postgres://postgres@127.0.0.1:5432/alliance", Path("."))
    assert db["OPTIONS"]["options"] == "-c cursor_tuple_fraction=1"
    assert db["ANSWER_TIMEOUT"] is None

    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT", "soon")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_STATEMENT_TIMEOUT"):
        database_from_url("postgres://postgres@127.0.0.1:5432/alliance", Path("."))


def test_whole_numbers_come_from_the_environment(monkeypatch):
    monkeypatch.delenv("CALENDAR_FEED_MONTHS", raising=False)
    assert env_count("CALENDAR_FEED_MONTHS", "12") == 12
    monkeypatch.setenv("CALENDAR_FEED_MONTHS", "6")
    assert env_count("CALENDAR_FEED_MONTHS", "12") == 6
    for bad in ("-1", "1.5", "ein Jahr"):
        monkeypatch.setenv("CALENDAR_FEED_MONTHS", bad)
        with pytest.raises(ImproperlyConfigured, match="CALENDAR_FEED_MONTHS"):
            env_count("CALENDAR_FEED_MONTHS", "12")


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_cursors_are_planned_for_their_whole_result():
    """`iterator()` reads through a cursor WITH HOLD, which fetches everything at once."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW cursor_tuple_fraction")
        assert cursor.fetchone() == ("1",)
