import time

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from network.applications import issue_timing_token
from network.models import (
    ApplicationStatus,
    Member,
    MembershipApplication,
    Topic,
)
from network.workflow import MemberStatus

pytestmark = pytest.mark.django_db

ORGANISATION = "Beispielverein Antrag (fiktiv)"


@pytest.fixture
def form_url(demo):
    mail.outbox.clear()  # the demo's pending application notified the office already
    return demo["application_page"].url


def valid_data(**overrides):
    topic = Topic.objects.get(name="Bildung")
    data = {
        "organisation": ORGANISATION,
        "kind": "association",
        "municipality": "Zwickau",
        "website": "https://antrag.example",
        "contact_name": "GEHEIM-Antragsteller",
        "email": "geheim-antrag@example.org",
        "phone": "0375 GEHEIM",
        "topics": [topic.pk],
        "message": "Wir möchten mitmachen.",
        "privacy_consent": "on",
        "fax": "",
        "started": issue_timing_token(time.time() - 60),
    }
    data.update(overrides)
    return data


def test_form_renders_with_consent_and_hidden_honeypot(client, form_url):
    content = client.get(form_url).content.decode()
    assert 'name="privacy_consent"' in content
    assert 'name="started"' in content
    assert "<p hidden" in content and 'name="fax"' in content


def test_valid_application_is_stored_and_office_notified(client, form_url, settings):
    settings.OFFICE_NOTIFICATION_EMAIL = "buero@example.org"
    response = client.post(form_url, valid_data())
    assert response.status_code == 302
    application = MembershipApplication.objects.get(organisation=ORGANISATION)
    assert application.status == ApplicationStatus.NEW
    assert application.privacy_consent_at is not None
    assert [t.name for t in application.topics.all()] == ["Bildung"]
    assert mail.outbox[0].to == ["buero@example.org"]
    assert ORGANISATION in mail.outbox[0].subject
    assert "geheim" not in mail.outbox[0].body.lower()
    thanks = client.get(response.url).content.decode()
    assert "Vielen Dank" in thanks
    # The applicant's personal data is never echoed on a public page.
    for page_url in (response.url, "/buendnispartner/", "/partner-werden/"):
        body = client.get(page_url).content.decode()
        assert "GEHEIM" not in body and "geheim-antrag" not in body


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"organisation": ""}, "Bitte den Namen der Organisation angeben."),
        ({"email": "kein-mail"}, "Bitte eine gültige E-Mail-Adresse angeben."),
        ({"website": "antrag"}, "Bitte eine vollständige Adresse angeben"),
        ({"privacy_consent": ""}, "Ohne Ihre Einwilligung können wir den Antrag nicht bearbeiten."),
    ],
)
def test_invalid_input_gives_field_errors_and_keeps_data(client, form_url, overrides, field_error):
    response = client.post(form_url, valid_data(**overrides))
    assert response.status_code == 200
    content = response.content.decode()
    assert field_error in content
    assert 'value="Zwickau"' in content
    assert "Wir möchten mitmachen." in content
    assert not MembershipApplication.objects.filter(organisation=ORGANISATION).exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    "spam",
    [
        lambda: {"fax": "http://spam.example"},
        lambda: {"started": issue_timing_token(time.time() - 3 * 24 * 3600)},
        lambda: {"started": "gefälscht"},
    ],
    ids=["honeypot", "stale", "forged"],
)
def test_spam_is_refused_without_storing(client, form_url, spam):
    response = client.post(form_url, valid_data(**spam()))
    assert response.status_code == 200
    assert "Bitte prüfen Sie die markierten Angaben." in response.content.decode()
    assert not MembershipApplication.objects.filter(organisation=ORGANISATION).exists()


def test_autofilled_form_sent_at_once_is_accepted(client, form_url):
    # A browser's autofill completes the form in a second; that is an applicant, not a bot.
    response = client.post(form_url, valid_data(started=issue_timing_token(time.time() - 1)))
    assert response.status_code == 302
    assert MembershipApplication.objects.filter(organisation=ORGANISATION).count() == 1


def test_errors_are_announced_and_linked_to_their_fields(client, form_url):
    response = client.post(form_url, valid_data(email="kein-mail", privacy_consent=""))
    page = BeautifulSoup(response.content, "html.parser")
    for field_id in ("id_email", "id_privacy_consent"):
        field = page.find(id=field_id)
        assert field["aria-invalid"] == "true"
        message = page.find(id=field["aria-describedby"])
        assert message is not None and message.get_text(strip=True), field_id
        # The summary in the alert links to the field.
        assert page.find(role="alert").find("a", href=f"#{field_id}")
    assert page.find(id="id_organisation").get("aria-invalid") is None


def test_line_break_in_organisation_is_stored_once_and_mailed_on_one_line(client, form_url):
    response = client.post(form_url, valid_data(organisation="Verein\r\nfür  Vielfalt\n(fiktiv)"))
    assert response.status_code == 302
    (application,) = MembershipApplication.objects.filter(organisation__contains="Vielfalt")
    assert application.organisation == "Verein für Vielfalt (fiktiv)"
    (message,) = mail.outbox
    assert message.subject == "Neuer Aufnahmeantrag: Verein für Vielfalt (fiktiv)"


def test_office_mail_failure_keeps_the_application_and_thanks_the_visitor(
    client, form_url, monkeypatch
):
    def broken(*args, **kwargs):
        raise OSError("mail server unreachable")

    monkeypatch.setattr("network.applications.send", broken)
    response = client.post(form_url, valid_data())
    assert response.status_code == 302
    assert MembershipApplication.objects.filter(organisation=ORGANISATION).count() == 1


def submitted(client, form_url):
    client.post(form_url, valid_data())
    return MembershipApplication.objects.get(organisation=ORGANISATION)


def inbox_url(action, application=None):
    name = f"network_membershipapplication_modeladmin_{action}"
    return reverse(name, args=(application.pk,) if application else ())


def test_inbox_accept_creates_member_in_status_applied(client, admin_client, form_url):
    application = submitted(client, form_url)
    listing = admin_client.get(inbox_url("index") + "?status__exact=new").content.decode()
    assert application.organisation in listing
    detail = admin_client.get(inbox_url("inspect", application)).content.decode()
    assert "geheim-antrag@example.org" in detail and "annehmen" in detail
    response = admin_client.post(inbox_url("accept", application), follow=True)
    assert "steht jetzt mit Status „beantragt“ im Verzeichnis" in response.content.decode()
    application.refresh_from_db()
    member = application.member
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.decided_by == admin_client.user
    assert (member.name, member.status) == (application.organisation, MemberStatus.APPLIED)
    assert [t.name for t in member.topics.all()] == ["Bildung"]
    contact = member.contact_persons.get()
    assert contact.email == "geheim-antrag@example.org" and not contact.publish_consent
    again = admin_client.post(inbox_url("accept", application), follow=True)
    assert "bereits bearbeitet" in again.content.decode()
    assert Member.objects.filter(name=application.organisation).count() == 1


def test_inbox_reject_needs_a_reason(client, admin_client, form_url):
    application = submitted(client, form_url)
    response = admin_client.post(inbox_url("reject", application), {"reason": ""})
    assert "Bitte einen Grund für die Ablehnung angeben." in response.content.decode()
    response = admin_client.post(
        inbox_url("reject", application), {"reason": "Kein Bezug zur Region."}, follow=True
    )
    assert "Der Antrag wurde abgelehnt." in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.rejection_reason == "Kein Bezug zur Region."
    assert application.member is None
    assert not Member.objects.filter(name=application.organisation).exists()


def test_inbox_is_closed_to_users_without_permission(client, django_user_model, form_url):
    application = submitted(client, form_url)
    editor = django_user_model.objects.create_user("redaktion", password="x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(inbox_url("inspect", application)).status_code == 302
    client.post(inbox_url("accept", application))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.NEW


def test_error_summary_names_each_field_shortly_and_links_to_it(client, form_url):
    response = client.post(form_url, valid_data(organisation="", privacy_consent=""))
    summary = response.content.decode().split('class="form-errors"')[1].split("</div>")[0]
    assert (
        '<a href="#id_privacy_consent">Einwilligung: Ohne Ihre Einwilligung können wir den '
        "Antrag nicht bearbeiten.</a>"
    ) in summary
    assert '<a href="#id_organisation">' in summary
    assert "gelesen.:" not in summary
