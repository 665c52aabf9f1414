"""Filters of the public event calendar: topic, kind, organiser (month and period live in calendar)."""

from django.utils.translation import gettext_lazy as _

from cms.visibility import visible_to_public
from events.models import EventKind, EventPage
from network.models import Member, Topic


def filter_events(events, params):
    """Narrow an EventPage queryset by `?thema=<slug>&art=<kind>&veranstalter=<member id>`.

    Unknown values are ignored rather than answered with an error, so shared links keep working.
    """
    topic = params.get("thema")
    if topic:
        events = events.filter(topics__slug=topic)
    kind = params.get("art")
    if kind in EventKind.values:
        events = events.filter(kind=kind)
    organiser = params.get("veranstalter", "")
    if organiser.isdigit():
        events = events.filter(organisers__pk=int(organiser))
    return events.distinct() if topic or organiser.isdigit() else events


# The "kind" filter's value for the bodies' sessions, next to the kinds of events.
SESSIONS = "sitzung"


def filter_entries(events, sessions, params):
    """The calendar's querysets after the filters; sessions have no topic, organiser or kind.

    Any of those filters leaves only events; `?art=sitzung` leaves only sessions.
    """
    kind = params.get("art")
    if kind == SESSIONS:
        return [sessions]
    events = filter_events(events, params)
    if params.get("thema") or params.get("veranstalter", "").isdigit() or kind in EventKind.values:
        return [events]
    return [events, sessions]


def filter_choices():
    """Options for the filter form: only topics and organisers that have events."""
    events = EventPage.objects.visible_to_public().values("pk")
    return {
        "topic_choices": Topic.objects.filter(events__in=events).distinct().order_by("name"),
        "kind_choices": [*EventKind.choices, (SESSIONS, _("Sitzung eines Gremiums"))],
        "organiser_choices": visible_to_public(Member.objects.filter(events__in=events))
        .distinct()
        .order_by("name"),
    }
