"""The coordination office's everyday journey in a real browser, typed the way Germans write.

The date picker used to replace "05.03.2030 18:00" by the current time when the field lost
focus, and the standing agenda used to be added on the server behind the editor's back; both
only show with a browser and the whole round trip to the site and the calendar feed.
"""

import re

import pytest
from icalendar import Calendar

from events.models import SessionPage

from .test_visitor import log_in_as_superuser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def remove_offered_agenda(page):
    """The add form offers the body's standing agenda; this session needs other items."""
    buttons = page.locator("[id^='id_agenda_items-'][id$='-DELETE-button']")
    for index in range(buttons.count()):
        buttons.nth(index).click()


def add_agenda_item(page, title):
    page.locator("#id_agenda_items-ADD").click()
    page.locator("input[id^='id_agenda_items-'][id$='-title']").last.fill(title)


def test_office_types_a_german_date_and_two_items_and_visitors_see_exactly_those(
    browser_page, site_data, django_user_model, client
):
    page = log_in_as_superuser(browser_page, django_user_model, "buero")
    plenary = site_data["plenary"]
    page.goto(f"/admin/pages/add/events/sessionpage/{plenary.pk}/")
    page.locator("#id_title").fill("Sondersitzung zur Aktionswoche")
    start = page.locator("#id_start")
    start.fill("05.03.2030 18:00")
    start.press("Tab")  # leaving the field is where the picker used to overwrite it
    assert start.input_value() == "05.03.2030 18:00"
    remove_offered_agenda(page)
    add_agenda_item(page, "Bericht des Koordinierungsbüros")
    add_agenda_item(page, "Planung der Aktionswoche")
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.locator("button[name='action-publish']").click()
    # After publishing, Wagtail shows the body's subpages (the add form matched "pages/" too).
    page.wait_for_url(re.compile(rf"/admin/pages/{plenary.pk}/$"))

    session = SessionPage.objects.get(title="Sondersitzung zur Aktionswoche")
    assert session.live
    assert session.start.astimezone().strftime("%d.%m.%Y %H:%M") == "05.03.2030 18:00"
    titles = list(session.agenda_items.values_list("title", flat=True))
    assert titles == ["Bericht des Koordinierungsbüros", "Planung der Aktionswoche"]

    page.goto(session.url)
    agenda = page.locator("main ol li, main .agenda li").all_inner_texts()
    assert [t for t in agenda if "Bericht" in t or "Planung" in t] == agenda
    assert len(agenda) == 2
    assert page.get_by_text("5. März 2030").count() >= 1

    feed = client.get(f"/kalender/sitzung/{session.pk}.ics")
    [entry] = Calendar.from_ical(b"".join(feed.streaming_content)).walk("VEVENT")
    assert entry.decoded("dtstart").astimezone().strftime("%d.%m.%Y %H:%M") == "05.03.2030 18:00"
