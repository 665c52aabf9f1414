import datetime

import pytest
from django.contrib.auth.models import Permission
from wagtail.models import ModelLogEntry

from network.models import MemberStatusChange, Relationship
from network.workflow import (
    STATUS_CHANGE_LOG_ACTION,
    MemberStatus,
    TransitionRefused,
    change_status,
    may_change_status,
    missing_details,
)

pytestmark = pytest.mark.django_db

S = MemberStatus
ALLOWED = {
    (S.APPLIED, S.RECOMMENDED),
    (S.APPLIED, S.REJECTED),
    (S.RECOMMENDED, S.ADMITTED),
    (S.RECOMMENDED, S.REJECTED),
    (S.ADMITTED, S.ENDED),
}
ALL_PAIRS = [(a, b) for a in S for b in S]


@pytest.mark.parametrize(("start", "target"), sorted(ALLOWED))
def test_allowed_transition_records_step_and_audit_entry(make_member, admin_user, start, target):
    member = make_member(start)
    change = change_status(
        member,
        target,
        actor=admin_user,
        decided_on=datetime.date(2026, 3, 4),
        resolution="P-2026-05",
        reason="Begründung",
    )
    member.refresh_from_db()
    assert member.status == target
    assert member.status_changed_on == datetime.date(2026, 3, 4)
    assert (change.from_status, change.to_status, change.actor) == (start, target, admin_user)
    assert change.resolution_reference == "P-2026-05"
    entry = ModelLogEntry.objects.filter(action=STATUS_CHANGE_LOG_ACTION).latest("timestamp")
    assert entry.object_id == str(member.pk)
    assert entry.user == admin_user
    assert entry.data["from"] == start and entry.data["to"] == target
    assert entry.data["resolution"] == "P-2026-05"


@pytest.mark.parametrize(("start", "target"), [p for p in ALL_PAIRS if p not in ALLOWED])
def test_refused_transition_explains_itself_and_changes_nothing(make_member, start, target):
    member = make_member(start)
    steps, entries = MemberStatusChange.objects.count(), ModelLogEntry.objects.count()
    with pytest.raises(TransitionRefused) as refusal:
        change_status(member, target)
    message = refusal.value.messages[0]
    assert member.name in message
    assert str(S(start).label) in message
    member.refresh_from_db()
    assert member.status == start
    assert MemberStatusChange.objects.count() == steps
    assert ModelLogEntry.objects.count() == entries


def test_refusal_names_the_possible_steps(make_member):
    member = make_member(S.APPLIED)
    with pytest.raises(
        TransitionRefused, match="Möglich ist: „vom Beirat empfohlen“, „Antrag abgelehnt“"
    ):
        change_status(member, S.ADMITTED)


def test_contacts_have_no_admission(make_member):
    contact = make_member(relationship=Relationship.CONTACT, name="Bürgerinitiative X")
    with pytest.raises(TransitionRefused, match="als Kontakt eingetragen"):
        change_status(contact, S.RECOMMENDED)


def test_ending_and_rejecting_need_a_reason_admission_a_resolution():
    assert set(missing_details(S.ENDED)) == {"reason"}
    assert set(missing_details(S.REJECTED)) == {"reason"}
    assert set(missing_details(S.ADMITTED)) == {"resolution"}
    assert missing_details(S.ADMITTED, resolution="P-2026-02") == {}
    assert missing_details(S.RECOMMENDED) == {}


def test_board_may_recommend_but_not_decide(django_user_model):
    board = django_user_model.objects.create_user("beirat")
    board.user_permissions.add(Permission.objects.get(codename="recommend_member"))
    assert may_change_status(board, S.RECOMMENDED)
    assert not may_change_status(board, S.ADMITTED)
    office = django_user_model.objects.create_user("buero")
    office.user_permissions.add(Permission.objects.get(codename="decide_member"))
    assert all(may_change_status(office, target) for target in (S.RECOMMENDED, S.ADMITTED, S.ENDED))
    nobody = django_user_model.objects.create_user("redaktion")
    assert not may_change_status(nobody, S.RECOMMENDED)


def test_a_step_cannot_be_dated_before_the_step_it_follows(make_member):
    member = make_member(S.RECOMMENDED)  # recommended on 2 January 2026
    with pytest.raises(TransitionRefused, match="liegt vor dem letzten Schritt vom 02.01.2026"):
        change_status(member, S.ADMITTED, decided_on=datetime.date(2025, 12, 30), resolution="P")
    member.refresh_from_db()
    assert member.status == S.RECOMMENDED
    change_status(member, S.ADMITTED, decided_on=datetime.date(2026, 1, 2), resolution="P")
    member.refresh_from_db()
    assert member.status == S.ADMITTED
