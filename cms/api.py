"""The headless API: Wagtail's own v3 plus the alliance's typed routers, and what they share.

Routers must be added before `api.urls` is first read, which is why cms.urls imports `urls`
from here rather than from Wagtail.
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime, time

from django.conf import settings
from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import create_model
from wagtail.api.v3.errors import problem_response
from wagtail.api.v3.urls import api
from wagtail.images.models import AbstractImage
from wagtail.rich_text import expand_db_html

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
    """Full-text search narrowed to the already filtered queryset, keeping its ordering."""
    if not query:
        return queryset
    ids = [obj.pk for obj in queryset.search(query, order_by_relevance=False)]
    return queryset.filter(pk__in=ids)


def paginate(
    request: HttpRequest,
    response: HttpResponse,
    queryset: QuerySet,
    params: ListParams,
    serialize: Callable,
    modified_field: str = "last_published_at",
    prepare: Callable | None = None,
):
    """A page of items with the total, and Last-Modified from the newest item in the list.

    `prepare` loads what the items share in bulk, so the query count stays flat.
    """
    if params.limit > limit_max():
        raise HttpError(400, _("limit darf höchstens %(max)s sein.") % {"max": limit_max()})
    set_last_modified(response, queryset.aggregate(newest=Max(modified_field))["newest"])
    items = list(queryset[params.offset : params.offset + params.limit])
    if prepare:
        prepare(items)
    return {
        "count": queryset.count(),
        "limit": params.limit,
        "offset": params.offset,
        "items": [serialize(obj, request) for obj in items],
    }


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
    return page.get_full_url(request)


def related_page(page, request) -> dict | None:
    if page is None or not page.live:
        return None
    return {"id": page.pk, "title": page.title, "url": page_url(page, request)}


def topics_of(obj) -> list[dict]:
    return [{"id": t.pk, "name": t.name, "slug": t.slug} for t in obj.topics.all()]


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


def _use_400_for_bad_queries():
    """A malformed query string is a client error (400) on reads; writes keep Wagtail's 422."""
    original = api._exception_handlers[NinjaValidationError]

    def handler(request, exc):
        if request.method in ("GET", "HEAD"):
            return problem_response(
                status=400,
                detail=_("Ungültige Parameter in der Anfrage."),
                errors=exc.errors,
            )
        return original(request, exc)

    api.add_exception_handler(NinjaValidationError, handler)


class HttpCacheMiddleware:
    """ETag, Last-Modified, 304 and Cache-Control for every read of the API, OParl and feeds.

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
        if not response.has_header("ETag"):
            set_response_etag(response)
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )


def _mount():
    from cms.preview import preview_router
    from events.api import events_router, sessions_router
    from home.api import news_router
    from network.api import bodies_router, partners_router, register_router

    _use_400_for_bad_queries()
    api.add_router("/partners/", partners_router)
    api.add_router("/bodies/", bodies_router)
    api.add_router("/sessions/", sessions_router)
    api.add_router("/events/", events_router)
    api.add_router("/news/", news_router)
    api.add_router("/register/", register_router)
    api.add_router("/preview/", preview_router)
    return api.urls


urls = _mount()
