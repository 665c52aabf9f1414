import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from cms.outbox.models import OutgoingMessage
from events import invitations
from events.models import SessionPage

pytestmark = pytest.mark.django_db


def approve(session, minutes="<p>Beschlossen: Sommerfest.</p><ul><li>Ort: Markt</li></ul>"):
    draft = session.get_latest_revision_as_object()
    draft.minutes = minutes
    draft.minutes_approved = True
    draft.save_revision().publish()
    return SessionPage.objects.get(pk=session.pk)


def test_unapproved_minutes_are_not_sent(ika_session, admin_client):
    with pytest.raises(invitations.MinutesRefused):
        invitations.send_minutes(ika_session)
    response = admin_client.get(reverse("session_minutes", args=[ika_session.pk]))
    assert response.status_code == 302
    assert not OutgoingMessage.objects.exists()


def test_approved_minutes_go_once_to_each_member(ika_session, smtp_server, deliver, admin_client):
    session = approve(ika_session)
    url = reverse("session_minutes", args=[session.pk])
    preview = admin_client.get(url).content.decode()
    assert (
        "Beschlossen: Sommerfest." in preview and "Bert Ohnepost: keine E-Mail-Adresse" in preview
    )
    admin_client.post(url)
    admin_client.post(url)
    deliver()
    assert sorted(e.rcpt_tos[0] for e in smtp_server.envelopes) == [
        "ada@example.org",
        "clara@example.org",
    ]
    mail = smtp_server.messages[0]
    assert (
        mail["Subject"].strip() == "Protokoll: Interkultureller Arbeitskreis vom 10. Dezember 2026"
    )
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Beschlossen: Sommerfest." in text and "– Ort: Markt" in text
    assert (
        PageLogEntry.objects.filter(page=session, action=invitations.MINUTES_LOG_ACTION).count()
        == 1
    )
    admin_client.post(url, {"resend": "1"})
    deliver()
    assert len(smtp_server.envelopes) == 4
