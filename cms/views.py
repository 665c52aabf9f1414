import sys

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe
from wagtail.api.v3.errors import problem_response

from cms.api import API_PATH_PREFIXES
from cms.middleware import database_unavailable


@never_cache
@require_GET
def healthz(request):
    """Liveness and database check for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def not_found(request, exception):
    """API, OParl and feed consumers get a problem (RFC 9457); visitors the 404 page."""
    if request.path.startswith(API_PATH_PREFIXES):
        return problem_response(status=404, detail=_("Nicht gefunden."))
    return defaults.page_not_found(request, exception)


def server_error(request):
    """Consumers parse the error they get: a problem for them, the error page for visitors.

    A database lost while a middleware (sessions, the user, redirects) read it lands here, not
    in DatabaseUnavailableMiddleware; it gets the same 503.
    """
    unavailable = database_unavailable(request, sys.exc_info()[1])
    if unavailable is not None:
        return unavailable
    if request.path.startswith(API_PATH_PREFIXES):
        return problem_response(
            status=500, detail=_("Ein Fehler auf dem Server; er wurde protokolliert.")
        )
    return defaults.server_error(request)


@require_safe
def api_index(request):
    """What a consumer finds at /api/v3/: every collection, the OpenAPI document and the docs."""
    from wagtail.api.v3.urls import api

    namespace = api.urls_namespace
    root = reverse(f"{namespace}:api-root")
    collections = sorted(
        path
        for path, operations in api.get_openapi_schema()["paths"].items()
        if "get" in operations and "{" not in path
    )
    return JsonResponse(
        {
            "title": settings.WAGTAIL_SITE_NAME,
            "openapi": request.build_absolute_uri(reverse(f"{namespace}:openapi-json")),
            "docs": request.build_absolute_uri(reverse(f"{namespace}:openapi-view")),
            "endpoints": {
                path.removeprefix(root).strip("/"): request.build_absolute_uri(path)
                for path in collections
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page links; not permanent,
    because the static file's name changes with its content."""
    return redirect(static("img/favicon.ico"))
