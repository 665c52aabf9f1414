"""gunicorn settings of the app servers: `gunicorn --config python:cms.gunicorn_conf cms.wsgi`."""

import os
import sys

# The app is loaded before the socket opens, and workers fork from the loaded master. Without
# it a (re)starting server listens at once while its workers still import Django and Wagtail
# (10 s on a busy two-core host): nginx's connections wait in the queue instead of being
# refused and sent to the other server. New code then needs a restart, not a HUP.
preload_app = True


def pre_fork(server, worker):
    """No worker inherits a database connection the master opened while loading the app."""
    from django.db import connections

    connections.close_all()


def worker_exit(server, worker):
    """A worker that stops cleanly leaves at once, without Python's own clean-up.

    By now it has finished its requests. Tearing down a Wagtail process (modules, caches, the
    garbage collector) takes seconds, 7 s on a busy two-core host, and meanwhile the worker still
    holds the listening socket: connections queue there, and only when it is gone are they
    refused and sent to the other server by nginx. A worker that failed to boot keeps its exit
    status, by which gunicorn's master notices the failure.
    """
    exiting = sys.exc_info()[1]
    if worker.booted and isinstance(exiting, SystemExit) and exiting.code in (0, None):
        from django.db import connections

        connections.close_all()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
