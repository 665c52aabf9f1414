"""What the public may see is decided once (cms.visibility); each scenario is checked in every
output: HTML pages, search, sitemap, the API (lists and details), OParl, iCal and the Atom feed,
anonymously and with a read-only token.
"""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import APIToken, PageViewRestriction
from wagtail.test.utils.form_data import nested_form_data, rich_text

from events.models import (
    AgendaItem,
    EventIndexPage,
    EventPage,
    Resolution,
    SessionPage,
    SessionStatus,
)
from network.models import (
    BodyKind,
    BodyMembership,
    Member,
    PartnerPage,
    Person,
    Relationship,
    WorkingGroupIndexPage,
    WorkingGroupPage,
)
from network.workflow import MemberStatus, change_status
from tests.http import body_text
from tests.published_content import publish

from .crawl import Crawler, strings_in_json
from .test_crawl import SEEDS

OUTPUT_SEEDS = SEEDS + [
    "/suche/?q=Sentinel",
    "/kalender/sitzungen.ics",
    "/kalender/veranstaltungen.ics",
    "/api/v3/pages/?limit=20",
    "/oparl/v1.1/body/buendnis/meeting/",
    "/oparl/v1.1/body/buendnis/paper/",
    "/oparl/v1.1/body/buendnis/membership/",
    "/oparl/v1.1/body/buendnis/person/",
]


def read_token(django_user_model):
    reader = django_user_model.objects.create_user("leser", password="x-leser-passwort-1")
    return APIToken.create_token(user=reader, name="Lesezugriff Website")[1]


@pytest.fixture(params=["anonym", "Lese-Token"])
def visitor(request, client, django_user_model):
    """The test client with the headers of an anonymous visitor or a read-only token."""
    if request.param == "anonym":
        return client, {}
    return client, {"Authorization": f"Bearer {read_token(django_user_model)}"}


def crawl(visitor, extra=()):
    client, headers = visitor
    crawler = Crawler(client, headers=headers).run(OUTPUT_SEEDS + list(extra))
    assert len(crawler.bodies) > 30, "the crawl must reach the outputs to prove anything"
    assert not [p for p, status in crawler.statuses.items() if status >= 500]
    return crawler


def found(crawler, secrets):
    """Secrets in any answer; error pages may repeat the requested address, nothing else."""
    return sorted(
        f"{secret} on {path}"
        for path, text in crawler.bodies.items()
        for secret in secrets
        if secret.lower() in text.replace(path, "").lower()
    )


def new_body(title, slug):
    index = WorkingGroupIndexPage.objects.get()
    return publish(index, WorkingGroupPage(title=title, slug=slug, kind=BodyKind.WORKING_GROUP))


# --- 1. sessions of an unpublished body --------------------------------------------------------


@pytest.fixture
def orphaned_session(demo):
    """A held session with agenda and resolution, whose body is then unpublished alone, as the
    admin does with "Unterseiten ebenfalls zurückziehen" unchecked."""
    body = new_body("Gremium SentinelHiddenBody", "sentinelhiddenbody")
    session = SessionPage(
        title="Sitzung SentinelOrphanSession",
        slug="sentinelorphansession",
        start=timezone.now() - datetime.timedelta(days=3),
    )
    session.agenda_items = [AgendaItem(number="1", title="TOP SentinelOrphanAgenda")]
    session.resolutions = [Resolution(title="Beschluss SentinelOrphanResolution")]
    session = publish(body, session)
    SessionPage.objects.filter(pk=session.pk).update(status=SessionStatus.HELD)
    url = session.url
    before = timezone.now()
    UnpublishPageAction(body, include_descendants=False).execute(skip_permission_checks=True)
    assert SessionPage.objects.get(pk=session.pk).live, "the scenario: the session stays live"
    return {
        "body": body,
        "session": session,
        "url": url,
        "hidden_at": before,
        "agenda_item": session.agenda_items.get(),
        "resolution": session.resolutions.get(),
    }


def test_sessions_of_an_unpublished_body_vanish_from_every_output(orphaned_session, visitor):
    session, body = orphaned_session["session"], orphaned_session["body"]
    details = [
        orphaned_session["url"],
        f"/api/v3/sessions/{session.pk}/",
        f"/api/v3/pages/{session.pk}/",
        f"/api/v3/bodies/{body.pk}/",
        f"/api/v3/sessions/?body={body.pk}",
        f"/kalender/sitzung/{session.pk}.ics",
        f"/kalender/gremium/{body.slug}.ics",
        f"/oparl/v1.1/meeting/{session.pk}/",
        f"/oparl/v1.1/paper/{orphaned_session['resolution'].pk}/",
        f"/oparl/v1.1/agendaitem/{orphaned_session['agenda_item'].pk}/",
    ]
    crawler = crawl(visitor, details)
    assert not found(crawler, ["SentinelHiddenBody", "SentinelOrphan"])
    for path in details[:4] + details[5:7]:
        assert crawler.statuses[path] == 404, path


def test_the_page_of_a_session_below_an_unpublished_body_is_not_served(orphaned_session, client):
    assert client.get(orphaned_session["url"]).status_code == 404


@pytest.mark.parametrize(
    ("kind", "key"),
    [("meeting", "session"), ("paper", "resolution"), ("agendaitem", "agenda_item")],
)
def test_oparl_lists_what_vanished_as_deleted_since_it_vanished(
    orphaned_session, client, kind, key
):
    obj = orphaned_session[key]
    stub = client.get(f"/oparl/v1.1/{kind}/{obj.pk}/").json()
    assert stub["deleted"] is True
    assert "name" not in stub
    assert parse_datetime(stub["created"]) <= orphaned_session["hidden_at"]
    assert parse_datetime(stub["modified"]) >= orphaned_session["hidden_at"]

    # An incremental sync since just before the body went offline learns of the deletion.
    since = orphaned_session["hidden_at"].isoformat().replace("+", "%2B")
    listed = client.get(f"/oparl/v1.1/body/buendnis/{kind}/?modified_since={since}").json()
    assert [m["id"] for m in listed["data"] if m.get("deleted")] == [stub["id"]]


# --- 2. a view restriction on the bodies section -----------------------------------------------


@pytest.fixture
def restricted_section(demo):
    body = new_body("Gremium SentinelRestrictedBody", "sentinelrestrictedbody")
    partner = PartnerPage.objects.visible_to_public().select_related("member").first()
    person = Person.objects.create(
        name="Person SentinelSeated", publish_consent=True, consent_date=datetime.date(2026, 1, 1)
    )
    BodyMembership.objects.create(body=body, member=partner.member)
    BodyMembership.objects.create(body=body, person=person)
    event = EventPage.objects.visible_to_public().first()
    event.coordinating_body = body
    event.save_revision().publish()
    PageViewRestriction.objects.create(
        page=WorkingGroupIndexPage.objects.get(),
        restriction_type=PageViewRestriction.PASSWORD,
        password="nur-fuer-mitglieder",
    )
    return {"body": body, "partner": partner, "person": person, "event": event}


def test_bodies_in_a_restricted_section_vanish_from_every_output(restricted_section, visitor):
    body, partner = restricted_section["body"], restricted_section["partner"]
    event = restricted_section["event"]
    day = timezone.localdate(event.start)
    details = [
        f"/api/v3/partners/{partner.pk}/",
        f"/api/v3/bodies/{body.pk}/",
        f"/oparl/v1.1/organization/{body.pk}/",
        f"/oparl/v1.1/person/{restricted_section['person'].pk}/",
        f"/api/v3/events/{event.pk}/",
        f"/api/v3/events/?date_from={day}&date_to={day}&limit=50",
    ]
    crawler = crawl(visitor, details)
    # The consenting person stays public, without the seat in the hidden body; the event it
    # coordinates stays public, without its coordinating body.
    assert crawler.statuses[details[3]] == crawler.statuses[details[4]] == 200
    assert json.loads(crawler.bodies[details[4]])["coordinating_body"] is None
    listed = json.loads(crawler.bodies[details[5]])["items"]
    assert [e["coordinating_body"] for e in listed if e["id"] == event.pk] == [None]
    assert not found(crawler, ["SentinelRestrictedBody"])
    assert crawler.statuses[details[1]] == 404
    # No body of the restricted section is referred to (partner seats, OParl memberships and
    # meetings); OParl lists them only as deleted.
    bodies = WorkingGroupPage.objects.all()
    assert not found(crawler, [b.url_path.rstrip("/").rsplit("/", 1)[1] + "/" for b in bodies])
    hidden = {f"/organization/{b.pk}/" for b in bodies}
    references = [
        (path, text)
        for path, body in crawler.bodies.items()
        if path.startswith("/oparl/") and crawler.statuses[path] == 200
        for item in live_objects(json.loads(body))
        for text in strings_in_json(item)
        if any(text.endswith(ref) for ref in hidden)
    ]
    assert not references


def live_objects(data):
    """The OParl objects of a response that are not deleted stubs."""
    items = data.get("data", [data]) if isinstance(data, dict) else []
    return [item for item in items if not item.get("deleted")]


# --- 3. register entries that are not admitted -------------------------------------------------


def entries_in_every_state():
    """One register entry per state that is not "admitted"."""
    steps = {
        "Applied": [],
        "Recommended": [MemberStatus.RECOMMENDED],
        "Rejected": [MemberStatus.REJECTED],
        "Ended": [MemberStatus.RECOMMENDED, MemberStatus.ADMITTED, MemberStatus.ENDED],
    }
    entries = []
    for label, path in steps.items():
        member = Member.objects.create(name=f"Sentinel{label} e. V.")
        for status in path:
            change_status(member, status, resolution="P-2026-99", reason="Probe")
        entries.append(member)
    entries.append(
        Member.objects.create(name="SentinelContact e. V.", relationship=Relationship.CONTACT)
    )
    return entries


@pytest.fixture
def unadmitted_references(demo):
    entries = entries_in_every_state()
    event = EventPage.objects.visible_to_public().first()
    event.organisers = entries + [PartnerPage.objects.visible_to_public().first().member]
    event.save_revision().publish()
    plenary = demo["plenary"]
    for member in entries:
        BodyMembership.objects.create(body=plenary, member=member)
    return {"entries": entries, "event": event, "body": plenary}


def test_entries_not_admitted_are_never_named_as_organiser_or_seat(unadmitted_references, visitor):
    event, body = unadmitted_references["event"], unadmitted_references["body"]
    day = timezone.localdate(event.start)
    details = [
        event.url,
        body.url,
        f"/api/v3/events/{event.pk}/",
        f"/api/v3/events/?date_from={day}&date_to={day}&limit=50",
        f"/api/v3/bodies/{body.pk}/",
        f"/kalender/veranstaltung/{event.pk}.ics",
        f"/oparl/v1.1/organization/{body.pk}/",
    ]
    crawler = crawl(visitor, details)
    assert all(crawler.statuses[path] == 200 for path in details)
    assert not found(crawler, [m.name for m in unadmitted_references["entries"]])


def test_the_admitted_organiser_is_still_named(unadmitted_references, client):
    event = unadmitted_references["event"]
    organisers = client.get(f"/api/v3/events/{event.pk}/").json()["organisers"]
    assert [o["name"] for o in organisers] == [m.name for m in event.public_organisers()]
    assert len(organisers) == 1
    day = timezone.localdate(event.start)
    listed = client.get(f"/api/v3/events/?date_from={day}&date_to={day}&limit=50").json()
    assert next(e for e in listed["items"] if e["id"] == event.pk)["organisers"] == organisers
    assert organisers[0]["name"] in body_text(client.get(event.url))


# --- the editor is told ------------------------------------------------------------------------


def test_seat_of_an_entry_not_admitted_is_refused_with_a_reason(demo):
    from django.core.exceptions import ValidationError

    applicant = Member.objects.create(name="Antragsteller (fiktiv)")
    seat = BodyMembership(body=demo["plenary"], member=applicant)
    with pytest.raises(ValidationError) as refused:
        seat.clean()
    assert "nicht als Bündnispartner aufgenommen" in str(refused.value)
    assert "Antragsteller (fiktiv)" in str(refused.value)

    # A seat that has ended keeps its former holder on record.
    seat.end_date = timezone.localdate() - datetime.timedelta(days=1)
    seat.clean()


def test_organiser_not_admitted_is_refused_in_the_event_form(demo, admin_client):
    applicant = Member.objects.create(name="Antragsteller (fiktiv)")
    index = EventIndexPage.objects.get()
    start = timezone.localtime() + datetime.timedelta(days=30)
    data = nested_form_data(
        {
            "title": "Aktionstag (fiktiv)",
            "slug": "aktionstag-fiktiv",
            "start": start.strftime("%Y-%m-%d %H:%M"),
            "end": "",
            "kind": "event",
            "registration_url": "",
            "intro": "",
            "body": rich_text(""),
        }
    )
    data["organisers"] = [applicant.pk]
    url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", index.pk))
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "„Antragsteller (fiktiv)“ (beantragt) ist nicht als Bündnispartner aufgenommen" in (
        response.content.decode()
    )
    assert not EventPage.objects.filter(slug="aktionstag-fiktiv").exists()
