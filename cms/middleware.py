"""Request guards: a fast 503 while the database is down, problems for unusable API requests."""

import json
import logging
import re

from django.db import DatabaseError, close_old_connections, connections
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.errors import problem_response

from cms.api import API_PATH_PREFIXES, MAX_STORED_INTEGER

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


def is_connection_failure(exc):
    """Lost, refused, timed-out or unanswered connections, not query errors (those stay 500s
    and get fixed). A statement cancelled by `statement_timeout` counts: the database is too
    slow to answer, which the visitor experiences the same way."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    text = str(exc).lower()
    return any(marker in text for marker in CONNECTION_FAILURE_MARKERS)


CONNECTION_FAILURE_MARKERS = (
    "connect",  # refused, timed out while connecting, the connection was closed
    "server closed",
    "terminating",
    "did not answer",  # cms.postgresql: the server went silent
    "statement timeout",  # "canceling statement due to statement timeout"
)


def unavailable_response(request):
    """503 with Retry-After: a German page for visitors, a problem (RFC 9457) for consumers.

    Rendered without the database: no site settings, menus or context processors.
    """
    detail = _(
        "Die Website ist gerade nicht erreichbar. Bitte in wenigen Sekunden erneut versuchen."
    )
    if request.path.startswith(API_PATH_PREFIXES):
        response = problem_response(
            status=503, title=_("Vorübergehend nicht erreichbar"), detail=detail
        )
    else:
        response = HttpResponse(
            loader.get_template("503.html").render(),
            status=503,
            content_type="text/html; charset=utf-8",
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def database_unavailable(request, exception):
    """The 503 for a lost database, or None for any other error."""
    if not isinstance(exception, DatabaseError) or not is_connection_failure(exception):
        return None
    logger.warning("database unavailable: %s", exception)
    # Drop broken connections so the next request reconnects by itself once it is back.
    for connection in connections.all(initialized_only=True):
        connection.close_if_unusable_or_obsolete()
    close_old_connections()
    return unavailable_response(request)


class DatabaseUnavailableMiddleware:
    """Views that lose the database answer 503; failures in middleware reach `server_error`
    (cms.views), which asks `database_unavailable` too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return database_unavailable(request, exception)


class AdminScriptPolicyMiddleware:
    """Wagtail's admin widgets (e.g. date choosers) emit inline scripts; only there are they allowed.

    The admin sits behind a login; the visitor site keeps `script-src 'self'` without exceptions.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_update = {"script-src": ["'unsafe-inline'"]}
        return response


INTEGER = re.compile(r"[+-]?\d+")
FREE_TEXT_PARAMETERS = {"search"}


def unusable_query_parameter(query):
    """The first query parameter no lookup can use, with the reason, or None.

    Nothing stored has an integer beyond 64 bits (SQLite raises OverflowError on one, PostgreSQL
    a DataError), and PostgreSQL refuses NUL in any string.
    """
    for name, values in query.lists():
        for value in values:
            if "\x00" in value:
                return name, _("%(name)s enthält ein Nullzeichen.") % {"name": name}
            if name in FREE_TEXT_PARAMETERS:
                continue  # a search for a long number is a search, not an id
            if INTEGER.fullmatch(value.strip()) and abs(int(value)) > MAX_STORED_INTEGER:
                return name, _("%(name)s ist größer als jede gespeicherte Zahl.") % {"name": name}
    return None


def body_is_not_an_object(request):
    """Writes to the API send one JSON object; anything else ([] or a bare value) cannot be one."""
    if request.method not in ("POST", "PUT", "PATCH") or request.content_type != "application/json":
        return False
    try:
        return not isinstance(json.loads(request.body or b"{}"), dict)
    except ValueError:
        return False  # ninja answers malformed JSON itself


def presents_unknown_token(request):
    """An Authorization header that names no active token: refused, never read as anonymous.

    Public operations would otherwise silently answer a consumer with an expired or mistyped
    token as if it had sent none, and it would never learn that its register reads fail.
    """
    header = request.headers.get("Authorization")
    if header is None:
        return False
    scheme, _space, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return True
    return BearerTokenAuth().authenticate(request, token.strip()) is None


class RefuseUnusableRequestsMiddleware:
    """API, OParl and feed requests no view could answer get a problem (RFC 9457) up front."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PATH_PREFIXES):
            return self.get_response(request)
        unusable = unusable_query_parameter(request.GET)
        if unusable:
            name, detail = unusable
            return problem_response(status=400, detail=detail, errors=[{"loc": ["query", name]}])
        if request.path.startswith("/api/v3/"):
            if body_is_not_an_object(request):
                return problem_response(
                    status=422,
                    detail=_("Der Inhalt der Anfrage muss ein JSON-Objekt sein."),
                    errors=[{"loc": ["body"]}],
                )
            if presents_unknown_token(request):
                return problem_response(
                    status=401, detail=_("Das Token ist unbekannt, abgelaufen oder widerrufen.")
                )
        return self.get_response(request)


class OParlOpenAccessMiddleware:
    """OParl 1.1 requires `Access-Control-Allow-Origin: *` on every response of the server.

    CORS_ALLOWED_ORIGINS restricts the rest of the API to known sites; OParl is open to every
    client by specification. First in the chain, so it applies after django-cors-headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/oparl/"):
            response["Access-Control-Allow-Origin"] = "*"
        return response
