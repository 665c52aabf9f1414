"""Filters of the public event calendar: topic, kind, organiser (month and period live in calendar)."""

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


def filter_choices():
    """Options for the filter form: only topics and organisers that have events."""
    events = EventPage.objects.visible_to_public().values("pk")
    return {
        "topic_choices": Topic.objects.filter(events__in=events).distinct().order_by("name"),
        "kind_choices": EventKind.choices,
        "organiser_choices": visible_to_public(Member.objects.filter(events__in=events))
        .distinct()
        .order_by("name"),
    }
