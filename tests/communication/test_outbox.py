import pytest

from cms.outbox.delivery import header_safe, queue, retry
from cms.outbox.models import MessageState, OutgoingMessage
from tests.communication.conftest import free_port

pytestmark = pytest.mark.django_db


def queue_one(**overrides):
    fields = {
        "kind": "test",
        "to": "ada@example.org",
        "name": "Ada Lovelace",
        "subject": "Hallo",
        "text": "Text",
        "html": "<p>Text</p>",
    }
    return queue(**{**fields, **overrides})


def test_a_queued_message_reaches_the_smtp_server_as_text_and_html(smtp_server, deliver):
    message, created = queue_one(
        attachments=[
            {
                "filename": "a.ics",
                "content": "BEGIN:VCALENDAR",
                "mimetype": "text/calendar",
                "params": {"method": "REQUEST"},
            }
        ]
    )
    assert created
    deliver()
    message.refresh_from_db()
    assert message.state == MessageState.SENT and message.sent_at
    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["ada@example.org"]
    [mail] = smtp_server.messages
    assert mail["To"] == "Ada Lovelace <ada@example.org>"
    assert mail["Subject"] == "Hallo"
    body = mail.get_body(preferencelist=("plain",))
    assert body.get_content().strip() == "Text"
    assert mail.get_body(preferencelist=("html",)).get_content().strip() == "<p>Text</p>"
    [ics] = list(mail.iter_attachments())
    assert ics.get_content_type() == "text/calendar"
    assert ics.get_param("method") == "REQUEST"
    assert ics.get_filename() == "a.ics"


def test_the_same_dedupe_key_is_mailed_once_unless_resent_on_purpose(smtp_server, deliver):
    first, created = queue_one(dedupe_key="k-1")
    again, created_again = queue_one(dedupe_key="k-1")
    assert created and not created_again and again.pk == first.pk
    deliver()
    deliver()
    assert len(smtp_server.envelopes) == 1
    resent, created = queue_one(dedupe_key="k-1", resend=True)
    assert created and resent.generation == 1
    deliver()
    assert len(smtp_server.envelopes) == 2


def test_line_breaks_in_subject_and_name_never_make_new_headers(smtp_server, deliver):
    queue_one(subject="Sitzung\r\nBcc: evil@example.org", name="Eve\nBcc: x@example.org")
    deliver()
    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["ada@example.org"]
    [mail] = smtp_server.messages
    assert mail["Bcc"] is None
    assert mail["Subject"] == "Sitzung Bcc: evil@example.org"
    assert header_safe("a\u2028b") == "a b"


def test_an_invalid_address_is_refused_before_anything_is_stored():
    with pytest.raises(ValueError):
        queue_one(to="nicht-gueltig")
    with pytest.raises(ValueError):
        queue_one(to="a@example.org\nBcc: b@example.org")
    assert not OutgoingMessage.objects.exists()


def test_a_server_that_is_down_is_retried_then_given_up_and_the_office_can_retry(
    smtp_server, deliver, settings
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    settings.EMAIL_PORT = free_port()  # nobody listens there
    message, _created = queue_one()
    deliver()
    message.refresh_from_db()
    assert message.state == MessageState.QUEUED and message.attempts == 1
    assert message.next_attempt_at and message.last_error
    deliver()
    message.refresh_from_db()
    assert message.state == MessageState.FAILED
    assert retry(message)
    settings.EMAIL_PORT = smtp_server.port
    deliver()
    message.refresh_from_db()
    assert message.state == MessageState.SENT
    assert len(smtp_server.envelopes) == 1
