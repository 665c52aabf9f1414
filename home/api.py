"""News and press releases for headless consumers (/api/v3/news/)."""

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from cms.api import (
    ListParams,
    RecordId,
    Related,
    display,
    each,
    end_of,
    list_envelope,
    ordered,
    page_url,
    paginate,
    reject_unknown,
    related_page,
    rich_text,
    searched,
    set_last_modified,
)
from home.models import NewsKind, NewsPage

news_router = Router(tags=["news"])


def public_api_paths(page):
    """The API reads and feeds that show this page (`cms.cache.API_PATHS_HOOK`)."""
    if not isinstance(page, NewsPage):
        return []
    return [
        "/api/v3/news/",
        f"/api/v3/news/{page.pk}/",
        "/feeds/news.atom",
        "/feeds/press_release.atom",
    ]


class NewsOut(Schema):
    id: int
    title: str
    url: str | None
    date: date
    kind: NewsKind
    kind_label: str
    intro: str
    body: str = Field(description="Text als HTML")
    prepared_by: Related | None
    first_published_at: str | None
    last_published_at: str | None


NewsList = list_envelope("NewsList", NewsOut)


class NewsFilters(ListParams):
    kind: NewsKind | None = None
    date_from: date | None = None
    date_to: date | None = None


NEWS_ORDERING = {"date": "date", "title": "title"}


def public_news():
    return NewsPage.objects.live().public().select_related("prepared_by")


def news_out(page: NewsPage, request: HttpRequest) -> dict:
    return {
        "id": page.pk,
        "title": page.title,
        "url": page_url(page, request),
        "date": page.date,
        "kind": page.kind,
        "kind_label": display(page, "kind"),
        "intro": page.intro,
        "body": rich_text(page.body),
        "prepared_by": related_page(page.prepared_by, request),
        "first_published_at": _iso(page.first_published_at),
        "last_published_at": _iso(page.last_published_at),
    }


def _iso(moment):
    return moment.isoformat() if moment else None


@news_router.get("/", response=NewsList, summary="Meldungen und Pressemitteilungen")
def list_news(request, response: HttpResponse, filters: Query[NewsFilters]):
    reject_unknown(request, NewsFilters)
    news = public_news()
    if filters.kind:
        news = news.filter(kind=filters.kind)
    if filters.date_from:
        news = news.filter(date__gte=filters.date_from)
    if filters.date_to:
        news = news.filter(date__lte=end_of(filters.date_to).date())
    news = ordered(searched(news, filters.search), filters.order, NEWS_ORDERING, "-date")
    return paginate(request, response, news, filters, each(news_out))


@news_router.get("/{news_id}/", response=NewsOut, summary="Eine Meldung")
def get_news(request, response: HttpResponse, news_id: RecordId):
    page = get_object_or_404(public_news(), pk=news_id)
    set_last_modified(response, page.last_published_at)
    return news_out(page, request)
