"""The headless API: what Wagtail's v3 and the alliance's typed routers share.

The routers are mounted in cms.api_routes, which only cms.urls imports: the app modules import
from here, so mounting them here would make the import order matter.
"""

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime, time

import orjson
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Max, QuerySet
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
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError as PydanticValidationError
from pydantic import create_model
from wagtail.api.v3.errors import PROBLEM_JSON, ProblemDetail, problem_response
from wagtail.api.v3.urls import api
from wagtail.images.models import AbstractImage
from wagtail.rich_text import expand_db_html

from cms.cache import per_content_version_of, response_cache_applies
from cms.pageurls import full_url, site_roots
from cms.visibility import is_public_page, public_pages

# An id path parameter; beyond 64 bits nothing can be stored, and SQLite would raise
# OverflowError (a 500) instead of answering. Out of range is a 400 like any bad parameter.
RecordId = PathEx[int, P(ge=1, le=2**63 - 1, description="ID")]

CACHED_PATH_PREFIXES = ("/api/v3/", "/oparl/", "/feeds/")


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


class ListParams(Schema):
    """limit/offset/search/order, shared by every domain list endpoint."""

    limit: int = Field(20, ge=1, description="Anzahl der Einträge je Seite")
    offset: int = Field(0, ge=0, description="Anzahl der übersprungenen Einträge")
    search: str | None = Field(None, description="Volltextsuche")
    order: str | None = Field(None, description="Sortierung, z. B. `title` oder `-start`")


class Related(Schema):
    id: int
    title: str
    url: str | None


class TopicOut(Schema):
    id: int
    name: str
    slug: str


class ImageOut(Schema):
    id: int
    title: str
    alt: str
    width: int
    height: int
    url: str
    renditions: dict[str, str]


IMAGE_RENDITIONS = {"thumbnail": "fill-300x300", "medium": "max-800x800"}


def limit_max():
    return getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)


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
    return queryset.filter(pk__in=[obj.pk for obj in matches])


def each(serialize: Callable, prepare: Callable | None = None) -> Callable:
    """A page serializer from a per-item one; `prepare` loads what the items share in bulk."""

    def serialize_page(window: QuerySet, request: HttpRequest) -> list[dict]:
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
    they change only with content, so they are kept per content version and filter (the SQL),
    which consumers paging through a list or polling it hit every time.
    """
    if params.limit > limit_max():
        raise HttpError(400, _("limit darf höchstens %(max)s sein.") % {"max": limit_max()})

    def aggregate():
        return queryset.aggregate(count=Count("pk"), newest=Max(modified_field))

    totals = per_content_version_of(queryset, f"list-totals:{modified_field}", aggregate)
    set_last_modified(response, totals["newest"])
    page = {
        "count": totals["count"],
        "limit": params.limit,
        "offset": params.offset,
        "items": serialize_page(queryset[params.offset : params.offset + params.limit], request),
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
    return expand_db_html(value) if value else ""


def page_url(page, request) -> str | None:
    return path_url(page.url_path, request)


def path_url(url_path: str, request) -> str | None:
    """The public URL of a page given its `url_path`, for lists serialized from rows."""
    roots = getattr(request, "_site_roots", None)
    if roots is None:
        roots = request._site_roots = site_roots()
    return full_url(url_path, roots)


def display(instance, field_name: str) -> str:
    """`instance.get_FOO_display()`, with the labels translated once per field and language.

    Django's version translates every label of the field on each call; in lists of 50 items with
    several choice fields that was a large share of the time.
    """
    return choice_label(type(instance), field_name, getattr(instance, field_name))


def choice_label(model, field_name: str, value):
    return _choice_labels(model, field_name, get_language()).get(value, value)


@functools.cache
def _choice_labels(model, field_name: str, language: str) -> dict:
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


def related_page(page, request) -> dict | None:
    if not is_public_page(page):
        return None
    return {"id": page.pk, "title": page.title, "url": page_url(page, request)}


def topics_of(obj) -> list[dict]:
    return [{"id": t.pk, "name": t.name, "slug": t.slug} for t in obj.topics.all()]


def grouped(pairs: Iterable[tuple]) -> dict[object, list]:
    """{key: [value, ...]} from (key, value) pairs, in their order; an absent key reads as []."""
    groups = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return groups


def image_of(image: AbstractImage | None, request) -> dict | None:
    """The original plus the renditions consumers lay out with; prefetch them for lists."""
    if image is None:
        return None
    renditions = image.get_renditions(*IMAGE_RENDITIONS.values())
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.default_alt_text or "",
        "width": image.width,
        "height": image.height,
        "url": request.build_absolute_uri(image.file.url),
        "renditions": {
            name: request.build_absolute_uri(renditions[spec].url)
            for name, spec in IMAGE_RENDITIONS.items()
        },
    }


def max_modified(moments: Iterable[datetime | None]) -> datetime | None:
    present = [m for m in moments if m]
    return max(present) if present else None


def hide_pages_below_unpublished_parents():
    """Wagtail's `/api/v3/pages/` lists live pages whose parent is unpublished; narrow it to
    what the public may see. Token reads keep Wagtail's per-user admin scope."""
    from wagtail.api.v3 import querysets

    wagtail_public_pages = querysets.get_public_pages_queryset

    def get_public_pages_queryset(request, model=None):
        queryset = wagtail_public_pages(request, model or querysets.Page)
        return public_pages(queryset)

    querysets.get_public_pages_queryset = get_public_pages_queryset


def _validation_errors(exc) -> list[dict]:
    if isinstance(exc, DjangoValidationError):
        return [{"msg": message} for message in exc.messages]
    if isinstance(exc, PydanticValidationError):
        # pydantic echoes the raw input; consumers get the location and the message only
        return [{k: v for k, v in error.items() if k != "input"} for error in exc.errors()]
    return exc.errors


def use_400_for_bad_queries():
    """A malformed query string is a client error (400) on reads; writes keep Wagtail's 422.

    Wagtail's own list endpoints also reject some parameter combinations (e.g. random order
    with an offset) with pydantic's or Django's ValidationError; on a read those are 400 too.
    """
    for error_class in (NinjaValidationError, PydanticValidationError, DjangoValidationError):
        original = api._exception_handlers[error_class]

        def handler(request, exc, original=original):
            if request.method in ("GET", "HEAD"):
                return problem_response(
                    status=400,
                    detail=_("Ungültige Parameter in der Anfrage."),
                    errors=_validation_errors(exc),
                )
            return original(request, exc)

        api.add_exception_handler(error_class, handler)


PROBLEM_SCHEMA_REF = "#/components/schemas/ProblemDetail"


def problem_doc(description: str) -> dict:
    """An OpenAPI response for an RFC 7807 problem, as every error of the API is sent."""
    return {
        "description": description,
        "content": {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_SCHEMA_REF}}},
    }


def _uncallable(operations: dict) -> bool:
    """Wagtail lists its snippet endpoints even when no snippet model exposes API fields.

    Their `type` path parameter then admits only the empty string, so no request to them can
    succeed; the document leaves them out instead of promising endpoints that do not exist.
    """
    return any(
        parameter.get("in") == "path" and parameter.get("schema", {}).get("const") == ""
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
    )


def document_problems():
    """Name the error answers each operation can give in the OpenAPI document; drop dead ones.

    Ninja documents only the success status; consumers (and the schema checks in the tests)
    must also know the problem responses the exception handlers send: 400 (422 for writes) for
    bad input, 404 for unknown objects, and 401/403 where a token (header or link) is involved.
    """
    generate = api.get_openapi_schema

    def get_openapi_schema(**kwargs):
        schema = generate(**kwargs)
        schema["paths"] = {
            path: operations
            for path, operations in schema["paths"].items()
            if not _uncallable(operations)
        }
        schema.setdefault("components", {}).setdefault("schemas", {})["ProblemDetail"] = (
            ProblemDetail.model_json_schema(ref_template="#/components/schemas/{model}")
        )
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                problems = {
                    "400": _("Ungültige Parameter"),
                    "404": _("Nicht gefunden"),
                }
                if method not in ("get", "head"):
                    problems["422"] = _("Ungültige Daten")
                if operation.get("security"):
                    problems["401"] = _("Token fehlt oder ist ungültig")
                    problems["403"] = _("Das Token berechtigt nicht dazu")
                elif any(p["name"] == "token" for p in operation.get("parameters", [])):
                    problems["401"] = _("Link abgelaufen oder ungültig")  # the headless preview
                for status, description in problems.items():
                    operation["responses"].setdefault(status, problem_doc(description))
        return schema

    api.get_openapi_schema = get_openapi_schema


class HttpCacheMiddleware:
    """Cache-Control and Vary for every read of the API, OParl and feeds; ETag and 304 where
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
            or response.streaming
            or not request.path.startswith(CACHED_PATH_PREFIXES)
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
        if response_cache_applies(request):
            return response  # the response cache outside sets a version ETag and answers 304
        if not response.has_header("ETag"):
            set_response_etag(response)
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )
