"""The plan's bodies (plenary, advisory board, rotating IKA, planned AG) in the light site frame,
with sessions of a given body (`make_body_session`) and calendar events (`make_calendar_event`).

A plugin of the whole suite (tests/conftest.py); the events and communication tests build on it.
"""

import datetime

import pytest
from django.utils import timezone

from events.models import EventIndexPage, EventPage, Resolution, SessionPage, SessionStatus
from home.demo import ensure_child, load_site_frame
from network.models import (
    BodyKind,
    BodyStatus,
    Leadership,
    Member,
    Person,
    WorkingGroupIndexPage,
    WorkingGroupPage,
)


def berlin(*args):
    """An aware datetime in Europe/Berlin."""
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def make_body_session():
    counter = iter(range(1, 10_000))

    def make(
        body, start=None, *, status=SessionStatus.HELD, resolutions=(), publish=True, **fields
    ):
        number = next(counter)
        session = SessionPage(
            title=fields.pop("title", f"Sitzung {number}"),
            slug=f"sitzung-{number}",
            start=start or berlin(2026, 3, 10, 18, 0),
            status=status,
            live=publish,
            **fields,
        )
        session.resolutions = [Resolution(**spec) for spec in resolutions]
        body.add_child(instance=session)
        revision = session.save_revision()
        if publish:
            revision.publish()
        return SessionPage.objects.get(pk=session.pk)

    return make


@pytest.fixture
def applicant(db):
    return Member.objects.create(name="Fiktiver Verein für Vielfalt e. V.", municipality="Zwickau")


@pytest.fixture
def bodies(db):
    """The plenary (P), the advisory board (B), the IKA (rotating) and the planned AG Bildung."""
    home = load_site_frame()
    index, _ = ensure_child(home, WorkingGroupIndexPage, "gremien", title="Gremien")
    leader = Person.objects.create(name="Fiktive Koordinatorin")

    def body(slug, title, kind, short_name, **fields):
        return ensure_child(
            index, WorkingGroupPage, slug, title=title, kind=kind, short_name=short_name, **fields
        )[0]

    return {
        "home": home,
        "index": index,
        "leader": leader,
        "plenary": body(
            "buendnis-sitzung",
            "Bündnis-Sitzung",
            BodyKind.PLENARY,
            "P",
            leader=leader,
            rhythm_months=3,
        ),
        "board": body(
            "beirat", "Beirat", BodyKind.ADVISORY_BOARD, "B", leader=leader, rhythm_months=2
        ),
        "ika": body(
            "ika",
            "Interkultureller Arbeitskreis",
            BodyKind.WORKING_CIRCLE,
            "IKA",
            leadership=Leadership.ROTATING,
            rhythm_months=3,
        ),
        "bildung": body(
            "ag-bildung",
            "Arbeitsgruppe „Bildung“",
            BodyKind.WORKING_GROUP,
            "AG",
            status=BodyStatus.PLANNED,
        ),
    }


@pytest.fixture
def event_index(bodies):
    return ensure_child(bodies["home"], EventIndexPage, "veranstaltungen", title="Termine")[0]


@pytest.fixture
def make_calendar_event(event_index):
    def make(title, start, **fields):
        topics = fields.pop("topics", [])
        event = EventPage(title=title, start=start, **fields)
        event_index.add_child(instance=event)
        event.topics = topics
        event.save_revision().publish()
        return EventPage.objects.get(pk=event.pk)

    return make
