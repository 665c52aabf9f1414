"""iCal (RFC 5545) feeds of public sessions and events.

Only what a visitor may see goes in: live, unrestricted pages, public agenda items, no
attendance, no minutes, no personal names. Queries are fixed per feed, however many entries.
"""

import datetime
from functools import cache

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

from events.models import EventPage, EventSeries, Recurrence, SessionPage, SessionStatus
from network.models import Topic, WorkingGroupPage

UID_DOMAIN = "buendnis-zwickau.de"
PRODID = "-//Bündnis für Demokratie und Toleranz der Zwickauer Region//CMS//DE"
TZID = "Europe/Berlin"


@cache
def _vtimezone():
    # Transitions from 2000 to 2040 cover every date the alliance will publish.
    return Timezone.from_tzid(
        TZID,
        first_date=datetime.date(2000, 1, 1),
        last_date=datetime.date(2040, 1, 1),
    )


def new_calendar(name):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TZID)
    calendar.add_component(_vtimezone())
    return calendar


def _local(moment):
    return timezone.localtime(moment, timezone.get_default_timezone())


def _common(vevent, page, request, kind):
    vevent.add("uid", f"{kind}-{page.pk}@{UID_DOMAIN}")
    vevent.add("sequence", page.sequence)
    vevent.add("dtstamp", page.last_published_at or timezone.now())
    if page.last_published_at:
        vevent.add("last-modified", page.last_published_at)
    vevent.add("summary", page.title)
    url = page.get_full_url(request)
    if url:
        vevent.add("url", url)
    if page.location_id:
        location = page.location
        vevent.add("location", ", ".join(p for p in (location.name, location.address) if p))
        if location.latitude is not None and location.longitude is not None:
            vevent.add("geo", (float(location.latitude), float(location.longitude)))
    vevent.add("status", "CANCELLED" if page.is_cancelled else "CONFIRMED")


def session_vevent(session, body, request):
    vevent = Event()
    _common(vevent, session, request, "sitzung")
    start = _local(session.start)
    vevent.add("dtstart", start)
    vevent.add("dtend", _local(session.end) if session.end else start + datetime.timedelta(hours=2))
    if body is not None:
        vevent.add("categories", [body.title])
    agenda = [
        f"{item.number} {item.title}".strip()
        for item in session.agenda_items.all()
        if item.is_public
    ]
    if agenda:
        vevent.add("description", _("Tagesordnung:") + "\n" + "\n".join(agenda))
    if session.status == SessionStatus.PLANNED:
        vevent["status"] = "TENTATIVE"
    return vevent


def event_vevent(event, request):
    vevent = Event()
    _common(vevent, event, request, "veranstaltung")
    if event.all_day:
        first = _local(event.start).date()
        last = _local(event.end).date() if event.end else first
        vevent.add("dtstart", first)
        vevent.add("dtend", last + datetime.timedelta(days=1))
    else:
        start = _local(event.start)
        vevent.add("dtstart", start)
        vevent.add("dtend", _local(event.end) if event.end else start + datetime.timedelta(hours=2))
    if event.intro:
        vevent.add("description", event.intro)
    topics = [topic.name for topic in event.topics.all()]
    if topics:
        vevent.add("categories", topics)
    return vevent


def series_vevent(series):
    from events.series import rule

    recurrence, skipped = rule(series)
    start = _local(series.first_start)
    vevent = Event()
    vevent.add("uid", f"reihe-{series.pk}@{UID_DOMAIN}")
    vevent.add("dtstamp", series.updated_at)
    vevent.add("last-modified", series.updated_at)
    vevent.add("summary", series.title)
    vevent.add("dtstart", start)
    vevent.add("dtend", start + datetime.timedelta(minutes=series.duration_minutes))
    freq = {"freq": "WEEKLY" if series.recurrence == Recurrence.WEEKLY else "MONTHLY"}
    freq["interval"] = series.interval or 1
    if series.until:
        # UNTIL must be UTC when DTSTART has a time zone (RFC 5545 3.3.10).
        end_of_day = datetime.datetime.combine(series.until, datetime.time(23, 59, 59))
        freq["until"] = timezone.make_aware(end_of_day).astimezone(datetime.UTC)
    vevent.add("rrule", freq)
    for day in sorted(skipped):
        vevent.add("exdate", timezone.make_aware(datetime.datetime.combine(day, start.time())))
    if series.description:
        vevent.add("description", series.description)
    if series.location_id:
        vevent.add("location", str(series.location))
    return vevent


def public_sessions():
    return (
        SessionPage.objects.live()
        .public()
        .select_related("location")
        .prefetch_related("agenda_items")
        .order_by("start")
    )


def public_events():
    return (
        EventPage.objects.live()
        .public()
        .select_related("location")
        .prefetch_related("topics")
        .order_by("start")
    )


def _bodies_by_path():
    return {body.path: body for body in WorkingGroupPage.objects.live().public()}


def sessions_calendar(request, sessions, name):
    calendar = new_calendar(name)
    bodies = _bodies_by_path()
    step = SessionPage.steplen
    for session in sessions:
        body = bodies.get(session.path[:-step])
        if body is None:
            # A session under a private or unpublished body is not public either.
            continue
        calendar.add_component(session_vevent(session, body, request))
    return calendar


def events_calendar(request, events, name, series=()):
    calendar = new_calendar(name)
    for event in events:
        calendar.add_component(event_vevent(event, request))
    for item in series:
        calendar.add_component(series_vevent(item))
    return calendar


def ical_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def all_sessions_feed(request):
    calendar = sessions_calendar(request, public_sessions(), _("Sitzungen des Bündnisses"))
    return ical_response(calendar, "sitzungen.ics")


def body_feed(request, slug):
    body = get_object_or_404(WorkingGroupPage.objects.live().public(), slug=slug)
    calendar = sessions_calendar(request, public_sessions().child_of(body), body.title)
    return ical_response(calendar, f"{slug}.ics")


def all_events_feed(request):
    calendar = events_calendar(
        request,
        public_events(),
        _("Veranstaltungen des Bündnisses"),
        EventSeries.objects.select_related("location"),
    )
    return ical_response(calendar, "veranstaltungen.ics")


def topic_feed(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    events = public_events().filter(topics=topic)
    calendar = events_calendar(request, events, _("Veranstaltungen: %(topic)s") % {"topic": topic})
    return ical_response(calendar, f"thema-{slug}.ics")


def session_entry(request, pk):
    calendar = sessions_calendar(request, public_sessions().filter(pk=pk), _("Sitzung"))
    if not calendar.events:
        raise Http404
    return ical_response(calendar, f"sitzung-{pk}.ics")


def event_entry(request, pk):
    event = get_object_or_404(public_events(), pk=pk)
    return ical_response(events_calendar(request, [event], event.title), f"veranstaltung-{pk}.ics")
