"""Queuing, sending and retrying e-mails: plain functions the task, the admin and tests call.

Domain apps write the content (subject, text, HTML, attachments); the outbox only guarantees
that each message goes to exactly one recipient, at most once per dedupe key, with retries.
"""

import logging
import re
import smtplib
from email.mime.text import MIMEText

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail import hooks

from cms.outbox.models import MessageState, OutgoingMessage
from cms.retry import backoff
from cms.retry import enqueue as enqueue_task

logger = logging.getLogger(__name__)

_LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+\s*")


def header_safe(text):
    """One line: line breaks in a title or name can never start a new header."""
    return _LINE_BREAKS.sub(" ", str(text)).strip()


def is_valid_address(address):
    try:
        validate_email(address)
    except ValidationError:
        return False
    return "\n" not in address and "\r" not in address


def queue(
    *,
    kind,
    to,
    subject,
    text,
    html="",
    name="",
    attachments=(),
    about=None,
    about_label="",
    dedupe_key="",
    resend=False,
):
    """Record one message and send it once the transaction commits; returns (message, created).

    With a dedupe key an existing message is returned instead of a second one, unless `resend`
    asks for a new sending on purpose.
    """
    if not is_valid_address(to):
        raise ValueError(f"invalid recipient address {to!r}")
    fields = {
        "kind": kind,
        "recipient_email": to,
        "recipient_name": header_safe(name)[:255],
        "subject": header_safe(subject)[:255],
        "body_text": text,
        "body_html": html,
        "attachments": list(attachments),
        "about_label": header_safe(about_label or about or "")[:255],
    }
    if about is not None:
        fields["about_type"] = ContentType.objects.get_for_model(about, for_concrete_model=False)
        fields["about_id"] = about.pk
    if dedupe_key:
        existing = OutgoingMessage.objects.filter(dedupe_key=dedupe_key)
        generation = existing.aggregate(last=Max("generation"))["last"]
        if generation is not None and not resend:
            return existing.get(generation=generation), False
        fields.update(dedupe_key=dedupe_key, generation=0 if generation is None else generation + 1)
    try:
        with transaction.atomic():
            message = OutgoingMessage.objects.create(**fields)
    except IntegrityError:
        # A parallel request queued the same key a moment earlier.
        return OutgoingMessage.objects.get(
            dedupe_key=dedupe_key, generation=fields["generation"]
        ), False
    transaction.on_commit(lambda: enqueue(message.pk))
    return message, True


def enqueue(message_id, run_after=None):
    enqueue_task(send_message, message_id, run_after)


@task(backend="outbox")
def send_message(message_id: int):
    """The worker's task; it lives here because sending re-queues it for the next try."""
    message = OutgoingMessage.objects.filter(pk=message_id).first()
    # Sent or given up by an earlier run (a task may be picked up twice): never mail twice.
    if message is None or message.state != MessageState.QUEUED:
        return None
    return attempt(message).state


def build_email(message):
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_header],
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        maintype, subtype = attachment.get("mimetype", "text/plain").split("/", 1)
        part = MIMEText(attachment["content"], subtype, "utf-8")
        for key, value in attachment.get("params", {}).items():
            part.set_param(key, value)
        part.add_header("Content-Disposition", "attachment", filename=attachment["filename"])
        email.attach(part)
    return email


def attempt(message):
    """One try through the configured backend; on failure retry with backoff, then give up."""
    message.attempts += 1
    message.last_attempt_at = timezone.now()
    try:
        build_email(message).send()
    except (smtplib.SMTPException, OSError, ValueError) as error:
        message.last_error = str(error) or error.__class__.__name__
        if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            message.state = MessageState.FAILED
            message.next_attempt_at = None
            logger.warning("E-mail %s finally failed: %s", message.pk, message.last_error)
        else:
            message.next_attempt_at = timezone.now() + backoff(message.attempts)
    else:
        message.state = MessageState.SENT
        message.sent_at = message.last_attempt_at
        message.last_error = ""
        message.next_attempt_at = None
    message.save()
    if message.state == MessageState.QUEUED:
        enqueue(message.pk, run_after=message.next_attempt_at)
    return message


def retry(message):
    """The office's "erneut versuchen" for a failed message: a fresh round of attempts."""
    if message.state != MessageState.FAILED:
        return False
    message.state = MessageState.QUEUED
    message.attempts = 0
    message.next_attempt_at = None
    message.save(update_fields=["state", "attempts", "next_attempt_at"])
    transaction.on_commit(lambda: enqueue(message.pk))
    return True


def messages_about(obj):
    return OutgoingMessage.objects.filter(
        about_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        about_id=obj.pk,
    )


# Apps answer who signs the mails (name, address, email, phone); the first answer wins.
SIGNATURE_HOOK = "outbox_signature"


def signature():
    """Who signs notices: the office as an app declares it, else the configured office address."""
    for declared in hooks.get_hooks(SIGNATURE_HOOK):
        if found := declared():
            return found
    return {
        "name": _("Koordinierungsbüro des Bündnisses"),
        "address": "",
        "email": settings.OFFICE_NOTIFICATION_EMAIL,
        "phone": "",
    }


def queue_notice(*, paragraphs, link="", name="", **fields):
    """Queue a plain notice: greeting, paragraphs, an optional link and the office's signature."""
    context = {
        "name": name,
        "subject": fields["subject"],
        "paragraphs": paragraphs,
        "link": link,
        "office": signature(),
    }
    return queue(
        name=name,
        text=render_to_string("outbox/notice.txt", context),
        html=render_to_string("outbox/notice.html", context),
        **fields,
    )
