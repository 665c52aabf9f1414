"""Read-only OParl 1.1 endpoints (https://oparl.org/spezifikation/)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from math import ceil
from urllib.parse import urlencode

from django.db.models import F, Prefetch
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.utils.translation import gettext as _
from wagtail.api.v3.errors import problem_response
from wagtail.models import Page

from cms.cache import per_content_version_of
from cms.oparl import serializers as s
from cms.visibility import no_longer_public, visible_to_public
from events.models import AgendaItem, Location, Resolution, SessionPage
from home.models import AllianceSettings, HomePage
from network.consent import formerly_public_people
from network.models import BodyMembership, Person, WorkingGroupPage

PER_PAGE = 50
DATE_FILTERS = {
    "created_since": ("created", "gte"),
    "created_until": ("created", "lte"),
    "modified_since": ("modified", "gte"),
    "modified_until": ("modified", "lte"),
}


class BadRequest(Exception):
    pass


def oparl_view(view):
    """JSON out; bad filters and unknown objects are problems (RFC 9457) like in the API."""

    def wrapper(request, *args, **kwargs):
        try:
            data, modified = view(request, *args, **kwargs)
        except BadRequest as error:
            return problem_response(status=400, detail=str(error))
        except Http404:
            return problem_response(status=404, detail=_("Objekt nicht gefunden."))
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
        if modified:
            response["Last-Modified"] = http_date(modified.timestamp())
        return response

    wrapper.__name__ = view.__name__
    return wrapper


def date_filters(request):
    """created_since & co. as ORM-ready bounds; a bad date is the consumer's error, said clearly."""
    bounds = {}
    for param, (field, op) in DATE_FILTERS.items():
        raw = request.GET.get(param)
        if raw is None:
            continue
        bounds[(field, op)] = moment_of(param, raw.replace(" ", "+"))
    return bounds


def moment_of(param, raw):
    """A filter's point in time; impossible (2026-02-30) or unstorable (year 1) ones are refused.

    The database compares in UTC, so the moment must also exist there.
    """
    try:
        moment = parse_datetime(raw)
        if moment is not None:
            aware = moment if timezone.is_aware(moment) else timezone.make_aware(moment)
            return aware.astimezone(UTC)
    except (ValueError, OverflowError):
        pass
    raise BadRequest(
        _("%(param)s: „%(value)s“ ist kein Zeitpunkt nach ISO 8601.")
        % {"param": param, "value": raw}
    )


def apply_bounds(queryset, bounds, fields):
    for (field, op), moment in bounds.items():
        queryset = queryset.filter(**{f"{fields[field]}__{op}": moment})
    return queryset


def kept_count(rows):
    """How many objects a list part holds, kept per content version and SQL.

    Counting every session (and every gone one) on each request grew with the alliance's
    history; the count changes only with content, as the cached OParl responses do.
    """
    queryset = getattr(rows, "queryset", rows)
    return per_content_version_of(queryset, "oparl-count", queryset.count)


def paginated(request, parts):
    """An OParl list over (queryset, serialize) parts, e.g. live objects then deleted ones."""
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError as error:
        raise BadRequest(_("page muss eine positive ganze Zahl sein.")) from error
    counts = [kept_count(qs) for qs, _serialize in parts]
    total = sum(counts)
    start = (page - 1) * PER_PAGE
    data = []
    for (qs, serialize), count in zip(parts, counts, strict=True):
        if start >= count:
            start -= count
            continue
        take = PER_PAGE - len(data)
        data += [serialize(obj) for obj in qs[start : start + take]]
        start = 0
        if len(data) >= PER_PAGE:
            break
    last = max(1, ceil(total / PER_PAGE))
    params = {k: v for k, v in request.GET.items() if k != "page"}

    def link(number):
        return request.build_absolute_uri(
            request.path + "?" + urlencode({**params, "page": number})
        )

    links = {"first": link(1), "last": link(last), "web": request.build_absolute_uri("/")}
    if page > 1:
        links["prev"] = link(page - 1)
    if page < last:
        links["next"] = link(page + 1)
    payload = {
        "data": data,
        "pagination": {
            "totalElements": total,
            "elementsPerPage": PER_PAGE,
            "currentPage": page,
            "totalPages": last,
        },
        "links": links,
    }
    modified = [d.get("modified") for d in data if d.get("modified")]
    return payload, parse_datetime(max(modified)) if modified else None


def check_body(key):
    if key != s.BODY_KEY:
        raise Http404


PAGE_FIELDS = {"created": "first_published_at", "modified": "last_published_at"}
SESSION_FIELDS = {
    "created": "session__first_published_at",
    "modified": "session__last_published_at",
}
OWN_FIELDS = {"created": "created_at", "modified": "updated_at"}
# Deleted stubs: created when first public, modified when they stopped being public.
GONE_FIELDS = {"created": "public_since", "modified": "hidden_since"}


def gone_pages(model):
    """Pages that were public once and are not any more (unpublished, or under an unpublished
    or restricted parent): listed as deleted."""
    return no_longer_public(model.objects.all())


def gone_with_session(model):
    """Agenda items and papers of a meeting that is gone: deleted as well, not unknown."""
    return no_longer_public(model.objects.all(), "session__")


def public_seats():
    """OParl memberships are people's seats: consenting people in public bodies."""
    return visible_to_public(BodyMembership.objects.filter(person__isnull=False)).select_related(
        "body"
    )


def organizations():
    return (
        WorkingGroupPage.objects.visible_to_public()
        .prefetch_related(Prefetch("memberships", public_seats(), to_attr="oparl_memberships"))
        .order_by("path")
    )


def persons():
    return (
        visible_to_public(Person.objects.all())
        .prefetch_related(Prefetch("body_memberships", public_seats(), to_attr="oparl_memberships"))
        .order_by("pk")
    )


def gone_people():
    """People who withdrew their consent or were erased: deleted stubs, without a name."""
    return (
        formerly_public_people()
        .annotate(public_since=F("created_at"), hidden_since=F("updated_at"))
        .order_by("pk")
    )


def sessions():
    return (
        SessionPage.objects.visible_to_public()
        .select_related("location")
        .prefetch_related("agenda_items")
        .order_by("start", "pk")
    )


def with_bodies(session_list):
    steplen = Page.steplen
    ids = dict(
        WorkingGroupPage.objects.filter(
            path__in={x.path[:-steplen] for x in session_list}
        ).values_list("path", "pk")
    )
    for session in session_list:
        session.oparl_body_id = ids.get(session.path[:-steplen])
    return session_list


def public_home():
    return visible_to_public(HomePage.objects.all()).first()


def _one(request, kind, name):
    return lambda obj: s.deleted(request, kind, name, obj.pk, obj.public_since, obj.hidden_since)


def home_and_office_email(request):
    """The live home page (the alliance's public face) and the office's address, if any."""
    home = public_home()
    office = AllianceSettings.for_request(request) if home else None
    return home, office.office_email if office else ""


@oparl_view
def system(request):
    home, office_email = home_and_office_email(request)
    return s.system(request, home, office_email), home.last_published_at if home else None


@oparl_view
def body_list(request):
    home, office_email = home_and_office_email(request)
    obj = s.body(request, home, office_email)
    return {
        "data": [obj],
        "pagination": {
            "totalElements": 1,
            "elementsPerPage": PER_PAGE,
            "currentPage": 1,
            "totalPages": 1,
        },
        "links": {},
    }, None


@oparl_view
def body(request, key):
    check_body(key)
    home, office_email = home_and_office_email(request)
    return s.body(request, home, office_email), home.last_published_at if home else None


class _Sessions:
    """Sliceable wrapper so each page of meetings gets its bodies in one query."""

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self):
        return self.queryset.count()

    def __getitem__(self, window):
        return with_bodies(list(self.queryset[window]))


class _Papers(_Sessions):
    def __getitem__(self, window):
        resolutions = list(self.queryset[window])
        with_bodies([r.session for r in resolutions])
        return resolutions


def _public_agenda_items():
    return (
        visible_to_public(AgendaItem.objects.all())
        .select_related("session")
        .order_by("session_id", "sort_order", "pk")
        .prefetch_related("session__agenda_items")
    )


def _agenda_out(request, item):
    position = [i.pk for i in item.session.public_agenda_items()].index(item.pk) + 1
    return s.agenda_item(request, item, item.session, position)


def _papers():
    return visible_to_public(Resolution.objects.all()).select_related("session").order_by("pk")


def _meetings_of(request, meetings):
    """`?organization=<id>`: only that body's meetings; an unknown body has none."""
    organization_id = request.GET.get("organization")
    if not organization_id:
        return meetings
    parent = (
        WorkingGroupPage.objects.filter(pk=organization_id).first()
        if organization_id.isdigit()
        else None
    )
    return meetings.child_of(parent) if parent else meetings.none()


@dataclass(frozen=True)
class OParlType:
    """What differs between the OParl object types; the list and detail views are shared.

    `objects()` gives the public objects in list order (asked of cms.visibility), `gone()` (if
    the type has deleted stubs) the ones that were public once; `fields` maps the date filters
    onto the public queryset; `window` loads a page of objects (see _Sessions); `narrow` applies
    list-only parameters.
    """

    kind: str
    name: str
    objects: Callable[[], object]
    serialize: Callable[[object, object], dict]
    modified: Callable[[object], object]
    fields: dict
    gone: Callable[[], object] | None = None
    window: Callable = lambda queryset: queryset
    narrow: Callable = lambda _request, queryset: queryset


TYPES = [
    OParlType(
        "Organization",
        "organization",
        organizations,
        s.organization,
        lambda page: page.last_published_at,
        PAGE_FIELDS,
        gone=lambda: gone_pages(WorkingGroupPage),
    ),
    OParlType(
        "Person",
        "person",
        persons,
        s.person,
        lambda person: person.updated_at,
        OWN_FIELDS,
        gone=gone_people,
    ),
    OParlType(
        "Membership",
        "membership",
        lambda: public_seats().order_by("pk"),
        s.membership,
        lambda seat: seat.body.last_published_at,
        {"created": "body__first_published_at", "modified": "body__last_published_at"},
    ),
    OParlType(
        "Meeting",
        "meeting",
        sessions,
        s.meeting,
        lambda session: session.last_published_at,
        PAGE_FIELDS,
        gone=lambda: gone_pages(SessionPage),
        window=_Sessions,
        narrow=_meetings_of,
    ),
    OParlType(
        "AgendaItem",
        "agendaitem",
        _public_agenda_items,
        _agenda_out,
        lambda item: item.session.last_published_at,
        SESSION_FIELDS,
        gone=lambda: gone_with_session(AgendaItem),
    ),
    OParlType(
        "Paper",
        "paper",
        _papers,
        lambda request, resolution: s.paper(request, resolution, resolution.session),
        lambda resolution: resolution.session.last_published_at,
        SESSION_FIELDS,
        gone=lambda: gone_with_session(Resolution),
        window=_Papers,
    ),
    OParlType(
        "Location",
        "location",
        lambda: Location.objects.order_by("pk"),
        s.location,
        lambda place: place.updated_at,
        OWN_FIELDS,
    ),
]


@oparl_view
def object_list(request, key, *, oparl_type):
    """An OParl list: the public objects, then the ones that are gone as deleted stubs."""
    check_body(key)
    bounds = date_filters(request)
    public = apply_bounds(
        oparl_type.narrow(request, oparl_type.objects()), bounds, oparl_type.fields
    )
    parts = [(oparl_type.window(public), lambda obj: oparl_type.serialize(request, obj))]
    if oparl_type.gone is not None:
        gone = apply_bounds(oparl_type.gone(), bounds, GONE_FIELDS)
        parts.append((gone, _one(request, oparl_type.kind, oparl_type.name)))
    return paginated(request, parts)


@oparl_view
def object_detail(request, pk, *, oparl_type):
    """One object; one that was public once is a deleted stub, anything else unknown."""
    found = oparl_type.window(oparl_type.objects().filter(pk=pk))[:1]
    if found:
        return oparl_type.serialize(request, found[0]), oparl_type.modified(found[0])
    gone = oparl_type.gone().filter(pk=pk).first() if oparl_type.gone is not None else None
    if gone is None:
        raise Http404
    return _one(request, oparl_type.kind, oparl_type.name)(gone), gone.hidden_since


@oparl_view
def legislativeterm_list(request, key):
    check_body(key)
    return paginated(request, [])
