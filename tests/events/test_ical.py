import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

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


def test_feed_query_count_is_constant(
    client, bodies, make_body_session, django_assert_max_num_queries
):
    for day in range(1, 13):
        make_body_session(
            bodies["board" if day % 2 else "plenary"],
            berlin(2026, 5, day, 18, 0),
            agenda_items=[AgendaItem(number="1", title="Bericht")],
        )
    with django_assert_max_num_queries(8):
        calendar = parse(client.get("/kalender/sitzungen.ics"))
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
    import recurring_ical_events

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
