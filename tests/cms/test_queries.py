"""The rows of a list's window come from a query compiled once (`cms.queries.PreparedRows`):
what a visitor reads must still follow the content and the calendar at once."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from network.api import partner_rows
from network.models import BodyMembership, MembershipRole, WorkingGroupPage
from tests.published_content import restrict

FRESH = {"Cache-Control": "no-cache"}
LIST = "/api/v3/partners/?town=Sitzstadt"


def seats_listed(client):
    (item,) = client.get(LIST, headers=FRESH).json()["items"]
    return [seat["body"]["id"] for seat in item["bodies"]]


def test_rows_come_in_the_order_of_the_keys_and_unknown_keys_are_skipped(
    make_partner_profile,
):
    first, second = make_partner_profile("Zweiter"), make_partner_profile("Erster")

    rows = partner_rows([second.pk, 999_999_999, first.pk])

    assert [row["id"] for row in rows] == [second.pk, first.pk]
    assert [row["title"] for row in rows] == [second.title, first.title]
    with CaptureQueriesContext(connection) as queries:
        assert partner_rows([]) == []
    assert not queries


def test_a_seat_that_ended_yesterday_leaves_the_list_on_the_next_day(
    client, make_partner_profile, monkeypatch
):
    member = make_partner_profile(town="Sitzstadt").member
    body = WorkingGroupPage.objects.live().order_by("title").first()
    today = timezone.localdate()
    BodyMembership.objects.create(
        body=body, member=member, role=MembershipRole.MEMBER, end_date=today
    )
    assert seats_listed(client) == [body.pk]

    real_localdate = timezone.localdate
    tomorrow = today + datetime.timedelta(days=1)
    monkeypatch.setattr(
        timezone,
        "localdate",
        lambda value=None, timezone=None: tomorrow if value is None else real_localdate(value),
    )

    assert seats_listed(client) == []


def test_a_body_restricted_after_a_read_takes_its_seats_off_the_list_at_once(
    client, make_partner_profile
):
    member = make_partner_profile(town="Sitzstadt").member
    body = WorkingGroupPage.objects.live().order_by("title").first()
    BodyMembership.objects.create(body=body, member=member, role=MembershipRole.MEMBER)
    assert seats_listed(client) == [body.pk]

    restrict(body)
    assert seats_listed(client) == []

    PageViewRestriction.objects.filter(page=body).delete()
    assert seats_listed(client) == [body.pk]
