"""Every change this project makes to Wagtail's own API v3 object, in one place.

Wagtail offers no extension point for these: the public-pages queryset of `/api/v3/pages/`, the
error handlers ninja keeps per exception class, and the OpenAPI document. Each patch names what
it reaches into through `required()`, which stops start-up with a clear message when a Wagtail
upgrade renames it, and `tests/cms/test_wagtail_api.py` proves each patch still takes effect.
"""

from contextvars import ContextVar

from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja.errors import ValidationError as NinjaValidationError
from PIL import UnidentifiedImageError
from pydantic import ValidationError as PydanticValidationError
from wagtail.api.v3 import querysets
from wagtail.api.v3.errors import PROBLEM_JSON, ProblemDetail, problem_response
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
from wagtail.api.v3.urls import api

from cms.cache import per_content_version
from cms.visibility import public_pages


def required(owner, name):
    """`owner.name`, or a start-up error naming what a Wagtail upgrade took away."""
    try:
        return getattr(owner, name)
    except AttributeError as error:
        raise ImproperlyConfigured(
            f"Wagtail no longer has {getattr(owner, '__name__', type(owner).__name__)}.{name}; "
            "cms/wagtail_api.py patches it and needs updating."
        ) from error


def apply():
    """Patch Wagtail's API once, before `api.urls` is first read (cms.api_routes)."""
    use_400_for_bad_queries()
    hide_pages_below_unpublished_parents()
    refuse_unreadable_images()
    document_problems()
    keep_public_page_totals()


def hide_pages_below_unpublished_parents():
    """Wagtail's `/api/v3/pages/` lists live pages whose parent is unpublished; narrow it to
    what the public may see. Token reads keep Wagtail's per-user admin scope."""
    wagtail_public_pages = required(querysets, "get_public_pages_queryset")

    def get_public_pages_queryset(request, model=None):
        queryset = wagtail_public_pages(request, model or querysets.Page)
        return public_pages(queryset)

    querysets.get_public_pages_queryset = get_public_pages_queryset


# The anonymous request being paginated, for `_items_count`, which Wagtail calls without it.
_public_read = ContextVar("wagtail_api_public_read", default=None)
# Parameters that choose a window or the fields of its items, not which pages are counted.
NOT_COUNTED = {"limit", "offset", "fields"}


def keep_public_page_totals():
    """Wagtail's lists count every matching page for each request (62,905 partner profiles at
    100,000 members: most of the request, growing with the data). For anonymous reads the total
    depends on content only, so it is kept per content version, site and query, as
    `cms.api.paginate` keeps ours: keyed by the request rather than the queryset's SQL, whose
    compiling cost a tenth of the request. Token reads keep counting: their scope also follows
    the user's permissions."""
    paginate = required(WagtailLimitOffsetPagination, "paginate_queryset")
    count_items = required(WagtailLimitOffsetPagination, "_items_count")

    def paginate_queryset(self, queryset, pagination, request, **params):
        token = _public_read.set(None if request.user.is_authenticated else request)
        try:
            return paginate(self, queryset, pagination, request, **params)
        finally:
            _public_read.reset(token)

    def _items_count(self, queryset):
        request = _public_read.get()
        if request is None or not isinstance(queryset, QuerySet):
            return count_items(self, queryset)
        counted = sorted(
            (name, values) for name, values in request.GET.lists() if name not in NOT_COUNTED
        )
        return per_content_version(
            f"wagtail-api-total:{request.get_host()}:{request.path}:{counted}",
            lambda: count_items(self, queryset),
        )

    WagtailLimitOffsetPagination.paginate_queryset = paginate_queryset
    WagtailLimitOffsetPagination._items_count = _items_count


def document_find_redirect(operation):
    """Wagtail documents `pages/find/` as answering with the page; it redirects to the page's
    detail address instead, which is what consumers (and the schema checks) get."""
    for ok in (200, "200"):  # ninja keys its own answers by number
        operation["responses"].pop(ok, None)
    operation["responses"]["302"] = {
        "description": _("Weiterleitung zur gefundenen Seite (Adresse im Location-Header)"),
        "headers": {"Location": {"schema": {"type": "string"}}},
    }


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
        original = required(api, "_exception_handlers")[error_class]

        def handler(request, exc, original=original):
            if request.method in ("GET", "HEAD"):
                return problem_response(
                    status=400,
                    detail=_("Ungültige Parameter in der Anfrage."),
                    errors=_validation_errors(exc),
                )
            return original(request, exc)

        api.add_exception_handler(error_class, handler)


def refuse_unreadable_images():
    """An upload with an image header and no readable image in it is bad data (422), not a 500.

    Wagtail's image field checks the format by the header, then reads the size with Pillow,
    which raises on the rest of such a file.
    """

    def handler(request, exc):
        message = _("Die Datei ist kein lesbares Bild.")
        return problem_response(
            status=422, detail=message, errors=[{"loc": ["body", "file"], "msg": message}]
        )

    api.add_exception_handler(UnidentifiedImageError, handler)


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


def anonymous_as_optional_security(schema: dict) -> dict:
    """Wagtail declares "no token" as an http scheme without a `scheme`, which is invalid.

    OpenAPI says "credentials optional" with an empty requirement; the scheme itself goes.
    """
    schemes = schema.get("components", {}).get("securitySchemes", {})
    if schemes.pop("AllowAnonymous", None) is None:
        return schema
    for operations in schema["paths"].values():
        for operation in operations.values():
            if "security" in operation:
                operation["security"] = [
                    {} if "AllowAnonymous" in requirement else requirement
                    for requirement in operation["security"]
                ]
    return schema


def document_problems():
    """Name the error answers each operation can give in the OpenAPI document; drop dead ones.

    Ninja documents only the success status; consumers (and the schema checks in the tests)
    must also know the problem responses the exception handlers send: 400 (422 for writes) for
    bad input, 404 for unknown objects, and 401/403 where a token (header or link) is involved.
    """
    generate = required(api, "get_openapi_schema")

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
                else:
                    problems["401"] = _("Ein mitgesandtes Token ist ungültig")
                for status, description in problems.items():
                    operation["responses"].setdefault(status, problem_doc(description))
                if operation.get("operationId") == "pages_find":
                    document_find_redirect(operation)
        return anonymous_as_optional_security(schema)

    api.get_openapi_schema = get_openapi_schema
