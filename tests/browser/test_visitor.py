"""Visitors and editors using the site in a real browser (Debian chromium)."""

import os
import re

import pytest

from events.models import EventIndexPage, SessionPage
from network.models import PartnerIndexPage, WorkingGroupIndexPage

from .conftest import blocking_violations, log_in, publish_from_the_footer, save_screenshots

# The live server reads committed data, hence transactional tests; the demo snapshot and
# `ensure_wagtail_base` put back what each test's flush removes.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def page_types(data):
    """One URL per visitor page type, named for screenshots."""
    return {
        "start": "/",
        "gremien": WorkingGroupIndexPage.objects.get().url,
        "gremium": data["plenary"].url,
        "sitzung": data["past_session"].url,
        "partner": PartnerIndexPage.objects.get().url,
        "partnerprofil": data["partner"].url,
        "kalender": EventIndexPage.objects.get().url,
        "kalender-monat": EventIndexPage.objects.get().url + "?ansicht=monat",
        "veranstaltung": data["event"].url,
        "aktuelles": data["news"].get_parent().url,
        "meldung": data["news"].url,
        "textseite": "/praeambel/",
        "suche": "/suche/?q=Partner",
        "nicht-gefunden": "/gibt-es-nicht/",
    }


def test_every_page_type_has_no_serious_accessibility_violations(browser_page, site_data):
    found = {}
    for name, url in page_types(site_data).items():
        for width in (375, 1280):
            browser_page.set_viewport_size({"width": width, "height": 900})
            browser_page.goto(url)
            violations = blocking_violations(browser_page)
            if violations:
                found[f"{name}@{width}"] = violations
    assert found == {}


def test_pages_fit_a_320px_phone_without_sideways_scrolling(browser_page, site_data):
    browser_page.set_viewport_size({"width": 320, "height": 700})
    for name, url in page_types(site_data).items():
        browser_page.goto(url)
        overflow = browser_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, name


def test_skip_link_moves_keyboard_focus_to_the_content(browser_page, site_data):
    browser_page.goto("/")
    browser_page.keyboard.press("Tab")
    skip = browser_page.get_by_role("link", name="Zum Inhalt springen")
    assert skip.evaluate("element => element === document.activeElement")
    skip.press("Enter")
    assert browser_page.evaluate("document.activeElement.id") == "main"


def test_visitor_filters_directory_by_topic_and_town_and_opens_profile(browser_page, site_data):
    browser_page.goto(PartnerIndexPage.objects.get().url)
    browser_page.get_by_label("Themenfeld").select_option(label="Kinder und Jugend")
    browser_page.get_by_label("Ort").select_option("Werdau")
    browser_page.get_by_role("button", name="Anzeigen").click()
    browser_page.wait_for_url("**town=Werdau**")
    assert browser_page.get_by_role("status").inner_text() == "1 Bündnispartner gefunden"
    assert browser_page.get_by_text("Kirchgemeinde Crimmitschau (fiktiv)").count() == 0
    browser_page.get_by_role("link", name="Jugendforum Werdau (fiktiv)").click()
    assert browser_page.get_by_role("heading", level=1).inner_text() == (
        "Jugendforum Werdau (fiktiv)"
    )
    assert browser_page.get_by_role("heading", name="Mitarbeit in Gremien").is_visible()


def test_visitor_finds_a_bodys_calendar_subscription(browser_page, site_data):
    browser_page.goto(WorkingGroupIndexPage.objects.get().url)
    browser_page.get_by_role("link", name=site_data["plenary"].title).first.click()
    link = browser_page.get_by_role("link", name="im Kalender abonnieren")
    response = browser_page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in response.text()
    assert site_data["session"].title in response.text()


def log_in_as_superuser(page, django_user_model, username):
    django_user_model.objects.create_superuser(username, f"{username}@example.org", "x-secret-42")
    return log_in(page, username, "x-secret-42")


def test_editor_creates_and_publishes_a_session_that_visitors_then_see(
    browser_page, site_data, django_user_model
):
    page = log_in_as_superuser(browser_page, django_user_model, "redaktion")
    plenary = site_data["plenary"]
    page.goto(f"/admin/pages/add/events/sessionpage/{plenary.pk}/")
    page.locator("#id_title").fill("Sondersitzung Aktionswoche")
    page.locator("#id_start").fill("05.03.2030 18:00")
    # Leaving the field closes the date picker, which could otherwise cover the footer menu.
    page.locator("#id_start").press("Tab")
    publish_from_the_footer(page)
    # After publishing, Wagtail shows the body's subpages (the add form matched "pages/" too).
    page.wait_for_url(re.compile(rf"/admin/pages/{plenary.pk}/$"))
    session = SessionPage.objects.get(title="Sondersitzung Aktionswoche")
    assert session.live
    page.goto(plenary.url)
    assert page.get_by_role("link", name="Sondersitzung Aktionswoche").count() == 1


@pytest.mark.skipif(not os.environ.get("WRITE_SCREENSHOTS"), reason="nur für `make screenshots`")
def test_write_screenshots_of_main_pages(browser_page, site_data):
    for name, url in page_types(site_data).items():
        response = browser_page.goto(url)
        assert response.status == (404 if name == "nicht-gefunden" else 200), name
        save_screenshots(browser_page, name)


def test_visitor_sees_sessions_and_events_in_the_calendar(browser_page, site_data):
    page = browser_page
    page.goto(EventIndexPage.objects.get().url)
    upcoming = page.locator(".plain-list > li")
    session = upcoming.filter(has_text=site_data["session"].title)
    event = upcoming.filter(has_text=site_data["event"].title)
    # Told apart by a word, not by colour alone.
    assert session.locator(".badge").inner_text() == "Sitzung"
    assert event.locator(".badge").inner_text() == "Veranstaltung"
    assert "Uhr" in session.inner_text() and "00:00" not in event.inner_text()

    page.get_by_role("link", name="Monatsansicht").click()
    month = site_data["session"].start.strftime("%Y-%m")
    page.goto(EventIndexPage.objects.get().url + f"?ansicht=monat&monat={month}")
    cell = page.locator("table.month li").filter(has_text=site_data["session"].title)
    assert cell.locator(".badge").inner_text() == "Sitzung"
    cell.get_by_role("link").click()
    assert page.get_by_role("heading", level=1).inner_text() == site_data["session"].title
    assert blocking_violations(page) == []


def test_agenda_shows_each_item_number_once(browser_page, site_data):
    browser_page.goto(site_data["past_session"].url)
    agenda = browser_page.locator("ol.agenda")
    assert agenda.evaluate("el => getComputedStyle(el).listStyleType") == "none"
    first = agenda.locator("li").first.inner_text()
    assert first.startswith("1 ") and not first.startswith("1 1")


def test_editor_picks_organisers_by_typing_and_topics_by_ticking(
    browser_page, site_data, django_user_model
):
    page = log_in_as_superuser(browser_page, django_user_model, "buero")
    page.goto(f"/admin/pages/add/events/eventpage/{EventIndexPage.objects.get().pk}/")
    # Topics are a short list of checkboxes, no Ctrl-click list box.
    assert page.locator("select[name=topics], select[name=organisers]").count() == 0
    page.get_by_role("checkbox", name="Asylrecht", exact=True).check()
    organisers = page.locator("#id_organisers")
    everyone = organisers.locator("label").count()
    page.get_by_role("searchbox", name="Liste durchsuchen").fill("kirchgemeinde")
    shown = organisers.locator("label:visible").all_inner_texts()
    assert 0 < len(shown) < everyone and all("kirchgemeinde" in name.lower() for name in shown)
    organisers.get_by_label("Kirchgemeinde Crimmitschau (fiktiv)").check()
    page.get_by_role("searchbox", name="Liste durchsuchen").fill("Jugend")
    # The ticked organiser stays in view while the editor looks for the next one.
    assert organisers.get_by_label("Kirchgemeinde Crimmitschau (fiktiv)").is_visible()
    assert organisers.get_by_label("Jugendforum Werdau (fiktiv)").is_visible()
