"""The response cache: anonymous reads come from the cache until content changes."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import EventPage
from network.models import Member, PartnerIndexPage, WorkingGroupPage
from tests.http import body_bytes, body_text

FRESH = {"Cache-Control": "no-cache"}


@pytest.fixture
def board(demo):
    return WorkingGroupPage.objects.get(slug="beirat")


def test_a_repeated_visit_is_served_from_the_cache(client, board):
    first = client.get(board.url)
    second = client.get(board.url)
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_publishing_shows_the_change_at_once(client, board):
    client.get(board.url)
    board.intro = "<p>Neu beschlossen: Sitzungen ab März im Rathaus.</p>"
    board.save_revision().publish()
    response = client.get(board.url)
    assert response["X-Cache"] == "MISS"
    assert "Neu beschlossen" in response.content.decode()


def test_a_register_change_reaches_the_partner_profile_and_the_api(client, demo):
    member = Member.objects.filter(partner_page__live=True).first()
    profile = member.partner_page.url
    api = f"/api/v3/partners/{member.partner_page.pk}/"
    client.get(profile), client.get(api)
    member.website = "https://neue-adresse.example"
    member.save()
    assert "neue-adresse.example" in client.get(profile).content.decode()
    assert client.get(api).json()["website"] == "https://neue-adresse.example"


def test_revalidation_answers_304_without_rendering(client, board, django_assert_max_num_queries):
    etag = client.get(board.url)["ETag"]
    with django_assert_max_num_queries(1):  # at most the content version, never the page
        response = client.get(board.url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag
    board.save_revision().publish()
    assert client.get(board.url, headers={"If-None-Match": etag}).status_code == 200


def test_api_lists_revalidate_too(client, demo):
    response = client.get("/api/v3/partners/?limit=5")
    again = client.get("/api/v3/partners/?limit=5", headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize("stored", [True, False], ids=["from-the-cache", "rendered"])
def test_a_304_carries_the_caching_headers_of_the_full_response(client, demo, stored):
    url = "/api/v3/partners/?limit=5"
    full = client.get(url)
    if not stored:
        cache.clear()
    again = client.get(url, headers={"If-None-Match": full["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    for header in ("ETag", "Cache-Control", "Vary", "Last-Modified"):
        assert again[header] == full[header], header


def test_no_cache_from_the_client_renders_afresh(client, board):
    client.get(board.url)
    assert client.get(board.url, headers=FRESH)["X-Cache"] == "MISS"


def test_signed_in_editors_bypass_the_cache_both_ways(admin_client, client, board):
    visitor = client.get(board.url)
    editor = admin_client.get(board.url)
    assert "X-Cache" not in editor
    # The editor's rendering (with the user bar) never becomes what visitors get.
    assert client.get(board.url).content == visitor.content


def test_pages_with_a_form_are_never_stored(client, demo):
    url = demo["application_page"].url
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert response.get("X-Cache") is None
        assert "csrfmiddlewaretoken" in response.content.decode()


def test_token_reads_are_never_cached(client, demo):
    headers = {"Authorization": "Bearer wrong-token"}
    for _ in range(2):
        response = client.get("/api/v3/register/members/", headers=headers)
        assert response.status_code == 401
        assert "X-Cache" not in response


def test_a_streamed_feed_is_kept_whole_and_replayed_identically(client, demo):
    streamed = client.get("/kalender/sitzungen.ics")
    assert streamed.streaming
    original = body_bytes(streamed)
    replay = client.get("/kalender/sitzungen.ics")
    assert replay["X-Cache"] == "HIT"
    assert body_bytes(replay) == original
    assert replay["Content-Type"].startswith("text/calendar")


def test_unpublished_pages_disappear_from_cached_feeds(client, demo):
    event = EventPage.objects.live().first()
    assert event.title in body_text(client.get("/kalender/veranstaltungen.ics"))
    event.unpublish()
    assert event.title not in body_text(client.get("/kalender/veranstaltungen.ics"))


def test_only_what_visitors_can_see_moves_the_content_version():
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, ReferenceIndex, Revision

    from cms.cache import is_content

    assert all(map(is_content, [EventPage, Member, WorkingGroupPage, PageViewRestriction]))
    assert is_content(get_image_model())
    # Written on every edit or while a visitor's page renders: they would only churn the cache.
    rendition = get_image_model().get_rendition_model()
    assert not any(map(is_content, [Revision, ReferenceIndex, rendition]))


def test_a_page_is_rendered_under_the_one_content_version_it_is_keyed_by(client, demo):
    """Menu, footer and directory choices are cached per version; one read serves them all."""
    directory = PartnerIndexPage.objects.get().url
    with CaptureQueriesContext(connection) as queries:
        assert client.get(directory, headers=FRESH).status_code == 200
    reads = [q for q in queries if "cms_contentversion" in q["sql"]]
    assert len(reads) == 1
