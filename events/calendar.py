"""What the visitor calendar shows: upcoming and past dates, the month grid and the list view.

Plain functions over querysets; each answers with a fixed number of queries.
"""

import calendar
import datetime

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from cms.visibility import visible_to_public
from events.filters import filter_entries
from events.models import EventPage, Resolution, SessionPage, SessionStatus

LIST_PAGE_SIZE = 20


def _public(model):
    return model.objects.visible_to_public().select_related("location")


def upcoming_sessions(limit=3, *, body=None, now=None):
    sessions = _public(SessionPage).filter(start__gte=now or timezone.now())
    if body is not None:
        sessions = sessions.child_of(body)
    return list(sessions.exclude(status=SessionStatus.CANCELLED).order_by("start")[:limit])


def past_sessions(body, limit=10, *, now=None):
    sessions = _public(SessionPage).child_of(body).filter(start__lt=now or timezone.now())
    return list(sessions.order_by("-start")[:limit])


def next_session_start(body, *, now=None):
    """When the body's next public session starts (cancelled ones too), or None.

    Until then its upcoming and past sessions stay what they are.
    """
    sessions = _public(SessionPage).child_of(body).filter(start__gte=now or timezone.now())
    return sessions.order_by("start").values_list("start", flat=True).first()


def body_resolutions(body, limit=30):
    """Resolutions of the body's held, published sessions: what its session pages show too."""
    return list(
        visible_to_public(Resolution.objects.filter(session__in=body.get_children()))
        .select_related("session")
        .order_by("-session__start", "sort_order")[:limit]
    )


def upcoming_events(limit=3, *, now=None):
    return list(
        _public(EventPage).filter(start__gte=now or timezone.now()).order_by("start")[:limit]
    )


def parse_month(value, today=None):
    """'2026-11' → date(2026, 11, 1); anything else → the current month."""
    today = today or timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def month_grid(month, events):
    """Weeks (Monday first) of (day or None, [events that day]) for an accessible table."""
    by_day = {}
    for event in events:
        by_day.setdefault(timezone.localtime(event.start).date(), []).append(event)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    return [
        [(day if day.month == month.month else None, by_day.get(day, [])) for day in week]
        for week in weeks
    ]


def _shift(month, months):
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _in_order(querysets, *, descending=False):
    """(start, position, pk) of every entry, merged across the querysets in calendar order."""
    keys = [
        (start, position, pk)
        for position, queryset in enumerate(querysets)
        for start, pk in queryset.values_list("start", "pk")
    ]
    return sorted(keys, reverse=descending)


def _entries(querysets, keys):
    """The pages behind `keys`, in the keys' order: one query per kind of entry."""
    loaded = {
        position: queryset.in_bulk([pk for _start, p, pk in keys if p == position])
        for position, queryset in enumerate(querysets)
    }
    return [loaded[position][pk] for _start, position, pk in keys]


def calendar_context(index, params, *, now=None):
    """Month view (`?ansicht=monat&monat=2026-11`) or the list of upcoming dates (default).

    The calendar holds the index's events and the public sessions of the bodies.
    """
    now = now or timezone.now()
    querysets = filter_entries(_public(EventPage).child_of(index), _public(SessionPage), params)
    if params.get("ansicht") == "monat":
        month = parse_month(params.get("monat"), timezone.localdate(now))
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(month, datetime.time(), tz)
        end = datetime.datetime.combine(_shift(month, 1), datetime.time(), tz)
        in_month = [qs.filter(start__gte=start, start__lt=end) for qs in querysets]
        # Read only when the template renders the month: it keeps the rendered month per
        # content version (a month's entries change with content, not with the clock).
        entries = SimpleLazyObject(lambda: _entries(in_month, _in_order(in_month)))
        return {
            "view": "month",
            "month": month,
            "previous_month": _shift(month, -1),
            "next_month": _shift(month, 1),
            "weeks": SimpleLazyObject(lambda: month_grid(month, entries)),
            "month_events": entries,
            "filter_key": sorted((k, v) for k, values in params.lists() for v in values),
        }
    past = params.get("zeitraum") == "vergangen"
    period = [qs.filter(start__lt=now) if past else qs.filter(start__gte=now) for qs in querysets]
    page = Paginator(_in_order(period, descending=past), LIST_PAGE_SIZE).get_page(
        params.get("seite")
    )
    page.object_list = _entries(period, page.object_list)
    return {
        "view": "list",
        "past": past,
        "list_heading": _("Vergangene Termine") if past else _("Kommende Termine"),
        "events_page": page,
    }
