"""Partners, bodies and the token-only member register for headless consumers."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch, QuerySet
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
    TopicOut,
    choice_label,
    display,
    each,
    grouped,
    image_of,
    list_envelope,
    ordered,
    page_url,
    paginate,
    path_url,
    reject_unknown,
    rich_text,
    searched,
    set_last_modified,
    topics_of,
)
from network.models import (
    ApplicationStatus,
    BodyKind,
    BodyMembership,
    BodyStatus,
    ContactPerson,
    Member,
    MemberKind,
    MembershipApplication,
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
    body: Related
    role: str
    role_label: str
    start_date: date | None
    end_date: date | None


class PartnerOut(Schema):
    id: int
    title: str
    url: str | None
    name: str
    kind: MemberKind
    kind_label: str
    town: str
    website: str
    description: str = Field(description="Öffentliche Beschreibung als HTML")
    body: str = Field(description="Zusätzlicher Text als HTML")
    logo: ImageOut | None
    topics: list[TopicOut]
    contacts: list[PublicContactOut] = Field(
        description="Nur Ansprechpersonen mit dokumentierter Einwilligung"
    )
    bodies: list[SeatOut]
    last_published_at: datetime | None


PartnerList = list_envelope("PartnerList", PartnerOut)


class PartnerFilters(ListParams):
    topic: str | None = Field(None, description="Kurzname (slug) eines Themenfelds")
    town: str | None = None
    kind: MemberKind | None = None


PARTNER_ORDERING = {"title": "title", "town": "member__municipality"}


def public_partners():
    return PartnerPage.objects.live().public()


PARTNER_COLUMNS = (
    "id",
    "title",
    "url_path",
    "body",
    "last_published_at",
    "member_id",
    "member__name",
    "member__kind",
    "member__municipality",
    "member__website",
    "member__description",
    "member__logo_id",
)


def partner_items(profiles: QuerySet, request: HttpRequest) -> list[dict]:
    """Partner profiles from rows, five queries for any number of them.

    Built from `values()` rather than page objects: creating the Wagtail pages and their
    prefetched relations was most of a list's time in the profile (docs/benchmarks.md). The
    window is chosen on ids first, so the database sorts narrow rows, not the rich texts.
    """
    ids = list(profiles.values_list("pk", flat=True))
    position = {pk: index for index, pk in enumerate(ids)}
    rows = sorted(
        PartnerPage.objects.filter(pk__in=ids).values(*PARTNER_COLUMNS),
        key=lambda row: position[row["id"]],
    )
    members = [row["member_id"] for row in rows]
    topics = grouped(
        (row.pop("owner"), row)
        for row in Topic.objects.filter(member__in=members).values(
            "id", "name", "slug", owner=F("member")
        )
    )
    contacts = grouped(
        (row.pop("member_id"), row)
        for row in ContactPerson.objects.filter(member__in=members, publish_consent=True).values(
            "member_id", "name", "function", "email", "phone"
        )
    )
    seats = grouped(
        (row.pop("member_id"), row)
        for row in BodyMembership.objects.current()
        .filter(member__in=members, body__live=True, body__view_restrictions__isnull=True)
        .order_by("-start_date", "body__title")
        .values(
            "member_id",
            "body_id",
            "body__title",
            "body__url_path",
            "role",
            "start_date",
            "end_date",
        )
    )
    logo_ids = {row["member__logo_id"] for row in rows} - {None}
    logos = (
        get_image_model().objects.prefetch_renditions(*IMAGE_RENDITIONS.values()).in_bulk(logo_ids)
        if logo_ids
        else {}
    )
    return [
        {
            "id": row["id"],
            "title": row["title"],
            "url": path_url(row["url_path"], request),
            "name": row["member__name"],
            "kind": row["member__kind"],
            "kind_label": choice_label(Member, "kind", row["member__kind"]),
            "town": row["member__municipality"],
            "website": row["member__website"],
            "description": rich_text(row["member__description"]),
            "body": rich_text(row["body"]),
            "logo": image_of(logos.get(row["member__logo_id"]), request),
            "topics": topics[row["member_id"]],
            "contacts": contacts[row["member_id"]],
            "bodies": [seat_out(seat, request) for seat in seats[row["member_id"]]],
            "last_published_at": row["last_published_at"],
        }
        for row in rows
    ]


def seat_out(seat: dict, request) -> dict:
    return {
        "body": {
            "id": seat["body_id"],
            "title": seat["body__title"],
            "url": path_url(seat["body__url_path"], request),
        },
        "role": seat["role"],
        "role_label": choice_label(BodyMembership, "role", seat["role"]),
        "start_date": seat["start_date"],
        "end_date": seat["end_date"],
    }


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
    name: str
    is_organisation: bool
    role: str
    role_label: str
    start_date: date | None
    end_date: date | None


class RhythmOut(Schema):
    months: int | None
    binding: str
    text: str


class BodyOut(Schema):
    id: int
    title: str
    url: str | None
    kind: BodyKind
    kind_label: str
    status: BodyStatus
    status_label: str
    short_name: str
    is_external: bool
    intro: str = Field(description="Beschreibung als HTML")
    leadership: str
    leader: str | None = Field(description="Name der Leitung, nur mit Einwilligung")
    rhythm: RhythmOut
    short_notice_allowed: bool
    tasks: list[str]
    topics: list[TopicOut]
    contact_email: str
    members: list[BodyMemberOut] = Field(
        description="Aktuelle Mitglieder: Organisationen und Personen mit Einwilligung"
    )
    last_published_at: datetime | None


BodyList = list_envelope("BodyList", BodyOut)


class BodyFilters(ListParams):
    kind: BodyKind | None = None
    status: BodyStatus | None = None
    topic: str | None = Field(None, description="Kurzname (slug) eines Themenfelds")


BODY_ORDERING = {"title": "title", "position": "path"}


def public_bodies():
    return (
        WorkingGroupPage.objects.live()
        .public()
        .select_related("leader")
        .prefetch_related(
            "topics",
            Prefetch(
                "memberships",
                queryset=BodyMembership.objects.current()
                .public()
                .select_related("person", "member")
                .order_by("sort_order"),
                to_attr="public_members",
            ),
        )
    )


def body_out(page: WorkingGroupPage, request: HttpRequest) -> dict:
    return {
        "id": page.pk,
        "title": page.title,
        "url": page_url(page, request),
        "kind": page.kind,
        "kind_label": display(page, "kind"),
        "status": page.status,
        "status_label": display(page, "status"),
        "short_name": page.short_name,
        "is_external": page.is_external,
        "intro": rich_text(page.intro),
        "leadership": page.leadership,
        "leader": page.leader.display_name if page.leader else None,
        "rhythm": {
            "months": page.rhythm_months,
            "binding": page.rhythm_binding,
            "text": page.rhythm_text,
        },
        "short_notice_allowed": page.short_notice_allowed,
        "tasks": page.task_list,
        "topics": topics_of(page),
        "contact_email": page.contact_email,
        "members": [
            {
                "name": seat.public_holder_name,
                "is_organisation": bool(seat.member_id),
                "role": seat.role,
                "role_label": display(seat, "role"),
                "start_date": seat.start_date,
                "end_date": seat.end_date,
            }
            for seat in page.public_members
        ],
        "last_published_at": page.last_published_at,
    }


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
    member: str
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
    contacts: list[ContactOut]
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


class MemberFilters(ListParams):
    status: str | None = None
    kind: MemberKind | None = None
    relationship: str | None = None


class ApplicationFilters(ListParams):
    status: ApplicationStatus | None = None


def contact_out(contact, request=None):
    return {
        "id": contact.pk,
        "member_id": contact.member_id,
        "member": contact.member.name,
        "name": contact.name,
        "function": contact.function,
        "email": contact.email,
        "phone": contact.phone,
        "publish_consent": contact.publish_consent,
        "consent_date": contact.consent_date,
    }


def member_out(member, request):
    return {
        "id": member.pk,
        "name": member.name,
        "kind": member.kind,
        "relationship": member.relationship,
        "status": member.status,
        "status_changed_on": member.status_changed_on,
        "municipality": member.municipality,
        "street": member.street,
        "postcode": member.postcode,
        "website": member.website,
        "topics": topics_of(member),
        "contacts": [contact_out(c) for c in member.contact_persons.all()],
        "created_at": member.created_at,
        "updated_at": member.updated_at,
    }


def application_out(application, request):
    return {
        "id": application.pk,
        "organisation": application.organisation,
        "kind": application.kind,
        "municipality": application.municipality,
        "website": application.website,
        "contact_name": application.contact_name,
        "email": application.email,
        "phone": application.phone,
        "topics": topics_of(application),
        "message": application.message,
        "status": application.status,
        "submitted_at": application.submitted_at,
        "decided_at": application.decided_at,
        "member_id": application.member_id,
    }


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
    members = ordered(
        members,
        filters.order,
        {"name": "name", "updated": "updated_at"},
        "name",
    )
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
def list_contacts(request, response: HttpResponse, filters: Query[ListParams]):
    require_view_permission(request, Member)
    reject_unknown(request, ListParams)
    contacts = ContactPerson.objects.select_related("member")
    if filters.search:
        contacts = contacts.filter(name__icontains=filters.search)
    contacts = ordered(contacts, filters.order, {"name": "name", "member": "member__name"}, "name")
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
    applications = ordered(
        applications,
        filters.order,
        {"submitted": "submitted_at", "name": "organisation"},
        "-submitted",
    )
    return paginate(request, response, applications, filters, each(application_out), "submitted_at")
