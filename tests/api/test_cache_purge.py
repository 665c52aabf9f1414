import pytest
from wagtail.contrib.frontend_cache import utils


@pytest.fixture
def purged(monkeypatch):
    calls = []
    monkeypatch.setattr(utils, "purge_urls_from_cache", lambda urls: calls.append(list(urls)))
    return calls


def test_publishing_purges_the_api_urls_where_a_frontend_cache_is_configured(
    make_news, purged, settings
):
    settings.WAGTAILFRONTENDCACHE = {"varnish": {"BACKEND": "x", "LOCATION": "http://cache"}}
    settings.WAGTAILAPI_BASE_URL = "https://cms.example.org"
    page = make_news()
    urls = purged[-1]
    assert "https://cms.example.org/api/v3/news/" in urls
    assert f"https://cms.example.org/api/v3/news/{page.pk}/" in urls
    assert "https://cms.example.org/feeds/news.atom" in urls


def test_nothing_is_purged_without_a_frontend_cache(make_news, purged, settings):
    settings.WAGTAILFRONTENDCACHE = {}
    make_news()
    assert purged == []
