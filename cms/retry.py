"""Retrying background deliveries (webhooks, e-mail): backoff and re-queuing on the task worker."""

from datetime import timedelta

BACKOFF_BASE_SECONDS = 30


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min …: a receiver that is down is not hammered."""
    return timedelta(seconds=BACKOFF_BASE_SECONDS * 2 ** (attempts - 1))


def enqueue(task, pk, run_after=None):
    (task.using(run_after=run_after) if run_after else task).enqueue(pk)
