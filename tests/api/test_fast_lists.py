"""Lists are rendered without ninja's output validation; they must still be exactly what the
documented schema would let through: no extra key (nothing undocumented can leak), no missing
key, every value of the documented type."""

import json

import pytest
from django.contrib.auth.models import Permission
from ninja.renderers import JSONRenderer
from wagtail.models import APIToken

from cms.api import api
from events.api import EventList, SessionList
from home.api import NewsList
from network.api import ApplicationList, BodyList, ContactList, MemberList, PartnerList

PUBLIC = {
    "/api/v3/partners/": PartnerList,
    "/api/v3/bodies/": BodyList,
    "/api/v3/sessions/": SessionList,
    "/api/v3/events/": EventList,
    "/api/v3/news/": NewsList,
}
REGISTER = {
    "/api/v3/register/members/": MemberList,
    "/api/v3/register/contacts/": ContactList,
    "/api/v3/register/applications/": ApplicationList,
}


def validated(schema, payload):
    """What ninja would have sent: the payload validated by the schema, rendered by its JSON."""
    model = schema.model_validate(payload)
    rendered = JSONRenderer().render(None, model.model_dump(by_alias=True), response_status=200)
    return json.loads(rendered)


@pytest.fixture
def register_token(db, django_user_model):
    user = django_user_model.objects.create_user(username="registerleser", password="x")
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_member", "view_contactperson", "view_membershipapplication"]
        )
    )
    return APIToken.create_token(user=user, name="Register")[1]


@pytest.mark.parametrize("url", PUBLIC)
def test_public_lists_are_exactly_their_documented_schema(client, world, url):
    response = client.get(url + "?limit=50")
    assert response.status_code == 200
    assert response["Content-Type"] == api.get_content_type()
    payload = response.json()
    assert payload["items"], "the fixture must give every list something to check"
    assert payload == validated(PUBLIC[url], payload)


@pytest.mark.parametrize("url", REGISTER)
def test_register_lists_are_exactly_their_documented_schema(client, world, register_token, url):
    response = client.get(url, headers={"Authorization": f"Bearer {register_token}"})
    assert response.status_code == 200, response.content
    payload = response.json()
    assert payload == validated(REGISTER[url], payload)
    assert "private" in response["Cache-Control"]


def test_session_list_items_are_the_detail_items(client, make_session):
    """The list builds sessions from rows, the detail from pages: both give the same items."""
    from events.models import AgendaItem, SessionPage, SessionStatus
    from network.models import Person

    held = make_session(minutes_approved=True, title="Mit Protokoll")
    SessionPage.objects.filter(pk=held.pk).update(minutes="<p>Bestätigt</p>")
    consented = Person.objects.create(
        name="Vortrag Echt", public_name="Vortrag Öffentlich", publish_consent=True
    )
    unconsented = Person.objects.create(name="SENTINEL-VORTRAG")
    AgendaItem.objects.filter(session=held, number="1").update(presenter=consented)
    AgendaItem.objects.create(session=held, number="3", title="Dritter", presenter=unconsented)
    make_session(status=SessionStatus.PLANNED)
    cancelled = make_session(status=SessionStatus.CANCELLED, cancel_reason="Krankheit")
    SessionPage.objects.filter(pk=cancelled.pk).update(location=None)

    items = client.get("/api/v3/sessions/?limit=50").json()["items"]

    assert len(items) == 3
    for item in items:
        assert item == client.get(f"/api/v3/sessions/{item['id']}/").json()
    with_minutes = next(item for item in items if item["title"] == "Mit Protokoll")
    assert with_minutes["minutes"] == "<p>Bestätigt</p>"
    assert [a["presenter"] for a in with_minutes["agenda"]] == ["Vortrag Öffentlich", None]


def test_session_list_is_what_the_schema_makes_of_the_pages(client, demo, rf):
    """Paged through, the list built from rows is, item for item, the schema-validated page
    objects of the public sessions: nothing the pages would not show, nothing missing."""
    from events.api import SessionOut, session_out, session_pages
    from events.models import AgendaItem, Resolution, SessionPage, SessionStatus
    from network.models import Person

    held = SessionPage.objects.filter(status=SessionStatus.HELD).live().first()
    planned = SessionPage.objects.filter(status=SessionStatus.PLANNED).live().first()
    Resolution.objects.create(session=planned, title="SENTINEL-BESCHLUSS-VOR-DER-SITZUNG")
    AgendaItem.objects.create(session=held, title="SENTINEL-NICHT-OEFFENTLICH", is_public=False)
    AgendaItem.objects.create(
        session=held, title="Vortrag", presenter=Person.objects.create(name="SENTINEL-PERSON")
    )
    unpublished = SessionPage.objects.live().last()
    SessionPage.objects.filter(pk=unpublished.pk).update(live=False, title="SENTINEL-ENTWURF")
    held.title, held.minutes_approved = "SENTINEL-NEUE-FASSUNG", True
    held.save_revision()

    items, offset = [], 0
    while page := client.get(f"/api/v3/sessions/?limit=10&offset={offset}").json()["items"]:
        items += page
        offset += len(page)

    pages = session_pages().order_by("start", "pk")
    request = rf.get("/api/v3/sessions/")
    assert items == [validated(SessionOut, session_out(page, request)) for page in pages]
    assert len(items) == SessionPage.objects.live().count() > 1
    assert "SENTINEL" not in json.dumps(items)


@pytest.mark.parametrize("sessions", [1, 8])
def test_session_list_queries_do_not_grow_with_its_sessions(
    client, make_session, body, sessions, django_assert_max_num_queries
):
    for _ in range(sessions):
        make_session()
    with django_assert_max_num_queries(7):
        response = client.get(f"/api/v3/sessions/?body={body.pk}&limit=50")
    assert len(response.json()["items"]) == sessions


def test_partner_list_nests_topics_consented_contacts_and_current_seats(
    client, make_partner_profile
):
    """A partner's nested items come with the partner's row, as the public may see them and in
    their order; the list item is the detail item (which ninja validates)."""
    import datetime

    from network.models import (
        BodyMembership,
        ContactPerson,
        MembershipRole,
        Topic,
        WorkingGroupPage,
    )

    topics = list(Topic.objects.order_by("name")[:2])
    member = make_partner_profile(town="Verschachtelstadt", topics=[t.name for t in topics]).member
    for number, name, consent in [(2, "Zweite Öffentlich", True), (1, "SENTINEL-KONTAKT", False)]:
        ContactPerson.objects.create(
            member=member, name=name, publish_consent=consent, sort_order=number
        )
    ContactPerson.objects.create(
        member=member, name="Erste Öffentlich", publish_consent=True, sort_order=0
    )
    first, second = WorkingGroupPage.objects.live().order_by("title")[:2]
    seats = [
        (first, MembershipRole.CHAIR, datetime.date(2025, 3, 1), None),
        (second, MembershipRole.MEMBER, datetime.date(2025, 6, 1), datetime.date(2099, 1, 1)),
        (second, MembershipRole.GUEST, datetime.date(2020, 1, 1), datetime.date(2021, 1, 1)),
    ]
    for body, role, start, end in seats:
        BodyMembership.objects.create(
            body=body, member=member, role=role, start_date=start, end_date=end
        )

    (item,) = client.get("/api/v3/partners/?town=Verschachtelstadt").json()["items"]

    assert item["topics"] == [{"id": t.pk, "name": t.name, "slug": t.slug} for t in topics]
    assert [c["name"] for c in item["contacts"]] == ["Erste Öffentlich", "Zweite Öffentlich"]
    assert [
        (s["body"]["id"], s["role_label"], s["start_date"], s["end_date"]) for s in item["bodies"]
    ] == [
        (second.pk, "Mitglied", "2025-06-01", "2099-01-01"),
        (first.pk, "Leitung/Vorsitz", "2025-03-01", None),
    ]
    assert item["bodies"][0]["body"]["url"].endswith(second.url_path.split("/", 2)[2])
    assert item == client.get(f"/api/v3/partners/{item['id']}/").json()


@pytest.fixture
def events_of_every_shape(make_event, make_sentinel_partner, make_member, body, tree, topic):
    """Events with and without place and series, with organisers whose profile is public,
    restricted, unpublished or missing (and one not admitted), a coordinating body the public
    may see and two it may not, topics, a cancelled one and a restricted one."""
    from decimal import Decimal

    from events.models import EventKind, EventPage, EventSeries, Location
    from network.models import BodyKind, Topic, WorkingGroupPage
    from network.workflow import MemberStatus
    from tests.published_content import at, publish, restrict

    public_profile = make_sentinel_partner(name="Aaa Verein mit Profil (fiktiv)")
    restricted_profile = make_sentinel_partner(name="Bbb Verein geschützt (fiktiv)")
    restrict(restricted_profile)
    unpublished_profile = make_sentinel_partner(name="Ccc Verein Entwurf (fiktiv)")
    unpublished_profile.unpublish()
    organisers = [
        public_profile.member,
        restricted_profile.member,
        unpublished_profile.member,
        make_member(MemberStatus.ADMITTED, name="Ddd Verein ohne Profil (fiktiv)"),
        make_member(MemberStatus.APPLIED, name="SENTINEL-ANTRAGSTELLER e. V."),
    ]
    restricted_body, unpublished_body = (
        publish(
            tree["bodies"],
            WorkingGroupPage(
                title=f"SENTINEL-GREMIUM {n}", slug=f"geheim-{n}", kind=BodyKind.WORKING_GROUP
            ),
        )
        for n in (1, 2)
    )
    restrict(restricted_body)
    unpublished_body.unpublish()
    series = EventSeries.objects.create(
        title="Erzählcafé (fiktiv)", description="Monatlich", first_start=at(2026, 1, 8, 17)
    )
    mapped = Location.objects.create(
        name="Bürgerhaus (fiktiv)", town="Werdau", latitude=Decimal("50.7234567")
    )
    second_topic = Topic.objects.create(name="Antirassismus (fiktiv)", slug="antirassismus")
    events = [
        make_event(
            title="Mit allem",
            series=series,
            kind=EventKind.SERIES_PART,
            organisers=organisers,
            coordinating_body=body,
            topics=[second_topic, topic],
            registration_url="https://example.org/anmeldung",
            intro="Kurz",
        ),
        make_event(
            title="Abgesagt",
            start=at(2026, 6, 1, 0),
            all_day=True,
            cancelled=True,
            kind=EventKind.ACTION,
            coordinating_body=restricted_body,
            topics=[],
        ),
        make_event(
            title="Anderswo",
            start=at(2026, 5, 20, 10),
            organisers=organisers[1:2],
            coordinating_body=unpublished_body,
            series=series,
        ),
        make_event(title="SENTINEL-GESCHUETZT Termin", start=at(2026, 5, 21, 10)),
    ]
    EventPage.objects.filter(pk=events[1].pk).update(location=None)
    EventPage.objects.filter(pk=events[2].pk).update(location=mapped)
    restrict(events[3])
    return {"events": events, "series": series}


def test_event_list_is_what_the_schema_makes_of_the_pages(client, events_of_every_shape, rf):
    """The list builds events from rows, the detail from pages: item for item the same, with
    nothing the public may not see (organisers not admitted, profiles and bodies not public)."""
    from events.api import EventOut, event_out, event_pages

    items = client.get("/api/v3/events/?limit=50").json()["items"]

    request = rf.get("/api/v3/events/")
    pages = event_pages().order_by("start", "pk")
    assert items == [validated(EventOut, event_out(page, request)) for page in pages]
    assert [item["title"] for item in items] == ["Mit allem", "Anderswo", "Abgesagt"]
    for item in items:
        assert item == client.get(f"/api/v3/events/{item['id']}/").json()
    assert "SENTINEL" not in json.dumps(items)
    full, elsewhere, cancelled = items
    assert [(o["name"], o["url"] is not None) for o in full["organisers"]] == [
        ("Aaa Verein mit Profil (fiktiv)", True),
        ("Bbb Verein geschützt (fiktiv)", False),
        ("Ccc Verein Entwurf (fiktiv)", False),
        ("Ddd Verein ohne Profil (fiktiv)", False),
    ]
    assert [t["slug"] for t in full["topics"]] == ["antirassismus", "erinnerung"]
    assert full["coordinating_body"]["title"] == "AG API (fiktiv)"
    assert full["series"]["title"] == elsewhere["series"]["title"] == "Erzählcafé (fiktiv)"
    assert (cancelled["cancelled"], cancelled["location"], cancelled["series"]) == (
        True,
        None,
        None,
    )
    assert cancelled["coordinating_body"] is elsewhere["coordinating_body"] is None
    assert elsewhere["location"]["latitude"] == "50.723457"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "limit=1&offset=1",
        "date_from=2026-05-09&date_to=2026-05-31",
        "topic=erinnerung",
        "kind=action",
        "series={series}",
        "search=Abgesagt",
        "order=title",
        "order=-start&limit=2&offset=1",
    ],
)
def test_event_list_from_rows_is_byte_for_byte_the_list_from_pages(
    client, events_of_every_shape, monkeypatch, query
):
    """Every filter, order and window gives the same bytes as serializing the page objects."""
    import events.api
    from cms.api import each

    url = "/api/v3/events/?" + query.format(series=events_of_every_shape["series"].pk)
    fresh = {"Cache-Control": "no-cache"}
    from_rows = client.get(url, headers=fresh)
    monkeypatch.setattr(events.api, "event_items", each(events.api.event_out))
    from_pages = client.get(url, headers=fresh)
    assert from_rows.status_code == from_pages.status_code == 200
    assert from_rows.json()["items"], "each query must list something"
    assert from_rows.content == from_pages.content


@pytest.mark.parametrize("events", [1, 8])
def test_event_list_queries_do_not_grow_with_its_events(
    client, make_event, events, django_assert_max_num_queries
):
    for _ in range(events):
        make_event()
    with django_assert_max_num_queries(4):
        response = client.get("/api/v3/events/?limit=50")
    assert len(response.json()["items"]) == events
