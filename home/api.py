"""News and press releases for headless consumers (/api/v3/news/)."""

from datetime import date
from typing import Annotated

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from cms.api import (
    Day,
    ListParams,
    RecordId,
    Related,
    each,
    end_of,
    list_envelope,
    order_choices,
    ordered,
    paginate,
    public_page,
    reject_unknown,
    rich_text,
    searched,
    set_last_modified,
)
from cms.apifields import From, Label, Url, serializer
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


def iso(moment):
    return moment.isoformat() if moment else None


class NewsOut(Schema):
    id: int
    title: str
    url: Annotated[str | None, Url()]
    date: date
    kind: NewsKind
    kind_label: Annotated[str, Label("kind", NewsKind)]
    intro: str
    body: Annotated[str, From(then=rich_text)] = Field(description="Text als HTML")
    prepared_by: Annotated[Related | None, From(then=public_page)]
    first_published_at: Annotated[str | None, From(then=iso)]
    last_published_at: Annotated[str | None, From(then=iso)]


NewsList = list_envelope("NewsList", NewsOut)


NEWS_ORDERING = {"date": "date", "title": "title"}


class NewsFilters(ListParams):
    kind: NewsKind | None = None
    date_from: Day | None = None
    date_to: Day | None = None
    order: order_choices(NEWS_ORDERING) = Field(None, description="Sortierung (Standard: -date)")


def public_news():
    return NewsPage.objects.visible_to_public().select_related("prepared_by")


# Also the preview's serializer.
news_out = serializer(NewsOut)


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
