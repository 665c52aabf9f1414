"""Read-only OParl 1.1 endpoints (https://oparl.org/spezifikation/)."""

from math import ceil
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.utils.translation import gettext as _
from wagtail.models import Page

from cms.oparl import serializers as s
from events.models import AgendaItem, Location, Resolution, SessionPage, SessionStatus
from home.models import AllianceSettings, HomePage
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
    """JSON out, OParl's error shape for bad filters and unknown objects."""

    def wrapper(request, *args, **kwargs):
        try:
            data, modified = view(request, *args, **kwargs)
        except BadRequest as error:
            return JsonResponse({"error": str(error)}, status=400)
        except Http404:
            return JsonResponse({"error": _("Objekt nicht gefunden.")}, status=404)
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
        moment = parse_datetime(raw.replace(" ", "+"))
        if moment is None:
            raise BadRequest(
                _("%(param)s: „%(value)s“ ist kein Zeitpunkt nach ISO 8601.")
                % {"param": param, "value": raw}
            )
        bounds[(field, op)] = moment
    return bounds


def apply_bounds(queryset, bounds, fields):
    for (field, op), moment in bounds.items():
        queryset = queryset.filter(**{f"{fields[field]}__{op}": moment})
    return queryset


def paginated(request, parts):
    """An OParl list over (queryset, serialize) parts, e.g. live objects then deleted ones."""
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError as error:
        raise BadRequest(_("page muss eine positive ganze Zahl sein.")) from error
    counts = [qs.count() for qs, _serialize in parts]
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
OWN_FIELDS = {"created": "created_at", "modified": "updated_at"}


def withdrawn(model):
    """Pages that were public once and are not any more: listed as deleted."""
    return model.objects.filter(live=False, first_published_at__isnull=False).order_by("pk")


def public_seats():
    return BodyMembership.objects.filter(
        person__publish_consent=True, body__live=True, body__view_restrictions__isnull=True
    ).select_related("body")


def organizations():
    return (
        WorkingGroupPage.objects.live()
        .public()
        .prefetch_related(Prefetch("memberships", public_seats(), to_attr="oparl_memberships"))
        .order_by("path")
    )


def persons():
    return (
        Person.objects.filter(publish_consent=True)
        .prefetch_related(Prefetch("body_memberships", public_seats(), to_attr="oparl_memberships"))
        .order_by("pk")
    )


def sessions():
    return (
        SessionPage.objects.live()
        .public()
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


def _one(request, kind, name):
    return lambda obj: s.deleted(request, kind, name, obj.pk, obj.last_published_at)


@oparl_view
def system(request):
    home = HomePage.objects.live().first()
    return s.system(request), home.last_published_at if home else None


@oparl_view
def body_list(request):
    home = HomePage.objects.live().first()
    office = AllianceSettings.for_request(request) if home else None
    obj = s.body(request, home, office.office_email if office else "")
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
    home = HomePage.objects.live().first()
    office = AllianceSettings.for_request(request) if home else None
    return s.body(request, home, office.office_email if office else ""), (
        home.last_published_at if home else None
    )


@oparl_view
def organization_list(request, key):
    check_body(key)
    bounds = date_filters(request)
    return paginated(
        request,
        [
            (
                apply_bounds(organizations(), bounds, PAGE_FIELDS),
                lambda p: s.organization(request, p),
            ),
            (
                apply_bounds(withdrawn(WorkingGroupPage), bounds, PAGE_FIELDS),
                _one(request, "Organization", "organization"),
            ),
        ],
    )


@oparl_view
def organization(request, pk):
    page = organizations().filter(pk=pk).first()
    if page is None:
        gone = withdrawn(WorkingGroupPage).filter(pk=pk).first()
        if gone is None:
            raise Http404
        return _one(request, "Organization", "organization")(gone), gone.last_published_at
    return s.organization(request, page), page.last_published_at


@oparl_view
def person_list(request, key):
    check_body(key)
    people = apply_bounds(persons(), date_filters(request), OWN_FIELDS)
    return paginated(request, [(people, lambda p: s.person(request, p))])


@oparl_view
def person(request, pk):
    obj = persons().filter(pk=pk).first()
    if obj is None:
        raise Http404
    return s.person(request, obj), obj.updated_at


@oparl_view
def membership_list(request, key):
    check_body(key)
    seats = apply_bounds(
        public_seats().order_by("pk"),
        date_filters(request),
        {"created": "body__first_published_at", "modified": "body__last_published_at"},
    )
    return paginated(request, [(seats, lambda m: s.membership(request, m))])


@oparl_view
def membership(request, pk):
    seat = public_seats().filter(pk=pk).first()
    if seat is None:
        raise Http404
    return s.membership(request, seat), seat.body.last_published_at


class _Sessions:
    """Sliceable wrapper so each page of meetings gets its bodies in one query."""

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self):
        return self.queryset.count()

    def __getitem__(self, window):
        return with_bodies(list(self.queryset[window]))


@oparl_view
def meeting_list(request, key):
    check_body(key)
    bounds = date_filters(request)
    meetings = sessions()
    organization_id = request.GET.get("organization")
    if organization_id:
        parent = (
            WorkingGroupPage.objects.filter(pk=organization_id).first()
            if organization_id.isdigit()
            else None
        )
        meetings = meetings.child_of(parent) if parent else meetings.none()
    return paginated(
        request,
        [
            (
                _Sessions(apply_bounds(meetings, bounds, PAGE_FIELDS)),
                lambda m: s.meeting(request, m),
            ),
            (
                apply_bounds(withdrawn(SessionPage), bounds, PAGE_FIELDS),
                _one(request, "Meeting", "meeting"),
            ),
        ],
    )


@oparl_view
def meeting(request, pk):
    found = with_bodies(list(sessions().filter(pk=pk)))
    if not found:
        gone = withdrawn(SessionPage).filter(pk=pk).first()
        if gone is None:
            raise Http404
        return _one(request, "Meeting", "meeting")(gone), gone.last_published_at
    return s.meeting(request, found[0]), found[0].last_published_at


def _public_agenda_items():
    live_sessions = SessionPage.objects.live().public()
    return (
        AgendaItem.objects.filter(is_public=True, session__in=live_sessions)
        .select_related("session")
        .order_by("session_id", "sort_order", "pk")
    )


def _agenda_out(request, item):
    position = [i.pk for i in item.session.public_agenda_items()].index(item.pk) + 1
    return s.agenda_item(request, item, item.session, position)


@oparl_view
def agendaitem_list(request, key):
    check_body(key)
    items = apply_bounds(
        _public_agenda_items(),
        date_filters(request),
        {"created": "session__first_published_at", "modified": "session__last_published_at"},
    ).prefetch_related("session__agenda_items")
    return paginated(request, [(items, lambda i: _agenda_out(request, i))])


@oparl_view
def agendaitem(request, pk):
    item = _public_agenda_items().filter(pk=pk).first()
    if item is None:
        raise Http404
    return _agenda_out(request, item), item.session.last_published_at


def _papers():
    held = SessionPage.objects.live().public().filter(status=SessionStatus.HELD)
    return Resolution.objects.filter(session__in=held).select_related("session").order_by("pk")


class _Papers(_Sessions):
    def __getitem__(self, window):
        resolutions = list(self.queryset[window])
        with_bodies([r.session for r in resolutions])
        return resolutions


@oparl_view
def paper_list(request, key):
    check_body(key)
    papers = apply_bounds(
        _papers(),
        date_filters(request),
        {"created": "session__first_published_at", "modified": "session__last_published_at"},
    )
    return paginated(request, [(_Papers(papers), lambda r: s.paper(request, r, r.session))])


@oparl_view
def paper(request, pk):
    found = _Papers(_papers().filter(pk=pk))[0:1]
    if not found:
        raise Http404
    return s.paper(request, found[0], found[0].session), found[0].session.last_published_at


@oparl_view
def location_list(request, key):
    check_body(key)
    places = apply_bounds(Location.objects.order_by("pk"), date_filters(request), OWN_FIELDS)
    return paginated(request, [(places, lambda loc: s.location(request, loc))])


@oparl_view
def location(request, pk):
    place = Location.objects.filter(pk=pk).first()
    if place is None:
        raise Http404
    return s.location(request, place), place.updated_at


@oparl_view
def legislativeterm_list(request, key):
    check_body(key)
    return paginated(request, [])
