"""Plain hostile input a consumer can type: every answer a 4xx problem naming the parameter."""

from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import APIToken, Page

PROBLEM_JSON = "application/problem+json"
HUGE = "99999999999999999999"  # beyond 64 bits
BODY = "/oparl/v1.1/body/buendnis/"


@pytest.fixture
def editor_token(db, django_user_model):
    user = django_user_model.objects.create_superuser("api-redaktion", "r@example.org", "x")
    return APIToken.create_token(user=user, name="Redaktion")[1]


@pytest.fixture(params=["anonymous", "token"])
def headers(request):
    if request.param == "anonymous":
        return {}
    return {"HTTP_AUTHORIZATION": f"Bearer {request.getfixturevalue('editor_token')}"}


def get(client, url, headers):
    client.raise_request_exception = False
    return client.get(url, **headers)


def refusals(client, cases, headers):
    """(url, name) cases not answered with a 400 problem naming the parameter."""
    wrong = []
    for url, name in cases:
        response = get(client, url, headers)
        if (
            response.status_code != 400
            or response["Content-Type"] != PROBLEM_JSON
            or name not in response.content.decode()
        ):
            wrong.append((url, response.status_code, response.content[:200]))
    return wrong


@pytest.mark.parametrize(
    "path", ["/api/v3/partners/", "/api/v3/sessions/", "/api/v3/pages/", "/api/v3/events/"]
)
def test_quotes_and_nul_in_api_search(client, world, headers, path):
    quote = get(client, f"{path}?search=%22", headers)
    assert quote.status_code == 200
    assert get(client, f"{path}?search=%22Demokratie", headers).status_code == 200
    nul = get(client, f"{path}?search=a%00b", headers)
    assert nul.status_code == 400
    assert nul["Content-Type"] == PROBLEM_JSON
    assert "search" in nul.json()["detail"]


def test_quotes_and_nul_in_site_search(client, world):
    for term in ['"', '""', 'Bündnis "Demokratie', "\x00"]:
        assert get(client, "/suche/?" + urlencode({"q": term}), {}).status_code == 200, term


def test_a_long_number_is_a_search_not_an_id(client, world):
    response = client.get("/api/v3/partners/", {"search": "99999999999999999999"})
    assert response.status_code == 200


def test_a_quote_separates_words_in_search(client, world):
    plain = client.get("/api/v3/partners/", {"search": "Testverein"}).json()["count"]
    assert plain
    assert client.get("/api/v3/partners/", {"search": '"Testverein"'}).json()["count"] == plain


BEYOND_64_BITS = [
    *[
        (f"/api/v3/{kind}/?{param}={HUGE}", param)
        for kind in [
            "partners",
            "sessions",
            "events",
            "news",
            "bodies",
            "pages",
            "images",
            "documents",
            "sites",
            "redirects",
        ]
        for param in ["offset", "limit"]
    ],
    (f"/api/v3/sessions/?body={HUGE}", "body"),
    (f"/api/v3/events/?series={HUGE}", "series"),
    (f"/api/v3/pages/?child_of={HUGE}", "child_of"),
    (f"/api/v3/register/members/?offset={HUGE}", "offset"),
    (f"/api/v3/register/contacts/?offset=-{HUGE}", "offset"),
    (f"{BODY}meeting/?organization={HUGE}", "organization"),
    (f"{BODY}meeting/?page={HUGE}", "page"),
]


def test_integers_beyond_64_bits_are_a_400_naming_the_parameter(client, world, headers):
    assert refusals(client, BEYOND_64_BITS, headers) == []


BAD_DATES = [
    ("/api/v3/sessions/?date_from=0001-01-01", "date_from"),
    ("/api/v3/events/?date_from=0001-01-01", "date_from"),
    ("/api/v3/news/?date_from=0001-01-01", "date_from"),
    ("/api/v3/sessions/?date_to=0", "date_to"),
    ("/api/v3/events/?date_to=2026-02-30", "date_to"),
    *[
        (f"{BODY}{kind}/?{param}={moment}", param)
        for kind in ["meeting", "organization", "person", "membership", "paper"]
        for param in ["created_since", "modified_until"]
        for moment in [
            "2026-13-01T00:00:00",
            "2026-02-30T00:00:00",
            "0001-01-01T00:00:00",
            "9999-12-31T23:59:59-23:59",
        ]
    ],
]


def test_impossible_or_unstorable_dates_are_a_400_naming_the_parameter(client, world, headers):
    assert refusals(client, BAD_DATES, headers) == []


def test_the_last_storable_day_still_answers(client, world):
    response = client.get("/api/v3/events/", {"date_to": "9999-12-31"})
    assert response.status_code == 200


def test_an_array_as_page_update_is_a_422_problem(client, world, editor_token):
    page = Page.objects.filter(depth=3).first()
    client.raise_request_exception = False
    response = client.patch(
        f"/api/v3/pages/{page.pk}/",
        data="[]",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {editor_token}",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM_JSON


def test_a_broken_png_upload_is_a_422_problem_naming_the_file(client, world, editor_token):
    broken = SimpleUploadedFile("kaputt.png", b"\x89PNG\r\n\x1a\n" + b"kein Bild", "image/png")
    client.raise_request_exception = False
    response = client.post(
        "/api/v3/images/",
        {"title": "Kaputt", "file": broken},
        HTTP_AUTHORIZATION=f"Bearer {editor_token}",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM_JSON
    assert "file" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v3/documents/",
        "/api/v3/images/",
        "/api/v3/redirects/",
        "/api/v3/pages/",
        "/api/v3/partners/",
    ],
)
@pytest.mark.parametrize("authorization", ["Bearer falsch", "Bearer ", "Basic eDp5"])
def test_an_unknown_token_is_refused_not_read_as_anonymous(client, world, path, authorization):
    response = client.get(path, HTTP_AUTHORIZATION=authorization)
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM_JSON


def test_a_valid_token_still_reads(client, world, editor_token):
    response = client.get("/api/v3/images/", HTTP_AUTHORIZATION=f"Bearer {editor_token}")
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/api/v3/gibt-es-nicht/", "/oparl/v1.1/gibt-es-nicht/"])
def test_unknown_api_addresses_are_a_404_problem(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM_JSON


def test_a_server_error_in_the_api_is_a_problem_not_the_html_page(client, world, monkeypatch):
    """Production settings (DEBUG off): consumers parse the answer they get."""
    from network import api as network_api

    def broken(*args, **kwargs):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(network_api, "public_partners", broken)
    client.raise_request_exception = False
    response = client.get("/api/v3/partners/")
    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM_JSON
    assert "kaputt" not in response.content.decode()
    visitor = client.get("/gibt-es-nicht/")
    assert visitor.status_code == 404
    assert visitor["Content-Type"].startswith("text/html")
