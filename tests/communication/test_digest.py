import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from cms.outbox.models import OutgoingMessage
from events.digest import send_office_digest
from network.models import MembershipApplication

pytestmark = pytest.mark.django_db


def apply(name, days_ago):
    MembershipApplication.objects.create(
        organisation=name,
        kind="association",
        municipality="Zwickau",
        contact_name="X",
        email="x@example.org",
        privacy_consent_at=timezone.now(),
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def test_the_office_gets_one_digest_a_week_of_due_sessions_and_waiting_applications(
    bodies, smtp_server, deliver, settings
):
    settings.OFFICE_NOTIFICATION_EMAIL = "buero@example.org"
    apply("Lange wartender Verein", 20)
    apply("Frischer Verein", 3)
    send_office_digest()
    send_office_digest()
    deliver()
    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["buero@example.org"]
    [mail] = smtp_server.messages
    assert mail["Subject"].strip().startswith("Wochenübersicht")
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Überfällig:" in text and "Bündnis-Sitzung" in text
    assert "Lange wartender Verein" in text and "Frischer Verein" not in text


def test_a_quiet_week_sends_nothing(db):
    assert send_office_digest() is None
    call_command("send_office_digest", stdout=io.StringIO())
    assert not OutgoingMessage.objects.exists()
