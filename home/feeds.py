"""Atom feed of news and press releases; only live, public pages ever appear."""

from datetime import UTC, datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from cms.visibility import visible_to_public
from home.api import public_news
from home.models import NewsIndexPage, NewsKind

FEED_SIZE = 30
# `updated` of a feed without any news or section yet: fixed, so it never looks new.
NOTHING_PUBLISHED = datetime(2026, 1, 1, tzinfo=UTC)


class ContentDatedAtomFeed(Atom1Feed):
    """Atom whose `updated` comes from content also when the feed is empty.

    Django falls back to the clock, so an empty feed looked changed on every poll.
    """

    def latest_post_date(self):
        if self.items:
            return super().latest_post_date()
        return self.feed["section_published"] or NOTHING_PUBLISHED


class NewsFeed(Feed):
    feed_type = ContentDatedAtomFeed
    title = settings.WAGTAIL_SITE_NAME
    subtitle = _("Meldungen und Pressemitteilungen")
    link = "/"
    author_name = settings.WAGTAIL_SITE_NAME

    def get_object(self, request, kind=None):
        self.request = request
        if kind is not None and kind not in NewsKind.values:
            raise Http404
        return kind

    def feed_guid(self, kind):
        """Each feed is its own (RFC 4287 4.2.6): the news, and each kind of it, by address."""
        return self.request.build_absolute_uri(self.request.path)

    def author_link(self):
        return self.request.build_absolute_uri("/")

    def feed_extra_kwargs(self, kind):
        newest = visible_to_public(NewsIndexPage.objects.all()).aggregate(
            newest=Max("last_published_at")
        )
        return {"section_published": newest["newest"]}

    def items(self, kind):
        news = public_news()
        if kind:
            news = news.filter(kind=kind)
        return news.order_by("-date", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        if item.kind == NewsKind.PRESS_RELEASE:
            return _("Pressemitteilung: %(title)s") % {"title": item.title}
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_url(self.request) or "/"

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time(9)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.get_kind_display()]
