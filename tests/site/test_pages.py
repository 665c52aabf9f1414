"""Every page type a visitor reaches renders in German with the content it promises."""

import pytest

from network.models import PartnerPage, WorkingGroupPage

pytestmark = pytest.mark.django_db


def test_home_shows_mission_next_dates_news_topics_and_call_to_join(client, site_data):
    html = client.get("/").content.decode()
    assert 'lang="de"' in html
    assert site_data["session"].title in html
    assert site_data["event"].title in html
    assert site_data["news"].title in html
    youth = PartnerPage.objects.live().filter(member__topics__name="Kinder und Jugend").count()
    assert f"Kinder und Jugend: {youth} Partner" in html
    assert "Jetzt Bündnispartner werden" in html
    assert '"@type": "Organization"' in html
    assert 'href="#main"' in html


def test_bodies_overview_shows_planned_groups_honestly(client, demo):
    index = WorkingGroupPage.objects.first().get_parent()
    html = client.get(index.url).content.decode()
    assert "Status: angedacht" in html
    assert "Diese Arbeitsgruppe ist angedacht" in html


def test_body_page_lists_tasks_rhythm_members_and_sessions(client, site_data):
    html = client.get(site_data["plenary"].url).content.decode()
    assert "Aufgaben" in html and "Wahl eines Beirates" in html
    assert "mindestens einmal im Quartal" in html
    assert "Jugendforum Werdau (fiktiv)" in html
    assert site_data["session"].title in html
    assert site_data["past_session"].title in html
    upcoming, past = html.split('id="upcoming-sessions"')[1].split('id="past-sessions"')
    assert site_data["session"].title in upcoming
    assert site_data["past_session"].title in past.split('id="body-resolutions"')[0]


def test_body_page_lists_resolutions_and_calendar_subscription(client, site_data):
    html = client.get(site_data["plenary"].url).content.decode()
    assert "P-2026-09: Aktionswoche gegen Rassismus" in html
    assert f'href="/kalender/gremium/{site_data["plenary"].slug}.ics"' in html


def test_past_session_shows_public_agenda_and_resolutions(client, site_data):
    html = client.get(site_data["past_session"].url).content.decode()
    assert "Bericht des Koordinierungsbüros" in html
    assert "Aktionswoche gegen Rassismus" in html


def test_session_page_shows_date_place_and_body(client, site_data):
    html = client.get(site_data["session"].url).content.decode()
    assert "Rathaus Zwickau (fiktiv), Hauptmarkt 1, 08056 Zwickau" in html
    assert site_data["plenary"].title in html


def test_event_page_carries_schema_org_event(client, site_data):
    html = client.get(site_data["event"].url).content.decode()
    assert '"@type": "Event"' in html
    assert 'href="/kalender/veranstaltung/' in html
    assert '"addressLocality": "Zwickau"' in html
    assert 'property="og:type" content="article"' in html


def test_partner_profile_shows_topics_website_bodies_and_json_ld(client, site_data):
    html = client.get(site_data["partner"].url).content.decode()
    assert "Kinder und Jugend" in html
    assert 'href="https://jugendforum.example"' in html
    assert "Mitarbeit in Gremien" in html
    assert '"sameAs": "https://jugendforum.example"' in html


def test_calendar_list_and_month_views(client, site_data):
    index = site_data["event"].get_parent()
    assert site_data["event"].title in client.get(index.url).content.decode()
    month = site_data["event"].start.strftime("%Y-%m")
    html = client.get(index.url, {"ansicht": "monat", "monat": month}).content.decode()
    assert "<table" in html and site_data["event"].title in html
    past = client.get(index.url, {"zeitraum": "vergangen"}).content.decode()
    assert site_data["event"].title not in past


def test_calendar_month_view_survives_nonsense_month(client, site_data):
    index = site_data["event"].get_parent()
    assert client.get(index.url, {"ansicht": "monat", "monat": "13-xx"}).status_code == 200


def test_news_index_lists_published_news_newest_first(client, site_data, make_demo_news):
    import datetime

    older = make_demo_news(title="Ältere Meldung", date=datetime.date(2020, 1, 1))
    html = client.get(site_data["news"].get_parent().url).content.decode()
    assert html.index(site_data["news"].title) < html.index(older.title)


def test_search_finds_pages_and_says_when_nothing_matches(client, site_data):
    html = client.get("/suche/", {"q": "Präambel"}).content.decode()
    assert "Treffer für „Präambel“" in html and 'href="/praeambel/"' in html
    empty = client.get("/suche/", {"q": "xyzzynichtda"}).content.decode()
    assert "Keine Treffer" in empty


def test_robots_txt_points_to_sitemap_and_keeps_admin_out(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_public_pages(client, site_data):
    body = client.get("/sitemap.xml").content.decode()
    assert site_data["partner"].url in body


def test_unknown_page_answers_german_404(client, demo):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()
