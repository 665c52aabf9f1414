"""Nothing personal or internal reaches a visitor on any page the site renders."""

import pytest

from events.models import EventIndexPage
from network.models import PartnerIndexPage, WorkingGroupIndexPage
from tests.demo_content import SITE_SENTINELS

pytestmark = pytest.mark.django_db


def public_urls(data):
    partners = PartnerIndexPage.objects.get().url
    return [
        "/",
        WorkingGroupIndexPage.objects.get().url,
        data["plenary"].url,
        data["session"].url,
        data["past_session"].url,
        partners,
        partners + "?q=Sentinel",
        data["partner"].url,
        EventIndexPage.objects.get().url,
        EventIndexPage.objects.get().url + "?ansicht=monat",
        data["event"].url,
        data["news"].get_parent().url,
        data["news"].url,
        "/suche/?q=Sentinel",
        "/sitemap.xml",
        "/robots.txt",
    ]


def test_no_page_shows_unconsented_people_contacts_notes_or_drafts(client, site_data):
    for url in public_urls(site_data):
        html = client.get(url).content.decode()
        for label, sentinel in SITE_SENTINELS.items():
            assert sentinel not in html, f"{label} leaked on {url}"


def test_consented_contact_appears_on_the_profile(client, site_data):
    from network.models import ContactPerson

    member = site_data["partner"].member
    ContactPerson.objects.create(
        member=member,
        name="Erlaubt Öffentlich",
        email="oeffentlich@example.org",
        publish_consent=True,
        consent_date="2026-01-01",
    )
    html = client.get(site_data["partner"].url).content.decode()
    assert "Erlaubt Öffentlich" in html
    assert SITE_SENTINELS["unconsented_contact"] not in html


def test_partner_directory_lists_only_published_profiles(client, site_data):
    site_data["partner"].unpublish()
    html = client.get(PartnerIndexPage.objects.get().url).content.decode()
    assert site_data["partner"].title not in html
    assert "Kirchgemeinde Crimmitschau (fiktiv)" in html


def test_search_never_returns_draft_pages(client, site_data):
    html = client.get("/suche/", {"q": "Entwurfsseite"}).content.decode()
    assert "Keine Treffer" in html
