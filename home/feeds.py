"""Atom feed of news and press releases; only live, public pages ever appear."""

from datetime import datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from home.api import public_news
from home.models import NewsKind

FEED_SIZE = 30


class NewsFeed(Feed):
    feed_type = Atom1Feed
    title = settings.WAGTAIL_SITE_NAME
    subtitle = _("Meldungen und Pressemitteilungen")
    link = "/"

    def get_object(self, request, kind=None):
        self.request = request
        if kind is not None and kind not in NewsKind.values:
            raise Http404
        return kind

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
