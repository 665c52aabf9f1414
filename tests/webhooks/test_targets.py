"""Webhooks reach only public HTTP(S) servers: refused on save and again on every connection
(a name may resolve differently later), and redirects are never followed."""

import socket

import pytest

from cms.webhooks.delivery import SIGNATURE_HEADER, attempt
from cms.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent

pytestmark = pytest.mark.django_db

INTERNAL = [
    "http://127.0.0.1:8000/hook",
    "http://localhost/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.1.2.3/hook",
    "http://172.16.0.1/hook",
    "http://192.168.178.1/hook",
    "http://100.64.0.1/hook",
    "http://0.0.0.0/hook",
    "http://[::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://[::ffff:169.254.169.254]/hook",
    "http://[fe80::1]/hook",
    "http://[fd00::1]/hook",
]
NOT_HTTP = ["ftp://example.org/hook", "file:///etc/passwd", "gopher://example.org/"]


def add_endpoint(admin_client, url):
    return admin_client.post(
        "/admin/webhook_endpoints/new/",
        {"name": "Ziel", "url": url, "secret": "s", "events": [WebhookEvent.PAGE_PUBLISHED]},
    )


@pytest.mark.parametrize("url", INTERNAL + NOT_HTTP)
def test_internal_and_non_http_targets_are_refused_on_save(admin_client, url):
    response = add_endpoint(admin_client, url)
    assert response.status_code == 200, "the form is shown again with the error"
    html = response.content.decode()
    assert "interne Adresse" in html or "Nur http- und https-Adressen" in html
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("url", ["https://203.0.113.7.nip.invalid/hook", "https://8.8.8.8/hook"])
def test_public_targets_are_accepted(admin_client, url):
    assert add_endpoint(admin_client, url).status_code == 302
    assert WebhookEndpoint.objects.get().url == url


def deliver_to(url):
    endpoint = WebhookEndpoint.objects.create(
        name="Ziel", url=url, secret="s", events=[WebhookEvent.PAGE_PUBLISHED]
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event=WebhookEvent.PAGE_PUBLISHED, payload={"data": {}}
    )
    return attempt(delivery)


def test_a_name_resolving_to_loopback_is_refused_at_connect_time(receiver, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    delivery = deliver_to(f"http://localhost:{receiver['port']}/hook")
    assert delivery.status == DeliveryStatus.RETRYING
    assert "interne Adresse" in delivery.last_error
    assert receiver["received"] == []


def test_a_name_that_later_resolves_inside_is_refused(receiver, settings, monkeypatch):
    """DNS rebinding: public when saved, loopback when the delivery connects."""
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    answers = iter(["93.184.215.14", "127.0.0.1"])

    def rebinding(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    endpoint = WebhookEndpoint(
        name="Ziel", url=f"http://consumer.example:{receiver['port']}/", events=["page.published"]
    )
    endpoint.full_clean()
    delivery = deliver_to(endpoint.url)
    assert "interne Adresse" in delivery.last_error
    assert receiver["received"] == []


def test_the_connection_goes_to_the_checked_address_and_keeps_the_name(receiver):
    delivery = deliver_to(f"http://localhost:{receiver['port']}/hook")
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert receiver["received"][0]["headers"]["Host"] == f"localhost:{receiver['port']}"


def test_a_redirect_is_not_followed_and_counts_as_failed(receiver):
    receiver["state"].update(status=302, headers={"Location": "/elsewhere"})
    delivery = deliver_to(receiver["url"])
    assert [r["method"] for r in receiver["received"]] == ["POST"], "only the one request"
    assert SIGNATURE_HEADER in receiver["received"][0]["headers"]
    assert (delivery.status, delivery.response_code) == (DeliveryStatus.RETRYING, 302)
    assert "Weiterleitung" in delivery.last_error and "/elsewhere" in delivery.last_error


def test_a_stored_file_url_is_never_opened(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    delivery = deliver_to("file:///etc/passwd")
    assert delivery.status == DeliveryStatus.RETRYING
    assert "root:" not in delivery.last_error
