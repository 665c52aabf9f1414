"""The office's weekly digest: sessions due or overdue, applications waiting too long."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cms.outbox.delivery import queue_notice
from events.rhythm import due_report, report_lines
from network.models import ApplicationStatus, MembershipApplication

APPLICATION_WAIT_DAYS = 14


def waiting_applications(today):
    """Applications still undecided APPLICATION_WAIT_DAYS days after they came in."""
    cutoff = timezone.make_aware(
        datetime.datetime.combine(
            today - datetime.timedelta(days=APPLICATION_WAIT_DAYS), datetime.time.max
        )
    )
    return MembershipApplication.objects.filter(
        status=ApplicationStatus.NEW, submitted_at__lte=cutoff
    ).order_by("submitted_at")


def digest_paragraphs(today):
    """The digest's sections, or [] when nothing needs the office's attention."""
    sections = []
    if lines := report_lines(due_report(today=today)):
        sections.append("\n".join(lines))
    if waiting := list(waiting_applications(today)):
        sections.append(
            "\n".join(
                [_("Aufnahmeanträge, die seit mehr als 14 Tagen auf Bearbeitung warten:")]
                + [
                    f"  {application.organisation} – "
                    + _("eingegangen am %(date)s")
                    % {"date": formats.date_format(timezone.localtime(application.submitted_at))}
                    for application in waiting
                ]
            )
        )
    return sections


def send_office_digest(*, today=None):
    """Queue this week's digest to OFFICE_NOTIFICATION_EMAIL; once per ISO week, none if idle."""
    today = today or timezone.localdate()
    sections = digest_paragraphs(today)
    if not sections:
        return None
    year, week, _weekday = today.isocalendar()
    message, _created = queue_notice(
        kind="office.digest",
        to=settings.OFFICE_NOTIFICATION_EMAIL,
        subject=_("Wochenübersicht: fällige Sitzungen und wartende Anträge (KW %(week)d)")
        % {"week": week},
        paragraphs=[_("die Übersicht dieser Woche:"), *sections],
        link=settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_home"),
        dedupe_key=f"office-digest-{year}-W{week:02d}",
    )
    return message
