"""Signing, sending and retrying webhook deliveries: plain functions the task and tests call."""

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from cms.retry import backoff
from cms.retry import enqueue as enqueue_task
from cms.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from cms.webhooks.targets import opener

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Buendnis-Signature"
EVENT_HEADER = "X-Buendnis-Event"
DELIVERY_HEADER = "X-Buendnis-Delivery"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """`t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`; the timestamp makes replays detectable."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret: str, header: str, body: bytes, *, tolerance=300, now=None) -> bool:
    """What a receiver does: check the signature and refuse stale timestamps."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), header)


def dispatch(event: str, data: dict) -> list[WebhookDelivery]:
    """Record a delivery per subscribed endpoint and queue it once the transaction commits."""
    deliveries = []
    for endpoint in WebhookEndpoint.objects.filter(is_active=True):
        if not endpoint.wants(event):
            continue
        payload = {"event": event, "occurred_at": timezone.now().isoformat(), "data": data}
        delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=event, payload=payload)
        deliveries.append(delivery)
        transaction.on_commit(lambda pk=delivery.pk: enqueue(pk))
    return deliveries


def enqueue(delivery_id, run_after=None):
    enqueue_task(deliver_webhook, delivery_id, run_after)


@task(backend="webhooks")
def deliver_webhook(delivery_id: int):
    """The worker's task; it lives here because a failed attempt re-queues it."""
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    # An endpoint deleted meanwhile, or a delivery already done by an earlier run, needs nothing.
    if delivery is None or delivery.status in (DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED):
        return None
    return attempt(delivery).status


def attempt(delivery: WebhookDelivery) -> WebhookDelivery:
    """One POST; on failure schedule the next try with backoff until the attempts run out."""
    body = json.dumps(delivery.payload, cls=DjangoJSONEncoder).encode()
    request = urllib.request.Request(
        delivery.endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "buendnis-cms-webhooks/1",
            EVENT_HEADER: delivery.event,
            DELIVERY_HEADER: str(delivery.pk),
            SIGNATURE_HEADER: sign(delivery.endpoint.secret, int(time.time()), body),
        },
    )
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    try:
        with opener().open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as reply:
            delivery.response_code = reply.status
        delivery.status = DeliveryStatus.SUCCEEDED
        delivery.last_error = ""
        delivery.next_attempt_at = None
    except urllib.error.HTTPError as error:
        delivery.response_code = error.code
        if 300 <= error.code < 400:
            # Never followed (cms.webhooks.targets): the signed payload stays with this URL.
            location = error.headers.get("Location", "")
            logger.warning("Webhook %s: redirect to %r not followed", delivery.pk, location)
            _failed(
                delivery,
                _("HTTP %(code)s: Weiterleitung nach „%(location)s“ nicht gefolgt")
                % {"code": error.code, "location": location},
            )
        else:
            _failed(delivery, f"HTTP {error.code}")
    except (urllib.error.URLError, OSError) as error:
        delivery.response_code = None
        _failed(delivery, str(getattr(error, "reason", error)))
    delivery.save()
    if delivery.status == DeliveryStatus.RETRYING:
        enqueue(delivery.pk, run_after=delivery.next_attempt_at)
    return delivery


def _failed(delivery, message):
    delivery.last_error = message
    if delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
        logger.warning("Webhook %s finally failed: %s", delivery.pk, message)
    else:
        delivery.status = DeliveryStatus.RETRYING
        delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
