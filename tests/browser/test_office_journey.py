"""The coordination office's everyday journey in a real browser, typed the way Germans write.

The date picker used to replace "05.03.2030 18:00" by the current time when the field lost
focus, the standing agenda used to be added on the server behind the editor's back, and a
publish click while the first autosave was under way posted the add form a second time (a 500
for the slug the autosave had just taken). All of it only shows with a browser and the whole
round trip to the site and the calendar feed.
"""

import logging
import re

import pytest
from icalendar import Calendar

from events.models import SessionPage
from network.roles import OFFICE, ensure_groups
from tests.http import body_bytes

from .conftest import log_in, publish_from_the_footer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Sondersitzung zur Aktionswoche"
ITEMS = ["Bericht des Koordinierungsbüros", "Planung der Aktionswoche"]


@pytest.fixture
def office_volunteer(django_user_model, site_data):
    user = django_user_model.objects.create_user("buero", "buero@example.org", "x-secret-42")
    user.groups.add(ensure_groups()[OFFICE])
    return user


def server_errors(page):
    """Every 5xx answer the browser receives from now on, page loads and autosaves alike."""
    errors = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    return errors


def is_autosave(request):
    return request.resource_type == "fetch" and request.method == "POST"


class HeldAutosaves:
    """The add form's autosaves stop at the browser's edge; the test sends them on.

    While an autosave's answer is on its way, the form still posts to the add address: the
    moment in which a publish click used to post the add form for a page the autosave had just
    created.
    """

    def __init__(self, page):
        self.page = page
        self.routes = []
        page.route(re.compile(r"/admin/pages/add/"), self.hold)

    def hold(self, route):
        if is_autosave(route.request):
            self.routes.append(route)
        else:
            route.fallback()

    def next(self):
        self.page.evaluate("0")  # a round trip: the handler has seen every request sent before
        if not self.routes:
            with self.page.expect_request(is_autosave):
                # What Wagtail's change watcher sends when it notices an edit.
                self.page.locator("#page-edit-form").dispatch_event("w-unsaved:add")
            self.page.evaluate("0")
        return self.routes.pop(0)

    def create_the_page(self):
        """Send autosaves on until one creates the page; its answer never reaches the browser.

        The watcher may have sent one while only some fields were typed; the server refuses
        that one (400), and the browser hears so and sends the next.
        """
        for _attempt in range(3):
            route = self.next()
            response = route.fetch()
            if response.ok:
                return response.json()
            route.fulfill(response=response)
        raise AssertionError("Kein Autosave hat die Seite angelegt.")


def watch_for_edits(page):
    """Wagtail notes the form's state two seconds after loading and autosaves changes against
    it; an editor starts typing later than that, the test waits for the same moment."""
    page.add_init_script(
        "document.addEventListener('w-unsaved:watch-edits', () => { window.watching = true; })"
    )


def remove_offered_agenda(page):
    """The add form offers the body's standing agenda; this session needs other items."""
    buttons = page.locator("[id^='id_agenda_items-'][id$='-DELETE-button']")
    for index in range(buttons.count()):
        buttons.nth(index).click()


def add_agenda_item(page, title):
    page.locator("#id_agenda_items-ADD").click()
    page.locator("input[id^='id_agenda_items-'][id$='-title']").last.fill(title)


def test_office_types_a_german_date_and_two_items_and_visitors_see_exactly_those(
    browser_page, site_data, office_volunteer, client, caplog, shot
):
    caplog.set_level(logging.ERROR, logger="django.request")
    page = log_in(browser_page, "buero", "x-secret-42")
    errors = server_errors(page)
    autosaves = HeldAutosaves(page)
    watch_for_edits(page)
    plenary = site_data["plenary"]
    page.goto(f"/admin/pages/add/events/sessionpage/{plenary.pk}/")
    page.wait_for_function("() => window.watching === true")
    shot(page, "neue-sitzung")

    page.locator("#id_title").fill(TITLE)
    start = page.locator("#id_start")
    start.fill("05.03.2030 18:00")
    start.press("Tab")  # leaving the field is where the picker used to overwrite it
    assert start.input_value() == "05.03.2030 18:00"
    remove_offered_agenda(page)
    for title in ITEMS:
        add_agenda_item(page, title)
    shot(page, "ausgefuellt")

    # An autosave creates the page; its answer is still on the way when she publishes.
    created = autosaves.create_the_page()
    publish_from_the_footer(page)
    # After publishing, Wagtail shows the body's subpages (the add form matched "pages/" too).
    page.wait_for_url(re.compile(rf"/admin/pages/{plenary.pk}/$"))
    page.unroute_all(behavior="ignoreErrors")
    shot(page, "veroeffentlicht")

    [session] = SessionPage.objects.filter(title=TITLE)
    assert session.pk == created["pk"]  # the autosaved page, published
    assert session.live and not session.has_unpublished_changes
    assert session.start.astimezone().strftime("%d.%m.%Y %H:%M") == "05.03.2030 18:00"
    assert [item.title for item in session.agenda_items.all()] == ITEMS

    page.goto(session.url)
    agenda = page.locator("main ol.agenda > li strong").all_inner_texts()
    assert agenda == [f"1 {ITEMS[0]}", f"2 {ITEMS[1]}"]
    when = page.locator("dl.facts dt:text-is('Termin') + dd").inner_text()
    assert "5. März 2030" in when and "18:00" in when
    shot(page, "sitzung-oeffentlich")

    feed = client.get(f"/kalender/sitzung/{session.pk}.ics")
    assert feed.status_code == 200
    [entry] = Calendar.from_ical(body_bytes(feed)).walk("VEVENT")
    start_in_berlin = entry.decoded("dtstart")
    assert str(start_in_berlin.tzinfo) == "Europe/Berlin"
    assert start_in_berlin.strftime("%d.%m.%Y %H:%M") == "05.03.2030 18:00"

    assert errors == []
    assert [r.getMessage() for r in caplog.records if r.name == "django.request"] == []
