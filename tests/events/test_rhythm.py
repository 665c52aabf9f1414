import datetime
import io

import pytest
from django.core.management import call_command

from events.models import SessionPage, SessionStatus
from events.rhythm import add_months, due_date_after, due_report, next_due_date
from network.models import BodyMembership, Member, Person
from network.workflow import MemberStatus, change_status
from tests.bodies_content import berlin


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 11, 30), 3, datetime.date(2027, 2, 28)),
        (datetime.date(2027, 11, 30), 3, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 12, 15), 2, datetime.date(2027, 2, 15)),
        (datetime.date(2026, 10, 31), 1, datetime.date(2026, 11, 30)),
    ],
)
def test_add_months_crosses_year_ends_and_clamps(day, months, expected):
    assert add_months(day, months) == expected


def test_due_date_uses_the_berlin_calendar_day_across_dst_and_new_year():
    # 00:30 local on 1 January is still 31 December in UTC.
    assert due_date_after(berlin(2027, 1, 1, 0, 30), 3) == datetime.date(2027, 4, 1)
    # The night the clocks go forward (29 March 2026) and back (25 October 2026).
    assert due_date_after(berlin(2026, 3, 29, 3, 30), 2) == datetime.date(2026, 5, 29)
    assert due_date_after(berlin(2026, 10, 25, 0, 30), 3) == datetime.date(2027, 1, 25)


def test_next_due_date_counts_held_and_planned_not_cancelled(bodies, make_body_session):
    board = bodies["board"]
    make_body_session(board, berlin(2026, 11, 20, 18), status=SessionStatus.HELD)
    assert next_due_date(board) == datetime.date(2027, 1, 20)
    make_body_session(board, berlin(2027, 1, 10, 18), status=SessionStatus.PLANNED)
    assert next_due_date(board) == datetime.date(2027, 3, 10)
    make_body_session(
        board, berlin(2027, 2, 10, 18), status=SessionStatus.CANCELLED, cancel_reason="Sturm"
    )
    assert next_due_date(board) == datetime.date(2027, 3, 10)


def test_report_lists_overdue_due_soon_and_waiting_members(bodies, make_body_session):
    make_body_session(bodies["plenary"], berlin(2026, 6, 1, 18))  # due 1 Sep: overdue
    make_body_session(bodies["board"], berlin(2026, 9, 20, 18))  # due 20 Nov: within 14 days
    make_body_session(bodies["ika"], berlin(2026, 10, 1, 18))  # due 1 Jan: not yet
    waiting = Member.objects.create(name="Fiktive Initiative")
    decided = Member.objects.create(name="Fiktiver Verein")
    change_status(decided, MemberStatus.RECOMMENDED)
    report = due_report(today=datetime.date(2026, 11, 10))
    assert [(b.slug, d) for b, d in report["overdue"]] == [
        ("buendnis-sitzung", datetime.date(2026, 9, 1))
    ]
    assert [(b.slug, d) for b, d in report["due_soon"]] == [("beirat", datetime.date(2026, 11, 20))]
    assert report["awaiting_recommendation"] == [waiting]
    assert [m.name for m in report["awaiting_decision"]] == ["Fiktiver Verein"]


def test_command_prints_report_and_fails_when_overdue(bodies, make_body_session):
    for body in ("plenary", "board", "ika"):
        make_body_session(bodies[body], berlin(2020, 1, 1, 18))
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("due_sessions", stdout=out)
    assert exit_info.value.code == 1
    assert "Überfällig:" in out.getvalue()
    assert "Bündnis-Sitzung – fällig seit 1. April 2020" in out.getvalue()


def test_command_succeeds_when_nothing_is_overdue(bodies, make_body_session):
    from django.utils import timezone

    soon = timezone.now() + datetime.timedelta(days=30)
    for body in ("plenary", "board", "ika"):
        make_body_session(bodies[body], soon, status=SessionStatus.PLANNED)
    out = io.StringIO()
    call_command("due_sessions", stdout=out)
    assert "Überfällig" not in out.getvalue()


def test_rotating_body_suggests_the_next_person_in_turn(bodies, make_body_session):
    ika = bodies["ika"]
    people = [Person.objects.create(name=name) for name in ("Anna A.", "Bert B.", "Cem C.")]
    for person in people:
        BodyMembership.objects.create(body=ika, person=person)
    assert SessionPage.suggested_moderator(ika) == people[0]
    make_body_session(ika, berlin(2026, 9, 1, 18), moderator=people[2])
    assert SessionPage.suggested_moderator(ika) == people[0]
    make_body_session(
        ika, berlin(2026, 12, 1, 18), moderator=people[0], status=SessionStatus.PLANNED
    )
    assert SessionPage.suggested_moderator(ika) == people[1]
    assert SessionPage.suggested_moderator(bodies["plenary"]) == bodies["leader"]
