import pytest
from django.urls import reverse

from cms.outbox.delivery import queue
from cms.outbox.models import MessageState, OutgoingMessage
from events import invitations
from network.roles import ensure_groups

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_role(client, bodies, django_user_model):
    def login(role):
        user = django_user_model.objects.create_user(f"u-{role}", password="x")
        user.groups.add(ensure_groups()[role])
        client.force_login(user)
        return client

    return login


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("Koordinierungsbüro", True),
        ("Beirat", False),
        ("Arbeitsgruppen-Leitung", False),
        ("Redaktion", False),
    ],
)
def test_only_the_office_sees_the_outbox(role, sees, as_role):
    message, _created = queue(kind="t", to="geheim@example.org", subject="Intern", text="x")
    client = as_role(role)
    listing = client.get(reverse("outbox:index"))
    detail = client.get(reverse("outbox:inspect", args=[message.pk]))
    assert ("geheim@example.org" in listing.content.decode()) is sees
    assert (detail.status_code == 200) is sees


def test_the_outbox_filters_by_session_recipient_and_state(ika_session, admin_client):
    invitations.send(ika_session)
    queue(kind="t", to="andere@example.org", subject="Sonstiges", text="x")
    about = OutgoingMessage.objects.filter(about_id=ika_session.pk).first()
    by_session = admin_client.get(
        reverse("outbox:index"), {"about": f"{about.about_type_id}-{ika_session.pk}"}
    ).content.decode()
    assert "ada@example.org" in by_session and "andere@example.org" not in by_session
    by_recipient = admin_client.get(reverse("outbox:index"), {"recipient": "Ada"}).content.decode()
    assert "ada@example.org" in by_recipient and "clara@example.org" not in by_recipient
    sent = admin_client.get(reverse("outbox:index"), {"state": "sent"}).content.decode()
    assert "ada@example.org" not in sent


def test_the_office_retries_a_failed_message_and_cannot_edit_it(admin_client):
    message, _created = queue(kind="t", to="a@example.org", subject="S", text="x")
    OutgoingMessage.objects.filter(pk=message.pk).update(
        state=MessageState.FAILED, attempts=5, last_error="Verbindung abgelehnt"
    )
    detail = admin_client.get(reverse("outbox:inspect", args=[message.pk])).content.decode()
    assert "Verbindung abgelehnt" in detail and "Erneut versuchen" in detail
    admin_client.post(reverse("outbox:retry", args=[message.pk]))
    message.refresh_from_db()
    assert message.state == MessageState.QUEUED and message.attempts == 0
    assert admin_client.get(reverse("outbox:edit", args=[message.pk])).status_code in (302, 403)
