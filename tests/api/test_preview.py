import time
from urllib.parse import parse_qs, urlsplit

import pytest

from cms.preview import make_token


@pytest.fixture
def edited_news(make_news):
    page = make_news(title="Veröffentlichter Titel")
    page.title = "SENTINEL-ENTWURF Titel"
    page.save_revision()
    return page


def test_editor_is_sent_to_the_consumer_with_a_token_for_the_draft(
    admin_client, client, edited_news, settings
):
    settings.HEADLESS_PREVIEW_URL = "https://portal.example.org/vorschau"
    edit = admin_client.get(f"/admin/pages/{edited_news.pk}/edit/")
    assert "Vorschau auf der Partner-Website" in edit.content.decode()
    response = admin_client.get(f"/admin/headless-preview/{edited_news.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("https://portal.example.org/vorschau?token=")
    token = parse_qs(urlsplit(response["Location"]).query)["token"][0]
    preview = client.get("/api/v3/preview/", {"token": token})
    assert preview.status_code == 200
    assert preview.json()["data"]["title"] == "SENTINEL-ENTWURF Titel"
    assert "no-store" in preview["Cache-Control"]


def test_drafts_stay_invisible_without_the_token(client, edited_news):
    assert client.get(f"/api/v3/news/{edited_news.pk}/").json()["title"] == "Veröffentlichter Titel"
    assert "SENTINEL" not in client.get("/api/v3/news/").content.decode()


def test_tampered_or_expired_tokens_are_refused(client, edited_news, settings):
    assert client.get("/api/v3/preview/", {"token": "nicht-signiert"}).status_code == 401
    token = make_token(edited_news)
    settings.HEADLESS_PREVIEW_MAX_AGE = -1
    time.sleep(0.01)
    response = client.get("/api/v3/preview/", {"token": token})
    assert response.status_code == 401
    assert "abgelaufen" in response.json()["detail"]


def test_only_editors_may_start_a_preview(client, django_user_model, edited_news, settings):
    settings.HEADLESS_PREVIEW_URL = "https://portal.example.org/vorschau"
    user = django_user_model.objects.create_user(username="leser", password="x")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(f"/admin/headless-preview/{edited_news.pk}/").status_code in (302, 403)
    assert "token=" not in client.get(f"/admin/headless-preview/{edited_news.pk}/").get(
        "Location", ""
    )


def test_event_preview_reads_the_draft_with_its_relations(client, make_event, make_member):
    """The list reads rows; the preview still serializes the draft page object it holds."""
    from events.models import EventSeries
    from network.workflow import MemberStatus
    from tests.published_content import at

    event = make_event(title="Veröffentlichte Veranstaltung")
    admitted = make_member(MemberStatus.ADMITTED, name="Veranstaltender Verein (fiktiv)")
    applicant = make_member(MemberStatus.APPLIED, name="SENTINEL-ANTRAG e. V.")
    event.title = "Entwurf der Veranstaltung"
    event.series = EventSeries.objects.create(title="Reihe im Entwurf", first_start=at(2026, 1, 8))
    event.organisers = [admitted, applicant]
    event.save_revision()

    data = client.get("/api/v3/preview/", {"token": make_token(event)}).json()["data"]
    published = client.get(f"/api/v3/events/{event.pk}/").json()
    assert (data["title"], data["series"]["title"]) == (
        "Entwurf der Veranstaltung",
        "Reihe im Entwurf",
    )
    assert [o["name"] for o in data["organisers"]] == ["Veranstaltender Verein (fiktiv)"]
    assert (data["location"], data["topics"]) == (published["location"], published["topics"])
    assert published["title"] == "Veröffentlichte Veranstaltung"
