"""Redaktion publishes an event and a news item, typed the German way, and visitors find both.

The editorial group may add, change and publish pages in the calendar and the news section
(network.roles); everything else of the admin, the member register above all, stays closed.
"""

import datetime
import re

import feedparser
import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from events.models import EventIndexPage, EventPage
from home.models import NewsIndexPage, NewsPage
from network.roles import EDITORS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EVENT = "Lesung: Stimmen der Vielfalt"
NEWS = "Bündnis ruft zur Aktionswoche auf"


def publish(page, index):
    """ "Veröffentlichen" sits in the save button's dropdown; afterwards the section is listed."""
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_url(re.compile(rf"/admin/pages/{index.pk}/$"))
    expect(page.locator(".messages")).to_contain_text(
        re.compile(r"wurde (erstellt und )?veröffentlicht")
    )


def add_page(page, index, type_name):
    """From the section's listing, as the editor finds it: "Unterseite hinzufügen", then the type."""
    page.goto(f"/admin/pages/{index.pk}/")
    page.get_by_role("link", name="Unterseite hinzufügen").first.click()
    if page.get_by_role("link", name=type_name, exact=True).count():
        page.get_by_role("link", name=type_name, exact=True).click()
    expect(page.locator("#id_title")).to_be_visible()


def summaries(ical):
    return [str(entry["summary"]) for entry in Calendar.from_ical(ical).walk("VEVENT")]


def type_date(field, text):
    """Typed, then leaving the field: where the picker used to replace the input."""
    field.fill(text)
    field.press("Tab")
    expect(field).to_have_value(text)


def test_redaktion_publishes_an_event_and_a_news_item_that_visitors_find(
    browser_page, server_errors, shot, log_in_as_role, demo
):
    page = browser_page
    log_in_as_role(page, EDITORS)
    menu = page.get_by_role("navigation", name="Hauptmenü")
    expect(menu).to_contain_text("Seiten")
    expect(menu).not_to_contain_text("Aufnahmeanträge")
    expect(menu).not_to_contain_text("Netzwerk")
    shot(page, "dashboard")

    events = EventIndexPage.objects.get()
    add_page(page, events, "Veranstaltung")
    page.locator("#id_title").fill(EVENT)
    type_date(page.locator("#id_start"), "05.03.2030 18:00")
    type_date(page.locator("#id_end"), "05.03.2030 20:00")
    page.get_by_role("checkbox", name="Bildung", exact=True).check()
    page.locator("#id_intro").fill("Autorinnen aus der Region lesen und sprechen über Vielfalt.")
    shot(page, "veranstaltung-ausgefuellt")
    publish(page, events)
    shot(page, "veranstaltung-veroeffentlicht")

    event = EventPage.objects.get(title=EVENT)
    assert event.live
    assert timezone.localtime(event.start).strftime("%d.%m.%Y %H:%M") == "05.03.2030 18:00"
    assert timezone.localtime(event.end).strftime("%d.%m.%Y %H:%M") == "05.03.2030 20:00"

    news_index = NewsIndexPage.objects.get()
    today = timezone.localdate()
    add_page(page, news_index, "Meldung")
    page.locator("#id_title").fill(NEWS)
    type_date(page.locator("#id_date"), today.strftime("%d.%m.%Y"))
    page.locator("#id_intro").fill("Vom 5. bis 12. März zeigt das Bündnis Gesicht.")
    shot(page, "meldung-ausgefuellt")
    publish(page, news_index)
    shot(page, "meldung-veroeffentlicht")
    news = NewsPage.objects.get(title=NEWS)
    assert news.live and news.date == today

    # What visitors see: the calendar, the event's page and its calendar entry.
    page.goto(events.url + "?ansicht=monat&monat=2030-03")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    subscription = page.get_by_role("link", name="alle Veranstaltungen").get_attribute("href")
    assert EVENT in summaries(page.request.get(subscription).body())
    page.locator("table.month").get_by_role("link", name=EVENT).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(EVENT)
    main = page.locator("main")
    expect(main).to_contain_text("5. März 2030")
    expect(main).to_contain_text("18:00")
    shot(page, "veranstaltung-oeffentlich")
    ical = page.get_by_role("link", name="In den Kalender eintragen (iCal)").get_attribute("href")
    entry = page.request.get(ical)
    assert entry.headers["content-type"].startswith("text/calendar")
    [vevent] = Calendar.from_ical(entry.body()).walk("VEVENT")
    assert summaries(entry.body()) == [EVENT]
    start = vevent.decoded("dtstart").astimezone(timezone.get_current_timezone())
    assert start.strftime("%d.%m.%Y %H:%M") == "05.03.2030 18:00"
    assert vevent.decoded("dtend") - vevent.decoded("dtstart") == datetime.timedelta(hours=2)

    page.goto(news_index.url)
    page.get_by_role("link", name=NEWS).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NEWS)
    shot(page, "meldung-oeffentlich")
    # The feed a reader finds in the page's head.
    atom = page.locator("link[rel=alternate][type='application/atom+xml']").get_attribute("href")
    feed = feedparser.parse(page.request.get(atom).body())
    assert not feed.bozo
    newest = feed.entries[0]
    assert newest.title == NEWS
    assert newest.link.endswith(news.url)

    assert server_errors == []
