"""Two web requests writing to the SQLite file at once (autosave and publish) both succeed.

The test database is in memory, so the writers run in a separate process on a file database
configured exactly as `make run` configures var/db.sqlite3.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

WRITERS = """
import json, threading, time
import django
django.setup()
from django.db import connection, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counter (n integer)")
    cursor.execute("INSERT INTO counter VALUES (0)")

failures = []

def request():
    # Like a page save: read, think, write, in one transaction on this thread's connection.
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT n FROM counter")
            n = cursor.fetchone()[0]
            time.sleep(0.3)
            cursor.execute("UPDATE counter SET n = %s", [n + 1])
    except Exception as error:
        failures.append(str(error))
    finally:
        connection.close()

threads = [threading.Thread(target=request) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM counter")
    n = cursor.fetchone()[0]
    cursor.execute("PRAGMA journal_mode")
    mode = cursor.fetchone()[0]
print(json.dumps({"failures": failures, "n": n, "journal_mode": mode}))
"""


def test_two_writers_that_read_first_both_succeed(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", WRITERS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    # Neither failed with "database is locked", and neither increment was lost.
    assert outcome == {"failures": [], "n": 2, "journal_mode": "wal"}
