"""Site search: the search engine's ranking, paged; only public pages; queries flat in matches."""

import re

import pytest
from wagtail.models import PageViewRestriction

from cms.visibility import public_pages
from events.models import EventIndexPage

pytestmark = pytest.mark.django_db


def shown(response):
    """The titles of the listed results, in order."""
    listed = re.search(r'<ol class="plain-list">(.*?)</ol>', response.content.decode(), re.S)
    return re.findall(r'<li><a href="[^"]*">([^<]*)</a>', listed[1]) if listed else []


@pytest.fixture
def climate_week(make_demo_event):
    """25 matches: a page and a bit of results, some with the word in the title."""
    return [make_demo_event(title=f"Klimawoche Tag {n}") for n in range(10)] + [
        make_demo_event(intro=f"Treffpunkt {n} der Klimawoche in Zwickau") for n in range(15)
    ]


def test_results_are_the_engines_ranking_page_by_page(client, climate_week):
    ranked = [page.title for page in public_pages().exclude(depth__lte=1).search("Klimawoche")]
    first = client.get("/suche/", {"q": "Klimawoche"})
    second = client.get("/suche/", {"q": "Klimawoche", "seite": 2})

    assert sorted(ranked) == sorted(page.title for page in climate_week)
    assert shown(first) + shown(second) == ranked
    assert len(shown(first)) == 20
    assert "25 Treffer für „Klimawoche“" in first.content.decode()
    assert "Seite 2 von 2" in second.content.decode()


def test_a_page_hidden_after_a_search_is_not_shown_again(client, climate_week):
    client.get("/suche/", {"q": "Klimawoche"})  # ranked and kept
    climate_week[0].unpublish()
    html = client.get("/suche/", {"q": "Klimawoche"}).content.decode()
    assert f">{climate_week[0].title}<" not in html
    assert "24 Treffer" in html

    PageViewRestriction.objects.create(
        page=EventIndexPage.objects.get(), restriction_type="password", password="geheim"
    )
    html = client.get("/suche/", {"q": "Klimawoche"}).content.decode()
    assert "Keine Treffer" in html and "Klimawoche Tag" not in html


@pytest.mark.parametrize("matches", [1, 25], ids=["one match", "many matches"])
def test_search_queries_do_not_grow_with_the_matches(
    client, make_demo_event, matches, django_assert_max_num_queries
):
    for n in range(matches):
        make_demo_event(title=f"Klimawoche Tag {n}")
    last_page = (matches - 1) // 20 + 1
    with django_assert_max_num_queries(8):
        first = client.get("/suche/", {"q": "Klimawoche"})
    # Ranked once per content version: later pages read the shown pages only, and a page
    # shown before is a fragment from the cache.
    with django_assert_max_num_queries(3):
        last = client.get("/suche/", {"q": "Klimawoche", "seite": last_page})
    assert len(shown(first)) == min(matches, 20)
    assert len(shown(last)) == matches - 20 * (last_page - 1)
    with django_assert_max_num_queries(2):
        assert shown(client.get("/suche/", {"q": "Klimawoche"})) == shown(first)
