"""Partners, bodies and the token-only member register for headless consumers."""

from datetime import date, datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.images import get_image_model

from cms.api import (
    IMAGE_RENDITIONS,
    ImageOut,
    ListParams,
    RecordId,
    Related,
    RowsOf,
    TopicOut,
    each,
    list_envelope,
    order_choices,
    ordered,
    paginate,
    reject_unknown,
    rich_text,
    searched,
    set_last_modified,
    window_keys,
)
from cms.apifields import SAME_OBJECT, From, Joined, Label, Url, row_columns, serializer
from cms.queries import PreparedRows
from cms.visibility import visible_to_public
from network.models import (
    ApplicationStatus,
    BodyKind,
    BodyMembership,
    BodyStatus,
    ContactPerson,
    Member,
    MemberKind,
    MembershipApplication,
    MembershipRole,
    PartnerPage,
    Topic,
    WorkingGroupPage,
)

partners_router = Router(tags=["partners"])
bodies_router = Router(tags=["bodies"])
register_router = Router(tags=["register"], auth=BearerTokenAuth())


def public_api_paths(page):
    """The API reads that show this page (`cms.cache.API_PATHS_HOOK`)."""
    if isinstance(page, WorkingGroupPage):
        return ["/api/v3/bodies/", f"/api/v3/bodies/{page.pk}/"]
    if isinstance(page, PartnerPage):
        return ["/api/v3/partners/", f"/api/v3/partners/{page.pk}/"]
    return []


# --- partner profiles ------------------------------------------------------------------------


class PublicContactOut(Schema):
    name: str
    function: str
    email: str
    phone: str


class SeatOut(Schema):
    body: Annotated[Related, Joined("body")]
    role: str
    role_label: Annotated[str, Label("role", MembershipRole)]
    start_date: date | None
    end_date: date | None


# Read from `values()` rows of the profile and its member; `partner_items` adds the rest.
# (A docstring would become the schema's description in the OpenAPI document.)
class PartnerOut(Schema):
    id: int
    title: str
    url: Annotated[str | None, Url()]
    name: Annotated[str, From("member__name")]
    kind: Annotated[MemberKind, From("member__kind")]
    kind_label: Annotated[str, Label("member__kind", MemberKind)]
    town: Annotated[str, From("member__municipality")]
    website: Annotated[str, From("member__website")]
    description: Annotated[str, From("member__description", rich_text)] = Field(
        description="Öffentliche Beschreibung als HTML"
    )
    body: Annotated[str, From(then=rich_text)] = Field(description="Zusätzlicher Text als HTML")
    logo: ImageOut | None
    topics: list[TopicOut]
    contacts: list[PublicContactOut] = Field(
        description="Nur Ansprechpersonen mit dokumentierter Einwilligung"
    )
    bodies: list[SeatOut]
    last_published_at: datetime | None


PartnerList = list_envelope("PartnerList", PartnerOut)


PARTNER_ORDERING = {"title": "title", "town": "member__municipality"}


class PartnerFilters(ListParams):
    topic: str | None = Field(None, description="Kurzname (slug) eines Themenfelds")
    town: str | None = None
    kind: MemberKind | None = None
    order: order_choices(PARTNER_ORDERING) = Field(None, description="Sortierung (Standard: title)")


def public_partners():
    # Naming the page type lets the index on (content type, title, id) (migration cms.0006)
    # serve the title order, so a list stops after its window instead of sorting every match.
    return PartnerPage.objects.exact_type(PartnerPage).visible_to_public()


partner_out = serializer(PartnerOut)


def _partner_rows(among):
    member = OuterRef("member_id")
    topics = Topic.objects.filter(member=member)
    contacts = visible_to_public(ContactPerson.objects.filter(member=member))
    seats = (
        BodyMembership.objects.current()
        .filter(member=member)
        .visible_to_public()
        .order_by("-start_date", "body__title")
    )
    return PartnerPage.objects.filter(among).values(
        "member__logo_id",
        *row_columns(PartnerOut),
        topics=RowsOf(topics.values(*row_columns(TopicOut))),
        contacts=RowsOf(contacts.values(*row_columns(PublicContactOut))),
        bodies=RowsOf(seats.values(*row_columns(SeatOut))),
    )


partner_rows = PreparedRows(_partner_rows)


def partner_items(profiles: QuerySet, request: HttpRequest) -> list[dict]:
    """Partner profiles from rows with their topics, contacts and seats, in one query after
    the window's keys (and one for their logos, if they have any).

    Built from `values()` rather than page objects: creating the Wagtail pages and their
    prefetched relations was most of a list's time in the profile (docs/benchmarks.md). The
    window is chosen on keys, so the database sorts narrow rows, not the rich texts; the rows
    of the window are one prepared query (`cms.queries`).
    """
    rows = partner_rows(window_keys(profiles))
    logo_ids = {row["member__logo_id"] for row in rows} - {None}
    logos = (
        get_image_model().objects.prefetch_renditions(*IMAGE_RENDITIONS.values()).in_bulk(logo_ids)
        if logo_ids
        else {}
    )
    for row in rows:
        row["logo"] = logos.get(row["member__logo_id"])
    return [partner_out(row, request) for row in rows]


@partners_router.get("/", response=PartnerList, summary="Bündnispartner (Profile)")
def list_partners(request, response: HttpResponse, filters: Query[PartnerFilters]):
    reject_unknown(request, PartnerFilters)
    partners = public_partners()
    if filters.topic:
        partners = partners.filter(member__topics__slug=filters.topic)
    if filters.town:
        partners = partners.filter(member__municipality__iexact=filters.town)
    if filters.kind:
        partners = partners.filter(member__kind=filters.kind)
    partners = ordered(searched(partners, filters.search), filters.order, PARTNER_ORDERING, "title")
    return paginate(request, response, partners, filters, partner_items)


@partners_router.get("/{partner_id}/", response=PartnerOut, summary="Ein Partnerprofil")
def get_partner(request, response: HttpResponse, partner_id: RecordId):
    found = partner_items(public_partners().filter(pk=partner_id), request)
    if not found:
        raise Http404
    set_last_modified(response, found[0]["last_published_at"])
    return found[0]


# --- bodies ----------------------------------------------------------------------------------


class BodyMemberOut(Schema):
    name: Annotated[str, From("public_holder_name")]
    is_organisation: Annotated[bool, From("member_id", then=bool)]
    role: str
    role_label: Annotated[str, Label("role", MembershipRole)]
    start_date: date | None
    end_date: date | None


class RhythmOut(Schema):
    months: Annotated[int | None, From("rhythm_months")]
    binding: Annotated[str, From("rhythm_binding")]
    text: Annotated[str, From("rhythm_text")]


class BodyOut(Schema):
    id: int
    title: str
    url: Annotated[str | None, Url()]
    kind: BodyKind
    kind_label: Annotated[str, Label("kind", BodyKind)]
    status: BodyStatus
    status_label: Annotated[str, Label("status", BodyStatus)]
    short_name: str
    is_external: bool
    intro: Annotated[str, From(then=rich_text)] = Field(description="Beschreibung als HTML")
    leadership: str
    leader: Annotated[str | None, From("leader__display_name")] = Field(
        description="Name der Leitung, nur mit Einwilligung"
    )
    rhythm: Annotated[RhythmOut, SAME_OBJECT]
    short_notice_allowed: bool
    tasks: Annotated[list[str], From("task_list")]
    topics: list[TopicOut]
    contact_email: str
    members: Annotated[list[BodyMemberOut], From("public_members")] = Field(
        description="Aktuelle Mitglieder: Organisationen und Personen mit Einwilligung"
    )
    last_published_at: datetime | None


BodyList = list_envelope("BodyList", BodyOut)


BODY_ORDERING = {"title": "title", "position": "path"}


class BodyFilters(ListParams):
    kind: BodyKind | None = None
    status: BodyStatus | None = None
    topic: str | None = Field(None, description="Kurzname (slug) eines Themenfelds")
    order: order_choices(BODY_ORDERING) = Field(None, description="Sortierung (Standard: position)")


def public_bodies():
    return (
        WorkingGroupPage.objects.visible_to_public()
        .select_related("leader")
        .prefetch_related(
            "topics",
            Prefetch(
                "memberships",
                queryset=BodyMembership.objects.current()
                .visible_to_public()
                .select_related("person", "member")
                .order_by("sort_order"),
                to_attr="public_members",
            ),
        )
    )


body_out = serializer(BodyOut)


@bodies_router.get("/", response=BodyList, summary="Gremien")
def list_bodies(request, response: HttpResponse, filters: Query[BodyFilters]):
    reject_unknown(request, BodyFilters)
    bodies = public_bodies()
    if filters.kind:
        bodies = bodies.filter(kind=filters.kind)
    if filters.status:
        bodies = bodies.filter(status=filters.status)
    if filters.topic:
        bodies = bodies.filter(topics__slug=filters.topic)
    bodies = ordered(searched(bodies, filters.search), filters.order, BODY_ORDERING, "position")
    return paginate(request, response, bodies, filters, each(body_out))


@bodies_router.get("/{body_id}/", response=BodyOut, summary="Ein Gremium")
def get_body(request, response: HttpResponse, body_id: RecordId):
    page = get_object_or_404(public_bodies(), pk=body_id)
    set_last_modified(response, page.last_published_at)
    return body_out(page, request)


# --- the member register (token only) ------------------------------------------------------


def require_view_permission(request, model):
    """A token reads what its user may view in the admin: that is the token's scope."""
    if not request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
        raise PermissionDenied


class ContactOut(Schema):
    id: int
    member_id: int
    member: Annotated[str, From("member__name")]
    name: str
    function: str
    email: str
    phone: str
    publish_consent: bool
    consent_date: date | None


class MemberOut(Schema):
    id: int
    name: str
    kind: MemberKind
    relationship: str
    status: str
    status_changed_on: date | None
    municipality: str
    street: str
    postcode: str
    website: str
    topics: list[TopicOut]
    contacts: Annotated[list[ContactOut], From("contact_persons")]
    created_at: datetime
    updated_at: datetime


MemberList = list_envelope("MemberList", MemberOut)


ContactList = list_envelope("ContactList", ContactOut)


class ApplicationOut(Schema):
    id: int
    organisation: str
    kind: MemberKind
    municipality: str
    website: str
    contact_name: str
    email: str
    phone: str
    topics: list[TopicOut]
    message: str
    status: ApplicationStatus
    submitted_at: datetime
    decided_at: datetime | None
    member_id: int | None


ApplicationList = list_envelope("ApplicationList", ApplicationOut)


MEMBER_ORDERING = {"name": "name", "updated": "updated_at"}
CONTACT_ORDERING = {"name": "name", "member": "member__name"}
APPLICATION_ORDERING = {"submitted": "submitted_at", "name": "organisation"}


class MemberFilters(ListParams):
    status: str | None = None
    kind: MemberKind | None = None
    relationship: str | None = None
    order: order_choices(MEMBER_ORDERING) = Field(None, description="Sortierung (Standard: name)")


class ContactFilters(ListParams):
    order: order_choices(CONTACT_ORDERING) = Field(None, description="Sortierung (Standard: name)")


class ApplicationFilters(ListParams):
    status: ApplicationStatus | None = None
    order: order_choices(APPLICATION_ORDERING) = Field(
        None, description="Sortierung (Standard: -submitted)"
    )


contact_out = serializer(ContactOut)
member_out = serializer(MemberOut)
application_out = serializer(ApplicationOut)


@register_router.get("/members/", response=MemberList, summary="Mitgliederverzeichnis (Token)")
def list_members(request, response: HttpResponse, filters: Query[MemberFilters]):
    require_view_permission(request, Member)
    reject_unknown(request, MemberFilters)
    members = Member.objects.prefetch_related("topics", "contact_persons__member")
    for field in ("status", "kind", "relationship"):
        if getattr(filters, field):
            members = members.filter(**{field: getattr(filters, field)})
    if filters.search:
        members = members.filter(name__icontains=filters.search)
    members = ordered(members, filters.order, MEMBER_ORDERING, "name")
    return paginate(request, response, members, filters, each(member_out), "updated_at")


@register_router.get("/members/{member_id}/", response=MemberOut, summary="Ein Eintrag (Token)")
def get_member(request, response: HttpResponse, member_id: RecordId):
    require_view_permission(request, Member)
    member = get_object_or_404(
        Member.objects.prefetch_related("topics", "contact_persons__member"), pk=member_id
    )
    set_last_modified(response, member.updated_at)
    return member_out(member, request)


@register_router.get("/contacts/", response=ContactList, summary="Ansprechpersonen (Token)")
def list_contacts(request, response: HttpResponse, filters: Query[ContactFilters]):
    require_view_permission(request, Member)
    reject_unknown(request, ContactFilters)
    contacts = ContactPerson.objects.select_related("member")
    if filters.search:
        contacts = contacts.filter(name__icontains=filters.search)
    contacts = ordered(contacts, filters.order, CONTACT_ORDERING, "name")
    return paginate(request, response, contacts, filters, each(contact_out), "member__updated_at")


@register_router.get("/applications/", response=ApplicationList, summary="Aufnahmeanträge (Token)")
def list_applications(request, response: HttpResponse, filters: Query[ApplicationFilters]):
    require_view_permission(request, MembershipApplication)
    reject_unknown(request, ApplicationFilters)
    applications = MembershipApplication.objects.prefetch_related("topics")
    if filters.status:
        applications = applications.filter(status=filters.status)
    if filters.search:
        applications = applications.filter(organisation__icontains=filters.search)
    applications = ordered(applications, filters.order, APPLICATION_ORDERING, "-submitted")
    return paginate(request, response, applications, filters, each(application_out), "submitted_at")
