import datetime
import itertools

import pytest
from django.utils import timezone

from events.models import (
    AgendaItem,
    EventIndexPage,
    EventPage,
    Location,
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

# Personal data that must never reach a visitor; every privacy test looks for these.
SENTINELS = {
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


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def plenary(demo):
    return WorkingGroupPage.objects.get(kind="plenary")


@pytest.fixture
def location(db):
    return Location.objects.create(
        name="Rathaus", street="Hauptmarkt 1", postcode="08056", town="Zwickau"
    )


@pytest.fixture
def make_session(plenary, location):
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
def make_event(demo, location):
    def make(days=10, **fields):
        fields.setdefault("title", f"Aktionstag {next(_numbers)}")
        start = timezone.now() + datetime.timedelta(days=days)
        return publish(
            EventIndexPage.objects.get(), EventPage(start=start, location=location, **fields)
        )

    return make


@pytest.fixture
def make_news(demo):
    def make(**fields):
        fields.setdefault("title", f"Meldung {next(_numbers)}")
        fields.setdefault("date", timezone.localdate())
        return publish(NewsIndexPage.objects.get(), NewsPage(**fields))

    return make


@pytest.fixture
def site_data(demo, make_partner_profile, make_session, make_event, make_news, plenary):
    """A small populated site with sentinel personal data planted everywhere it could leak."""
    partner = make_partner_profile(
        "Jugendforum Werdau (fiktiv)",
        town="Werdau",
        topics=["Kinder und Jugend", "Bildung"],
        internal_notes=SENTINELS["internal_notes"],
        website="https://jugendforum.example",
    )
    ContactPerson.objects.create(
        member=partner.member,
        name=SENTINELS["unconsented_contact"],
        email=SENTINELS["contact_email"],
        phone=SENTINELS["contact_phone"],
    )
    make_partner_profile(
        "Kirchgemeinde Crimmitschau (fiktiv)", town="Crimmitschau", kind=MemberKind.CHURCH
    )
    make_partner_profile("Arbeitskreis Asyl Zwickau (fiktiv)", topics=["Asylrecht"])
    Member.objects.create(name=SENTINELS["applied_member"], municipality="Zwickau")
    hidden = Person.objects.create(
        name=SENTINELS["unconsented_person"], email=SENTINELS["person_email"]
    )
    BodyMembership.objects.create(body=plenary, person=hidden, role=MembershipRole.MEMBER)
    BodyMembership.objects.create(body=plenary, member=partner.member, role=MembershipRole.MEMBER)
    session = make_session(title="Kommende Plenarsitzung")
    past_session = make_session(
        days=-30, status=SessionStatus.HELD, title="Vergangene Plenarsitzung"
    )
    AgendaItem.objects.create(
        session=past_session, title=SENTINELS["internal_agenda_item"], is_public=False
    )
    AgendaItem.objects.create(session=past_session, title="Bericht des Koordinierungsbüros")
    Resolution.objects.create(
        session=past_session, number="P-2026-09", title="Aktionswoche gegen Rassismus"
    )
    SessionPage.objects.filter(pk=past_session.pk).update(
        minutes=f"<p>{SENTINELS['unapproved_minutes']}</p>", minutes_approved=False
    )
    event = make_event(intro="Ein Tag für Vielfalt.")
    news = make_news(intro="Das Bündnis lädt ein.")
    draft = NewsPage(title=SENTINELS["draft_title"], date=timezone.localdate(), live=False)
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
