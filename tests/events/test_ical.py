import datetime
import time
from types import SimpleNamespace

import pytest
import recurring_ical_events
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

import cms.cache
from events import ical
from events.models import (
    AgendaItem,
    Attendance,
    EventSeries,
    Location,
    Recurrence,
    SessionStatus,
)
from network.models import Person, Topic
from tests.bodies_content import berlin
from tests.http import body_bytes, body_text

SECRET_ITEM = "GEHEIM-TOP-7731"
SECRET_PERSON = "Geheime Teilnehmerin 4410"
SECRET_MINUTES = "ENTWURF-PROTOKOLL-9902"

# The subscription feeds hold the last CALENDAR_FEED_MONTHS (12) and the future: the dates
# of these tests are seen from this day, whenever the tests run.
TODAY = berlin(2026, 11, 30, 12, 0)
WINDOW_START = berlin(2025, 11, 30, 0, 0)


class Clock:
    def __init__(self, moment):
        self.moment = moment

    def __call__(self):
        return self.moment


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """The test's clock (pages are published at that moment, too); set `.moment` to move it."""
    clock = Clock(TODAY)
    monkeypatch.setattr(timezone, "now", clock)
    return clock


@pytest.fixture
def room_with_semicolon(db):
    """A place whose name iCalendar must escape."""
    return Location.objects.create(
        name="Rathaus; Saal 1", street="Hauptmarkt 1", postcode="08056", town="Zwickau"
    )


@pytest.fixture
def session(bodies, make_body_session, room_with_semicolon):
    person = Person.objects.create(name=SECRET_PERSON)
    return make_body_session(
        bodies["plenary"],
        berlin(2026, 7, 1, 18, 0),
        status=SessionStatus.INVITED,
        title="Bündnis-Sitzung, Sommer",
        end=berlin(2026, 7, 1, 20, 30),
        location=room_with_semicolon,
        minutes=f"<p>{SECRET_MINUTES}</p>",
        agenda_items=[
            AgendaItem(number="1", title="Bericht des Büros"),
            AgendaItem(number="2", title=SECRET_ITEM, is_public=False),
        ],
        attendances=[Attendance(person=person)],
    )


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(body_bytes(response))


def test_session_feed_fields_parse_back(client, session):
    calendar = parse(client.get("/kalender/sitzungen.ics"))
    assert str(calendar["version"]) == "2.0"
    [timezone] = calendar.walk("VTIMEZONE")
    assert str(timezone["tzid"]) == "Europe/Berlin"
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["uid"]) == f"sitzung-{session.pk}@buendnis-zwickau.de"
    assert str(vevent["summary"]) == "Bündnis-Sitzung, Sommer"
    assert vevent.decoded("dtstart") == berlin(2026, 7, 1, 18, 0)
    assert vevent["dtstart"].params["TZID"] == "Europe/Berlin"
    assert vevent.decoded("dtend") == berlin(2026, 7, 1, 20, 30)
    assert str(vevent["location"]) == "Rathaus; Saal 1, Hauptmarkt 1, 08056 Zwickau"
    assert str(vevent["status"]) == "CONFIRMED"
    assert int(vevent["sequence"]) == 0
    assert "dtstamp" in vevent
    assert vevent["categories"].cats == ["Bündnis-Sitzung"]
    assert "1 Bericht des Büros" in str(vevent["description"])
    assert str(vevent["url"]).endswith("/gremien/buendnis-sitzung/sitzung-1/")


def test_changes_bump_sequence_and_cancelling_marks_cancelled(client, session):
    session.start = berlin(2026, 7, 2, 18, 0)
    session.end = None
    session.save_revision().publish()
    [vevent] = parse(client.get("/kalender/gremium/buendnis-sitzung.ics")).walk("VEVENT")
    assert int(vevent["sequence"]) == 1
    assert vevent.decoded("dtend") == berlin(2026, 7, 2, 20, 0)

    session.refresh_from_db()
    session.status, session.cancel_reason = SessionStatus.CANCELLED, "Krankheit"
    session.save_revision().publish()
    [vevent] = parse(client.get(reverse("ical_session", args=(session.pk,)))).walk("VEVENT")
    assert str(vevent["status"]) == "CANCELLED"
    assert int(vevent["sequence"]) == 2
    assert str(vevent["uid"]) == f"sitzung-{session.pk}@buendnis-zwickau.de"


def test_draft_changes_do_not_reach_the_feed(client, session):
    session.title = "Entwurfstitel"
    session.save_revision()
    [vevent] = parse(client.get("/kalender/sitzungen.ics")).walk("VEVENT")
    assert str(vevent["summary"]) == "Bündnis-Sitzung, Sommer"
    assert int(vevent["sequence"]) == 0


def test_private_data_is_absent_from_every_public_output(
    client, session, bodies, make_body_session
):
    unpublished = make_body_session(
        bodies["board"], title="Unveröffentlichte Beiratssitzung", publish=False
    )
    urls = [
        "/kalender/sitzungen.ics",
        "/kalender/gremium/buendnis-sitzung.ics",
        reverse("ical_session", args=(session.pk,)),
        session.url,
        bodies["plenary"].url,
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        content = body_text(response)
        for sentinel in (SECRET_ITEM, SECRET_PERSON, SECRET_MINUTES, unpublished.title):
            assert sentinel not in content, (url, sentinel)
    assert client.get(reverse("ical_session", args=(unpublished.pk,))).status_code == 404


def test_approved_minutes_become_public(client, session):
    session.minutes_approved = True
    session.status = SessionStatus.HELD
    session.save_revision().publish()
    assert SECRET_MINUTES in client.get(session.url).content.decode()


def test_sessions_of_a_private_body_stay_out(client, session, bodies):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=bodies["plenary"], restriction_type=PageViewRestriction.LOGIN
    )
    assert not parse(client.get("/kalender/sitzungen.ics")).walk("VEVENT")
    assert client.get(reverse("ical_session", args=(session.pk,))).status_code == 404


def test_event_feeds_all_day_topics_and_series(client, make_calendar_event, room_with_semicolon):
    asylum = Topic.objects.create(name="Asylrecht")
    training = make_calendar_event(
        "Weiterbildung Asylrecht",
        berlin(2026, 10, 24, 10, 0),
        end=berlin(2026, 10, 25, 16, 0),
        all_day=True,
        kind="training",
        topics=[asylum],
        location=room_with_semicolon,
    )
    make_calendar_event("Mahnwache", berlin(2026, 11, 9, 17, 0), cancelled=True)
    EventSeries.objects.create(
        title="Interkulturelles Café",
        first_start=berlin(2026, 1, 15, 19, 0),
        recurrence=Recurrence.MONTHLY,
        until=datetime.date(2026, 12, 31),
        exceptions="15.04.2026",
    )

    calendar = parse(client.get("/kalender/veranstaltungen.ics"))
    events = {str(v["summary"]): v for v in calendar.walk("VEVENT")}
    assert events["Weiterbildung Asylrecht"].decoded("dtstart") == datetime.date(2026, 10, 24)
    assert events["Weiterbildung Asylrecht"].decoded("dtend") == datetime.date(2026, 10, 26)
    assert events["Weiterbildung Asylrecht"]["categories"].cats == ["Asylrecht"]
    assert str(events["Mahnwache"]["status"]) == "CANCELLED"
    cafe = events["Interkulturelles Café"]
    assert cafe["rrule"]["FREQ"] == ["MONTHLY"]
    assert cafe["exdate"].dts[0].dt == berlin(2026, 4, 15, 19, 0)

    [only] = parse(client.get(f"/kalender/thema/{asylum.slug}.ics")).walk("VEVENT")
    assert str(only["uid"]) == f"veranstaltung-{training.pk}@buendnis-zwickau.de"
    [single] = parse(client.get(reverse("ical_event", args=(training.pk,)))).walk("VEVENT")
    assert str(single["summary"]) == "Weiterbildung Asylrecht"


@pytest.mark.parametrize(
    ("path", "budget"),
    [
        ("/kalender/sitzungen.ics", 6),
        ("/kalender/gremium/beirat.ics", 7),
        ("/kalender/veranstaltungen.ics", 6),
        ("/kalender/thema/asylrecht.ics", 5),
    ],
)
def test_feed_query_count_is_constant(
    client,
    bodies,
    make_body_session,
    make_calendar_event,
    monkeypatch,
    django_assert_max_num_queries,
    path,
    budget,
):
    """Three chunks of sessions and of events, with agenda and topics, as few queries as one."""
    monkeypatch.setattr(ical, "CHUNK_SIZE", 4)
    asylum = Topic.objects.create(name="Asylrecht")
    for day in range(1, 13):
        make_body_session(
            bodies["board"],
            berlin(2026, 5, day, 18, 0),
            agenda_items=[AgendaItem(number="1", title="Bericht")],
        )
        make_calendar_event(f"Lesung {day}", berlin(2026, 6, day, 19, 0), topics=[asylum])
    make_body_session(bodies["board"], berlin(2024, 5, 1, 18, 0))  # before the window
    with django_assert_max_num_queries(budget):
        calendar = parse(client.get(path))
    assert len(calendar.walk("VEVENT")) == 12


def test_long_titles_with_umlauts_and_separators_fold_and_parse_back(client, session):
    title = "Sitzung zu Förderanträgen; Haushalt, Ämter\\Büros – " * 4
    session.title = title.strip()
    session.save_revision().publish()
    response = client.get("/kalender/sitzungen.ics")
    raw = body_bytes(response)
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "RFC 5545 folds at 75 octets"
    [vevent] = Calendar.from_ical(raw).walk("VEVENT")
    assert str(vevent["summary"]) == title.strip()


def test_a_series_day_with_its_own_page_is_in_the_calendar_once(client, make_calendar_event):
    """The series' rule used to list the day again beside the page: twice, under two UIDs."""
    cafe = EventSeries.objects.create(
        title="Interkulturelles Café",
        first_start=berlin(2026, 1, 15, 19, 0),
        recurrence=Recurrence.MONTHLY,
        until=datetime.date(2026, 6, 30),
    )
    make_calendar_event("Café mit Lesung", berlin(2026, 3, 15, 18, 30), series=cafe)

    calendar = parse(client.get("/kalender/veranstaltungen.ics"))
    in_march = recurring_ical_events.of(calendar).between(
        datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)
    )
    assert [str(v["summary"]) for v in in_march] == ["Café mit Lesung"]
    whole_series = recurring_ical_events.of(calendar).between(
        datetime.date(2026, 1, 1), datetime.date(2026, 7, 1)
    )
    assert len(whole_series) == 6


def uids(response):
    return {str(vevent["uid"]) for vevent in parse(response).walk("VEVENT")}


def test_the_window_begins_at_local_midnight_months_back(settings):
    assert ical.feed_window_start(TODAY) == WINDOW_START
    # 23:30 UTC is already the next day in Zwickau.
    late = datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)
    assert ical.feed_window_start(late) == berlin(2025, 12, 1, 0, 0)
    settings.CALENDAR_FEED_MONTHS = 1
    assert ical.feed_window_start(berlin(2026, 3, 31, 9, 0)) == berlin(2026, 2, 28, 0, 0)


def test_session_feeds_hold_recent_and_coming_sessions_single_downloads_any(
    client, bodies, make_body_session
):
    plenary = bodies["plenary"]
    old = make_body_session(plenary, berlin(2025, 11, 29, 18, 0), title="Alte Sitzung")
    recent = make_body_session(plenary, berlin(2025, 11, 30, 9, 0), title="Jüngere Sitzung")
    future = make_body_session(
        plenary, berlin(2027, 3, 4, 18, 0), status=SessionStatus.PLANNED, title="Kommende"
    )
    expected = {ical.entry_uid("sitzung", s.pk) for s in (recent, future)}
    assert uids(client.get("/kalender/sitzungen.ics")) == expected
    assert uids(client.get("/kalender/gremium/buendnis-sitzung.ics")) == expected

    single = client.get(reverse("ical_session", args=(old.pk,)))
    [vevent] = parse(single).walk("VEVENT")
    assert str(vevent["uid"]) == ical.entry_uid("sitzung", old.pk)
    assert vevent.decoded("dtstart") == berlin(2025, 11, 29, 18, 0)


def test_event_feeds_hold_recent_and_coming_events_single_downloads_any(
    client, make_calendar_event
):
    asylum = Topic.objects.create(name="Asylrecht")
    old = make_calendar_event("Alte Lesung", berlin(2025, 10, 1, 19, 0), topics=[asylum])
    # Began before the window, ends in it: still on the calendar.
    exhibition = make_calendar_event(
        "Ausstellung",
        berlin(2025, 11, 1, 10, 0),
        end=berlin(2025, 12, 15, 18, 0),
        topics=[asylum],
    )
    future = make_calendar_event("Kommende Lesung", berlin(2027, 5, 1, 19, 0), topics=[asylum])
    expected = {ical.entry_uid("veranstaltung", e.pk) for e in (exhibition, future)}
    assert uids(client.get("/kalender/veranstaltungen.ics")) == expected
    assert uids(client.get(f"/kalender/thema/{asylum.slug}.ics")) == expected
    assert uids(client.get(reverse("ical_event", args=(old.pk,)))) == {
        ical.entry_uid("veranstaltung", old.pk)
    }


def test_an_old_series_still_recurring_stays_whole_an_ended_one_goes(client, make_calendar_event):
    cafe = EventSeries.objects.create(
        title="Interkulturelles Café",
        first_start=berlin(2023, 1, 5, 19, 0),
        recurrence=Recurrence.WEEKLY,
        exceptions="12.01.2023\n24.12.2026",
    )
    EventSeries.objects.create(
        title="Alter Gesprächskreis",
        first_start=berlin(2022, 1, 3, 18, 0),
        recurrence=Recurrence.MONTHLY,
        until=datetime.date(2025, 6, 30),
    )
    # Days with pages of their own, one long before the window, one in it.
    make_calendar_event("Café mit Lesung", berlin(2023, 1, 19, 18, 30), series=cafe)
    make_calendar_event("Café mit Konzert", berlin(2026, 12, 10, 18, 30), series=cafe)

    calendar = parse(client.get("/kalender/veranstaltungen.ics"))
    [series] = [v for v in calendar.walk("VEVENT") if str(v["uid"]).startswith("reihe-")]
    assert str(series["summary"]) == "Interkulturelles Café"
    assert series.decoded("dtstart") == berlin(2023, 1, 5, 19, 0)
    excluded = {moment.dt for line in series["exdate"] for moment in line.dts}
    assert {berlin(2023, 1, 12, 19, 0), berlin(2023, 1, 19, 19, 0)} <= excluded

    december = recurring_ical_events.of(calendar).between(
        datetime.date(2026, 12, 1), datetime.date(2027, 1, 1)
    )
    days = sorted((v.decoded("dtstart").date(), str(v["summary"])) for v in december)
    assert days == [
        (datetime.date(2026, 12, 3), "Interkulturelles Café"),
        (datetime.date(2026, 12, 10), "Café mit Konzert"),
        (datetime.date(2026, 12, 17), "Interkulturelles Café"),
        (datetime.date(2026, 12, 31), "Interkulturelles Café"),
    ]


def test_subscription_feeds_say_where_the_whole_history_is(client, session):
    calendar = parse(client.get("/kalender/sitzungen.ics"))
    description = str(calendar["X-WR-CALDESC"])
    assert "12 Monate" in description
    assert "http://testserver/api/v3/sessions/" in description
    assert "http://testserver/oparl/v1.1/" in description
    events = parse(client.get("/kalender/veranstaltungen.ics"))
    assert "http://testserver/api/v3/events/" in str(events["X-WR-CALDESC"])
    body = parse(client.get("/kalender/gremium/buendnis-sitzung.ics"))
    assert f"/api/v3/sessions/?body={session.get_parent().pk}" in str(body["X-WR-CALDESC"])
    assert "X-WR-CALDESC" not in parse(client.get(reverse("ical_session", args=(session.pk,))))


def test_a_feed_changes_when_the_day_moves_an_entry_out(
    client, bodies, make_body_session, clock, monkeypatch
):
    # The response cache keys by the wall clock's period; it moves with the test's clock here.
    monkeypatch.setattr(
        cms.cache,
        "time",
        SimpleNamespace(time=lambda: clock().timestamp(), monotonic=time.monotonic),
    )
    leaving = make_body_session(bodies["plenary"], berlin(2025, 11, 30, 18, 0))
    staying = make_body_session(bodies["plenary"], berlin(2026, 6, 1, 18, 0))
    body_bytes(client.get("/kalender/sitzungen.ics"))  # kept once sent whole
    replay = client.get("/kalender/sitzungen.ics")
    assert replay["X-Cache"] == "HIT"
    assert ical.entry_uid("sitzung", leaving.pk) in uids(replay)

    clock.moment = berlin(2026, 12, 1, 0, 0, 1)
    fresh = client.get("/kalender/sitzungen.ics", headers={"If-None-Match": replay["ETag"]})
    assert fresh.status_code == 200 and fresh["X-Cache"] == "MISS"
    assert uids(fresh) == {ical.entry_uid("sitzung", staying.pk)}
    again = client.get("/kalender/sitzungen.ics")
    assert again["ETag"] != replay["ETag"]
