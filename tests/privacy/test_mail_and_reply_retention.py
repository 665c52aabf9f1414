"""Mails in the outbox and invitation replies expire by the retention settings, nothing else."""

import datetime

import pytest
from django.utils import timezone

from cms.models import RetentionSettings
from cms.outbox.delivery import queue
from cms.outbox.models import OutgoingMessage
from cms.retention import apply_retention, due
from events.models import SessionInvitation, SessionPage

NOW = timezone.make_aware(datetime.datetime(2030, 6, 15, 12, 0))


def mail(to, sent_at):
    queue(kind="notice", to=to, subject="Bescheid", text="Guten Tag")
    message = OutgoingMessage.objects.get(recipient_email=to)
    message.sent_at = sent_at
    message.save()
    return message


@pytest.mark.django_db
def test_mails_go_after_the_set_months_counted_from_sending(demo):
    settings = RetentionSettings.load()
    settings.outbox_months = 12
    settings.save()
    old = mail("alt@example.org", NOW - datetime.timedelta(days=366))
    recent = mail("neu@example.org", NOW - datetime.timedelta(days=300))

    [due_mails] = [item.objects for item in due(NOW) if item.rule.key == "outbox"]
    assert old in due_mails and recent not in due_mails
    apply_retention(NOW)

    assert not OutgoingMessage.objects.filter(pk=old.pk).exists()
    assert OutgoingMessage.objects.filter(pk=recent.pk).exists()


@pytest.mark.django_db
def test_replies_go_with_the_attendance_period_and_newer_ones_stay(demo):
    sessions = SessionPage.objects.child_of(demo["plenary"]).order_by("start")
    old_session, new_session = sessions.first(), sessions.last()
    SessionPage.objects.filter(pk=old_session.pk).update(
        start=NOW - datetime.timedelta(days=4 * 365), end=None
    )
    SessionPage.objects.filter(pk=new_session.pk).update(
        start=NOW - datetime.timedelta(days=30), end=None
    )
    for session in (old_session, new_session):
        SessionInvitation.objects.create(
            session=session, name="Eingeladene Person", email="person@example.org"
        )

    apply_retention(NOW)

    assert list(SessionInvitation.objects.values_list("session_id", flat=True)) == [new_session.pk]
