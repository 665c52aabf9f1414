import datetime

import pytest
from django.urls import reverse

from events.models import ResolutionKind
from network.applications import accept_application, reject_application, store_application
from network.models import ContactPerson, Member, MembershipApplication
from network.workflow import MemberStatus, change_status

pytestmark = pytest.mark.django_db


def submit(email="antrag@example.org"):
    return store_application(
        {
            "organisation": "Fiktiver Antragsverein e. V.",
            "kind": "association",
            "municipality": "Zwickau",
            "contact_name": "Anna Antrag",
            "email": email,
        },
        [],
    )


def text_of(mail):
    return mail.get_body(preferencelist=("plain",)).get_content()


def to_applicant(smtp_server):
    return [m for m in smtp_server.messages if "antrag@example.org" in m["To"]]


def test_the_applicant_gets_a_confirmation_with_next_steps_and_the_office_contact(
    smtp_server, deliver, settings
):
    settings.OFFICE_NOTIFICATION_EMAIL = "buero@example.org"
    submit()
    deliver()
    [mail] = to_applicant(smtp_server)
    assert mail["To"] == "Anna Antrag <antrag@example.org>"
    assert mail["Subject"].strip() == "Ihr Antrag auf Aufnahme ins Bündnis ist eingegangen"
    text = text_of(mail)
    assert "Fiktiver Antragsverein e. V." in text and "Beirat" in text
    assert "buero@example.org" in text
    assert mail.get_body(preferencelist=("html",)) is not None


def test_accepting_tells_the_applicant_what_comes_next(smtp_server, deliver):
    accept_application(submit())
    deliver()
    subjects = [m["Subject"].strip() for m in to_applicant(smtp_server)]
    assert "Ihr Antrag auf Aufnahme: nächster Schritt" in subjects


@pytest.mark.parametrize("share", [True, False])
def test_a_rejection_carries_the_reason_only_when_the_office_shares_it(share, smtp_server, deliver):
    reject_application(submit(), reason="Nicht im Landkreis tätig", share_reason=share)
    deliver()
    rejection = next(
        m
        for m in to_applicant(smtp_server)
        if m["Subject"].strip() == "Ihr Antrag auf Aufnahme ins Bündnis"
    )
    assert ("Nicht im Landkreis tätig" in text_of(rejection)) is share


def test_the_inbox_form_offers_to_share_the_reason(admin_client, smtp_server, deliver):
    application = submit()
    url = reverse("network_membershipapplication_modeladmin_reject", args=[application.pk])
    assert "Grund dem Antragsteller mitteilen" in admin_client.get(url).content.decode()
    admin_client.post(url, {"reason": "Doppelter Antrag", "share_reason": "on"})
    deliver()
    assert any("Doppelter Antrag" in text_of(m) for m in to_applicant(smtp_server))


def admit_by_plenary(member, bodies, make_body_session):
    """The Beirat recommends, then a held plenary session adopts the admission."""
    change_status(
        member,
        MemberStatus.RECOMMENDED,
        resolution="B-2026-01",
        decided_on=datetime.date(2026, 1, 15),
    )
    make_body_session(
        bodies["plenary"],
        resolutions=[
            {"title": "Aufnahme", "kind": ResolutionKind.ADMISSION, "affected_member": member}
        ],
    )


def test_admission_by_the_plenary_names_the_resolution(
    bodies, make_body_session, smtp_server, deliver
):
    application = submit()
    member = accept_application(application)
    admit_by_plenary(member, bodies, make_body_session)
    deliver()
    [admitted] = [
        m for m in to_applicant(smtp_server) if m["Subject"].strip() == "Aufnahme ins Bündnis"
    ]
    assert "P-2026-01" in text_of(admitted)


def test_a_member_without_application_hears_through_its_contacts(
    bodies, make_body_session, smtp_server, deliver
):
    member = Member.objects.create(name="Altverein (fiktiv)", municipality="Werdau")
    ContactPerson.objects.create(member=member, name="Kurt Kontakt", email="kurt@example.org")
    ContactPerson.objects.create(member=member, name="Ohne Post")
    admit_by_plenary(member, bodies, make_body_session)
    deliver()
    assert [e.rcpt_tos for e in smtp_server.envelopes] == [["kurt@example.org"]]
    assert not MembershipApplication.objects.exists()


def test_notices_are_signed_with_the_office_contact_from_the_site_settings(
    bodies, smtp_server, deliver
):
    from wagtail.models import Site

    from home.models import AllianceSettings

    office = AllianceSettings.for_site(Site.objects.get(is_default_site=True))
    office.office_name, office.office_email = "Büro Fiktiv", "kontakt@buero.example"
    office.office_phone = "0375 123"
    office.save()
    submit()
    deliver()
    [mail] = to_applicant(smtp_server)
    text = text_of(mail)
    assert "Büro Fiktiv" in text and "kontakt@buero.example" in text and "0375 123" in text
