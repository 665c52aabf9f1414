"""What a visitor reads: dates said once, agenda numbers once, sessions in the calendar."""

import datetime

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from events.models import AgendaItem, EventIndexPage, EventPage, Resolution, SessionStatus
from events.periods import period_text
from tests.published_content import publish

pytestmark = pytest.mark.django_db

BERLIN = timezone.get_fixed_timezone(60)


def at(day, hour=0, minute=0):
    return datetime.datetime(2027, 3, day, hour, minute, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("start", "end", "all_day", "text"),
    [
        (at(5, 18), at(5, 20), False, "Freitag, 5. März 2027, 18:00–20:00 Uhr"),
        (at(5, 18), None, False, "Freitag, 5. März 2027, 18:00 Uhr"),
        (at(5), None, True, "Freitag, 5. März 2027 (ganztägig)"),
        (at(5), at(5), True, "Freitag, 5. März 2027 (ganztägig)"),
        (at(5), at(7), True, "Freitag, 5. März 2027 bis Sonntag, 7. März 2027 (ganztägig)"),
        (
            at(5, 18),
            at(6, 12),
            False,
            "Freitag, 5. März 2027, 18:00 Uhr bis Samstag, 6. März 2027, 12:00 Uhr",
        ),
    ],
    ids=["same-day", "open-end", "all-day", "all-day-same-end", "all-day-span", "overnight"],
)
def test_period_says_each_date_once_and_no_time_for_all_day(start, end, all_day, text):
    assert period_text(start, end, all_day=all_day) == text


def event(title, start, end=None, **fields):
    return publish(
        EventIndexPage.objects.get(), EventPage(title=title, start=start, end=end, **fields)
    )


def test_event_pages_show_same_day_and_all_day_dates_like_people_write_them(client, demo):
    evening = event("Filmabend (fiktiv)", at(5, 18), at(5, 20))
    html = client.get(evening.url).content.decode()
    assert "5. März 2027, 18:00–20:00 Uhr" in html
    assert html.count("5. März 2027") == 1
    day = event("Aktionstag (fiktiv)", at(6), all_day=True)
    html = client.get(day.url).content.decode()
    assert "Samstag, 6. März 2027 (ganztägig)" in html
    assert "00:00" not in html
    assert '<time datetime="2027-03-06">' in html


def test_agenda_numbers_and_votes_read_right(client, make_demo_session):
    session = make_demo_session(days=-3, status=SessionStatus.HELD)
    AgendaItem.objects.create(session=session, number="1", title="Bericht", kind="report")
    Resolution.objects.create(
        session=session, title="Aktionswoche", votes_yes=12, votes_no=0, votes_abstain=1
    )
    html = client.get(session.url).content.decode()
    assert '<span class="agenda-number">1</span> Bericht' in html
    assert "12 Ja, 0 Nein, 1 Enthaltung)" in html
    assert "1 Enthaltungen" not in html


def test_calendar_lists_sessions_and_events_told_apart_by_label(
    client, demo, make_demo_session, make_demo_event
):
    session = make_demo_session(days=5, title="Bündnis-Sitzung im Kalender")
    action = make_demo_event(days=6, title="Aktion im Kalender", kind="action")
    index = EventIndexPage.objects.get()
    html = client.get(index.url).content.decode()
    assert html.index(session.title) < html.index(action.title)
    assert '<span class="badge badge-session">Sitzung</span>' in html
    assert '<span class="badge badge-event">Aktion</span>' in html

    month = timezone.localtime(session.start).strftime("%Y-%m")
    html = client.get(index.url, {"ansicht": "monat", "monat": month}).content.decode()
    assert session.title in html and '<span class="badge badge-session">Sitzung</span>' in html

    only_sessions = client.get(index.url, {"art": "sitzung"}).content.decode()
    assert session.title in only_sessions and action.title not in only_sessions
    only_actions = client.get(index.url, {"art": "action"}).content.decode()
    assert action.title in only_actions and session.title not in only_actions


def test_search_finds_german_word_forms(client, make_demo_event):
    make_demo_event(
        title="Weiterbildung im Herbst", intro="Grundlagen des Asylrechts für Ehrenamtliche"
    )
    html = client.get("/suche/", {"q": "Asylrecht"}).content.decode()
    assert "Weiterbildung im Herbst" in html
    html = client.get("/suche/", {"q": "Asylrecht Grundlagen"}).content.decode()
    assert "Weiterbildung im Herbst" in html


def test_favicon_is_linked_and_served(client, demo):
    assert finders.find("img/favicon.ico") and finders.find("img/favicon.svg")
    html = client.get("/").content.decode()
    assert 'rel="icon"' in html and "img/favicon.svg" in html
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("img/favicon.ico")


def test_api_search_finds_german_word_forms(client, make_partner_profile):
    make_partner_profile("Freundeskreis des Asylrechts (fiktiv)")
    make_partner_profile("Sportverein Werdau (fiktiv)")
    found = client.get("/api/v3/partners/", {"search": "Asylrecht"}).json()
    assert [item["name"] for item in found["items"]] == ["Freundeskreis des Asylrechts (fiktiv)"]
    assert found["count"] == 1
