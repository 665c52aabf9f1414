"""Throttled password forms of restricted pages and document collections.

Wagtail's password form answers every wrong guess with the form again, so a short password
could be tried through. Like the admin login (django-axes), after `PASSWORD_FAILURE_LIMIT`
wrong passwords from one client address for one restriction within
`PASSWORD_LOCKOUT_SECONDS`, every further try of that restriction from that address gets a
German 429 page until the window has passed; the right password resets the count. The count is
per restriction, not per page: every page below it shares the password.
"""

import functools

from django.conf import settings
from django.shortcuts import render

from cms.ratelimit import client_address, count, counted, forget

SCOPE = "restriction-password"


def locked_response(request):
    period = settings.PASSWORD_LOCKOUT_SECONDS
    response = render(
        request,
        "password_locked.html",
        {"minutes": max(1, period // 60)},
        status=429,
    )
    response["Retry-After"] = str(period)
    return response


def throttled(view, restriction_kwarg):
    """Wrap a Wagtail password view; a failed POST is one that does not redirect onwards."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        key = f"{client_address(request)}:{kwargs[restriction_kwarg]}"
        if counted(SCOPE, key) >= settings.PASSWORD_FAILURE_LIMIT:
            return locked_response(request)
        response = view(request, *args, **kwargs)
        if response.status_code in (301, 302, 303):
            forget(SCOPE, key)
        else:
            count(SCOPE, key, period=settings.PASSWORD_LOCKOUT_SECONDS)
        return response

    return wrapped
