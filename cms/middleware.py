"""Request guards: a fast 503 while the database is down, problems for unusable API requests."""

import json
import logging
import re

from django.db import DatabaseError, close_old_connections, connections
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.errors import problem_response

from cms.api import API_PATH_PREFIXES, MAX_STORED_INTEGER

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


def is_connection_failure(exc):
    """Lost or refused connections, not query errors (those stay 500s and get fixed)."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    text = str(exc).lower()
    return any(marker in text for marker in ("connect", "server closed", "terminating"))


def unavailable_response():
    response = HttpResponse(
        _("Die Website ist gerade nicht erreichbar. Bitte in wenigen Sekunden erneut versuchen."),
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError) or not is_connection_failure(exception):
            return None
        logger.warning("database unavailable: %s", exception)
        # Drop broken connections so the next request reconnects by itself once it is back.
        for connection in connections.all(initialized_only=True):
            connection.close_if_unusable_or_obsolete()
        close_old_connections()
        return unavailable_response()


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
