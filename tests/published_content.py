"""Published, draft and private content with sentinel strings that must never leak.

A plugin of the whole suite (tests/conftest.py): the API, OParl, security, feed and webhook
tests build on the same small site; a directory's own conftest may replace a fixture.
"""

import datetime
import itertools

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from events.models import (
    AgendaItem,
    Attendance,
    EventIndexPage,
    EventPage,
    Location,
    Resolution,
    SessionPage,
    SessionStatus,
)
from home.models import NewsIndexPage, NewsPage
from network.models import (
    BodyKind,
    BodyMembership,
    ContactPerson,
    PartnerIndexPage,
    PartnerPage,
    Person,
    Topic,
    WorkingGroupIndexPage,
    WorkingGroupPage,
)
from network.workflow import MemberStatus

SENTINELS = [
    "SENTINEL-KONTAKT-OHNE-EINWILLIGUNG",
    "sentinel-geheim@example.org",
    "SENTINEL-INTERNE-NOTIZ",
    "SENTINEL-PERSON-OHNE-EINWILLIGUNG",
    "SENTINEL-ENTWURF",
    "SENTINEL-GESCHUETZT",
    "SENTINEL-INTERNER-TOP",
    "SENTINEL-UNBESTAETIGTES-PROTOKOLL",
    "SENTINEL-ANWESENHEIT",
]

_numbers = itertools.count(1)


def at(*args):
    return timezone.make_aware(datetime.datetime(*args))


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)


def restrict(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )


@pytest.fixture
def tree(db):
    """Home and the section index pages; lighter than the full demo content."""
    from home.demo import ensure_child, ensure_home_page

    home = ensure_home_page()
    return {
        "home": home,
        "news": ensure_child(home, NewsIndexPage, "aktuelles", title="Aktuelles")[0],
        "bodies": ensure_child(home, WorkingGroupIndexPage, "gremien", title="Gremien")[0],
        "partners": ensure_child(home, PartnerIndexPage, "partner", title="Partner")[0],
        "events": ensure_child(home, EventIndexPage, "termine", title="Termine")[0],
    }


@pytest.fixture
def topic(db):
    return Topic.objects.create(name="Erinnerungskultur (fiktiv)", slug="erinnerung")


@pytest.fixture
def make_sentinel_partner(tree, topic, make_member):
    """A published partner profile whose member holds secrets: internal notes, a hidden contact."""
    index = tree["partners"]

    def make(name=None, town="Zwickau", **fields):
        number = next(_numbers)
        member = make_member(
            MemberStatus.ADMITTED,
            name=name or f"API-Testverein {number} (fiktiv)",
            municipality=town,
            internal_notes="SENTINEL-INTERNE-NOTIZ",
            **fields,
        )
        member.topics.set([topic])
        member.save()
        ContactPerson.objects.create(
            member=member,
            name=f"Öffentliche Ansprechperson {number}",
            email=f"presse{number}@example.org",
            publish_consent=True,
            consent_date=datetime.date(2026, 1, 5),
        )
        ContactPerson.objects.create(
            member=member,
            name="SENTINEL-KONTAKT-OHNE-EINWILLIGUNG",
            email="sentinel-geheim@example.org",
        )
        return publish(
            index, PartnerPage(title=member.name, slug=f"api-partner-{number}", member=member)
        )

    return make


@pytest.fixture
def body(tree, topic):
    index = tree["bodies"]
    page = publish(
        index,
        WorkingGroupPage(
            title="AG API (fiktiv)",
            slug="ag-api",
            kind=BodyKind.WORKING_GROUP,
            topics=[topic],
            leader=Person.objects.create(name="SENTINEL-PERSON-OHNE-EINWILLIGUNG"),
        ),
    )
    hidden = Person.objects.create(name="SENTINEL-PERSON-OHNE-EINWILLIGUNG", email="x@example.org")
    public = Person.objects.create(
        name="Paula Beispiel", publish_consent=True, consent_date=datetime.date(2026, 1, 1)
    )
    BodyMembership.objects.create(body=page, person=hidden)
    BodyMembership.objects.create(body=page, person=public)
    return page


@pytest.fixture
def location(db):
    return Location.objects.create(
        name="Rathaus Zwickau (fiktiv)", street="Hauptmarkt 1", postcode="08056", town="Zwickau"
    )


@pytest.fixture
def make_session(body, location):
    def make(start=None, **fields):
        number = next(_numbers)
        status = fields.pop("status", SessionStatus.HELD)
        session = SessionPage(
            title=fields.pop("title", f"API-Sitzung {number}"),
            slug=f"api-sitzung-{number}",
            start=start or at(2026, 3, 10, 18, 0),
            status=SessionStatus.PLANNED,
            location=location,
            minutes="<p>SENTINEL-UNBESTAETIGTES-PROTOKOLL</p>",
            **fields,
        )
        session.agenda_items = [
            AgendaItem(number="1", title="Bericht des Büros"),
            AgendaItem(number="2", title="SENTINEL-INTERNER-TOP", is_public=False),
        ]
        session.resolutions = [Resolution(title="Gemeinsames Vorhaben (fiktiv)")]
        session.attendances = [
            Attendance(person=Person.objects.create(name="SENTINEL-ANWESENHEIT"))
        ]
        published = publish(body, session)
        # Held afterwards, so these tests read resolutions without running the resolution
        # workflow on publish (tests/events covers that).
        SessionPage.objects.filter(pk=published.pk).update(status=status)
        published.refresh_from_db()
        return published

    return make


@pytest.fixture
def make_event(tree, location, topic):
    index = tree["events"]

    def make(start=None, **fields):
        number = next(_numbers)
        event = publish(
            index,
            EventPage(
                title=fields.pop("title", f"API-Veranstaltung {number}"),
                slug=f"api-veranstaltung-{number}",
                start=start or at(2026, 5, 8, 17, 0),
                location=location,
                body='<p>Mit <a href="https://example.org">Link</a></p>',
                topics=fields.pop("topics", [topic]),
                **fields,
            ),
        )
        return event

    return make


@pytest.fixture
def make_news(tree):
    index = tree["news"]

    def make(title=None, live=True, **fields):
        number = next(_numbers)
        page = NewsPage(
            title=title or f"API-Meldung {number}",
            slug=f"api-meldung-{number}",
            date=fields.pop("date", datetime.date(2026, 4, 1)),
            intro="Kurz gesagt.",
            body="<p>Text <b>fett</b></p>",
            **fields,
        )
        if not live:
            page.live = False
            index.add_child(instance=page)
            page.save_revision()
            return page
        return publish(index, page)

    return make


@pytest.fixture
def hidden_pages(make_news, make_event):
    """A draft and a password-protected page per listed type, all carrying sentinels."""
    draft = make_news(title="SENTINEL-ENTWURF Meldung", live=False)
    private = make_news(title="SENTINEL-GESCHUETZT Meldung")
    restrict(private)
    private_event = make_event(title="SENTINEL-GESCHUETZT Termin")
    restrict(private_event)
    return {"draft": draft, "private": private, "private_event": private_event}


@pytest.fixture
def world(make_sentinel_partner, make_session, make_event, make_news, hidden_pages, body):
    return {
        "partner": make_sentinel_partner(),
        "session": make_session(),
        "event": make_event(),
        "news": make_news(),
        "body": body,
        **hidden_pages,
    }


def assert_no_sentinel(text):
    leaked = [s for s in SENTINELS if s.lower() in text.lower()]
    assert not leaked, f"private data leaked: {leaked}"
