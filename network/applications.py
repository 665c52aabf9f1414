"""Applications to join: spam checks for the public form, notifying the office, the inbox decisions."""

import logging
import time

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from cms.mail import send
from network.models import (
    ApplicationStatus,
    ContactPerson,
    Member,
    MembershipApplication,
    Relationship,
)
from network.notifications import confirm_application, notify_accepted, notify_rejected

logger = logging.getLogger(__name__)

# A form left open longer than this is stale; the visitor reloads and sends again.
MAXIMUM_FILL_SECONDS = 60 * 60 * 24
_SIGNING_SALT = "network.application.started"


class ApplicationRefused(ValidationError):
    """An inbox decision that cannot be taken; the message says why."""


def issue_timing_token(now=None):
    """A signed note of when the form was shown: a post without it did not come from our form.

    How fast the form came back is no signal: browsers fill it from the address book in a
    second, and refusing them would turn real applicants away. The honeypot catches bots.
    """
    return signing.dumps(int(now if now is not None else time.time()), salt=_SIGNING_SALT)


def check_timing_token(token, now=None):
    """Raise ValidationError unless we showed the form, and not too long ago."""
    now = now if now is not None else time.time()
    try:
        started = signing.loads(token, salt=_SIGNING_SALT)
    except signing.BadSignature:
        started = None
    if started is None or not 0 <= now - started <= MAXIMUM_FILL_SECONDS:
        raise ValidationError(
            _(
                "Das Formular konnte nicht geprüft werden. Bitte laden Sie die Seite neu "
                "und senden Sie es noch einmal."
            )
        )


def notify_office(application):
    """Tell the office a new application waits in the inbox; the applicant's data stays in the admin."""
    path = reverse("network_membershipapplication_modeladmin_inspect", args=(application.pk,))
    send(
        _t("Neuer Aufnahmeantrag: %(name)s") % {"name": application.organisation},
        _t(
            "Ein neuer Antrag auf Aufnahme ins Bündnis ist eingegangen.\n\n"
            "Organisation: %(name)s\nGemeinde/Stadt: %(town)s\n\nBearbeiten: %(url)s\n"
        )
        % {
            "name": application.organisation,
            "town": application.municipality,
            "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path,
        },
        [settings.OFFICE_NOTIFICATION_EMAIL],
    )


def _require_open(application):
    if application.status != ApplicationStatus.NEW:
        raise ApplicationRefused(
            _t("Dieser Antrag wurde bereits bearbeitet (%(status)s).")
            % {"status": application.get_status_display()}
        )


def accept_application(application, *, user=None):
    """Create the register entry in status "applied" from the application and link it."""
    _require_open(application)
    if Member.objects.filter(name__iexact=application.organisation).exists():
        raise ApplicationRefused(
            _t(
                "Im Mitgliederverzeichnis gibt es schon „%(name)s“. Bitte den Eintrag prüfen "
                "und den Antrag gegebenenfalls ablehnen."
            )
            % {"name": application.organisation}
        )
    with transaction.atomic():
        member = Member(
            name=application.organisation,
            kind=application.kind,
            relationship=Relationship.MEMBER,
            municipality=application.municipality,
            website=application.website,
        )
        member.save()
        member.topics.set(application.topics.all())
        member.save()
        ContactPerson.objects.create(
            member=member,
            name=application.contact_name,
            email=application.email,
            phone=application.phone,
        )
        log(instance=member, action="wagtail.create", user=user)
        application.member = member
        application.status = ApplicationStatus.ACCEPTED
        application.decided_at = timezone.now()
        application.decided_by = user
        application.save()
        notify_accepted(application)
    return member


def reject_application(application, *, reason, user=None, share_reason=False):
    """Reject with an internal reason; the applicant is told, with the reason only if shared."""
    _require_open(application)
    if not reason.strip():
        raise ApplicationRefused(_t("Bitte einen Grund für die Ablehnung angeben."))
    with transaction.atomic():
        application.status = ApplicationStatus.REJECTED
        application.rejection_reason = reason.strip()
        application.decided_at = timezone.now()
        application.decided_by = user
        application.save()
        notify_rejected(application, share_reason=share_reason)


def store_application(data, topics):
    """Store a valid submission, confirm receipt to the applicant and notify the office.

    The application is stored before the office's mail goes out and is the office's record: a
    mail that fails is logged, never answered to the applicant with an error that invites a
    second copy.
    """
    with transaction.atomic():
        application = MembershipApplication.objects.create(
            privacy_consent_at=timezone.now(), **data
        )
        application.topics.set(topics)
        confirm_application(application)
    try:
        notify_office(application)
    except Exception:
        logger.exception("Notifying the office of application %s failed", application.pk)
    return application
