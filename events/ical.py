"""iCal (RFC 5545) feeds of public sessions and events.

Only what a visitor may see goes in: live, unrestricted pages, public agenda items, no
attendance, no minutes, no personal names. Queries are fixed per feed, however many entries.

The subscription feeds (all sessions, a body's, all events, a topic's) hold a window of time,
`feed_window_start`: the coming entries and the last months, not the alliance's whole history,
which stays in the API and OParl. Single-entry downloads are never windowed.

The content lines are written directly and streamed: the all-sessions feed holds thousands of
entries, and building `icalendar` objects for each one cost seconds and the whole feed in memory.
`icalendar` still provides the VTIMEZONE block, computed once per process.
"""

import datetime
import zoneinfo
from functools import cache, lru_cache

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import FloatField, Func, Q
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Timezone

from cms.api import grouped
from cms.pageurls import full_url, site_roots
from cms.visibility import visible_to_public
from events.models import (
    AgendaItem,
    EventPage,
    EventSeries,
    Recurrence,
    SessionPage,
    SessionStatus,
    postal_address,
)
from events.series import rule
from network.models import Topic, WorkingGroupPage

UID_DOMAIN = "buendnis-zwickau.de"
PRODID = "-//Bündnis für Demokratie und Toleranz der Zwickauer Region//CMS//DE"
TZID = "Europe/Berlin"
BERLIN = zoneinfo.ZoneInfo(TZID)
CHUNK_SIZE = 500


@cache
def vtimezone_lines():
    # Transitions from 2000 to 2040 cover every date the alliance will publish.
    block = Timezone.from_tzid(
        TZID, first_date=datetime.date(2000, 1, 1), last_date=datetime.date(2040, 1, 1)
    ).to_ical()
    return block.decode().rstrip("\r\n") + "\r\n"


def escape_text(value):
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def content_line(name, value):
    """One content line, folded after 75 octets without splitting a UTF-8 character (3.1)."""
    line = f"{name}:{value}"
    if len(line) <= 75 and line.isascii():  # most lines: no need to count octets
        return line + "\r\n"
    encoded = line.encode()
    if len(encoded) <= 75:
        return line + "\r\n"
    parts, start, limit = [], 0, 75
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(encoded[start:end].decode())
        start, limit = end, 74  # continuation lines begin with a space
    return "\r\n ".join(parts) + "\r\n"


# Formatted by hand: strftime was a tenth of the feed's time, three stamps per entry.
def date_stamp(day):
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def clock_stamp(moment):
    return f"{date_stamp(moment)}T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"


def utc_stamp(moment):
    return clock_stamp(moment.astimezone(datetime.UTC)) + "Z"


def local_stamp(moment):
    return clock_stamp(moment.astimezone(BERLIN))


def calendar_head(name, method="PUBLISH", description=None):
    return (
        "BEGIN:VCALENDAR\r\n"
        + content_line("PRODID", PRODID)
        + f"VERSION:2.0\r\nCALSCALE:GREGORIAN\r\nMETHOD:{method}\r\n"
        + content_line("X-WR-CALNAME", escape_text(name))
        + (content_line("X-WR-CALDESC", escape_text(description)) if description else "")
        + content_line("X-WR-TIMEZONE", TZID)
        + vtimezone_lines()
    )


# Stamps, numbers and status words are short ASCII and never need folding or escaping, so
# those lines are written without content_line(); it was the feed's most called function.
def timed_lines(start, end, default_hours=2):
    end = end or start + datetime.timedelta(hours=default_hours)
    return f"DTSTART;TZID={TZID}:{local_stamp(start)}\r\nDTEND;TZID={TZID}:{local_stamp(end)}\r\n"


# Feeds read plain rows, not page instances: instantiating thousands of pages cost most of the
# feed's time. The columns every entry needs; `location__*` is null without a place.
ENTRY_COLUMNS = (
    "pk",
    "title",
    "url_path",
    "sequence",
    "location__name",
    "location__street",
    "location__postcode",
    "location__town",
    "location__latitude",
    "location__longitude",
)


class EpochSeconds(Func):
    """Seconds since 1970 of a datetime column, as a float.

    Django loads timestamps with a Python parser; for the 15,000 stamps of a feed that was a
    sixth of its time, while `datetime.fromtimestamp` is C.
    """

    output_field = FloatField()
    template = "EXTRACT(EPOCH FROM %(expressions)s)::float8"

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite keeps datetimes as UTC text; 2440587.5 is the Julian day of 1970-01-01. Days
        # as a double are exact to well under a millisecond, hence the rounding.
        template = "ROUND((julianday(%(expressions)s) - 2440587.5) * 86400.0, 3)"
        return self.as_sql(compiler, connection, template=template, **extra)


# The moments an entry needs, read as epoch seconds (see EpochSeconds) and turned back into
# aware datetimes by `with_moments`.
MOMENTS = ("last_published_at", "start", "end")


def entry_rows(pages, *columns):
    return pages.annotate(**{f"{name}_epoch": EpochSeconds(name) for name in MOMENTS}).values(
        *ENTRY_COLUMNS, *columns, *(f"{name}_epoch" for name in MOMENTS)
    )


def with_moments(row):
    """The moments as datetimes; the epoch seconds stay as well (sessions merge their agenda
    on `start_epoch`)."""
    for name in MOMENTS:
        epoch = row[f"{name}_epoch"]
        row[name] = None if epoch is None else datetime.datetime.fromtimestamp(epoch, BERLIN)
    return row


def entry_uid(kind, pk):
    """The UID of a session ("sitzung") or event ("veranstaltung") in every calendar we send."""
    return f"{kind}-{pk}@{UID_DOMAIN}"


def common_lines(row, kind, url, status):
    published = row["last_published_at"]
    stamp = utc_stamp(published or timezone.now())
    lines = [
        f"UID:{entry_uid(kind, row['pk'])}\r\nSEQUENCE:{row['sequence']}\r\nDTSTAMP:{stamp}\r\n"
    ]
    if published:
        lines.append(f"LAST-MODIFIED:{stamp}\r\n")
    lines.append(content_line("SUMMARY", escape_text(row["title"])))
    if url:
        lines.append(content_line("URL", url))
    if row["location__name"] is not None:
        lines.append(
            location_lines(
                row["location__name"],
                row["location__street"],
                row["location__postcode"],
                row["location__town"],
                row["location__latitude"],
                row["location__longitude"],
            )
        )
    lines.append(f"STATUS:{status}\r\n")
    return "".join(lines)


# A feed repeats a handful of places thousands of times.
@lru_cache(maxsize=1024)
def location_lines(name, street, postcode, town, latitude, longitude):
    place = ", ".join(p for p in (name, postal_address(street, postcode, town)) if p)
    lines = content_line("LOCATION", escape_text(place))
    if latitude is not None and longitude is not None:
        lines += f"GEO:{float(latitude)};{float(longitude)}\r\n"
    return lines


SESSION_STATUS = {SessionStatus.CANCELLED: "CANCELLED", SessionStatus.PLANNED: "TENTATIVE"}


def session_vevent(row, categories, url, agenda, agenda_heading):
    """One session; `categories` is its body's CATEGORIES line, written once per body."""
    lines = [
        "BEGIN:VEVENT\r\n",
        common_lines(row, "sitzung", url, SESSION_STATUS.get(row["status"], "CONFIRMED")),
        timed_lines(row["start"], row["end"]),
        categories,
    ]
    if agenda:
        lines.append(content_line("DESCRIPTION", escape_text("\n".join([agenda_heading, *agenda]))))
    lines.append("END:VEVENT\r\n")
    return "".join(lines)


def event_vevent(row, url, topics):
    status = "CANCELLED" if row["cancelled"] else "CONFIRMED"
    lines = ["BEGIN:VEVENT\r\n", common_lines(row, "veranstaltung", url, status)]
    if row["all_day"]:
        first = timezone.localtime(row["start"]).date()
        last = timezone.localtime(row["end"]).date() if row["end"] else first
        lines.append(content_line("DTSTART;VALUE=DATE", date_stamp(first)))
        lines.append(
            content_line("DTEND;VALUE=DATE", date_stamp(last + datetime.timedelta(days=1)))
        )
    else:
        lines.append(timed_lines(row["start"], row["end"]))
    if row["intro"]:
        lines.append(content_line("DESCRIPTION", escape_text(row["intro"])))
    if topics:
        lines.append(content_line("CATEGORIES", ",".join(escape_text(t) for t in topics)))
    lines.append("END:VEVENT\r\n")
    return "".join(lines)


def series_vevent(series, own_pages=()):
    """The series as one recurring entry; `own_pages` are days that have an event page of
    their own, so they are left out here (one occurrence, one UID)."""
    recurrence, skipped = rule(series)
    skipped |= set(own_pages)
    start = timezone.localtime(series.first_start)
    parts = [
        "FREQ=" + ("WEEKLY" if series.recurrence == Recurrence.WEEKLY else "MONTHLY"),
        f"INTERVAL={series.interval or 1}",
    ]
    if series.until:
        # UNTIL must be UTC when DTSTART has a time zone (RFC 5545 3.3.10).
        end_of_day = datetime.datetime.combine(series.until, datetime.time(23, 59, 59))
        parts.append("UNTIL=" + utc_stamp(timezone.make_aware(end_of_day)))
    lines = [
        "BEGIN:VEVENT\r\n",
        content_line("UID", f"reihe-{series.pk}@{UID_DOMAIN}"),
        content_line("DTSTAMP", utc_stamp(series.updated_at)),
        content_line("LAST-MODIFIED", utc_stamp(series.updated_at)),
        content_line("SUMMARY", escape_text(series.title)),
        timed_lines(start, start + datetime.timedelta(minutes=series.duration_minutes)),
        content_line("RRULE", ";".join(parts)),
    ]
    for day in sorted(skipped):
        skipped_start = timezone.make_aware(datetime.datetime.combine(day, start.time()))
        lines.append(content_line(f"EXDATE;TZID={TZID}", local_stamp(skipped_start)))
    if series.description:
        lines.append(content_line("DESCRIPTION", escape_text(series.description)))
    if series.location_id:
        lines.append(content_line("LOCATION", escape_text(series.location)))
    lines.append("END:VEVENT\r\n")
    return "".join(lines)


def public_sessions():
    # The pk breaks ties in the order the agenda is merged in (see `in_step`).
    return SessionPage.objects.visible_to_public().order_by("start", "pk")


def public_events():
    # As `public_sessions()`, for the topics.
    return EventPage.objects.visible_to_public().order_by("start", "pk")


def feed_window_start(now):
    """Where a subscription feed begins: local midnight, CALENDAR_FEED_MONTHS before `now`.

    Clients subscribe for what is coming and the recent past. The whole history made the
    all-sessions feed grow with every year, past a client's timeout at 50,000 sessions.
    """
    first_day = timezone.localdate(now) - relativedelta(months=settings.CALENDAR_FEED_MONTHS)
    return timezone.make_aware(datetime.datetime.combine(first_day, datetime.time.min))


def in_window(entries, since):
    """Sessions or events that end at or after `since`; one without an end counts by its start."""
    return entries.filter(Q(end__gte=since) | Q(start__gte=since))


def series_in_window(series, since):
    """Series that still recur at or after `since`, however long ago they began.

    Such a series keeps its first start and every EXDATE: a client expands the same days from
    it as from the whole history.
    """
    return series.filter(Q(until=None) | Q(until__gte=timezone.localdate(since)))


def in_chunks(rows):
    """Entry rows from a server-side cursor in lists of CHUNK_SIZE: bounded memory for any feed.

    Their moments are restored to datetimes on the way (see EpochSeconds).
    """
    chunk = []
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        chunk.append(with_moments(row))
        if len(chunk) == CHUNK_SIZE:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def runs_by_key(pairs):
    """(key, [value, ...]) for each run of (key, value) pairs with the same key."""
    key, values = None, []
    for pair_key, value in pairs:
        if pair_key != key:
            if values:
                yield key, values
            key, values = pair_key, []
        values.append(value)
    if values:
        yield key, values


def in_step(runs):
    """The values of an entry's key, read from `runs` (see `runs_by_key`) in the entries' order.

    What an entry lists (agenda items, topics) comes from one query streamed next to the
    entries instead of one per chunk: the chunk's 500 ids as query parameters cost more than
    the items themselves, and the query count grew with the feed. The key is (start in epoch
    seconds, pk), the order of `public_sessions()` and `public_events()`; keys no entry asks
    for (an entry changed between the two reads, a session of a private body) are passed over.
    """
    runs = iter(runs)
    pending = next(runs, None)

    def values_of(key):
        nonlocal pending
        while pending is not None and pending[0] < key:
            pending = next(runs, None)
        if pending is not None and pending[0] == key:
            values, pending = pending[1], next(runs, None)
            return values
        return None

    return values_of


def agendas_in_order(sessions):
    items = (
        visible_to_public(AgendaItem.objects.filter(session__in=sessions.values("pk")))
        .annotate(start_epoch=EpochSeconds("session__start"))
        .order_by("session__start", "session_id", "sort_order")
        .values_list("start_epoch", "session_id", "number", "title")
    )
    return runs_by_key(
        ((start_epoch, pk), AgendaItem.label(number, title))
        for start_epoch, pk, number, title in items.iterator(chunk_size=CHUNK_SIZE)
    )


def topics_in_order(events):
    links = (
        EventPage.topics.through.objects.filter(eventpage__in=events.values("pk"))
        .annotate(start_epoch=EpochSeconds("eventpage__start"))
        .order_by("eventpage__start", "eventpage_id", "topic__name")
        .values_list("start_epoch", "eventpage_id", "topic__name")
    )
    return runs_by_key(
        ((start_epoch, pk), name) for start_epoch, pk, name in links.iterator(chunk_size=CHUNK_SIZE)
    )


def entry_key(row):
    return row["start_epoch"], row["pk"]


def session_vevents(sessions):
    """VEVENTs of the sessions whose body is public; a private body hides its sessions.

    One string per chunk of rows: the response and the cache handle each yielded piece, and
    per-entry pieces were a tenth of the feed's time.
    """
    categories = {
        path: content_line("CATEGORIES", escape_text(title))
        for path, title in WorkingGroupPage.objects.visible_to_public().values_list("path", "title")
    }
    roots = site_roots()
    heading = _("Tagesordnung:")
    step = SessionPage.steplen
    agenda_of = in_step(agendas_in_order(sessions))
    for chunk in in_chunks(entry_rows(sessions, "path", "status")):
        entries = []
        for row in chunk:
            body_line = categories.get(row["path"][:-step])
            if body_line is not None:
                url = full_url(row["url_path"], roots)
                agenda = agenda_of(entry_key(row))
                entries.append(session_vevent(row, body_line, url, agenda, heading))
        yield "".join(entries)


def event_vevents(events, series=()):
    roots = site_roots()
    topics_of = in_step(topics_in_order(events))
    for chunk in in_chunks(entry_rows(events, "all_day", "cancelled", "intro")):
        yield "".join(
            event_vevent(row, full_url(row["url_path"], roots), topics_of(entry_key(row)))
            for row in chunk
        )
    # Every public page of a series is left out of its rule, also those before a feed's
    # window: the rule then gives the same days, whatever the window.
    pages_of_series = public_events().filter(series__in=series).values_list("series_id", "start")
    days_with_pages = grouped(
        (series_id, timezone.localtime(start).date()) for series_id, start in pages_of_series
    )
    for item in series:
        yield series_vevent(item, days_with_pages.get(item.pk, ()))


def ical_response(name, vevents, filename, description=None):
    def stream():
        yield calendar_head(name, description=description)
        yield from vevents
        yield "END:VCALENDAR\r\n"

    response = StreamingHttpResponse(stream(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# Subscription feeds: a window of time (`feed_window_start`), said so in their description.


def sessions_window_note(request, api_path="/api/v3/sessions/"):
    months = settings.CALENDAR_FEED_MONTHS
    return ngettext(
        "Kommende Sitzungen und die des letzten Monats; alle früheren in der API "
        "(%(api)s) und in OParl (%(oparl)s).",
        "Kommende Sitzungen und die der letzten %(months)d Monate; alle früheren in der API "
        "(%(api)s) und in OParl (%(oparl)s).",
        months,
    ) % {
        "months": months,
        "api": request.build_absolute_uri(api_path),
        "oparl": request.build_absolute_uri(reverse("oparl:system")),
    }


def events_window_note(request, api_path="/api/v3/events/"):
    months = settings.CALENDAR_FEED_MONTHS
    return ngettext(
        "Kommende Veranstaltungen und die des letzten Monats; alle früheren in der API (%(api)s).",
        "Kommende Veranstaltungen und die der letzten %(months)d Monate; alle früheren in der "
        "API (%(api)s).",
        months,
    ) % {"months": months, "api": request.build_absolute_uri(api_path)}


def all_sessions_feed(request):
    since = feed_window_start(timezone.now())
    vevents = session_vevents(in_window(public_sessions(), since))
    name = _("Sitzungen des Bündnisses")
    return ical_response(name, vevents, "sitzungen.ics", sessions_window_note(request))


def body_feed(request, slug):
    body = get_object_or_404(WorkingGroupPage.objects.visible_to_public(), slug=slug)
    since = feed_window_start(timezone.now())
    vevents = session_vevents(in_window(public_sessions().child_of(body), since))
    note = sessions_window_note(request, f"/api/v3/sessions/?body={body.pk}")
    return ical_response(body.title, vevents, f"{slug}.ics", note)


def all_events_feed(request):
    since = feed_window_start(timezone.now())
    series = series_in_window(EventSeries.objects.select_related("location"), since)
    vevents = event_vevents(in_window(public_events(), since), series)
    name = _("Veranstaltungen des Bündnisses")
    return ical_response(name, vevents, "veranstaltungen.ics", events_window_note(request))


def topic_feed(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    since = feed_window_start(timezone.now())
    vevents = event_vevents(in_window(public_events().filter(topics=topic), since))
    name = _("Veranstaltungen: %(topic)s") % {"topic": topic}
    note = events_window_note(request, f"/api/v3/events/?topic={topic.slug}")
    return ical_response(name, vevents, f"thema-{slug}.ics", note)


# Single entries are downloaded for one session or event, however old: never windowed.


def session_entry(request, pk):
    # Materialised up front: a single entry must answer 404 before any byte is streamed.
    vevents = [text for text in session_vevents(public_sessions().filter(pk=pk)) if text]
    if not vevents:
        raise Http404
    return ical_response(_("Sitzung"), vevents, f"sitzung-{pk}.ics")


def event_entry(request, pk):
    event = get_object_or_404(public_events(), pk=pk)
    vevents = event_vevents(public_events().filter(pk=event.pk))
    return ical_response(event.title, vevents, f"veranstaltung-{pk}.ics")
