"""Meeting rhythm and duties: when each body must meet next, who moderates, what is waiting."""

import calendar
import datetime

from django.utils import timezone

from network.models import BodyMembership, BodyStatus, Leadership, Member, WorkingGroupPage
from network.workflow import MemberStatus

DUE_SOON_DAYS = 14


def add_months(day, months):
    """The same day `months` later, clamped to the month's end (30 November + 3 → 28 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _counting_sessions():
    from events.models import SessionPage, SessionStatus

    return SessionPage.objects.exclude(status=SessionStatus.CANCELLED)


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
        _counting_sessions().child_of(body).order_by("-start").values_list("start", flat=True)
    ).first()
    if last is None:
        return today or timezone.localdate()
    return due_date_after(last, body.rhythm_months)


def _last_starts(bodies):
    """{body pk: start of its latest counting session} in one query."""
    by_path = {body.path: body.pk for body in bodies}
    step = WorkingGroupPage.steplen
    last = {}
    for path, start in _counting_sessions().values_list("path", "start"):
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


def suggested_moderator(body):
    """Fixed leadership: the leader. Rotating: the person seated after the last moderator."""
    if body.leadership != Leadership.ROTATING:
        return body.leader
    # From the database, not body.memberships: a body just built in memory has no queryset there.
    seats = BodyMembership.objects.filter(body_id=body.pk, person__isnull=False).current()
    people = [seat.person for seat in seats.select_related("person")]
    if not people:
        return None
    last = (
        _counting_sessions()
        .child_of(body)
        .filter(moderator__isnull=False)
        .order_by("-start")
        .values_list("moderator_id", flat=True)
        .first()
    )
    ids = [person.pk for person in people]
    if last in ids:
        return people[(ids.index(last) + 1) % len(people)]
    return people[0]


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
