import datetime
import socket

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cms.webhooks.delivery import SIGNATURE_HEADER, backoff, deliver_webhook, sign, verify
from cms.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from network.models import Member
from network.workflow import MemberStatus, change_status


@pytest.fixture
def endpoint(tree, receiver):
    return WebhookEndpoint.objects.create(
        name="Portal (fiktiv)",
        url=receiver["url"],
        secret="geteiltes-geheimnis",
        events=[WebhookEvent.PAGE_PUBLISHED, WebhookEvent.MEMBER_ADMITTED],
    )


def publish_news(make_news, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_news(title="Neue Meldung")


def queued():
    return DBTaskResult.objects.filter(task_path="cms.webhooks.delivery.deliver_webhook")


def test_publishing_queues_a_signed_delivery_the_receiver_can_verify(
    endpoint, receiver, make_news, django_capture_on_commit_callbacks
):
    page = publish_news(make_news, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get(event=WebhookEvent.PAGE_PUBLISHED)
    assert queued().count() == 1
    assert receiver["received"] == []  # publishing only queued it

    assert deliver_webhook.call(delivery.pk) == DeliveryStatus.SUCCEEDED
    got = receiver["received"][0]
    assert verify("geteiltes-geheimnis", got["headers"][SIGNATURE_HEADER], got["body"])
    assert not verify("falsches-geheimnis", got["headers"][SIGNATURE_HEADER], got["body"])
    assert receiver["json"]()["data"]["id"] == page.pk
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("succeeded", 1, 200)


def test_replayed_or_tampered_payloads_fail_verification():
    body = b'{"event": "page.published"}'
    old = int(timezone.now().timestamp()) - 3600
    assert not verify("s", sign("s", old, body), body)
    now = int(timezone.now().timestamp())
    assert not verify("s", sign("s", now, body), body + b" ")
    assert verify("s", sign("s", now, body), body)


def test_failures_are_retried_with_backoff_then_given_up(
    endpoint, receiver, make_news, django_capture_on_commit_callbacks, settings
):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    receiver["state"]["status"] = 503
    publish_news(make_news, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()

    assert deliver_webhook.call(delivery.pk) == DeliveryStatus.RETRYING
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.response_code) == (1, 503)
    assert delivery.next_attempt_at > timezone.now() + datetime.timedelta(seconds=25)
    retry = queued().order_by("-enqueued_at").first()
    assert queued().count() == 2 and retry.run_after is not None

    deliver_webhook.call(delivery.pk)
    assert deliver_webhook.call(delivery.pk) == DeliveryStatus.FAILED
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    assert len(receiver["received"]) == 3
    assert backoff(1) < backoff(2) < backoff(3)


def test_a_consumer_that_is_down_never_breaks_publishing(
    tree, make_news, django_capture_on_commit_callbacks
):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead_port = sock.getsockname()[1]
    WebhookEndpoint.objects.create(
        name="Weg", url=f"http://127.0.0.1:{dead_port}/", events=[WebhookEvent.PAGE_PUBLISHED]
    )
    page = publish_news(make_news, django_capture_on_commit_callbacks)
    assert page.live
    delivery = WebhookDelivery.objects.get()
    assert deliver_webhook.call(delivery.pk) == DeliveryStatus.RETRYING
    delivery.refresh_from_db()
    assert delivery.response_code is None and delivery.last_error


def test_unsubscribed_and_inactive_endpoints_get_nothing(
    endpoint, make_news, django_capture_on_commit_callbacks
):
    endpoint.events = [WebhookEvent.PAGE_DELETED]
    endpoint.save()
    WebhookEndpoint.objects.create(
        name="Pausiert", url=endpoint.url, events=[WebhookEvent.PAGE_PUBLISHED], is_active=False
    )
    publish_news(make_news, django_capture_on_commit_callbacks)
    assert not WebhookDelivery.objects.exists()


def test_member_admission_is_announced(endpoint, receiver, db):
    member = Member.objects.create(name="Neuer Verein (fiktiv)")
    change_status(member, MemberStatus.RECOMMENDED)
    change_status(member, MemberStatus.ADMITTED, resolution="P-2026-04")
    delivery = WebhookDelivery.objects.get(event=WebhookEvent.MEMBER_ADMITTED)
    deliver_webhook.call(delivery.pk)
    data = receiver["json"]()["data"]
    assert (data["name"], data["status"], data["resolution"]) == (
        "Neuer Verein (fiktiv)",
        "admitted",
        "P-2026-04",
    )


def test_admin_manages_endpoints_and_shows_the_delivery_log(admin_client, endpoint, receiver):
    response = admin_client.post(
        "/admin/webhook_endpoints/new/",
        {
            "name": "Zweites Portal",
            "url": "https://portal.example.org/hook",
            "secret": "abc",
            "events": [WebhookEvent.PAGE_UNPUBLISHED, WebhookEvent.MEMBER_ENDED],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    created = WebhookEndpoint.objects.get(name="Zweites Portal")
    assert created.events == [WebhookEvent.PAGE_UNPUBLISHED, WebhookEvent.MEMBER_ENDED]
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event=WebhookEvent.PAGE_PUBLISHED, payload={}, status="failed"
    )
    log = admin_client.get("/admin/webhook_deliveries/")
    assert log.status_code == 200
    assert "Portal (fiktiv)" in log.content.decode()
    assert admin_client.get(f"/admin/webhook_deliveries/inspect/{delivery.pk}/").status_code == 200
    assert admin_client.get("/admin/webhook_deliveries/new/").status_code in (302, 403)
