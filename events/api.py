"""Sessions and events for headless consumers (/api/v3/sessions/, /api/v3/events/)."""

import functools
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
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
    RowsOf,
    TopicOut,
    end_of,
    list_envelope,
    order_choices,
    ordered,
    paginate,
    public_page,
    reject_unknown,
    rich_text,
    searched,
    set_last_modified,
    start_of,
    window_keys,
)
from cms.apifields import Computed, From, Joined, Label, Url, path_url, row_columns, serializer
from cms.queries import PreparedRows
from cms.visibility import visible_to_public
from events.models import (
    AgendaItem,
    AgendaKind,
    EventKind,
    EventPage,
    Resolution,
    ResolutionKind,
    ResolutionOutcome,
    SessionKind,
    SessionPage,
    SessionStatus,
    approved_minutes,
    postal_address,
)
from network.models import Member, PartnerPage, Topic, WorkingGroupPage, public_person_name

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
    address: Annotated[str, From(("street", "postcode", "town"), postal_address)]
    latitude: Decimal | None
    longitude: Decimal | None
    accessibility: str


# --- sessions --------------------------------------------------------------------------------


class AgendaItemOut(Schema):
    number: str
    title: str
    kind: str
    kind_label: Annotated[str, Label("kind", AgendaKind)]
    description: str
    presenter: Annotated[
        str | None,
        From(
            ("presenter__publish_consent", "presenter__public_name", "presenter__name"),
            public_person_name,
        ),
    ] = Field(description="Nur mit Einwilligung der Person")


class ResolutionOut(Schema):
    number: str
    title: str
    text: Annotated[str, From(then=rich_text)] = Field(description="Beschlusstext als HTML")
    kind: str
    kind_label: Annotated[str, Label("kind", ResolutionKind)]
    outcome: str
    outcome_label: Annotated[str, Label("outcome", ResolutionOutcome)]
    votes_yes: int | None
    votes_no: int | None
    votes_abstain: int | None


# Sources of the fields that a page object and a `values()` row (the list) read alike; the
# list's loader, `session_items`, reads the nested ones for all sessions at once.


def body_of(page: SessionPage, request):
    """A session's body is its parent page."""
    return parent_bodies([page.path]).get(parent_path(page.path))


def agenda_of(page: SessionPage, request):
    """Prefetched by `session_pages()`; a draft in the preview holds its items in memory."""
    return page.api_agenda if hasattr(page, "api_agenda") else page.public_agenda_items()


def resolutions_of(page: SessionPage, request):
    return page.api_resolutions if hasattr(page, "api_resolutions") else page.public_resolutions()


def minutes_html(minutes, approved):
    return rich_text(approved_minutes(minutes, approved))


def minutes_approved_on(approved_on, minutes, approved):
    """The approval date goes with the minutes it approved."""
    return approved_on if approved_minutes(minutes, approved) else None


class SessionOut(Schema):
    id: int
    title: str
    url: Annotated[str | None, Url()]
    body: Annotated[Related | None, Computed(body_of)]
    start: datetime
    end: datetime | None
    status: SessionStatus
    status_label: Annotated[str, Label("status", SessionStatus)]
    cancel_reason: str
    session_kind: SessionKind
    location: Annotated[LocationOut | None, Joined("location")]
    agenda: Annotated[list[AgendaItemOut], Computed(agenda_of)] = Field(
        description="Nur öffentliche Tagesordnungspunkte"
    )
    minutes: Annotated[str, From(("minutes", "minutes_approved"), minutes_html)] = Field(
        description="Protokoll als HTML, nur wenn bestätigt"
    )
    minutes_approved_on: Annotated[
        date | None,
        From(("minutes_approved_on", "minutes", "minutes_approved"), minutes_approved_on),
    ]
    resolutions: Annotated[list[ResolutionOut], Computed(resolutions_of)] = Field(
        description="Nur bei durchgeführten Sitzungen"
    )
    last_published_at: datetime | None


SessionList = list_envelope("SessionList", SessionOut)


SESSION_ORDERING = {"start": "start", "title": "title"}


class SessionFilters(ListParams):
    body: int | None = Field(None, ge=1, le=MAX_STORED_INTEGER, description="ID des Gremiums")
    status: SessionStatus | None = None
    date_from: Day | None = None
    date_to: Day | None = None
    order: order_choices(SESSION_ORDERING) = Field(None, description="Sortierung (Standard: start)")


# Equal positions (items added in one save) would come back in any order on PostgreSQL.
CHILD_ORDER = ("sort_order", "pk")


def public_sessions():
    return SessionPage.objects.visible_to_public()


def public_agenda():
    return visible_to_public(AgendaItem.objects.order_by(*CHILD_ORDER))


def public_resolutions():
    return visible_to_public(Resolution.objects.order_by(*CHILD_ORDER))


def session_pages():
    """Public sessions as pages with their public agenda and resolutions, for a single read;
    prefetched into plain lists because modelcluster's related managers build a new queryset
    on every access."""
    return (
        public_sessions()
        .select_related("location")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=public_agenda().select_related("presenter"),
                to_attr="api_agenda",
            ),
            Prefetch("resolutions", queryset=public_resolutions(), to_attr="api_resolutions"),
        )
    )


def parent_path(path):
    return path[: -Page.steplen]


def parent_bodies(paths):
    """{path: body row} of the public bodies above these sessions' paths."""
    return by_path(_body_rows(Q(path__in={parent_path(path) for path in paths})))


def by_path(rows):
    return {row["path"]: row for row in rows}


def _body_rows(condition):
    return (
        WorkingGroupPage.objects.visible_to_public()
        .filter(condition)
        .values("path", "depth", *row_columns(Related))
    )


# The body a list of sessions is filtered by, read on every such request.
body_rows = PreparedRows(_body_rows)


# Also the preview's serializer: a draft's relations are in memory, not prefetched.
session_out = serializer(SessionOut)


def _session_rows(among):
    session = OuterRef("pk")
    agenda = public_agenda().filter(session=session)
    resolutions = public_resolutions().filter(session=session)
    return SessionPage.objects.filter(among).values(
        "path",
        *row_columns(SessionOut),
        # Named apart from the relations, which the annotations may not shadow.
        api_agenda=RowsOf(agenda.values(*row_columns(AgendaItemOut))),
        api_resolutions=RowsOf(resolutions.values(*row_columns(ResolutionOut))),
    )


session_rows = PreparedRows(_session_rows)


def session_items(sessions: QuerySet, request: HttpRequest, bodies=None) -> list[dict]:
    """Sessions from rows with their agenda and resolutions, in one query after the window's
    keys, and one for their bodies unless given.

    Built from `values()` rather than page objects: creating the pages with their agenda items,
    resolutions and places was most of a list's time in the profile (docs/benchmarks.md). The
    rows of the window are one prepared query (`cms.queries`).
    """
    rows = session_rows(window_keys(sessions))
    if bodies is None:
        bodies = parent_bodies(row["path"] for row in rows)
    for row in rows:
        row["body"] = bodies.get(parent_path(row["path"]))
        row["agenda"] = row.pop("api_agenda")
        row["resolutions"] = row.pop("api_resolutions")
    return [session_out(row, request) for row in rows]


@sessions_router.get("/", response=SessionList, summary="Sitzungen der Gremien")
def list_sessions(request, response: HttpResponse, filters: Query[SessionFilters]):
    reject_unknown(request, SessionFilters)
    sessions = public_sessions()
    items = session_items
    if filters.body:
        # Read as the parent of every session listed: a body the public may not see has no
        # public sessions either (it is restricted, or unpublished with children, or below one).
        bodies = by_path(body_rows([filters.body]))
        if bodies:
            (body,) = bodies.values()
            sessions = sessions.filter(path__startswith=body["path"], depth=body["depth"] + 1)
            items = functools.partial(session_items, bodies=bodies)
        else:
            sessions = sessions.none()
    if filters.status:
        sessions = sessions.filter(status=filters.status)
    if filters.date_from:
        sessions = sessions.filter(start__gte=start_of(filters.date_from))
    if filters.date_to:
        sessions = sessions.filter(start__lte=end_of(filters.date_to))
    sessions = ordered(searched(sessions, filters.search), filters.order, SESSION_ORDERING, "start")
    return paginate(request, response, sessions, filters, items)


@sessions_router.get("/{session_id}/", response=SessionOut, summary="Eine Sitzung")
def get_session(request, response: HttpResponse, session_id: RecordId):
    page = get_object_or_404(session_pages(), pk=session_id)
    set_last_modified(response, page.last_published_at)
    return session_out(page, request)


# --- events ----------------------------------------------------------------------------------


class SeriesOut(Schema):
    id: int
    title: str
    description: str


def profile_url(member: Member | dict, request):
    """An admitted organiser's profile is linked only if the public may see it.

    A member object asks its profile page; a row (`event_items`) carries the path of its
    profile if that is public, read through the same visibility rule.
    """
    if type(member) is dict:
        path = member["public_profile_path"]
    else:
        profile = public_page(getattr(member, "partner_page", None))
        path = profile.url_path if profile else None
    return path_url(path, request) if path else None


class OrganiserOut(Schema):
    id: int
    name: str
    url: Annotated[str | None, Computed(profile_url)] = Field(
        description="Partnerprofil, falls veröffentlicht"
    )


def organisers_of(page: EventPage, request):
    """Prefetched by `event_pages()`; a draft in the preview holds its own in memory."""
    if hasattr(page, "api_organisers"):
        return page.api_organisers
    return page.public_organisers()


class EventOut(Schema):
    id: int
    title: str
    url: Annotated[str | None, Url()]
    start: datetime
    end: datetime | None
    all_day: bool
    kind: EventKind
    kind_label: Annotated[str, Label("kind", EventKind)]
    cancelled: bool
    location: Annotated[LocationOut | None, Joined("location")]
    series: Annotated[SeriesOut | None, Joined("series")]
    organisers: Annotated[list[OrganiserOut], Computed(organisers_of)]
    coordinating_body: Annotated[Related | None, From("public_coordinating_body")]
    topics: list[TopicOut]
    registration_url: str
    intro: str
    body: Annotated[str, From(then=rich_text)] = Field(description="Beschreibung als HTML")
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
    return EventPage.objects.visible_to_public()


def public_organisers():
    return visible_to_public(Member.objects.all())


def event_pages():
    """Public events as pages with their relations, for a single read."""
    return (
        public_events()
        .select_related("location", "series", "coordinating_body")
        .prefetch_related(
            "topics",
            Prefetch(
                "organisers",
                queryset=public_organisers().select_related("partner_page"),
                to_attr="api_organisers",
            ),
        )
    )


# Also the preview's serializer.
event_out = serializer(EventOut)


def _event_rows(among):
    event = OuterRef("pk")
    profiles = PartnerPage.objects.visible_to_public().filter(member=OuterRef("pk"))
    organisers = public_organisers().filter(events=event)
    bodies = WorkingGroupPage.objects.visible_to_public().filter(pk=OuterRef("coordinating_body"))
    return EventPage.objects.filter(among).values(
        *row_columns(EventOut),
        # Named apart from the relations, which the annotations may not shadow.
        api_topics=RowsOf(Topic.objects.filter(events=event).values(*row_columns(TopicOut))),
        api_organisers=RowsOf(
            organisers.values(
                *row_columns(OrganiserOut),
                public_profile_path=Subquery(profiles.values("url_path")),
            )
        ),
        api_body=RowsOf(bodies.values(*row_columns(Related))),
    )


event_rows = PreparedRows(_event_rows)


def event_items(events: QuerySet, request: HttpRequest) -> list[dict]:
    """Events from rows with their place, series, topics, organisers and coordinating body, in
    one query after the window's keys.

    Built from `values()` rather than page objects, as the sessions: creating the pages with
    their prefetched topics and organisers (two more queries) was most of a list's time in the
    profile (docs/benchmarks.md). The public rules are those of the pages: organisers admitted,
    their profile and the coordinating body linked only where the public may see them. The rows
    of the window are one prepared query (`cms.queries`).
    """
    rows = event_rows(window_keys(events))
    for row in rows:
        row["topics"] = row.pop("api_topics")
        row["organisers"] = row.pop("api_organisers")
        row["coordinating_body"] = next(iter(row.pop("api_body")), None)
    return [event_out(row, request) for row in rows]


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
    return paginate(request, response, events, filters, event_items)


@events_router.get("/{event_id}/", response=EventOut, summary="Eine Veranstaltung")
def get_event(request, response: HttpResponse, event_id: RecordId):
    page = get_object_or_404(event_pages(), pk=event_id)
    set_last_modified(response, page.last_published_at)
    return event_out(page, request)
