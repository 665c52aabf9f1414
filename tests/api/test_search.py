"""API search (`?search=`): matches within the list's filters and order, public entries only."""

import pytest

from network.workflow import MemberStatus, change_status

pytestmark = pytest.mark.django_db

PARTNERS = "/api/v3/partners/"


def names(response):
    return [item["name"] for item in response.json()["items"]]


def test_search_keeps_the_lists_order_and_filters(client, make_partner_profile):
    make_partner_profile("Zeitzeugen für Demokratie (fiktiv)", town="Werdau")
    make_partner_profile("Aktion Demokratie leben (fiktiv)", town="Zwickau")
    make_partner_profile("Bürgerforum Demokratie (fiktiv)", town="Crimmitschau")
    make_partner_profile("Sportverein Glauchau (fiktiv)", town="Glauchau")

    by_title = client.get(PARTNERS, {"search": "Demokratie"})
    assert names(by_title) == [
        "Aktion Demokratie leben (fiktiv)",
        "Bürgerforum Demokratie (fiktiv)",
        "Zeitzeugen für Demokratie (fiktiv)",
    ]
    assert by_title.json()["count"] == 3
    by_town = client.get(PARTNERS, {"search": "Demokratie", "order": "-town"})
    assert names(by_town) == [
        "Aktion Demokratie leben (fiktiv)",
        "Zeitzeugen für Demokratie (fiktiv)",
        "Bürgerforum Demokratie (fiktiv)",
    ]
    in_werdau = client.get(PARTNERS, {"search": "Demokratie", "town": "Werdau"})
    assert names(in_werdau) == ["Zeitzeugen für Demokratie (fiktiv)"]


def test_search_finds_no_unpublished_profile_nor_one_of_a_former_member(
    client, make_partner_profile
):
    shown = make_partner_profile("Netzwerk Demokratie Nord (fiktiv)")
    unpublished = make_partner_profile("Netzwerk Demokratie Süd (fiktiv)")
    former = make_partner_profile("Netzwerk Demokratie West (fiktiv)")
    assert client.get(PARTNERS, {"search": "Netzwerk"}).json()["count"] == 3

    unpublished.unpublish()
    change_status(former.member, MemberStatus.ENDED, resolution="P-2026-02")

    found = client.get(PARTNERS, {"search": "Netzwerk"})
    assert names(found) == [shown.member.name]
    assert found.json()["count"] == 1


@pytest.mark.parametrize("matches", [1, 30], ids=["one match", "many matches"])
def test_search_queries_do_not_grow_with_the_matches(
    client, make_partner_profile, matches, django_assert_max_num_queries
):
    for n in range(matches):
        make_partner_profile(f"Initiative Demokratie {n:02d} (fiktiv)")
    make_partner_profile("Sportverein Glauchau (fiktiv)")
    with django_assert_max_num_queries(7):
        found = client.get(PARTNERS, {"search": "Demokratie", "limit": 50})
    assert found.json()["count"] == matches


def test_paging_through_results_gives_every_match_once_in_the_lists_order(
    client, make_partner_profile
):
    """A search's ordered matches are kept per content version; pages are slices of them."""
    for title in ["Echo", "Alpha", "Delta", "Bravo", "Charlie"]:
        make_partner_profile(f"Forum Demokratie {title} (fiktiv)")

    for order in ["title", "-title"]:
        whole = names(client.get(PARTNERS, {"search": "Demokratie", "order": order}))
        paged = [
            name
            for offset in range(0, 6, 2)
            for name in names(
                client.get(
                    PARTNERS, {"search": "Demokratie", "order": order, "limit": 2, "offset": offset}
                )
            )
        ]
        assert paged == whole
        assert len(whole) == 5
    assert names(client.get(PARTNERS, {"search": "Demokratie", "limit": 1}))[0].endswith(
        "Alpha (fiktiv)"
    )

    renamed = make_partner_profile("Forum Demokratie Zulu (fiktiv)")
    renamed.title = "Forum Demokratie Aaa (fiktiv)"
    renamed.save_revision().publish()
    first = client.get(PARTNERS, {"search": "Demokratie", "limit": 1})
    assert first.json()["items"][0]["id"] == renamed.pk
    assert first.json()["count"] == 6


def test_searched_lists_of_page_objects_page_in_order(client, make_session, make_news):
    """Lists of sessions (rows) and news (page objects) read a search's window by its keys."""
    sessions = [make_session(title=f"Plenum Demokratie {n}") for n in range(3)]
    news = [make_news(title=f"Demokratie-Meldung {n}") for n in range(3)]
    for url, made in [("/api/v3/sessions/", sessions), ("/api/v3/news/", news)]:
        whole = client.get(url, {"search": "Demokratie"}).json()["items"]
        paged = [
            client.get(url, {"search": "Demokratie", "limit": 1, "offset": n}).json()["items"][0]
            for n in range(3)
        ]
        assert paged == whole
        assert {item["id"] for item in whole} == {page.pk for page in made}
