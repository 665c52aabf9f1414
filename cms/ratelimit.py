"""A small cache-based rate limiter for public forms: a flood from one address gets a 429."""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


def client_address(request):
    """The visitor's address; behind PROXY_COUNT trusted proxies, taken from X-Forwarded-For."""
    proxies = getattr(settings, "PROXY_COUNT", 0)
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if proxies and len(forwarded) >= proxies and forwarded[-proxies]:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _cache_key(scope, key):
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    return f"ratelimit:{digest}"


def count(scope, key, *, period):
    """Count one event; returns how many happened within `period` seconds of the first."""
    cache_key = _cache_key(scope, key)
    cache.add(cache_key, 0, timeout=period)
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=period)
        return 1


def counted(scope, key):
    return cache.get(_cache_key(scope, key), 0)


def forget(scope, key):
    cache.delete(_cache_key(scope, key))


def allow(scope, key, *, limit, period):
    """Count one attempt; False once `limit` attempts happened within `period` seconds."""
    return count(scope, key, period=period) <= limit


def too_many_response(period):
    minutes = max(1, period // 60)
    response = HttpResponse(
        _(
            "Zu viele Anfragen von Ihrer Adresse. Bitte versuchen Sie es in %(minutes)s "
            "Minuten erneut. Ihre Angaben wurden nicht gespeichert."
        )
        % {"minutes": minutes},
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(period)
    return response


def rate_limited(scope, *, limit, period, methods=("POST",)):
    """Decorate a view or a page's `serve` method; only `methods` count towards the limit."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            request = next(a for a in args if isinstance(a, HttpRequest))
            if request.method in methods and not allow(
                scope, client_address(request), limit=limit, period=period
            ):
                return too_many_response(period)
            return view(*args, **kwargs)

        return wrapped

    return decorator
