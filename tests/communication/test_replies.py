import pytest
from django.core import signing
from django.urls import reverse

from events import invitations
from events.models import ReplyAnswer, SessionInvitation, SessionPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(ika_session):
    invitations.send(ika_session)
    return {i.email: i for i in SessionInvitation.objects.filter(session=ika_session)}


def link(invitation):
    return reverse("invitation_reply", args=[invitations.reply_token(invitation)])


def test_the_link_in_the_mail_opens_a_german_reply_page_without_login(
    ika_session, smtp_server, deliver, client
):
    invitations.send(ika_session)
    deliver()
    mail = next(m for m in smtp_server.messages if "ada@" in m["To"])
    text = mail.get_body(preferencelist=("plain",)).get_content()
    url = next(line for line in text.splitlines() if "/rueckmeldung/" in line).strip()
    path = url.removeprefix("http://testserver")
    assert "ada" not in path.lower() and "example" not in path
    page = client.get(path)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Ich nehme teil" in body and "Ich werde vertreten" in body
    assert '<html lang="de">' in body
    assert "no-store" in page["Cache-Control"]


def test_a_reply_is_stored_once_and_cannot_be_changed_by_the_same_link(invited, client):
    ada = invited["ada@example.org"]
    response = client.post(link(ada), {"answer": ReplyAnswer.ATTEND})
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.answer == ReplyAnswer.ATTEND and ada.answered_at
    again = client.post(link(ada), {"answer": ReplyAnswer.DECLINE})
    assert "Ihre Rückmeldung liegt vor" in again.content.decode()
    ada.refresh_from_db()
    assert ada.answer == ReplyAnswer.ATTEND


def test_representation_needs_a_name(invited, client):
    clara = invited["clara@example.org"]
    response = client.post(link(clara), {"answer": ReplyAnswer.REPRESENTED})
    assert response.status_code == 200
    assert "Bitte geben Sie an, wer Sie vertritt." in response.content.decode()
    client.post(
        link(clara), {"answer": ReplyAnswer.REPRESENTED, "representative": "Emil\nBeispiel"}
    )
    clara.refresh_from_db()
    assert clara.answer == ReplyAnswer.REPRESENTED and clara.representative == "Emil Beispiel"


def test_a_tampered_link_is_refused_in_german(invited, client):
    ada = invited["ada@example.org"]
    clara = invited["clara@example.org"]
    token = invitations.reply_token(ada)
    value, signature = token.rsplit(":", 1)
    forged = invitations.reply_token(clara).split(":")[0] + ":" + token.split(":", 1)[1]
    for bad in (value + ":" + signature[::-1], forged, "abc"):
        response = client.post(
            reverse("invitation_reply", args=[bad]), {"answer": ReplyAnswer.DECLINE}
        )
        assert response.status_code == 404
        assert "Dieser Link ist ungültig" in response.content.decode()
    assert not SessionInvitation.objects.exclude(answer="").exists()


def test_a_link_for_another_session_cannot_answer_this_one(invited, client):
    # The token names one invitation (session and person); other salts' signatures do not fit.
    ada = invited["ada@example.org"]
    other = signing.dumps(ada.pk, salt="network.application.started")
    response = client.get(reverse("invitation_reply", args=[other]))
    assert response.status_code == 404


def test_an_expired_link_says_so(invited, client, settings):
    settings.INVITATION_REPLY_MAX_AGE = -1
    response = client.post(link(invited["ada@example.org"]), {"answer": ReplyAnswer.ATTEND})
    assert response.status_code == 410
    assert "Dieser Link ist abgelaufen" in response.content.decode()
    assert not SessionInvitation.objects.exclude(answer="").exists()


def test_replies_show_on_the_session_and_prefill_its_attendance(invited, client, admin_client):
    ada = invited["ada@example.org"]
    client.post(link(ada), {"answer": ReplyAnswer.ATTEND})
    client.post(link(invited["clara@example.org"]), {"answer": ReplyAnswer.DECLINE})
    session = ada.session
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[session.pk])).content.decode()
    assert "Ich nehme teil" in edit and "Ich nehme nicht teil" in edit
    url = reverse("session_attendance_prefill", args=[session.pk])
    assert admin_client.get(url).status_code == 200
    admin_client.post(url)
    draft = SessionPage.objects.get(pk=session.pk).get_latest_revision_as_object()
    states = {(a.person_id, a.member_id): a.state for a in draft.attendances.all()}
    clara = invited["clara@example.org"]
    assert states == {(ada.person_id, None): "present", (None, clara.member_id): "excused"}
    # Taking them over again adds nothing twice.
    admin_client.post(url)
    draft = SessionPage.objects.get(pk=session.pk).get_latest_revision_as_object()
    assert len(draft.attendances.all()) == 2
