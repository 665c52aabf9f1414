"""Reading settings from the environment, with one-line errors for bad values."""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


def env_str(name, default=""):
    return os.environ.get(name, default).strip()


def env_bool(name, default=False):
    raw = env_str(name)
    if not raw:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false).")


def env_list(name, default=()):
    raw = env_str(name)
    if not raw:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


# SQLite behind a web server: autosave and publishing write at the same moment. A deferred
# transaction that read first cannot take the write lock while another holds it and fails at
# once with "database is locked"; IMMEDIATE takes the lock at BEGIN, so writers queue for up
# to `timeout` seconds instead. WAL lets readers go on while one writes; synchronous=NORMAL
# is durable in WAL mode except for the last commits on power loss.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}


def env_seconds(name, default):
    raw = env_str(name, default)
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1
    if seconds < 0:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number of seconds (0 or more).")
    return seconds


def env_count(name, default):
    raw = env_str(name, default)
    if not (raw.isascii() and raw.isdigit()):
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number (0 or more).")
    return int(raw)


def postgres_timeouts(options):
    """Bound every wait for PostgreSQL, so a gone or frozen server costs a 503, not a hung worker.

    Adds to the connection `options` (values in the URL's query win) and returns the extra
    settings for cms.postgresql: connecting may take DATABASE_CONNECT_TIMEOUT seconds, a statement
    DATABASE_STATEMENT_TIMEOUT (enforced by the server), and the client waits for any answer one
    second longer than that (ANSWER_TIMEOUT), which catches a server that stopped answering.
    DATABASE_STATEMENT_TIMEOUT=0 lifts both statement limits: manage.py does so for commands
    such as migrations and imports, whose statements may run long on purpose.
    """
    options.setdefault("connect_timeout", f"{env_seconds('DATABASE_CONNECT_TIMEOUT', '3'):g}")
    # Idle connections to a host that vanished from the network are noticed within a minute.
    options.setdefault("keepalives", "1")
    options.setdefault("keepalives_idle", "30")
    options.setdefault("keepalives_interval", "10")
    options.setdefault("keepalives_count", "3")
    statement_timeout = env_seconds("DATABASE_STATEMENT_TIMEOUT", "5")
    if not statement_timeout:
        return {"ANSWER_TIMEOUT": None}
    add_server_setting(options, "statement_timeout", round(statement_timeout * 1000))
    return {"ANSWER_TIMEOUT": statement_timeout + 1}


def add_server_setting(options, name, value):
    """`-c name=value` in the connection's server options, unless the URL's options set it."""
    server_options = options.get("options", "")
    if name not in server_options:
        options["options"] = f"{server_options} -c {name}={value}".strip()


def database_from_url(url, base_dir: Path):
    """Translate DATABASE_URL into Django's DATABASES entry.

    Supported: ``sqlite:///relative/or/absolute.sqlite3`` and
    ``postgres://user:password@host:port/name`` (psycopg 3).
    """
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        raw = unquote(parts.path)
        if parts.netloc or not raw.strip("/"):
            raise ImproperlyConfigured(
                f"DATABASE_URL {url!r} names no SQLite file (expected sqlite:///path/to/db.sqlite3)."
            )
        # sqlite:////abs/path is absolute, sqlite:///rel/path is relative to the project.
        name = Path(raw[1:]) if raw.startswith("//") else base_dir / raw.lstrip("/")
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name or not parts.hostname:
            raise ImproperlyConfigured(
                f"DATABASE_URL {url!r} needs a host and a database name "
                "(expected postgres://user:password@host:5432/name)."
            )
        try:
            port = parts.port
        except ValueError as exc:
            raise ImproperlyConfigured(f"DATABASE_URL {url!r} has an invalid port.") from exc
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        timeouts = postgres_timeouts(options)
        # Django streams `iterator()` through a cursor WITH HOLD, which in autocommit reads the
        # whole result at once. PostgreSQL plans cursors for their first tenth of rows: the iCal
        # feed's agenda stream (30,000 rows at 100,000 members) took a nested loop, 627 ms as a
        # cursor against 96 ms as a plain query.
        add_server_setting(options, "cursor_tuple_fraction", 1)
        return {
            "ENGINE": "cms.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname,
            "PORT": str(port or ""),
            "CONN_MAX_AGE": int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
            **timeouts,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL {url!r} is not understood: use sqlite:///file.sqlite3 or "
        "postgres://user@host:5432/name."
    )


def cache_from_url(url):
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    if urlsplit(url).scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(f"REDIS_URL {url!r} is not a redis:// URL.")
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "buendnis",
        }
    }
