"""Sessions and events for headless consumers (/api/v3/sessions/, /api/v3/events/)."""

from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from wagtail.models import Page

from cms.api import (
    MAX_STORED_INTEGER,
    Day,
    ListParams,
    RecordId,
    Related,
    TopicOut,
    choice_label,
    display,
    each,
    end_of,
    grouped,
    list_envelope,
    order_choices,
    ordered,
    page_url,
    paginate,
    path_url,
    reject_unknown,
    related_page,
    rich_text,
    searched,
    set_last_modified,
    start_of,
    topics_of,
)
from cms.visibility import is_public_page, visible_to_public
from events.models import (
    AgendaItem,
    EventKind,
    EventPage,
    Location,
    Resolution,
    SessionKind,
    SessionPage,
    SessionStatus,
)
from network.models import Member, WorkingGroupPage

sessions_router = Router(tags=["sessions"])
events_router = Router(tags=["events"])


def public_api_paths(page):
    """The API reads that show this page (`cms.cache.API_PATHS_HOOK`)."""
    if isinstance(page, SessionPage):
        return ["/api/v3/sessions/", f"/api/v3/sessions/{page.pk}/"]
    if isinstance(page, EventPage):
        return ["/api/v3/events/", f"/api/v3/events/{page.pk}/"]
    return []


class LocationOut(Schema):
    id: int
    name: str
    street: str
    postcode: str
    town: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    accessibility: str


def location_out(location: Location | None) -> dict | None:
    if location is None:
        return None
    return {
        "id": location.pk,
        "name": location.name,
        "street": location.street,
        "postcode": location.postcode,
        "town": location.town,
        "address": location.address,
        "latitude": location.latitude,
        "longitude": location.longitude,
        "accessibility": location.accessibility,
    }


# --- sessions --------------------------------------------------------------------------------


class AgendaItemOut(Schema):
    number: str
    title: str
    kind: str
    kind_label: str
    description: str
    presenter: str | None = Field(description="Nur mit Einwilligung der Person")


class ResolutionOut(Schema):
    number: str
    title: str
    text: str = Field(description="Beschlusstext als HTML")
    kind: str
    kind_label: str
    outcome: str
    outcome_label: str
    votes_yes: int | None
    votes_no: int | None
    votes_abstain: int | None


class SessionOut(Schema):
    id: int
    title: str
    url: str | None
    body: Related | None
    start: datetime
    end: datetime | None
    status: SessionStatus
    status_label: str
    cancel_reason: str
    session_kind: SessionKind
    location: LocationOut | None
    agenda: list[AgendaItemOut] = Field(description="Nur öffentliche Tagesordnungspunkte")
    minutes: str = Field(description="Protokoll als HTML, nur wenn bestätigt")
    minutes_approved_on: date | None
    resolutions: list[ResolutionOut] = Field(description="Nur bei durchgeführten Sitzungen")
    last_published_at: datetime | None


SessionList = list_envelope("SessionList", SessionOut)


SESSION_ORDERING = {"start": "start", "title": "title"}


class SessionFilters(ListParams):
    body: int | None = Field(None, ge=1, le=MAX_STORED_INTEGER, description="ID des Gremiums")
    status: SessionStatus | None = None
    date_from: Day | None = None
    date_to: Day | None = None
    order: order_choices(SESSION_ORDERING) = Field(None, description="Sortierung (Standard: start)")


# Agenda items and resolutions in their editors' order; the pk decides between equal (or no)
# positions, so a list and a detail show them alike.
CHILD_ORDER = ("sort_order", "pk")


def public_sessions():
    """Live public sessions with their public agenda and resolutions in a constant number of
    queries; prefetched into plain lists because modelcluster's related managers build a new
    queryset on every access, which was most of a list's time in the profile."""
    return (
        SessionPage.objects.visible_to_public()
        .select_related("location")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=visible_to_public(
                    AgendaItem.objects.select_related("presenter").order_by(*CHILD_ORDER)
                ),
                to_attr="api_agenda",
            ),
            Prefetch(
                "resolutions",
                queryset=visible_to_public(Resolution.objects.order_by(*CHILD_ORDER)),
                to_attr="api_resolutions",
            ),
        )
    )


def attach_bodies(sessions):
    """A session's body is its parent page; fetch all parents at once instead of one by one."""
    parent_paths = {s.path[: -Page.steplen] for s in sessions}
    bodies = {
        body.path: body
        for body in WorkingGroupPage.objects.visible_to_public().filter(path__in=parent_paths)
    }
    for session in sessions:
        session.api_body = bodies.get(session.path[: -Page.steplen])


AGENDA_FIELDS = ("number", "title", "kind", "description")
RESOLUTION_FIELDS = (
    "number",
    "title",
    "text",
    "kind",
    "outcome",
    "votes_yes",
    "votes_no",
    "votes_abstain",
)


def session_out(page: SessionPage, request: HttpRequest) -> dict:
    """A session from `public_sessions()`, or a draft for the preview (relations in memory)."""
    if not hasattr(page, "api_body"):
        attach_bodies([page])
    if hasattr(page, "api_agenda"):
        agenda, resolutions = page.api_agenda, page.api_resolutions
    else:
        agenda, resolutions = page.public_agenda_items(), page.public_resolutions()
    minutes_public = page.minutes_public
    return {
        "id": page.pk,
        "title": page.title,
        "url": page_url(page, request),
        "body": related_page(page.api_body, request),
        "start": page.start,
        "end": page.end,
        "status": page.status,
        "status_label": display(page, "status"),
        "cancel_reason": page.cancel_reason,
        "session_kind": page.session_kind,
        "location": location_out(page.location),
        "agenda": [
            agenda_item_out({f: getattr(item, f) for f in AGENDA_FIELDS}, item.public_presenter)
            for item in agenda
        ],
        "minutes": rich_text(minutes_public),
        "minutes_approved_on": page.minutes_approved_on if minutes_public else None,
        "resolutions": [
            resolution_out({f: getattr(r, f) for f in RESOLUTION_FIELDS}) for r in resolutions
        ],
        "last_published_at": page.last_published_at,
    }


SESSION_COLUMNS = (
    "id",
    "title",
    "url_path",
    "path",
    "start",
    "end",
    "status",
    "cancel_reason",
    "session_kind",
    "location_id",
    "minutes",
    "minutes_approved",
    "minutes_approved_on",
    "last_published_at",
)


def session_items(window, request: HttpRequest) -> list[dict]:
    """Sessions from rows, a fixed number of queries; the same items as `session_out`.

    Session pages as model objects with their agenda and resolutions were most of a list's
    time in the profile (some 250 instances for 50 sessions); rows skip the instances, as the
    partner list does (docs/benchmarks.md). The window is chosen on ids first.
    """
    ids = list(window.values_list("pk", flat=True))
    position = {pk: index for index, pk in enumerate(ids)}
    rows = sorted(
        SessionPage.objects.filter(pk__in=ids).values(*SESSION_COLUMNS),
        key=lambda row: position[row["id"]],
    )
    parents = {row["path"][: -Page.steplen] for row in rows}
    bodies = {
        body["path"]: {
            "id": body["id"],
            "title": body["title"],
            "url": path_url(body["url_path"], request),
        }
        for body in WorkingGroupPage.objects.visible_to_public()
        .filter(path__in=parents)
        .values("id", "title", "url_path", "path")
    }
    locations = Location.objects.in_bulk({row["location_id"] for row in rows} - {None})
    agenda = grouped(
        (item.pop("session_id"), agenda_item_out(item, presenter_name(item)))
        for item in visible_to_public(AgendaItem.objects.filter(session_id__in=ids))
        .order_by(*CHILD_ORDER)
        .values(
            "session_id",
            *AGENDA_FIELDS,
            "presenter__publish_consent",
            "presenter__public_name",
            "presenter__name",
        )
    )
    resolutions = grouped(
        (row.pop("session_id"), resolution_out(row))
        for row in visible_to_public(Resolution.objects.filter(session_id__in=ids))
        .order_by(*CHILD_ORDER)
        .values("session_id", *RESOLUTION_FIELDS)
    )
    items = []
    for row in rows:
        minutes = row["minutes"] if row["minutes_approved"] else ""
        items.append(
            {
                "id": row["id"],
                "title": row["title"],
                "url": path_url(row["url_path"], request),
                "body": bodies.get(row["path"][: -Page.steplen]),
                "start": row["start"],
                "end": row["end"],
                "status": row["status"],
                "status_label": choice_label(SessionPage, "status", row["status"]),
                "cancel_reason": row["cancel_reason"],
                "session_kind": row["session_kind"],
                "location": location_out(locations.get(row["location_id"])),
                "agenda": agenda[row["id"]],
                "minutes": rich_text(minutes),
                "minutes_approved_on": row["minutes_approved_on"] if minutes else None,
                "resolutions": resolutions[row["id"]],
                "last_published_at": row["last_published_at"],
            }
        )
    return items


def presenter_name(row: dict) -> str | None:
    """`Person.display_name` from a row: the name only with consent."""
    if not row["presenter__publish_consent"]:
        return None
    return row["presenter__public_name"] or row["presenter__name"]


def agenda_item_out(item: dict, presenter: str | None) -> dict:
    return {
        "number": item["number"],
        "title": item["title"],
        "kind": item["kind"],
        "kind_label": choice_label(AgendaItem, "kind", item["kind"]),
        "description": item["description"],
        "presenter": presenter,
    }


def resolution_out(row: dict) -> dict:
    return {
        "number": row["number"],
        "title": row["title"],
        "text": rich_text(row["text"]),
        "kind": row["kind"],
        "kind_label": choice_label(Resolution, "kind", row["kind"]),
        "outcome": row["outcome"],
        "outcome_label": choice_label(Resolution, "outcome", row["outcome"]),
        "votes_yes": row["votes_yes"],
        "votes_no": row["votes_no"],
        "votes_abstain": row["votes_abstain"],
    }


@sessions_router.get("/", response=SessionList, summary="Sitzungen der Gremien")
def list_sessions(request, response: HttpResponse, filters: Query[SessionFilters]):
    reject_unknown(request, SessionFilters)
    sessions = public_sessions()
    if filters.body:
        body = WorkingGroupPage.objects.filter(pk=filters.body).first()
        sessions = sessions.child_of(body) if body else sessions.none()
    if filters.status:
        sessions = sessions.filter(status=filters.status)
    if filters.date_from:
        sessions = sessions.filter(start__gte=start_of(filters.date_from))
    if filters.date_to:
        sessions = sessions.filter(start__lte=end_of(filters.date_to))
    sessions = ordered(searched(sessions, filters.search), filters.order, SESSION_ORDERING, "start")
    return paginate(request, response, sessions, filters, session_items)


@sessions_router.get("/{session_id}/", response=SessionOut, summary="Eine Sitzung")
def get_session(request, response: HttpResponse, session_id: RecordId):
    page = get_object_or_404(public_sessions(), pk=session_id)
    set_last_modified(response, page.last_published_at)
    return session_out(page, request)


# --- events ----------------------------------------------------------------------------------


class SeriesOut(Schema):
    id: int
    title: str
    description: str


class OrganiserOut(Schema):
    id: int
    name: str
    url: str | None = Field(description="Partnerprofil, falls veröffentlicht")


class EventOut(Schema):
    id: int
    title: str
    url: str | None
    start: datetime
    end: datetime | None
    all_day: bool
    kind: EventKind
    kind_label: str
    cancelled: bool
    location: LocationOut | None
    series: SeriesOut | None
    organisers: list[OrganiserOut]
    coordinating_body: Related | None
    topics: list[TopicOut]
    registration_url: str
    intro: str
    body: str = Field(description="Beschreibung als HTML")
    last_published_at: datetime | None


EventList = list_envelope("EventList", EventOut)


EVENT_ORDERING = {"start": "start", "title": "title"}


class EventFilters(ListParams):
    date_from: Day | None = None
    date_to: Day | None = None
    topic: str | None = Field(None, description="Kurzname (slug) eines Themenfelds")
    kind: EventKind | None = None
    series: int | None = Field(
        None, ge=1, le=MAX_STORED_INTEGER, description="ID der Veranstaltungsreihe"
    )
    order: order_choices(EVENT_ORDERING) = Field(None, description="Sortierung (Standard: start)")


def public_events():
    return (
        EventPage.objects.visible_to_public()
        .select_related("location", "series", "coordinating_body")
        .prefetch_related(
            "topics",
            Prefetch(
                "organisers",
                queryset=visible_to_public(Member.objects.select_related("partner_page")),
                to_attr="api_organisers",
            ),
        )
    )


def organiser_out(member, request):
    """An admitted organiser; its profile is linked if the public may see it."""
    profile = getattr(member, "partner_page", None)
    return {
        "id": member.pk,
        "name": member.name,
        "url": page_url(profile, request) if is_public_page(profile) else None,
    }


def organisers_of(page: EventPage):
    """Prefetched by `public_events()`; a draft in the preview holds its own in memory."""
    if hasattr(page, "api_organisers"):
        return page.api_organisers
    return page.public_organisers()


def event_out(page: EventPage, request: HttpRequest) -> dict:
    series = page.series
    return {
        "id": page.pk,
        "title": page.title,
        "url": page_url(page, request),
        "start": page.start,
        "end": page.end,
        "all_day": page.all_day,
        "kind": page.kind,
        "kind_label": display(page, "kind"),
        "cancelled": page.cancelled,
        "location": location_out(page.location),
        "series": (
            {"id": series.pk, "title": series.title, "description": series.description}
            if series
            else None
        ),
        "organisers": [organiser_out(m, request) for m in organisers_of(page)],
        "coordinating_body": related_page(page.coordinating_body, request),
        "topics": topics_of(page),
        "registration_url": page.registration_url,
        "intro": page.intro,
        "body": rich_text(page.body),
        "last_published_at": page.last_published_at,
    }


@events_router.get("/", response=EventList, summary="Veranstaltungen")
def list_events(request, response: HttpResponse, filters: Query[EventFilters]):
    reject_unknown(request, EventFilters)
    events = public_events()
    if filters.date_from:
        events = events.filter(start__gte=start_of(filters.date_from))
    if filters.date_to:
        events = events.filter(start__lte=end_of(filters.date_to))
    if filters.topic:
        events = events.filter(topics__slug=filters.topic)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.series:
        events = events.filter(series_id=filters.series)
    events = ordered(searched(events, filters.search), filters.order, EVENT_ORDERING, "start")
    return paginate(request, response, events, filters, each(event_out))


@events_router.get("/{event_id}/", response=EventOut, summary="Eine Veranstaltung")
def get_event(request, response: HttpResponse, event_id: RecordId):
    page = get_object_or_404(public_events(), pk=event_id)
    set_last_modified(response, page.last_published_at)
    return event_out(page, request)
