"""A webhook consumer that is slow never holds up an editor: publishing only queues deliveries.
The task worker then logs each timed-out delivery with its reason, retries it after the backoff
and delivers once the consumer answers in time again.

The consumer is a real HTTP server (tests/webhooks/conftest.py) that holds its answers until
the test releases them; the editor publishes through the Wagtail admin views; the worker is
the real `db_worker` command. Database transactions are real too (transactional_db), so
deliveries are queued on commit exactly as in production.
"""

import json
import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.test.utils.form_data import rich_text

from cms.webhooks.delivery import SIGNATURE_HEADER, backoff, verify
from cms.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from home.models import NewsPage
from tests.webhooks.conftest import receiver  # noqa: F401

SECRET = "geteiltes-geheimnis"
TITLES = [f"Meldung {n} (fiktiv)" for n in (1, 2, 3)]


def news_form(title, slug):
    return {
        "title": title,
        "slug": slug,
        "date": "2026-11-27",
        "kind": "news",
        "intro": "Kurzmeldung",
        "body": rich_text("<p>Text der Meldung.</p>"),
        "action-publish": "action-publish",
    }


def run_worker():
    """One pass of the webhook worker as cron runs it: everything due, then exit."""
    call_command("db_worker", "--backend", "webhooks", "--batch", "--no-startup-delay", verbosity=0)


def deliveries():
    return list(WebhookDelivery.objects.order_by("pk"))


def queued_retries():
    return DBTaskResult.objects.filter(
        task_path="cms.webhooks.delivery.deliver_webhook", status=TaskResultStatus.READY
    ).order_by("run_after")


@pytest.fixture
def slow_receiver(transactional_db, receiver, settings):  # noqa: F811
    """The consumer takes longer than the delivery timeout until `hold` is set."""
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.5
    receiver["state"]["hold"] = threading.Event()
    WebhookEndpoint.objects.create(
        name="Langsames Portal (fiktiv)",
        url=receiver["url"],
        secret=SECRET,
        events=[WebhookEvent.PAGE_PUBLISHED],
    )
    return receiver


def test_a_slow_consumer_never_holds_up_publishing_and_gets_every_page_once_it_answers(
    transactional_db,
    tree,  # noqa: F811
    slow_receiver,
    admin_client,
    monkeypatch,
):
    hold = slow_receiver["state"]["hold"]
    add = reverse("wagtailadmin_pages:add", args=("home", "newspage", tree["news"].pk))

    for n, title in enumerate(TITLES, 1):
        response = admin_client.post(add, news_form(title, f"meldung-{n}"))
        assert response.status_code == 302, response.context and response.context["form"].errors
    # Every publish returned while the consumer was still holding: none of them waited for it.
    assert not hold.is_set()
    pages = {page.pk: page for page in NewsPage.objects.live().filter(title__in=TITLES)}
    assert len(pages) == len(TITLES)
    assert slow_receiver["received"] == []
    pending = [(d.status, d.attempts) for d in deliveries()]
    assert pending == [(DeliveryStatus.PENDING, 0)] * len(TITLES)

    run_worker()
    # The consumer got each request but did not answer in time: logged with the reason.
    assert len(slow_receiver["received"]) == len(TITLES)
    first_try = deliveries()
    assert [(d.status, d.attempts, d.response_code) for d in first_try] == [
        (DeliveryStatus.RETRYING, 1, None)
    ] * len(TITLES)
    assert all("timed out" in d.last_error for d in first_try), [d.last_error for d in first_try]
    log = admin_client.get(f"/admin/webhook_deliveries/inspect/{first_try[0].pk}/")
    assert "timed out" in log.content.decode()
    # Retried later, not hammered: the next try waits for the backoff.
    due = [d.next_attempt_at for d in first_try]
    assert all(at >= timezone.now() + backoff(1) - timedelta(seconds=5) for at in due)
    assert sorted(r.run_after for r in queued_retries()) == sorted(due)
    run_worker()
    assert len(slow_receiver["received"]) == len(TITLES)

    # The consumer answers normally again; once the backoff has passed, the worker delivers.
    hold.set()
    now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: now() + backoff(1) + timedelta(seconds=1))
    run_worker()
    assert [(d.status, d.attempts, d.response_code, d.last_error) for d in deliveries()] == [
        (DeliveryStatus.SUCCEEDED, 2, 200, "")
    ] * len(TITLES)
    retried = slow_receiver["received"][len(TITLES) :]
    assert all(verify(SECRET, r["headers"][SIGNATURE_HEADER], r["body"]) for r in retried)
    assert sorted(json.loads(r["body"])["data"]["id"] for r in retried) == sorted(pages)
    assert not queued_retries().exists()
