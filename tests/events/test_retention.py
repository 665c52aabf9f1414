"""Retention with a fixed clock: what is due goes, everything else stays exactly as it was."""

import datetime
import io

import pytest
from django.core.management import call_command

from cms.models import RetentionSettings
from cms.personal_data import PLACEHOLDER
from cms.retention import apply_retention, due, months_before
from events.models import Attendance
from network.models import ApplicationStatus, MembershipApplication, Person
from tests.bodies_content import berlin

NOW = berlin(2026, 9, 30, 3, 0)


def application(name, status, decided_at=None):
    return MembershipApplication.objects.create(
        organisation=f"Initiative {name}",
        kind="initiative",
        municipality="Zwickau",
        contact_name=name,
        email=f"{name.lower()}@example.invalid",
        privacy_consent_at=berlin(2025, 1, 1, 12, 0),
        status=status,
        decided_at=decided_at,
    )


@pytest.fixture
def applications(db):
    return {
        "old_rejected": application("Alt", ApplicationStatus.REJECTED, berlin(2026, 3, 29, 12, 0)),
        "recent_rejected": application(
            "Neu", ApplicationStatus.REJECTED, berlin(2026, 3, 30, 12, 0)
        ),
        "old_accepted": application("Angenommen", ApplicationStatus.ACCEPTED, berlin(2020, 1, 1)),
        "old_new": application("Offen", ApplicationStatus.NEW),
    }


@pytest.fixture
def attendance(bodies, make_body_session):
    person = Person.objects.create(name="Fiktive Teilnehmerin", email="t@example.invalid")
    old = make_body_session(bodies["plenary"], berlin(2023, 9, 29, 18, 0))
    recent = make_body_session(bodies["plenary"], berlin(2023, 10, 1, 18, 0))
    return {
        "person": person,
        "old": Attendance.objects.create(session=old, person=person),
        "old_excused": Attendance.objects.create(session=old, person=person, state="excused"),
        "recent": Attendance.objects.create(session=recent, person=person),
    }


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 1, 15), 13) == datetime.date(2024, 12, 15)


@pytest.mark.django_db
def test_rejected_applications_go_after_six_months_and_nothing_else(applications):
    apply_retention(NOW)

    remaining = set(MembershipApplication.objects.values_list("contact_name", flat=True))
    assert remaining == {"Neu", "Angenommen", "Offen"}
    accepted = MembershipApplication.objects.get(pk=applications["old_accepted"].pk)
    assert accepted.email == "angenommen@example.invalid"


@pytest.mark.django_db
def test_old_attendance_is_anonymised_and_still_counts(attendance):
    session = attendance["old"].session
    present_before = session.quorum()[0]

    apply_retention(NOW)

    old = Attendance.objects.get(pk=attendance["old"].pk)
    assert old.person.name == PLACEHOLDER and old.person != attendance["person"]
    assert Attendance.objects.get(pk=attendance["old_excused"].pk).state == "excused"
    assert Attendance.objects.get(pk=attendance["recent"].pk).person == attendance["person"]
    assert session.quorum()[0] == present_before
    person = Person.objects.get(pk=attendance["person"].pk)
    assert (person.name, person.email) == ("Fiktive Teilnehmerin", "t@example.invalid")


@pytest.mark.django_db
def test_periods_come_from_the_settings(applications):
    settings = RetentionSettings.load()
    settings.rejected_application_months = 7
    settings.save()

    assert due(NOW) == []


@pytest.mark.django_db
def test_dry_run_lists_what_is_due_and_changes_nothing(applications, attendance, monkeypatch):
    monkeypatch.setattr("cms.retention.timezone.now", lambda: NOW)
    out = io.StringIO()

    call_command("apply_retention", "--dry-run", stdout=out)

    assert "Abgelehnte Aufnahmeanträge löschen: 1" in out.getvalue()
    assert "Anwesenheit von Personen anonymisieren: 2" in out.getvalue()
    assert "Initiative Alt" in out.getvalue()
    assert MembershipApplication.objects.count() == 4
    assert not Attendance.objects.filter(person__name=PLACEHOLDER).exists()


@pytest.mark.django_db
def test_running_twice_changes_nothing_more(applications, attendance):
    apply_retention(NOW)

    assert apply_retention(NOW) == []
    assert Person.objects.filter(name=PLACEHOLDER).count() == 1
