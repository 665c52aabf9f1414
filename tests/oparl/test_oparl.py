import json
from pathlib import Path

import jsonschema
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.published_content import assert_no_sentinel

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "cms" / "oparl" / "schema"
ROOT = "/oparl/v1.1/"
BODY = ROOT + "body/buendnis/"


def schema(kind):
    return json.loads((SCHEMA_DIR / f"{kind}.json").read_text())


def validate(obj):
    """Against the official schema, including the objects OParl embeds."""
    kind = obj["type"].rsplit("/", 1)[1]
    jsonschema.validate(obj, schema(kind), format_checker=jsonschema.FormatChecker())
    for key, embedded in obj.items():
        nested = embedded if isinstance(embedded, list) else [embedded]
        for item in nested:
            if isinstance(item, dict) and "type" in item and key != "geojson":
                validate(item)
    return kind


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.json()


def test_every_object_type_is_valid_oparl(client, world):
    system = fetch(client, ROOT)
    seen = {validate(system)}
    body = fetch(client, system["body"])["data"][0]
    seen.add(validate(body))
    assert fetch(client, body["id"]) == body
    for key in (
        "organization",
        "person",
        "meeting",
        "paper",
        "agendaItem",
        "membership",
        "locationList",
    ):
        listing = fetch(client, body[key])
        assert set(listing) >= {"data", "pagination", "links"}
        assert listing["data"], key
        for obj in listing["data"]:
            seen.add(validate(obj))
            assert fetch(client, obj["id"])["id"] == obj["id"]
    assert seen >= {
        "System",
        "Body",
        "Organization",
        "Person",
        "Membership",
        "Meeting",
        "AgendaItem",
        "Location",
        "Paper",
    }


def test_only_consented_people_and_public_items_appear(client, world):
    everything = "".join(
        client.get(BODY + part + "/").content.decode()
        for part in ("organization", "person", "membership", "meeting", "agendaitem", "paper")
    )
    assert "Paula Beispiel" in everything
    assert_no_sentinel(everything)
    assert "SENTINEL" not in everything


def test_unpublished_meeting_is_listed_as_deleted(client, world):
    session = world["session"]
    session.unpublish()
    data = fetch(client, BODY + "meeting/")["data"]
    gone = [m for m in data if m["id"].endswith(f"/meeting/{session.pk}/")]
    assert gone and gone[0]["deleted"] is True
    assert "name" not in gone[0]
    validate(gone[0])


def test_date_filters(client, world, make_session):
    later = timezone.now() + timezone.timedelta(days=1)
    stamp = later.isoformat().replace("+", "%2B")
    assert fetch(client, BODY + f"meeting/?created_since={stamp}")["data"] == []
    assert len(fetch(client, BODY + f"meeting/?modified_until={stamp}")["data"]) == 1
    response = client.get(BODY + "meeting/?modified_since=gestern")
    assert response.status_code == 400
    assert "modified_since" in response.json()["detail"]


def test_pagination_links(client, world, make_session, settings, monkeypatch):
    from cms.oparl import views

    monkeypatch.setattr(views, "PER_PAGE", 1)
    make_session()
    first = fetch(client, BODY + "meeting/")
    assert first["pagination"]["totalElements"] == 2
    assert first["pagination"]["totalPages"] == 2
    second = fetch(client, first["links"]["next"])
    assert second["data"][0]["id"] != first["data"][0]["id"]
    assert "next" not in second["links"]


@pytest.mark.parametrize("url", [BODY.replace("buendnis", "anderer"), ROOT + "meeting/999999/"])
def test_unknown_objects_are_json_404(client, world, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"]


def test_list_totals_are_kept_until_content_changes(client, world, make_session):
    """Counting every meeting on each request grew with the alliance's history; the totals are
    kept per content version, and a new or an unpublished meeting shows at once."""
    url = BODY + "meeting/"
    fresh = {"Cache-Control": "no-cache"}
    assert client.get(url, headers=fresh).json()["pagination"]["totalElements"] == 1
    with CaptureQueriesContext(connection) as again:
        assert client.get(url, headers=fresh).json()["pagination"]["totalElements"] == 1
    assert not [query for query in again if "COUNT(" in query["sql"]]

    make_session()
    assert client.get(url, headers=fresh).json()["pagination"]["totalElements"] == 2
    world["session"].unpublish()
    listing = client.get(url, headers=fresh).json()
    assert listing["pagination"]["totalElements"] == 2
    assert [m.get("deleted", False) for m in listing["data"]] == [False, True]
