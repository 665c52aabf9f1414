"""Dated pages in the demo tree and a small populated site (`site_data`) for the visitor pages.

A plugin of the whole suite (tests/conftest.py), next to tests/published_content.py: these
factories add to the full demo (`demo`), `make_session` & co. there build a light tree of their
own. The site and browser tests share them.
"""

import datetime
import itertools

import pytest
from django.utils import timezone

from events.models import (
    AgendaItem,
    EventIndexPage,
    EventPage,
    Resolution,
    SessionPage,
    SessionStatus,
)
from home.models import NewsIndexPage, NewsPage
from network.models import (
    BodyMembership,
    ContactPerson,
    Member,
    MemberKind,
    MembershipRole,
    Person,
    WorkingGroupPage,
)
from tests.published_content import publish

# Personal data that must never reach a visitor; every privacy test looks for these.
SITE_SENTINELS = {
    "unconsented_person": "Sentinel Ungenannt-Person",
    "unconsented_contact": "Sentinel Verborgen-Kontakt",
    "contact_email": "sentinel-geheim@example.org",
    "contact_phone": "0375 999 000 111",
    "internal_notes": "SENTINEL-INTERNE-NOTIZ",
    "person_email": "sentinel-person@example.org",
    "draft_title": "Sentinel Entwurfsseite",
    "applied_member": "Sentinel Antragsteller e. V.",
    "internal_agenda_item": "Sentinel nichtöffentlicher TOP",
    "unapproved_minutes": "Sentinel unbestätigtes Protokoll",
}

_numbers = itertools.count(1)


@pytest.fixture
def plenary(demo):
    return WorkingGroupPage.objects.get(kind="plenary")


@pytest.fixture
def make_demo_session(plenary, location):
    def make(days=14, body=None, **fields):
        fields.setdefault("title", f"Bündnis-Sitzung {next(_numbers)}")
        fields.setdefault("status", SessionStatus.INVITED)
        start = timezone.now() + datetime.timedelta(days=days)
        return publish(
            body or plenary,
            SessionPage(start=start, location=location, **fields),
        )

    return make


@pytest.fixture
def make_demo_event(demo, location):
    def make(days=10, **fields):
        fields.setdefault("title", f"Aktionstag {next(_numbers)}")
        start = timezone.now() + datetime.timedelta(days=days)
        return publish(
            EventIndexPage.objects.get(), EventPage(start=start, location=location, **fields)
        )

    return make


@pytest.fixture
def make_demo_news(demo):
    def make(**fields):
        fields.setdefault("title", f"Meldung {next(_numbers)}")
        fields.setdefault("date", timezone.localdate())
        return publish(NewsIndexPage.objects.get(), NewsPage(**fields))

    return make


@pytest.fixture
def site_data(
    demo, make_partner_profile, make_demo_session, make_demo_event, make_demo_news, plenary
):
    """A small populated site with sentinel personal data planted everywhere it could leak."""
    partner = make_partner_profile(
        "Jugendforum Werdau (fiktiv)",
        town="Werdau",
        topics=["Kinder und Jugend", "Bildung"],
        internal_notes=SITE_SENTINELS["internal_notes"],
        website="https://jugendforum.example",
    )
    ContactPerson.objects.create(
        member=partner.member,
        name=SITE_SENTINELS["unconsented_contact"],
        email=SITE_SENTINELS["contact_email"],
        phone=SITE_SENTINELS["contact_phone"],
    )
    make_partner_profile(
        "Kirchgemeinde Crimmitschau (fiktiv)", town="Crimmitschau", kind=MemberKind.CHURCH
    )
    make_partner_profile("Arbeitskreis Asyl Zwickau (fiktiv)", topics=["Asylrecht"])
    Member.objects.create(name=SITE_SENTINELS["applied_member"], municipality="Zwickau")
    hidden = Person.objects.create(
        name=SITE_SENTINELS["unconsented_person"], email=SITE_SENTINELS["person_email"]
    )
    BodyMembership.objects.create(body=plenary, person=hidden, role=MembershipRole.MEMBER)
    BodyMembership.objects.create(body=plenary, member=partner.member, role=MembershipRole.MEMBER)
    session = make_demo_session(title="Kommende Plenarsitzung")
    past_session = make_demo_session(
        days=-30, status=SessionStatus.HELD, title="Vergangene Plenarsitzung"
    )
    AgendaItem.objects.create(
        session=past_session, title=SITE_SENTINELS["internal_agenda_item"], is_public=False
    )
    AgendaItem.objects.create(session=past_session, title="Bericht des Koordinierungsbüros")
    Resolution.objects.create(
        session=past_session, number="P-2026-09", title="Aktionswoche gegen Rassismus"
    )
    SessionPage.objects.filter(pk=past_session.pk).update(
        minutes=f"<p>{SITE_SENTINELS['unapproved_minutes']}</p>", minutes_approved=False
    )
    event = make_demo_event(intro="Ein Tag für Vielfalt.")
    news = make_demo_news(intro="Das Bündnis lädt ein.")
    draft = NewsPage(title=SITE_SENTINELS["draft_title"], date=timezone.localdate(), live=False)
    NewsIndexPage.objects.get().add_child(instance=draft)
    draft.save_revision()
    return {
        "partner": partner,
        "session": session,
        "past_session": past_session,
        "event": event,
        "news": news,
        "plenary": plenary,
    }
