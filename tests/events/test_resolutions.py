import datetime

import pytest

from events.models import (
    Resolution,
    ResolutionKind,
    ResolutionOutcome,
    SessionStatus,
    next_resolution_number,
)
from events.resolutions import ResolutionRefused, apply_resolutions, check_resolutions
from network.models import (
    BodyMembership,
    BodyStatus,
    MemberStatusChange,
    Person,
    WorkingGroupPage,
)
from network.workflow import MemberStatus, change_status
from tests.bodies_content import berlin


def _recommended(member):
    change_status(member, MemberStatus.RECOMMENDED, decided_on=datetime.date(2025, 1, 15))
    member.refresh_from_db()
    return member


def test_board_recommendation_moves_member_to_recommended(bodies, make_body_session, applicant):
    session = make_body_session(
        bodies["board"],
        resolutions=[
            {
                "title": "Empfehlung Aufnahme",
                "kind": ResolutionKind.RECOMMENDATION,
                "affected_member": applicant,
            }
        ],
    )
    applicant.refresh_from_db()
    assert applicant.status == MemberStatus.RECOMMENDED
    resolution = session.resolutions.get()
    assert resolution.number == "B-2026-01"
    assert resolution.applied_at is not None
    change = MemberStatusChange.objects.get(member=applicant)
    assert change.resolution_reference == "B-2026-01"


def test_plenary_admission_admits_and_republishing_applies_once(
    bodies, make_body_session, applicant
):
    _recommended(applicant)
    session = make_body_session(
        bodies["plenary"],
        resolutions=[
            {"title": "Aufnahme", "kind": ResolutionKind.ADMISSION, "affected_member": applicant}
        ],
    )
    applicant.refresh_from_db()
    assert applicant.status == MemberStatus.ADMITTED
    assert session.resolutions.get().number == "P-2026-01"

    session.title = "Bündnis-Sitzung (korrigiert)"
    session.save_revision().publish()
    session.refresh_from_db()
    session.save_revision().publish()

    assert MemberStatusChange.objects.filter(to_status=MemberStatus.ADMITTED).count() == 1
    assert session.resolutions.get().number == "P-2026-01"
    assert apply_resolutions(session) == []


def test_termination_ends_membership(bodies, make_body_session, applicant):
    _recommended(applicant)
    change_status(
        applicant,
        MemberStatus.ADMITTED,
        resolution="P-2025-01",
        decided_on=datetime.date(2025, 2, 1),
    )
    make_body_session(
        bodies["plenary"],
        resolutions=[
            {
                "title": "Beendigung auf eigenen Wunsch",
                "kind": ResolutionKind.TERMINATION,
                "affected_member": applicant,
            }
        ],
    )
    applicant.refresh_from_db()
    assert applicant.status == MemberStatus.ENDED
    assert applicant.end_reason == "Beendigung auf eigenen Wunsch"


def test_setting_up_a_planned_working_group_activates_it(bodies, make_body_session):
    bildung = bodies["bildung"]
    assert bildung.status == BodyStatus.PLANNED
    make_body_session(
        bodies["plenary"],
        resolutions=[
            {
                "title": "Einsetzung AG Bildung",
                "kind": ResolutionKind.SET_UP_BODY,
                "new_body": bildung,
            }
        ],
    )
    bildung.refresh_from_db()
    assert bildung.status == BodyStatus.ACTIVE
    assert bildung.established_by_id == bodies["plenary"].pk
    assert bildung.established_by_resolution == "P-2026-01"


def test_setting_up_without_a_planned_body_creates_one(bodies, make_body_session):
    session = make_body_session(
        bodies["plenary"],
        resolutions=[{"title": "Arbeitsgruppe Pressearbeit", "kind": ResolutionKind.SET_UP_BODY}],
    )
    created = WorkingGroupPage.objects.get(title="Arbeitsgruppe Pressearbeit")
    assert created.live and created.status == BodyStatus.ACTIVE
    assert session.resolutions.get().new_body_id == created.pk


def test_election_seats_the_person_on_the_advisory_board(bodies, make_body_session):
    person = Person.objects.create(name="Fiktive Beirätin")
    make_body_session(
        bodies["plenary"],
        resolutions=[
            {
                "title": "Wahl in den Beirat",
                "kind": ResolutionKind.ELECTION,
                "affected_person": person,
            }
        ],
    )
    seat = BodyMembership.objects.get(person=person)
    assert seat.body_id == bodies["board"].pk
    assert seat.elected_by_resolution == "P-2026-01"
    assert seat.start_date.isoformat() == "2026-03-10"


def test_rejected_and_other_resolutions_change_nothing(bodies, make_body_session, applicant):
    make_body_session(
        bodies["board"],
        resolutions=[
            {
                "title": "Empfehlung",
                "kind": ResolutionKind.RECOMMENDATION,
                "affected_member": applicant,
                "outcome": ResolutionOutcome.REJECTED,
            },
            {"title": "Gemeinsames Fest", "kind": ResolutionKind.JOINT_PROJECT},
        ],
    )
    applicant.refresh_from_db()
    assert applicant.status == MemberStatus.APPLIED


def test_planned_session_applies_nothing_until_held(bodies, make_body_session, applicant):
    session = make_body_session(
        bodies["board"],
        status=SessionStatus.PLANNED,
        resolutions=[
            {
                "title": "Empfehlung",
                "kind": ResolutionKind.RECOMMENDATION,
                "affected_member": applicant,
            }
        ],
    )
    applicant.refresh_from_db()
    assert applicant.status == MemberStatus.APPLIED
    session.status = SessionStatus.HELD
    session.save_revision().publish()
    applicant.refresh_from_db()
    assert applicant.status == MemberStatus.RECOMMENDED


@pytest.mark.parametrize(
    ("body_key", "kind", "expected"),
    [
        ("board", ResolutionKind.ADMISSION, "Bündnis-Sitzung (Plenum)"),
        ("ika", ResolutionKind.TERMINATION, "Bündnis-Sitzung (Plenum)"),
        ("plenary", ResolutionKind.RECOMMENDATION, "Beirat"),
        ("board", ResolutionKind.ELECTION, "Bündnis-Sitzung (Plenum)"),
        ("ika", ResolutionKind.SET_UP_BODY, "Bündnis-Sitzung (Plenum)"),
    ],
)
def test_wrong_body_is_refused_with_a_german_reason_and_nothing_applies(
    bodies, make_body_session, applicant, body_key, kind, expected
):
    session = make_body_session(
        bodies[body_key],
        status=SessionStatus.PLANNED,
        resolutions=[{"title": "Strittig", "kind": kind, "affected_member": applicant}],
    )
    session.status = SessionStatus.HELD
    [message] = check_resolutions(session)
    assert f"entscheidet laut Satzung {expected}" in str(message)
    session.save()
    with pytest.raises(ResolutionRefused):
        apply_resolutions(session)
    applicant.refresh_from_db()
    assert applicant.status == MemberStatus.APPLIED
    assert not Resolution.objects.filter(applied_at__isnull=False).exists()


def test_out_of_order_admission_is_refused_before_anything_changes(
    bodies, make_body_session, applicant
):
    session = make_body_session(
        bodies["plenary"],
        status=SessionStatus.PLANNED,
        resolutions=[
            {"title": "Aufnahme", "kind": ResolutionKind.ADMISSION, "affected_member": applicant}
        ],
    )
    session.status = SessionStatus.HELD
    [message] = check_resolutions(session)
    assert "kann nicht direkt" in str(message)


def test_admission_before_the_recommendation_is_refused_with_both_dates(
    bodies, make_body_session, applicant
):
    change_status(applicant, MemberStatus.RECOMMENDED, decided_on=datetime.date(2026, 4, 2))
    applicant.refresh_from_db()
    session = make_body_session(
        bodies["plenary"],
        start=berlin(2026, 3, 10, 18, 0),
        status=SessionStatus.PLANNED,
        resolutions=[
            {"title": "Aufnahme", "kind": ResolutionKind.ADMISSION, "affected_member": applicant}
        ],
    )
    session.status = SessionStatus.HELD
    [message] = check_resolutions(session)
    assert "Der 10.03.2026 liegt vor dem letzten Schritt vom 02.04.2026" in str(message)
    session.save()
    with pytest.raises(ResolutionRefused):
        apply_resolutions(session)
    applicant.refresh_from_db()
    assert applicant.status == MemberStatus.RECOMMENDED


def test_numbers_count_per_body_and_year(bodies, make_body_session):
    plenary, board = bodies["plenary"], bodies["board"]
    make_body_session(
        plenary, berlin(2025, 12, 31, 23, 30), resolutions=[{"title": "A"}, {"title": "B"}]
    )
    make_body_session(board, berlin(2026, 1, 1, 0, 30), resolutions=[{"title": "C"}])
    make_body_session(plenary, berlin(2026, 1, 1, 0, 30), resolutions=[{"title": "D"}])
    make_body_session(plenary, berlin(2026, 2, 1, 18), resolutions=[{"title": "E"}])
    numbers = dict(Resolution.objects.values_list("title", "number"))
    assert numbers == {
        "A": "P-2025-01",
        "B": "P-2025-02",
        "C": "B-2026-01",
        "D": "P-2026-01",
        "E": "P-2026-02",
    }
    assert next_resolution_number(plenary, 2026) == "P-2026-03"
