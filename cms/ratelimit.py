"""A small cache-based rate limiter for public forms: a flood from one address is held back.

The form answers with status 429 and shows itself again with what the visitor typed.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import ngettext


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


def over_limit(request, scope, *, limit, period):
    """Count the request's attempt; True once the visitor's address made more than `limit`."""
    return not allow(scope, client_address(request), limit=limit, period=period)


def retry_message(period):
    """German words for "try again later", for the page that keeps the visitor's input."""
    minutes = max(1, period // 60)
    return ngettext(
        "Zu viele Anfragen von Ihrer Adresse. Bitte versuchen Sie es in %(minutes)d Minute erneut.",
        "Zu viele Anfragen von Ihrer Adresse. Bitte versuchen Sie es in %(minutes)d Minuten "
        "erneut.",
        minutes,
    ) % {"minutes": minutes}
