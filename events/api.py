"""Sessions and events for headless consumers (/api/v3/sessions/, /api/v3/events/)."""

from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from wagtail.models import Page

from cms.api import (
    ListParams,
    RecordId,
    Related,
    TopicOut,
    display,
    each,
    end_of,
    list_envelope,
    ordered,
    page_url,
    paginate,
    reject_unknown,
    related_page,
    rich_text,
    searched,
    set_last_modified,
    start_of,
    topics_of,
)
from events.models import (
    AgendaItem,
    EventKind,
    EventPage,
    Location,
    SessionKind,
    SessionPage,
    SessionStatus,
)
from network.models import WorkingGroupPage

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


class SessionFilters(ListParams):
    body: int | None = Field(None, description="ID des Gremiums")
    status: SessionStatus | None = None
    date_from: date | None = None
    date_to: date | None = None


SESSION_ORDERING = {"start": "start", "title": "title"}


def public_sessions():
    """Live public sessions with their public agenda and resolutions in a constant number of
    queries; prefetched into plain lists because modelcluster's related managers build a new
    queryset on every access, which was most of a list's time in the profile."""
    return (
        SessionPage.objects.live()
        .public()
        .select_related("location")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.filter(is_public=True).select_related("presenter"),
                to_attr="api_agenda",
            ),
            Prefetch("resolutions", to_attr="api_resolutions"),
        )
    )


def attach_bodies(sessions):
    """A session's body is its parent page; fetch all parents at once instead of one by one."""
    parent_paths = {s.path[: -Page.steplen] for s in sessions}
    bodies = {
        body.path: body
        for body in WorkingGroupPage.objects.live().public().filter(path__in=parent_paths)
    }
    for session in sessions:
        session.api_body = bodies.get(session.path[: -Page.steplen])


def session_out(page: SessionPage, request: HttpRequest) -> dict:
    """A session from `public_sessions()`, or a draft for the preview (relations in memory)."""
    if not hasattr(page, "api_body"):
        attach_bodies([page])
    if hasattr(page, "api_agenda"):
        agenda = page.api_agenda
        resolutions = page.api_resolutions if page.resolutions_public else []
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
            {
                "number": item.number,
                "title": item.title,
                "kind": item.kind,
                "kind_label": display(item, "kind"),
                "description": item.description,
                "presenter": item.public_presenter,
            }
            for item in agenda
        ],
        "minutes": rich_text(minutes_public),
        "minutes_approved_on": page.minutes_approved_on if minutes_public else None,
        "resolutions": [
            {
                "number": r.number,
                "title": r.title,
                "text": rich_text(r.text),
                "kind": r.kind,
                "kind_label": display(r, "kind"),
                "outcome": r.outcome,
                "outcome_label": display(r, "outcome"),
                "votes_yes": r.votes_yes,
                "votes_no": r.votes_no,
                "votes_abstain": r.votes_abstain,
            }
            for r in resolutions
        ],
        "last_published_at": page.last_published_at,
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
    return paginate(request, response, sessions, filters, each(session_out, attach_bodies))


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


class EventFilters(ListParams):
    date_from: date | None = None
    date_to: date | None = None
    topic: str | None = Field(None, description="Kurzname (slug) eines Themenfelds")
    kind: EventKind | None = None
    series: int | None = Field(None, description="ID der Veranstaltungsreihe")


EVENT_ORDERING = {"start": "start", "title": "title"}


def public_events():
    return (
        EventPage.objects.live()
        .public()
        .select_related("location", "series", "coordinating_body")
        .prefetch_related("topics", "organisers__partner_page")
    )


def organiser_out(member, request):
    profile = getattr(member, "partner_page", None)
    published = profile is not None and profile.live
    return {
        "id": member.pk,
        "name": member.name,
        "url": page_url(profile, request) if published else None,
    }


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
        "organisers": [organiser_out(m, request) for m in page.organisers.all()],
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
