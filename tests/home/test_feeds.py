"""The Atom feeds as a feed reader sees them (RFC 4287, parsed with feedparser)."""

from datetime import datetime

import feedparser

from home.feeds import NOTHING_PUBLISHED


def read(client, path):
    return feedparser.parse(client.get(path).content)


def test_every_feed_has_an_author_and_its_own_id(client, make_news):
    make_news()
    ids = set()
    for path in ["/feeds/news.atom", "/feeds/press_release.atom"]:
        feed = read(client, path)
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.author
        ids.add(feed.feed.id)
    assert len(ids) == 2


def test_updated_comes_from_content_not_the_clock(client, tree, make_news):
    """Django dates an empty feed by the clock: it looked new on every poll."""
    empty = read(client, "/feeds/news.atom").feed
    tree["news"].refresh_from_db()
    section = tree["news"].last_published_at or NOTHING_PUBLISHED
    assert datetime.fromisoformat(empty.updated) == section
    news = make_news()
    news.refresh_from_db()
    filled = read(client, "/feeds/news.atom").feed
    assert datetime.fromisoformat(filled.updated) == news.last_published_at
