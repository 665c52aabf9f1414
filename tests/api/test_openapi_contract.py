"""The OpenAPI document as independent tools read it, and the entry points around it."""

import pytest
from openapi_spec_validator import validate

OPENAPI = "/api/v3/openapi.json"


@pytest.fixture
def document(client, db):
    return client.get(OPENAPI).json()


def parameter(document, path, name):
    operation = document["paths"][path]["get"]
    return next(p for p in operation["parameters"] if p["name"] == name)["schema"]


def variants(schema):
    return schema.get("anyOf", [schema])


def test_the_document_is_valid_openapi(document):
    validate(document)


def test_anonymous_reads_are_declared_as_optional_credentials(document):
    assert set(document["components"]["securitySchemes"]) == {"BearerTokenAuth"}
    pages = document["paths"]["/api/v3/pages/"]["get"]
    assert {} in pages["security"]


@pytest.mark.parametrize(
    "path", ["/api/v3/partners/", "/api/v3/sessions/", "/api/v3/events/", "/api/v3/news/"]
)
def test_the_document_declares_what_the_server_enforces(client, document, path):
    assert parameter(document, path, "limit")["maximum"] == 100
    assert client.get(path, {"limit": 101}).status_code == 400
    orders = next(v["enum"] for v in variants(parameter(document, path, "order")) if "enum" in v)
    assert "title" in orders and "-title" in orders
    assert client.get(path, {"order": orders[-1]}).status_code == 200
    assert client.get(path, {"order": "farbe"}).status_code == 400


@pytest.mark.parametrize("path", ["/api/v3/sessions/", "/api/v3/events/", "/api/v3/news/"])
def test_date_parameters_are_dates_and_nothing_else(client, document, path):
    formats = {v.get("format") for v in variants(parameter(document, path, "date_to"))}
    assert "date" in formats
    for value in ["0", "1700000000", "2026-1-1"]:
        response = client.get(path, {"date_to": value})
        assert response.status_code == 400, value
        assert "date_to" in response.content.decode()
    assert client.get(path, {"date_to": "2026-12-31"}).status_code == 200


def test_the_api_root_is_an_index(client, db):
    index = client.get("/api/v3/").json()
    assert index["openapi"].endswith(OPENAPI)
    assert index["docs"].endswith("/api/v3/docs/")
    for name in ["partners", "sessions", "events", "news", "bodies", "pages", "register/members"]:
        assert index["endpoints"][name].endswith(f"/api/v3/{name}/"), name


def test_the_docs_come_from_this_sites_own_static_files(client, db):
    response = client.get("/api/v3/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "script-src 'self'" in response["Content-Security-Policy"]
