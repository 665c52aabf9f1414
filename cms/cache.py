"""Purge the API's cached reads from the frontend cache (CDN/Varnish) when a page changes.

Only active where `WAGTAILFRONTENDCACHE` is configured; ETags keep revalidating clients
correct anyway, this shortens what shared caches may serve after publishing.
"""

from django.conf import settings

API_LISTS = {
    "NewsPage": ["/api/v3/news/", "/feeds/news.atom", "/feeds/press_release.atom"],
    "EventPage": ["/api/v3/events/"],
    "SessionPage": ["/api/v3/sessions/", "/oparl/v1.1/body/buendnis/meeting/"],
    "WorkingGroupPage": ["/api/v3/bodies/", "/oparl/v1.1/body/buendnis/organization/"],
    "PartnerPage": ["/api/v3/partners/"],
}
DETAIL_PREFIX = {
    "NewsPage": "/api/v3/news/",
    "EventPage": "/api/v3/events/",
    "SessionPage": "/api/v3/sessions/",
    "WorkingGroupPage": "/api/v3/bodies/",
    "PartnerPage": "/api/v3/partners/",
}


def api_urls_for(page):
    """Absolute API URLs whose content depends on this page."""
    name = type(page.specific_deferred).__name__
    paths = list(API_LISTS.get(name, []))
    if name in DETAIL_PREFIX:
        paths.append(f"{DETAIL_PREFIX[name]}{page.pk}/")
    base = settings.WAGTAILAPI_BASE_URL.rstrip("/")
    return [base + path for path in paths]


def purge_api_cache(sender, instance, **kwargs):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    urls = api_urls_for(instance)
    if urls:
        purge_urls_from_cache(urls)
