"""Meeting rhythm and duties: when each body must meet next and what is waiting.

Who moderates next is a session default: SessionPage.suggested_moderator."""

import calendar
import datetime

from django.utils import timezone

from events.models import counting_sessions
from network.models import BodyStatus, Member, WorkingGroupPage
from network.workflow import MemberStatus

DUE_SOON_DAYS = 14


def add_months(day, months):
    """The same day `months` later, clamped to the month's end (30 November + 3 → 28 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date_after(last_start, rhythm_months):
    """Due date for a body whose last (held or planned) session began at `last_start` (aware).

    The calendar day is taken in Europe/Berlin, so a session at 00:30 local time on the night
    of a DST change or on New Year's Day counts for the right day.
    """
    return add_months(timezone.localtime(last_start).date(), rhythm_months)


def next_due_date(body, *, today=None):
    """The date by which the body's next session is due, or None if it keeps no rhythm."""
    if not body.rhythm_months:
        return None
    last = (
        counting_sessions().child_of(body).order_by("-start").values_list("start", flat=True)
    ).first()
    if last is None:
        return today or timezone.localdate()
    return due_date_after(last, body.rhythm_months)


def _last_starts(bodies):
    """{body pk: start of its latest counting session} in one query."""
    by_path = {body.path: body.pk for body in bodies}
    step = WorkingGroupPage.steplen
    last = {}
    for path, start in counting_sessions().values_list("path", "start"):
        pk = by_path.get(path[:-step])
        if pk is not None and (pk not in last or start > last[pk]):
            last[pk] = start
    return last


def due_report(*, today=None, applications=True):
    """Bodies overdue or due within 14 days, and members waiting for the board or the plenary.

    `applications=False` leaves out the waiting members: their names are register data.
    """
    today = today or timezone.localdate()
    bodies = list(
        WorkingGroupPage.objects.filter(status=BodyStatus.ACTIVE, rhythm_months__isnull=False)
        .order_by("path")
        .only("id", "path", "depth", "title", "rhythm_months", "slug", "url_path")
    )
    last = _last_starts(bodies)
    overdue, due_soon = [], []
    for body in bodies:
        due = due_date_after(last[body.pk], body.rhythm_months) if body.pk in last else today
        if due < today or body.pk not in last:
            overdue.append((body, due))
        elif due <= today + datetime.timedelta(days=DUE_SOON_DAYS):
            due_soon.append((body, due))
    members = (
        Member.objects.filter(status__in=[MemberStatus.APPLIED, MemberStatus.RECOMMENDED]).order_by(
            "status", "name"
        )
        if applications
        else []
    )
    return {
        "today": today,
        "overdue": overdue,
        "due_soon": due_soon,
        "awaiting_recommendation": [m for m in members if m.status == MemberStatus.APPLIED],
        "awaiting_decision": [m for m in members if m.status == MemberStatus.RECOMMENDED],
    }


def report_lines(report):
    """The due report as text lines (cron output, the office's weekly digest)."""
    from django.utils import formats
    from django.utils.translation import gettext as _

    lines = []
    for heading, entries, template in (
        (_("Überfällig"), report["overdue"], _("fällig seit %(date)s")),
        (_("In den nächsten 14 Tagen fällig"), report["due_soon"], _("fällig am %(date)s")),
    ):
        if entries:
            lines.append(heading + ":")
            lines += [
                f"  {body.title} – " + template % {"date": formats.date_format(due)}
                for body, due in entries
            ]
    for heading, members in (
        (_("Warten auf die Empfehlung des Beirats"), report["awaiting_recommendation"]),
        (_("Warten auf den Beschluss der Bündnis-Sitzung"), report["awaiting_decision"]),
    ):
        if members:
            lines.append(heading + ":")
            lines += [f"  {member.name}" for member in members]
    return lines
