"""Demo content for sessions and events: the plan's bodies at work, with fictional details.

Sessions are published through the same path as in the admin, so the plenary's admission and
the setting up of the working group "Bildung" really change the register. Every step looks
for what exists first, so loading twice changes nothing.
"""

import datetime

from django.utils import timezone

from cms.demo import ensure_child
from events.models import (
    AgendaItem,
    AgendaKind,
    EventIndexPage,
    EventKind,
    EventPage,
    EventSeries,
    Location,
    Recurrence,
    Resolution,
    ResolutionKind,
    SessionKind,
    SessionPage,
    SessionStatus,
)
from network.models import Member, MemberKind, Topic, WorkingGroupPage
from network.partners import create_partner_profile

DEMO_PARTNER = "Buntes Zwickau e. V. (fiktiver Partner)"


def _at(days, hour, minute=0):
    """A moment `days` from today at a local wall-clock time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _locations():
    town_hall, _ = Location.objects.get_or_create(
        name="Rathaus Zwickau, Ratssaal (Demo)",
        defaults={
            "street": "Hauptmarkt 1",
            "postcode": "08056",
            "town": "Zwickau",
            "accessibility": "Stufenloser Zugang über den Seiteneingang, Aufzug vorhanden.",
        },
    )
    office, _ = Location.objects.get_or_create(
        name="Koordinierungsbüro (Demo)",
        defaults={"street": "Musterstraße 5", "postcode": "08056", "town": "Zwickau"},
    )
    return town_hall, office


def _session(body, slug, **fields):
    """Create and publish the session once; publishing applies its adopted resolutions."""
    existing = SessionPage.objects.child_of(body).filter(slug=slug).first()
    if existing is not None:
        return existing
    # As the add form offers it to an editor: the standing agenda unless the session has its own.
    page, _ = ensure_child(body, SessionPage, slug, **{**SessionPage.defaults_for(body), **fields})
    return page


def _admission_path(plenary, board, town_hall, office):
    partner, _ = Member.objects.get_or_create(
        name=DEMO_PARTNER,
        defaults={"kind": MemberKind.ASSOCIATION, "municipality": "Zwickau"},
    )
    _session(
        board,
        "beirat-empfehlung",
        title="Beirats-Sitzung: Empfehlung neuer Partner",
        start=_at(-75, 17),
        end=_at(-75, 19),
        location=office,
        status=SessionStatus.HELD,
        minutes="<p>Der Beirat empfiehlt dem Plenum die Aufnahme des fiktiven Vereins.</p>",
        minutes_approved=True,
        minutes_approved_on=timezone.localdate() - datetime.timedelta(days=60),
        resolutions=[
            Resolution(
                title=f"Empfehlung: Aufnahme von „{DEMO_PARTNER}“",
                kind=ResolutionKind.RECOMMENDATION,
                affected_member=partner,
                votes_yes=5,
                votes_no=0,
                votes_abstain=0,
            )
        ],
    )
    bildung = WorkingGroupPage.objects.filter(slug="ag-bildung").first()
    _session(
        plenary,
        "buendnis-sitzung-aufnahme",
        title="Bündnis-Sitzung mit Aufnahme und Einsetzung der AG Bildung",
        start=_at(-40, 18),
        end=_at(-40, 20, 30),
        location=town_hall,
        status=SessionStatus.HELD,
        minutes="<p>Das Plenum nimmt den fiktiven Verein auf und setzt die AG Bildung ein.</p>",
        minutes_approved=True,
        minutes_approved_on=timezone.localdate() - datetime.timedelta(days=20),
        agenda_items=[
            AgendaItem(number="1", title="Bericht des Koordinierungsbüros", kind=AgendaKind.REPORT),
            AgendaItem(
                number="2",
                title="Vorstellung und Aufnahme neuer Partner",
                kind=AgendaKind.ADMISSION,
            ),
            AgendaItem(number="3", title="Einsetzung der AG Bildung", kind=AgendaKind.RESOLUTION),
            AgendaItem(
                number="4",
                title="Personalangelegenheiten des Büros",
                kind=AgendaKind.DISCUSSION,
                is_public=False,
            ),
        ],
        resolutions=[
            Resolution(
                title=f"Aufnahme von „{DEMO_PARTNER}“",
                kind=ResolutionKind.ADMISSION,
                affected_member=partner,
                votes_yes=18,
                votes_no=0,
                votes_abstain=1,
            ),
            Resolution(
                title="Einsetzung der Arbeitsgruppe „Bildung“",
                kind=ResolutionKind.SET_UP_BODY,
                new_body=bildung,
                votes_yes=19,
                votes_no=0,
                votes_abstain=0,
            ),
        ],
    )
    partner.refresh_from_db()
    if partner.is_admitted:
        create_partner_profile(partner)


def _sessions(network, town_hall, office):
    plenary, board, ika = network["plenary"], network["board"], network["ika"]
    _admission_path(plenary, board, town_hall, office)
    _session(
        plenary,
        "buendnis-sitzung-naechste",
        title="Bündnis-Sitzung",
        start=_at(30, 18),
        end=_at(30, 20, 30),
        location=town_hall,
        status=SessionStatus.INVITED,
        invited_on=timezone.localdate(),
    )
    _session(
        board,
        "beirat-kurzfristig",
        title="Kurzfristige Beirats-Sitzung",
        start=_at(-10, 19),
        location=office,
        status=SessionStatus.HELD,
        session_kind=SessionKind.SHORT_NOTICE,
        short_notice_reason="Stellungnahme zu einer angemeldeten rechtsextremen Demonstration.",
    )
    _session(
        board,
        "beirat-naechste",
        title="Beirats-Sitzung",
        start=_at(50, 17),
        location=office,
        status=SessionStatus.PLANNED,
    )
    _session(
        ika,
        "ika-rueckblick",
        title="Sitzung des IKA",
        start=_at(-55, 16),
        location=office,
        status=SessionStatus.HELD,
    )
    _session(
        ika,
        "ika-naechste",
        title="Sitzung des IKA",
        start=_at(35, 16),
        location=office,
        status=SessionStatus.PLANNED,
    )


def _events(home, network, town_hall, office):
    index, _ = ensure_child(
        home,
        EventIndexPage,
        "veranstaltungen",
        title="Veranstaltungen",
        intro="<p>Veranstaltungen, Aktionen und Weiterbildungen des Bündnisses.</p>",
    )
    if index.get_children().exists():
        return
    topic = {
        name: Topic.objects.get_or_create(name=name)[0]
        for name in ("Asylrecht", "Residenzpflicht", "Interkulturelle Arbeit")
    }
    cafe, _ = EventSeries.objects.get_or_create(
        title="Interkulturelles Café (Demo)",
        defaults={
            "description": "Monatliches offenes Treffen für Neu- und Altzwickauer.",
            "first_start": _at(-20, 16),
            "duration_minutes": 120,
            "recurrence": Recurrence.MONTHLY,
            "location": office,
        },
    )
    ika = network["ika"]
    specs = [
        (
            "weiterbildung-asylrecht",
            {
                "title": "Weiterbildung: Grundlagen des Asylrechts",
                "start": _at(21, 10),
                "end": _at(21, 16),
                "kind": EventKind.TRAINING,
                "coordinating_body": ika,
                "location": town_hall,
                "registration_url": "https://example.org/anmeldung-asylrecht",
                "intro": "Ganztägige Weiterbildung zu Asylverfahren und Residenzpflicht.",
            },
            [topic["Asylrecht"], topic["Residenzpflicht"]],
        ),
        (
            "aktionstag-vielfalt",
            {
                "title": "Aktionstag für Vielfalt",
                "start": _at(45, 0),
                "all_day": True,
                "kind": EventKind.ACTION,
                "location": town_hall,
                "intro": "Ein Tag mit Ständen der Bündnispartner auf dem Hauptmarkt.",
            },
            [topic["Interkulturelle Arbeit"]],
        ),
        (
            "pressekonferenz",
            {
                "title": "Pressekonferenz zum Jahresbericht",
                "start": _at(-14, 11),
                "kind": EventKind.PRESS_CONFERENCE,
                "location": office,
            },
            [],
        ),
        (
            "interkulturelles-cafe",
            {
                "title": "Interkulturelles Café",
                "start": cafe.first_start,
                "kind": EventKind.SERIES_PART,
                "series": cafe,
                "location": office,
            },
            [topic["Interkulturelle Arbeit"]],
        ),
    ]
    partner = Member.objects.filter(name=DEMO_PARTNER).first()
    for slug, fields, topics in specs:
        event = EventPage(slug=slug, topics=topics, **fields)
        if partner is not None and slug == "aktionstag-vielfalt":
            event.organisers = [partner]
        index.add_child(instance=event)
        event.save_revision().publish()


def load_events(home, network):
    town_hall, office = _locations()
    _sessions(network, town_hall, office)
    _events(home, network, town_hall, office)
