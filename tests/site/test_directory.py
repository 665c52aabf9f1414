"""The partner directory: filters, search, alphabetical index, pages and towns."""

import pytest

from network import directory
from network.models import PartnerIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(site_data):
    return PartnerIndexPage.objects.get()


def titles(index, **filters):
    partners = directory.filter_partners(directory.published_partners(index), **filters)
    return sorted(partners.values_list("title", flat=True))


def test_filters_by_topic_town_and_kind(index):
    assert titles(index, topic="kinder-und-jugend", town="Werdau") == [
        "Jugendforum Werdau (fiktiv)"
    ]
    assert titles(index, town="Crimmitschau", kind="church") == [
        "Kirchgemeinde Crimmitschau (fiktiv)"
    ]
    assert "Kirchgemeinde Crimmitschau (fiktiv)" not in titles(index, town="Werdau")
    assert titles(index, town="Werdau", kind="party") == []


def test_full_text_search_matches_every_word_in_name_town_or_description(index):
    assert "Arbeitskreis Asyl Zwickau (fiktiv)" in titles(index, q="asyl zwickau")
    assert "Jugendforum Werdau (fiktiv)" not in titles(index, q="asyl zwickau")
    assert "Jugendforum Werdau (fiktiv)" in titles(index, q="jugendforum")


def test_alphabetical_index_files_umlauts_and_digits(index, make_partner_profile):
    make_partner_profile("Ökumenischer Kreis (fiktiv)")
    make_partner_profile("1. Friedensinitiative (fiktiv)")
    under_o = titles(index, letter="O")
    assert "Ökumenischer Kreis (fiktiv)" in under_o
    assert all(directory.initial_letter(title) == "O" for title in under_o)
    assert titles(index, letter="#") == ["1. Friedensinitiative (fiktiv)"]
    assert directory.initial_letter("Ärzte für Vielfalt") == "A"


def test_directory_groups_by_town_and_paginates(client, index, make_partner_profile):
    for number in range(directory.PAGE_SIZE):
        make_partner_profile(f"Zusatzverein {number:02d} (fiktiv)", town="Zwickau")
    first = client.get(index.url).content.decode()
    assert "Seite 1 von 2" in first
    assert first.index('<h2 id="town-1">Crimmitschau</h2>') < first.index("Werdau</h2>")
    second = client.get(index.url, {"seite": 2}).content.decode()
    assert "Seite 2 von 2" in second


def test_invalid_filter_value_is_explained_and_others_still_apply(client, index):
    html = client.get(index.url, {"kind": "quatsch", "town": "Werdau"}).content.decode()
    assert "„quatsch“ steht nicht zur Auswahl; dieser Filter wird nicht angewendet." in html
    assert "Jugendforum Werdau (fiktiv)" in html
    assert "Kirchgemeinde Crimmitschau (fiktiv)" not in html


def test_letter_links_keep_other_filters(client, index):
    html = client.get(index.url, {"town": "Werdau"}).content.decode()
    assert 'href="?town=Werdau&amp;letter=J"' in html
