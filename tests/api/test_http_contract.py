"""HTTP caching and CORS as consumers rely on them: stable validators, OParl open to all."""

import time

import pytest
from wagtail.models import APIToken, Site

from home.models import AllianceSettings
from tests.oparl.test_oparl import validate

PORTAL = "https://portal.example.org"


def test_the_etag_stays_while_nothing_changes(client, world, monkeypatch):
    """It used to rotate with the response cache's 5-minute bucket: every client refetched."""
    first = client.get("/api/v3/news/")
    later = time.time() + 3 * 3600
    monkeypatch.setattr("cms.cache.time.time", lambda: later)
    again = client.get("/api/v3/news/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert client.get("/api/v3/news/")["ETag"] == first["ETag"]


@pytest.mark.parametrize("rendered", [False, True], ids=["cached", "rendered"])
def test_if_none_match_and_if_modified_since_together_still_get_a_304(client, world, rendered):
    first = client.get("/api/v3/news/")
    if rendered:
        from django.core.cache import cache

        cache.clear()
    both = {"If-None-Match": first["ETag"], "If-Modified-Since": first["Last-Modified"]}
    assert client.get("/api/v3/news/", headers=both).status_code == 304


def test_token_reads_revalidate_with_both_validators(client, world, django_user_model):
    user = django_user_model.objects.create_superuser("leser", "l@example.org", "x")
    auth = {"Authorization": f"Bearer {APIToken.create_token(user=user, name='Leser')[1]}"}
    first = client.get("/api/v3/register/members/", headers=auth)
    both = {**auth, "If-None-Match": first["ETag"], "If-Modified-Since": first["Last-Modified"]}
    assert client.get("/api/v3/register/members/", headers=both).status_code == 304


def test_the_cors_preflight_allows_revalidation_headers(client, db, settings):
    settings.CORS_ALLOWED_ORIGINS = [PORTAL]
    preflight = client.options(
        "/api/v3/news/",
        headers={
            "Origin": PORTAL,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match, if-modified-since",
        },
    )
    allowed = preflight["Access-Control-Allow-Headers"].lower()
    assert "if-none-match" in allowed and "if-modified-since" in allowed


@pytest.mark.parametrize(
    "path",
    [
        "/oparl/v1.1/",
        "/oparl/v1.1/body/buendnis/meeting/",
        "/oparl/v1.1/meeting/999999/",
        "/oparl/v1.1/body/buendnis/meeting/?created_since=gestern",
    ],
)
@pytest.mark.parametrize("origin", [None, PORTAL, "https://andere.example.org"])
def test_every_oparl_response_is_open_to_every_origin(client, world, settings, path, origin):
    """OParl 1.1 requires `*`, whatever CORS_ALLOWED_ORIGINS says for the rest of the API."""
    settings.CORS_ALLOWED_ORIGINS = [PORTAL]
    response = client.get(path, headers={"Origin": origin} if origin else {})
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_oparl_system_names_its_operator(client, world):
    office = AllianceSettings.for_site(Site.objects.get(is_default_site=True))
    office.office_email = "buero@buendnis-zwickau.example"
    office.save()
    system = client.get("/oparl/v1.1/").json()
    validate(system)
    for key in ("created", "modified", "name", "contactEmail", "website", "vendor", "product"):
        assert system.get(key), key


def test_calendars_are_cached_and_shared_like_the_api(client, demo, settings):
    settings.CORS_ALLOWED_ORIGINS = [PORTAL]
    for path in ["/kalender/sitzungen.ics", "/kalender/veranstaltungen.ics"]:
        response = client.get(path, headers={"Origin": PORTAL})
        assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
        assert response["Access-Control-Allow-Origin"] == PORTAL
