"""No sentinel from a personal or internal field reaches an anonymous visitor or a read token."""

from django.test import RequestFactory
from django.urls import get_resolver
from wagtail.models import APIToken

from .crawl import Crawler

SEEDS = [
    "/",
    "/sitemap.xml",
    "/robots.txt",
    "/api/v3/openapi.json",
    "/oparl/v1.1/",
    "/feeds/news.atom",
    "/suche/?q=SentinelLeak",
    "/suche/?q=Protokoll",
    "/gibt-es-nicht-SentinelLeak/",
]


def leaks(crawler, planted):
    return [
        f"{origin} on {path}"
        for path, body in crawler.bodies.items()
        for sentinel, origin in planted.items()
        if sentinel in body
    ]


def assert_wide_crawl(crawler):
    """A crawl that quietly stops at the home page would prove nothing."""
    paths = crawler.bodies.keys()
    assert len(paths) > 30, sorted(paths)
    assert any(p.startswith("/api/v3/") and p != "/api/v3/openapi.json" for p in paths)
    assert any(p.startswith("/oparl/v1.1/") and p != "/oparl/v1.1/" for p in paths)
    assert not [p for p, status in crawler.statuses.items() if status >= 500]


def test_anonymous_crawl_shows_no_personal_or_internal_data(client, sentinel_site):
    crawler = Crawler(client).run(SEEDS)
    assert_wide_crawl(crawler)
    assert not leaks(crawler, sentinel_site)


def test_read_token_without_register_permission_sees_nothing_personal(
    client, sentinel_site, django_user_model
):
    reader = django_user_model.objects.create_user("leser", password="x-leser-passwort-1")
    _, token = APIToken.create_token(user=reader, name="Lesezugriff Website")
    crawler = Crawler(client, headers={"Authorization": f"Bearer {token}"}).run(SEEDS)
    assert_wide_crawl(crawler)
    assert not leaks(crawler, sentinel_site)


def test_error_pages_show_no_sentinel(rf: RequestFactory, client, sentinel_site):
    not_found = client.get("/seite-gibt-es-nicht/")
    assert not_found.status_code == 404
    server_error = get_resolver().resolve_error_handler(500)(rf.get("/"))
    assert server_error.status_code == 500
    for body in (not_found.content.decode(), server_error.content.decode()):
        assert not [s for s in sentinel_site if s in body]


def test_the_proof_can_fail(client, sentinel_site):
    """Publishing consent makes a planted contact visible: the crawl must then report it."""
    from network.models import ContactPerson, PartnerPage

    partner = PartnerPage.objects.live().first()
    contact = ContactPerson.objects.filter(member=partner.member).first() or (
        ContactPerson.objects.create(member=partner.member, name="SentinelLeak9999")
    )
    ContactPerson.objects.filter(pk=contact.pk).update(
        name="SentinelLeak9999", publish_consent=True, consent_date="2026-01-01"
    )
    crawler = Crawler(client).run(["/"])
    assert leaks(crawler, {"SentinelLeak9999": "consented contact"})
