"""Caching of public reads: the response cache in front of the views, and the frontend purge.

The frontend purge is only active where `WAGTAILFRONTENDCACHE` is configured (CDN/Varnish); it
shortens what shared caches may serve after publishing.
"""

import contextvars
import hashlib
import time
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import parse_etags, parse_http_date_safe, quote_etag
from wagtail import hooks

from cms.models import ContentVersion

# Apps answer with the API paths (relative to WAGTAILAPI_BASE_URL) whose content depends on
# a page: `@hooks.register(API_PATHS_HOOK) def paths(page): return [...]`.
API_PATHS_HOOK = "register_public_api_paths"


def api_urls_for(page):
    """Absolute API URLs whose content depends on this page."""
    page = page.specific_deferred
    paths = [path for paths_for in hooks.get_hooks(API_PATHS_HOOK) for path in paths_for(page)]
    base = settings.WAGTAILAPI_BASE_URL.rstrip("/")
    return [base + path for path in paths]


def purge_api_cache(sender, instance, **kwargs):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    urls = api_urls_for(instance)
    if urls:
        purge_urls_from_cache(urls)


# --- Whole-response cache for anonymous reads --------------------------------------------------
#
# Anonymous visitors and consumers all get the same bytes for the same URL until content
# changes, so a rendered response is kept under a key made of the content version, a time
# bucket (lists of "upcoming" sessions change with the clock, not only with edits) and the URL.
# It is kept with the hash of its body as ETag, so a revalidating client gets its 304 before
# anything is rendered, and the ETag stays the same as long as the bytes do.

# Apps whose saves and deletes can change what visitors see: the project's apps say so in their
# AppConfig (`public_content = True`, `private_models = {...}`). From Wagtail's core only the
# pages themselves, their view restrictions and sites count: revisions, log entries and the
# reference index are written with every edit and would bump the version several times per save.
THIRD_PARTY_CONTENT_APPS = {
    "wagtailimages",
    "wagtaildocs",
    "wagtailredirects",
    "taggit",
}
CORE_CONTENT_MODELS = {"page", "pageviewrestriction", "site", "collectionviewrestriction"}
# Renditions are created while pages render for visitors.
NOT_CONTENT = {"rendition"}


def is_content(model):
    meta = model._meta
    if meta.app_label == "wagtailcore":
        return meta.model_name in CORE_CONTENT_MODELS
    if meta.app_label in THIRD_PARTY_CONTENT_APPS:
        return meta.model_name not in NOT_CONTENT
    # Models of no installed app (Django's migration recorder) are never content.
    config = apps.app_configs.get(meta.app_label)
    return getattr(config, "public_content", False) and meta.model_name not in getattr(
        config, "private_models", ()
    )


_memo = {"token": None, "read_at": 0.0}


# An anonymous read sees one content version from start to end: the one its response is keyed
# by. Fragments cached while it renders use the same one, and the token is read once.
_pinned_version = contextvars.ContextVar("pinned_content_version", default=None)


def content_version():
    """The current content token, re-read from the database at most every CONTENT_VERSION_TTL s."""
    pinned = _pinned_version.get()
    if pinned is not None:
        return pinned
    now = time.monotonic()
    if _memo["token"] is None or now - _memo["read_at"] >= settings.CONTENT_VERSION_TTL:
        _memo["token"] = ContentVersion.objects.values_list("token", flat=True).first() or "initial"
        _memo["read_at"] = now
    return _memo["token"]


def _versioned(prefix, key):
    # Hashed: keys may hold visitor input (search words), which cache backends restrict.
    return prefix + hashlib.sha256(f"{key}|{content_version()}".encode()).hexdigest()


def per_content_version(key, compute, timeout=3600):
    """`compute()`, kept in the cache until content changes (or `timeout` seconds pass)."""
    versioned = _versioned("pcv:", key)
    value = cache.get(versioned)
    if value is None:
        value = compute()
        cache.set(versioned, value, timeout)
    return value


def per_content_version_until(key, compute, timeout=3600):
    """Like `per_content_version`, for values that also change with the clock.

    `compute()` returns `(value, valid_until)`: the value is computed again once content changes
    or `valid_until` (an aware datetime, or None for "only with content") has passed.
    """
    versioned = _versioned("pcvu:", key)
    kept = cache.get(versioned)
    if kept is not None and (kept[1] is None or timezone.now() < kept[1]):
        return kept[0]
    value, valid_until = compute()
    cache.set(versioned, (value, valid_until), timeout)
    return value


def per_content_version_of(queryset, name, compute):
    """`compute()` over `queryset`, kept per content version and SQL (e.g. a filter's total).

    A queryset that can match nothing has no SQL to key by; it is cheap and computed each time.
    """
    try:
        sql = str(queryset.query)
    except EmptyResultSet:
        return compute()
    return per_content_version(f"{name}:{sql}", compute)


def bump_content_version():
    token = uuid.uuid4().hex
    if not ContentVersion.objects.update(token=token):
        ContentVersion.objects.create(token=token)
    _memo["token"] = token
    _memo["read_at"] = time.monotonic()


def content_changed(sender, **kwargs):
    """Signal receiver for saves and deletes of anything a public page or feed may show.

    The bump happens inside the writer's transaction: other processes see the new token when
    the change itself becomes visible, and a rolled-back token only orphans a few entries.
    """
    # Data migrations use historical models and may run before the version table exists.
    if sender.__module__ != "__fake__" and is_content(sender):
        bump_content_version()


def is_cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.path.startswith(tuple(settings.RESPONSE_CACHE_SKIP_PREFIXES))
    )


def response_cache_applies(request):
    """Whether ResponseCacheMiddleware keys this request (and so owns its ETag)."""
    return bool(settings.RESPONSE_CACHE_SECONDS) and is_cacheable_request(request)


def wants_fresh_copy(request):
    """`Cache-Control: no-cache` from the client (a hard reload, the benchmark's uncached runs)."""
    directives = request.headers.get("Cache-Control", "") + request.headers.get("Pragma", "")
    return "no-cache" in directives


def response_key(request, version):
    bucket = int(time.time() // settings.RESPONSE_CACHE_SECONDS)
    url = request.build_absolute_uri()
    return hashlib.sha256(f"{version}|{bucket}|{url}".encode()).hexdigest()[:32]


def body_etag(body: bytes) -> str:
    """The ETag of a stored response: its bytes alone, so it changes only when they do.

    The storage key also holds a time bucket (lists of "upcoming" items change with the clock);
    an ETag made from it rotated every RESPONSE_CACHE_SECONDS and made every client refetch.
    """
    return quote_etag(hashlib.sha256(body).hexdigest()[:32])


def is_storable(request, response):
    return (
        response.status_code == 200
        and not response.cookies
        # A page with a form carries this visitor's CSRF token.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


class ResponseCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not response_cache_applies(request):
            return self.get_response(request)
        try:
            version = content_version()
        except DatabaseError:
            # The inner middleware answers 503 for a lost database.
            return self.get_response(request)
        pinned = _pinned_version.set(version)
        try:
            return self.respond(request, response_key(request, version))
        finally:
            _pinned_version.reset(pinned)

    def respond(self, request, key):
        cached = None if wants_fresh_copy(request) else cache.get(f"response-with-etag:{key}")
        if cached is not None:
            status, headers, body, etag = cached
            if etag in parse_etags(request.headers.get("If-None-Match", "")):
                return self.not_modified(etag, headers)
            response = HttpResponse(body, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "HIT"
        else:
            response = self.get_response(request)
            if not is_storable(request, response):
                return response
            etag = self.store(key, response)
            response["X-Cache"] = "MISS"
        if etag is None:
            return response  # streamed: its ETag is known once it has been sent whole
        response["ETag"] = etag
        # If-Modified-Since still counts for clients that only keep the date; If-None-Match
        # takes precedence when both are sent (RFC 9110, 13.2.2).
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )

    def store(self, key, response):
        """Keep the response with the ETag of its body; return that ETag (None while streaming)."""
        headers = [(k, v) for k, v in response.items() if k.lower() not in ("etag", "x-cache")]
        timeout = settings.RESPONSE_CACHE_SECONDS * 2

        def keep(body):
            etag = body_etag(body)
            cache.set(
                f"response-with-etag:{key}", (response.status_code, headers, body, etag), timeout
            )
            return etag

        if response.streaming:
            response.streaming_content = tee_stream(response.streaming_content, keep)
            return None
        return keep(response.content)

    def not_modified(self, etag, headers):
        """A 304 with the caching headers the full response carries (RFC 9110, 15.4.5)."""
        response = HttpResponseNotModified()
        for name, value in headers:
            if name.lower() in NOT_MODIFIED_HEADERS:
                response[name] = value
        response["ETag"] = etag
        return response


NOT_MODIFIED_HEADERS = {"cache-control", "content-location", "expires", "last-modified", "vary"}


def tee_stream(chunks, keep):
    """Pass a streamed body through unchanged and keep a copy if it stays small enough."""
    kept, size = [], 0
    for chunk in chunks:
        if kept is not None:
            size += len(chunk)
            if size <= settings.RESPONSE_CACHE_MAX_BYTES:
                kept.append(chunk)
            else:
                kept = None
        yield chunk
    if kept is not None:
        keep(b"".join(kept))
