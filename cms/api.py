"""The headless API: what Wagtail's v3 and the alliance's typed routers share.

The routers are mounted in cms.api_routes, which only cms.urls imports: the app modules import
from here, so mounting them here would make the import order matter.
"""

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time
from typing import Annotated, Literal

import orjson
from django.conf import settings
from django.db.models import Count, JSONField, Max, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Schema
from ninja.errors import HttpError
from pydantic import AfterValidator, BeforeValidator, create_model
from wagtail.api.v3.urls import api
from wagtail.images.models import AbstractImage
from wagtail.rich_text import expand_db_html

from cms.apifields import Computed, From, Url
from cms.cache import per_content_version, response_cache_applies
from cms.search import among_matches
from cms.visibility import is_public_page

# Nothing stored has an integer beyond 64 bits; SQLite raises OverflowError (a 500) on one.
MAX_STORED_INTEGER = 2**63 - 1
# An id path parameter; out of range is a 400 like any bad parameter.
RecordId = PathEx[int, P(ge=1, le=MAX_STORED_INTEGER, description="ID")]
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

API_PATH_PREFIXES = ("/api/v3/", "/oparl/", "/feeds/")


def is_feed_or_api(path: str) -> bool:
    """Reads by programs (API, OParl, Atom and iCal feeds): shared caching rules and CORS."""
    return path.startswith(API_PATH_PREFIXES) or (
        path.startswith("/kalender/") and path.endswith(".ics")
    )


def list_envelope(name, item_schema):
    """The schema of a paginated list: total, window and the items, as `paginate` returns it."""
    return create_model(
        name,
        __base__=Schema,
        count=(int, ...),
        limit=(int, ...),
        offset=(int, ...),
        items=(list[item_schema], ...),
    )


def limit_max():
    return getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)


def _iso_date(value):
    """Only YYYY-MM-DD: pydantic would also read a number as seconds since 1970 (`0`)."""
    if isinstance(value, str) and not ISO_DATE.fullmatch(value):
        raise ValueError(_("Datum im Format JJJJ-MM-TT erwartet."))
    return value


def _storable_day(day: date) -> date:
    """The day's bounds must convert to UTC, as the database compares them (0001-01-01 cannot)."""
    try:
        start_of(day).astimezone(UTC)
        end_of(day).astimezone(UTC)
    except OverflowError:
        raise ValueError(_("Das Datum liegt außerhalb des darstellbaren Bereichs.")) from None
    return day


Day = Annotated[date, BeforeValidator(_iso_date), AfterValidator(_storable_day)]


def order_choices(allowed: dict[str, str]):
    """The type of an `order` parameter: a documented key, or the key with `-` to reverse."""
    return Literal[tuple(choice for key in allowed for choice in (key, f"-{key}"))] | None


class ListParams(Schema):
    """limit/offset/search/order, shared by every domain list endpoint."""

    limit: int = Field(20, ge=1, le=limit_max(), description="Anzahl der Einträge je Seite")
    offset: int = Field(
        0, ge=0, le=MAX_STORED_INTEGER, description="Anzahl der übersprungenen Einträge"
    )
    search: str | None = Field(None, description="Volltextsuche")
    order: str | None = Field(None, description="Sortierung, z. B. `title` oder `-start`")


class Related(Schema):
    id: int
    title: str
    url: Annotated[str | None, Url()]


class TopicOut(Schema):
    id: int
    name: str
    slug: str


IMAGE_RENDITIONS = {"thumbnail": "fill-300x300", "medium": "max-800x800"}


def absolute_file_url(image: AbstractImage, request) -> str:
    return request.build_absolute_uri(image.file.url)


def renditions_of(image: AbstractImage, request) -> dict[str, str]:
    """The renditions consumers lay out with; prefetch them for lists."""
    renditions = image.get_renditions(*IMAGE_RENDITIONS.values())
    return {
        name: request.build_absolute_uri(renditions[spec].url)
        for name, spec in IMAGE_RENDITIONS.items()
    }


class ImageOut(Schema):
    id: int
    title: str
    alt: Annotated[str, From("default_alt_text", then=lambda alt: alt or "")]
    width: int
    height: int
    url: Annotated[str, Computed(absolute_file_url)]
    renditions: Annotated[dict[str, str], Computed(renditions_of)]


def reject_unknown(request: HttpRequest, params: type[Schema]):
    """Consumers misspelling a filter must hear about it, not silently get everything."""
    unknown = sorted(set(request.GET) - set(params.model_fields))
    if unknown:
        raise HttpError(
            400,
            _("Unbekannter Parameter: %(names)s. Erlaubt sind: %(allowed)s.")
            % {"names": ", ".join(unknown), "allowed": ", ".join(sorted(params.model_fields))},
        )


def ordered(queryset: QuerySet, order: str | None, allowed: dict[str, str], default: str):
    """Apply one of the documented orderings; `-` in front reverses it."""
    key = order or default
    field = allowed.get(key.removeprefix("-"))
    if field is None:
        raise HttpError(
            400,
            _("Unbekannte Sortierung „%(order)s“. Möglich: %(allowed)s.")
            % {"order": key, "allowed": ", ".join(sorted(allowed))},
        )
    return queryset.order_by(f"-{field}" if key.startswith("-") else field, "pk")


def searched(queryset: QuerySet, query: str | None):
    """Full-text search narrowed to the already filtered queryset, keeping its ordering.

    The search runs on the whole model: the backend can only apply filters on indexed fields,
    and filters such as `topics__slug` are not, so handing it the filtered queryset fails.
    """
    if not query:
        return queryset
    matches = queryset.model._default_manager.all().search(query, order_by_relevance=False)
    if not hasattr(matches, "get_queryset"):
        # A query of no words at all: the backend answers without a search.
        return queryset.filter(pk__in=[obj.pk for obj in matches])
    # The database backends answer with a queryset: the matches narrow the list as a condition
    # (a subquery, or the kept keys on PostgreSQL). Loading them as objects to collect their ids
    # was most of a search's time (every matching page whole).
    return queryset.filter(among_matches(matches))


class KeptWindow(list):
    """The keys of a window taken from a kept list of keys, and the queryset of their items."""

    def __init__(self, keys, queryset: QuerySet):
        super().__init__(keys)
        self.queryset = queryset


def window_keys(window: QuerySet | KeptWindow) -> list:
    """The keys of a window's items in its order, for lists built from rows by key."""
    if isinstance(window, KeptWindow):
        return window
    return list(window.values_list("pk", flat=True))


def each(serialize: Callable, prepare: Callable | None = None) -> Callable:
    """A page serializer from a per-item one; `prepare` loads what the items share in bulk."""

    def serialize_page(window: QuerySet | KeptWindow, request: HttpRequest) -> list[dict]:
        if isinstance(window, KeptWindow):
            found = window.queryset.in_bulk(window)
            items = [found[key] for key in window if key in found]
        else:
            items = list(window)
        if prepare:
            prepare(items)
        return [serialize(obj, request) for obj in items]

    return serialize_page


def paginate(
    request: HttpRequest,
    response: HttpResponse,
    queryset: QuerySet,
    params: ListParams,
    serialize_page: Callable[[QuerySet, HttpRequest], list[dict]],
    modified_field: str = "last_published_at",
):
    """A page of items with the total, and Last-Modified from the newest item in the list.

    Total and newest are a pass over the whole filtered set, as costly as the page itself;
    they change only with content, so they are kept per content version, path and filters,
    which consumers paging through a list or polling it hit every time. So a list's queryset
    must follow from its path and its filters alone. They key it rather than the queryset's
    SQL: compiling that was a tenth of a list's time in the profile.

    A search's matches are kept too, as their keys in the list's order: no index yields them
    in that order, so every page of results sorted all of them (10,159 partner profiles for
    "Demokratie" at 100,000 members). A page of results is then a slice of the kept keys.
    `serialize_page` gets a sliced queryset or, for a search, a `KeptWindow`.
    """
    if params.limit > limit_max():
        raise HttpError(400, _("limit darf höchstens %(max)s sein.") % {"max": limit_max()})

    def aggregate():
        return queryset.aggregate(count=Count("pk"), newest=Max(modified_field))

    filters = params.model_dump(exclude={"limit", "offset", "order"})
    list_key = f"{modified_field}:{request.path}:{sorted(filters.items())}"
    totals = per_content_version(f"list-totals:{list_key}", aggregate)
    set_last_modified(response, totals["newest"])
    window = slice(params.offset, params.offset + params.limit)
    if params.search:
        keys = per_content_version(
            f"list-keys:{list_key}:{params.order}",
            lambda: list(queryset.values_list("pk", flat=True)),
        )
        items = serialize_page(KeptWindow(keys[window], queryset), request)
    else:
        items = serialize_page(queryset[window], request)
    page = {
        "count": totals["count"],
        "limit": params.limit,
        "offset": params.offset,
        "items": items,
    }
    return json_response(page, response)


_encoder = api.renderer.encoder_class()


def json_response(data, temporal: HttpResponse) -> HttpResponse:
    """Render a list directly with orjson, keeping the headers the view set on `temporal`.

    Lists skip ninja's output validation, which was most of their time in the profile (every
    nested item went through pydantic). The schemas still document the lists, and the tests
    check that the output is exactly what validation would produce (tests/api/test_fast_lists.py)
    and conforms to the OpenAPI document (tests/security/test_api_fuzz.py).
    """
    body = orjson.dumps(data, default=_encoder.default, option=orjson.OPT_PASSTHROUGH_DATETIME)
    out = HttpResponse(body, content_type=api.get_content_type())
    for name, value in temporal.items():
        if name.lower() != "content-type":
            out[name] = value
    return out


def start_of(day: date | None):
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.min))


def end_of(day: date | None):
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.max))


def set_last_modified(response: HttpResponse, moment: datetime | None):
    if moment is not None:
        response["Last-Modified"] = http_date(moment.timestamp())


def rich_text(value: str | None) -> str:
    """Stored rich text as consumers read it: Wagtail's page, document and embed references
    expanded. Expanding rewrites only `<a …>` and `<embed …/>` tags, and finding out that a
    text has none (two regular expressions over it) was a tenth of a list's time, so a text
    without either is returned as it is."""
    if not value:
        return ""
    if "<a" not in value and "<embed" not in value:
        return value
    return expand_db_html(value)


def display(instance, field_name: str) -> str:
    """`instance.get_FOO_display()`, with the labels translated once per field and language.

    Django's version translates every label of the field on each call; in lists of 50 items with
    several choice fields that was a large share of the time.
    """
    model, value = type(instance), getattr(instance, field_name)
    return _choice_labels(model, field_name, get_language()).get(value, value)


@functools.cache
def _choice_labels(model, field_name: str, language: str) -> dict:
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


def public_page(page):
    """The page if the public may see it, else None (a related page in an API item)."""
    return page if is_public_page(page) else None


class JSONRows(JSONField):
    """The JSON text of `RowsOf`, read with orjson: a third of the time of Django's json.loads,
    for two or three such values on each of a list's items."""

    def from_db_value(self, value, expression, connection):
        return orjson.loads(value)


class RowsOf(Subquery):
    """The rows of a `values()` queryset as a list of dicts, read in the outer query's row.

    `RowsOf(Topic.objects.filter(member=OuterRef("member_id")).values("id", "name"))`: a list's
    nested items in the same query as the items, in the inner queryset's order. A query of its
    own per kind of nested item cost more than its SQL in the profile: building, compiling and
    sending it, and a round trip each. Values come as JSON has them: dates as ISO strings (as
    the API writes them anyway), booleans from SQLite as 1 and 0.
    """

    output_field = JSONRows()
    AGGREGATE = {
        "postgresql": "COALESCE(jsonb_agg(jsonb_build_object({pairs})), '[]')",
        "sqlite": "json_group_array(json_object({pairs}))",
    }

    def as_sql(self, compiler, connection, template=None, **extra_context):
        rows, params = super().as_sql(compiler, connection, template, **extra_context)
        names = [*self.query.values_select, *self.query.annotation_select]
        # Column aliases are field names and lookup paths, never input: no quote to escape.
        pairs = ", ".join(f"'{name}', rows.{connection.ops.quote_name(name)}" for name in names)
        aggregate = self.AGGREGATE[connection.vendor].format(pairs=pairs)
        # Aggregated as the ordered subquery yields them: both databases keep that order for
        # a plain scan of it (PostgreSQL documents it, SQLite does not flatten such a query).
        return f"(SELECT {aggregate} FROM {rows} rows)", params


def grouped(pairs: Iterable[tuple]) -> dict[object, list]:
    """{key: [value, ...]} from (key, value) pairs, in their order; an absent key reads as []."""
    groups = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return groups


class HttpCacheMiddleware:
    """Cache-Control and Vary for every read of the API, OParl, Atom and iCal; ETag and 304 where
    the response cache does not (token reads, or with the response cache switched off).

    Token reads may contain register data, so they must never land in a shared cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method not in ("GET", "HEAD")
            or response.status_code != 200
            or not is_feed_or_api(request.path)
            or response.has_header("Cache-Control")
        ):
            return response
        patch_vary_headers(response, ["Authorization"])
        if "HTTP_AUTHORIZATION" in request.META:
            patch_cache_control(response, private=True, no_store=True)
        else:
            patch_cache_control(
                response, public=True, max_age=getattr(settings, "API_CACHE_MAX_AGE", 300)
            )
        if response_cache_applies(request) or response.streaming:
            # The response cache outside sets the ETag and answers 304; a streamed body has
            # no ETag before it is sent.
            return response
        if not response.has_header("ETag"):
            set_response_etag(response)
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )
