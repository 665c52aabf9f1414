"""cms.gunicorn_conf: a cleanly stopping worker leaves at once; a failed boot keeps its status."""

import subprocess
import sys
import textwrap

from bench.run import ROOT

WORKER = """
import atexit, sys
from types import SimpleNamespace
from cms.gunicorn_conf import worker_exit

atexit.register(lambda: print("python cleaned up"))
try:
    sys.exit({code})
finally:
    worker_exit(server=None, worker=SimpleNamespace(booted={booted}))
"""


def exit_of(code, booted):
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(WORKER.format(code=code, booted=booted))],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "cms.settings.test", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.returncode, done.stdout.strip()


def test_a_clean_stop_skips_pythons_clean_up():
    assert exit_of(0, booted=True) == (0, "")


def test_a_failed_boot_and_errors_keep_their_exit_status():
    assert exit_of(3, booted=False) == (3, "python cleaned up")
    assert exit_of(1, booted=True) == (1, "python cleaned up")
