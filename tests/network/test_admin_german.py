"""The admin speaks German: no raw None/True/False, no "Home", no "- Wagtail", proper plurals."""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from network.models import MembershipApplication, Person

pytestmark = pytest.mark.django_db

SITE_NAME = "Bündnis für Demokratie und Toleranz der Zwickauer Region"


def main_text(response):
    """The visible words of the page's header and main area."""
    page = BeautifulSoup(response.content, "html.parser")
    for hidden in page(["script", "style", "template", "svg"]):
        hidden.decompose()
    return re.sub(r"\s+", " ", page.find("main").get_text(" "))


def breadcrumbs(response):
    page = BeautifulSoup(response.content, "html.parser")
    nav = page.find("nav", attrs={"aria-label": True}, class_=re.compile("breadcrumb")) or page
    return [a.get_text(" ", strip=True) for a in nav.select("[data-w-breadcrumbs-target] a")]


def raw_words(text):
    return [word for word in ("None", "True", "False", "Home") if re.search(rf"\b{word}\b", text)]


def application():
    return MembershipApplication.objects.create(
        organisation="Beispielverein Antrag (fiktiv)",
        kind="association",
        municipality="Zwickau",
        contact_name="Erika Beispiel",
        email="erika@example.org",
        privacy_consent_at=timezone.now(),
    )


def test_member_views_show_no_raw_values(admin_client, make_member):
    member = make_member()  # a fresh entry: no status date, no end reason
    for url in (
        reverse("wagtailsnippets_network_member:inspect", args=(member.pk,)),
        reverse("network_member_status", args=(member.pk,)),
        reverse("network_member_import"),
    ):
        text = main_text(admin_client.get(url))
        assert raw_words(text) == [], url
    inspect = main_text(
        admin_client.get(reverse("wagtailsnippets_network_member:inspect", args=(member.pk,)))
    )
    assert "Status seit –" in inspect


def test_status_and_reject_forms_lead_back_through_german_breadcrumbs(admin_client, make_member):
    member = make_member()
    response = admin_client.get(reverse("network_member_status", args=(member.pk,)))
    assert breadcrumbs(response)[:3] == ["Start", "Mitgliederverzeichnis", member.name]
    inbox_entry = application()
    response = admin_client.get(
        reverse("network_membershipapplication_modeladmin_reject", args=(inbox_entry.pk,))
    )
    assert breadcrumbs(response)[:3] == ["Start", "Aufnahmeanträge", inbox_entry.organisation]
    assert raw_words(main_text(response)) == []


def test_people_listing_and_inspect_say_ja_and_nein(admin_client):
    Person.objects.create(name="Anna Muster (fiktiv)", publish_consent=True)
    Person.objects.create(name="Max Beispiel (fiktiv)")
    text = main_text(admin_client.get(reverse("wagtailsnippets_network_person:list")))
    assert " ja " in f" {text} " and " nein " in f" {text} "
    assert raw_words(text) == []
    person = Person.objects.get(name="Max Beispiel (fiktiv)")
    text = main_text(
        admin_client.get(reverse("wagtailsnippets_network_person:inspect", args=(person.pk,)))
    )
    assert "Organisation –" in text and "veröffentlichen nein" in text
    assert raw_words(text) == []


def test_register_listing_counts_entries_in_german(admin_client, make_member):
    make_member()
    text = main_text(admin_client.get(reverse("wagtailsnippets_network_member:list")))
    assert "1 Eintrag" in text and "Mitgliederverzeichnis Massenaktionen" not in text
    make_member()
    text = main_text(admin_client.get(reverse("wagtailsnippets_network_member:list")))
    assert "2 Einträge" in text


def test_application_inspect_leads_back_in_german(admin_client):
    inbox_entry = application()
    text = main_text(
        admin_client.get(
            reverse("network_membershipapplication_modeladmin_inspect", args=(inbox_entry.pk,))
        )
    )
    assert "Zurück zur Liste der Aufnahmeanträge" in text
    assert "Aufnahmeantrag Liste" not in text


def test_tab_titles_name_the_alliance_and_avatars_stay_local(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    title = BeautifulSoup(response.content, "html.parser").title.get_text()
    assert title.endswith(f"- {SITE_NAME}") and "Wagtail" not in title
    assert "gravatar" not in response.content.decode()


def test_dashboard_panel_uses_wagtails_padded_listing(admin_client):
    page = BeautifulSoup(admin_client.get(reverse("wagtailadmin_home")).content, "html.parser")
    panel = page.find(id="due-sessions-content")
    assert panel.find("table", class_="listing--dashboard") is not None
