"""Degrade to a fast 503 while the database is unreachable instead of a 500 or a hang."""

import logging

from django.db import DatabaseError, close_old_connections, connections
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.utils.translation import gettext as _

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
