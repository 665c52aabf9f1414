import json

import jsonschema
import pytest
from django.contrib.auth.models import Permission
from django.utils.http import parse_http_date
from wagtail.models import APIToken, PageViewRestriction

from events.models import SessionStatus
from home.models import NewsKind
from tests.published_content import assert_no_sentinel, at, restrict

LISTS = ["partners", "bodies", "sessions", "events", "news"]


def get(client, url, **headers):
    return client.get(url, headers=headers)


@pytest.fixture
def openapi(client):
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    return response.json()


def response_schema(openapi, path, status="200"):
    schema = openapi["paths"][path]["get"]["responses"][status]["content"]["application/json"]
    return {**schema["schema"], "components": openapi["components"]}


def test_every_domain_endpoint_answers_as_its_openapi_schema_says(client, world, openapi):
    checked = 0
    for name in LISTS:
        listing = client.get(f"/api/v3/{name}/")
        assert listing.status_code == 200
        jsonschema.validate(listing.json(), response_schema(openapi, f"/api/v3/{name}/"))
        first = listing.json()["items"][0]
        detail_path = next(p for p in openapi["paths"] if p.startswith(f"/api/v3/{name}/{{"))
        detail = client.get(f"/api/v3/{name}/{first['id']}/")
        assert detail.status_code == 200
        jsonschema.validate(detail.json(), response_schema(openapi, detail_path))
        checked += 2
    assert checked == 10
    assert client.get("/api/v3/docs/").status_code == 200


def test_lists_carry_typed_nested_fields(client, world):
    session = client.get("/api/v3/sessions/").json()["items"][0]
    assert session["location"]["town"] == "Zwickau"
    assert session["body"]["title"] == "AG API (fiktiv)"
    assert [item["title"] for item in session["agenda"]] == ["Bericht des Büros"]
    assert session["resolutions"][0]["title"] == "Gemeinsames Vorhaben (fiktiv)"
    partner = client.get("/api/v3/partners/").json()["items"][0]
    assert partner["topics"][0]["slug"] == "erinnerung"
    assert [c["name"] for c in partner["contacts"]] == [
        c["name"] for c in partner["contacts"] if c["name"].startswith("Öffentliche")
    ]
    news = client.get("/api/v3/news/").json()["items"][0]
    assert news["body"] == "<p>Text <b>fett</b></p>"


def test_anonymous_responses_never_contain_private_data(client, world):
    urls = [f"/api/v3/{name}/" for name in LISTS]
    for name in LISTS:
        for item in client.get(f"/api/v3/{name}/").json()["items"]:
            urls.append(f"/api/v3/{name}/{item['id']}/")
    urls += ["/api/v3/pages/", "/feeds/news.atom", "/api/v3/news/?search=SENTINEL"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_sentinel(response.content.decode())


def test_drafts_and_private_pages_are_absent_everywhere(client, world):
    for name in ("news", "events"):
        titles = [i["title"] for i in client.get(f"/api/v3/{name}/").json()["items"]]
        assert titles and not [t for t in titles if "SENTINEL" in t]
    for page in (world["draft"], world["private"]):
        assert client.get(f"/api/v3/news/{page.pk}/").status_code == 404
    assert client.get(f"/api/v3/events/{world['private_event'].pk}/").status_code == 404
    assert client.get("/api/v3/news/?search=Meldung").json()["count"] == 1
    assert "SENTINEL" not in client.get("/feeds/news.atom").content.decode()


def test_filters_narrow_the_lists(client, world, make_sentinel_partner, make_session, make_event):
    make_sentinel_partner(town="Crimmitschau", kind="church")
    make_session(start=at(2026, 9, 1, 18), status=SessionStatus.PLANNED)
    make_event(start=at(2026, 12, 1, 18), topics=[])

    def count(url):
        return client.get(url).json()["count"]

    assert count("/api/v3/partners/?town=crimmitschau") == 1
    assert count("/api/v3/partners/?kind=church") == 1
    assert count("/api/v3/partners/?topic=erinnerung") == 2
    assert count(f"/api/v3/sessions/?body={world['body'].pk}") == 2
    assert count("/api/v3/sessions/?status=planned") == 1
    assert count("/api/v3/sessions/?date_from=2026-08-01&date_to=2026-09-01") == 1
    assert count("/api/v3/events/?date_from=2026-11-01") == 1
    assert count("/api/v3/events/?topic=erinnerung") == 1
    assert count("/api/v3/news/?kind=press_release") == 0
    names = [p["town"] for p in client.get("/api/v3/partners/?order=-town").json()["items"]]
    assert names == ["Zwickau", "Crimmitschau"]


def test_pagination_reports_totals(client, world, make_news):
    make_news(kind=NewsKind.PRESS_RELEASE)
    page = client.get("/api/v3/news/?limit=1&offset=1").json()
    assert (page["count"], page["limit"], page["offset"], len(page["items"])) == (2, 1, 1, 1)


def test_totals_and_last_modified_follow_every_change(client, world, make_sentinel_partner):
    """The totals are kept per content version: a new profile or an unpublished one shows."""
    url = "/api/v3/partners/?topic=erinnerung&limit=1"
    fresh = {"Cache-Control": "no-cache"}
    before = client.get(url, headers=fresh)
    assert before.json()["count"] == client.get(url, headers=fresh).json()["count"] == 1

    added = make_sentinel_partner()
    after = client.get(url, headers=fresh)
    assert after.json()["count"] == 2
    assert parse_http_date(after["Last-Modified"]) >= parse_http_date(before["Last-Modified"])

    added.unpublish()
    assert client.get(url, headers=fresh).json()["count"] == 1


def test_partner_list_orders_by_title_then_id(client, make_partner_profile):
    """Equal titles keep one order, by id: paging through a topic never repeats or skips one.

    The list is served in this order by an index on (content type, title, id), cms.0006.
    """
    from network.models import Topic

    Topic.objects.create(name="Reihenfolge (fiktiv)", slug="reihenfolge")
    first, second, other = (make_partner_profile(topics=["Reihenfolge (fiktiv)"]) for _ in "abc")
    for profile, title in (
        (second, "Gleicher Titel"),
        (first, "Gleicher Titel"),
        (other, "Anders"),
    ):
        profile.title = title
        profile.save_revision().publish()
    url = "/api/v3/partners/?topic=reihenfolge&limit=1&offset={}"
    paged = [client.get(url.format(offset)).json()["items"][0]["id"] for offset in range(3)]
    assert paged == [other.pk, *sorted([first.pk, second.pk])]
    whole = client.get("/api/v3/partners/?topic=reihenfolge&order=-title").json()["items"]
    assert [item["id"] for item in whole] == [*sorted([first.pk, second.pk]), other.pk]


def test_a_section_restricted_after_a_read_disappears_at_once(client, world, make_sentinel_partner):
    """The restricted sections are kept per content version; a new restriction must apply."""
    profile = make_sentinel_partner()
    url = f"/api/v3/partners/{profile.pk}/"
    fresh = {"Cache-Control": "no-cache"}
    assert client.get(url, headers=fresh).status_code == 200
    restrict(profile)
    assert client.get(url, headers=fresh).status_code == 404
    assert profile.pk not in [p["id"] for p in client.get("/api/v3/partners/").json()["items"]]
    PageViewRestriction.objects.filter(page=profile).delete()
    assert client.get(url, headers=fresh).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "colour=blue",
        "date_from=31.02.2026",
        "limit=0",
        "limit=1000",
        "offset=-1",
        "order=colour",
        "kind=unbekannt",
    ],
)
def test_bad_queries_get_400_with_a_json_message(client, world, query):
    response = client.get(f"/api/v3/events/?{query}")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_conditional_get_round_trip(client, world):
    first = client.get("/api/v3/news/")
    assert "public" in first["Cache-Control"] and "max-age=" in first["Cache-Control"]
    assert first["Last-Modified"]
    again = get(client, "/api/v3/news/", if_none_match=first["ETag"])
    assert again.status_code == 304
    since = get(client, "/api/v3/news/", if_modified_since=first["Last-Modified"])
    assert since.status_code == 304
    oparl = client.get("/oparl/v1.1/body/buendnis/meeting/")
    assert (
        get(client, "/oparl/v1.1/body/buendnis/meeting/", if_none_match=oparl["ETag"]).status_code
        == 304
    )


def test_publishing_changes_the_etag(client, world, make_news):
    etag = client.get("/api/v3/news/")["ETag"]
    make_news()
    assert get(client, "/api/v3/news/", if_none_match=etag).status_code == 200


@pytest.fixture
def token(db, django_user_model):
    def make(*perms):
        user = django_user_model.objects.create_user(
            username=f"konsument{len(perms)}", password="x"
        )
        user.user_permissions.set(Permission.objects.filter(codename__in=perms))
        return APIToken.create_token(user=user, name="Konsument")[1]

    return make


REGISTER = [
    "/api/v3/register/members/",
    "/api/v3/register/contacts/",
    "/api/v3/register/applications/",
]


def test_register_needs_a_token(client, world):
    for url in REGISTER:
        response = client.get(url)
        assert response.status_code == 401
        assert response.json()["detail"]
        assert_no_sentinel(response.content.decode())


def test_a_session_login_does_not_open_the_register(admin_client, world):
    assert admin_client.get(REGISTER[0]).status_code == 401


def test_token_scope_is_the_users_view_permission(client, world, token, openapi):
    without = token()
    for url in REGISTER:
        assert get(client, url, authorization=f"Bearer {without}").status_code == 403
    reader = token("view_member", "view_membershipapplication")
    response = get(client, REGISTER[0], authorization=f"Bearer {reader}")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "SENTINEL-KONTAKT-OHNE-EINWILLIGUNG" in response.content.decode()
    contacts = get(client, REGISTER[1], authorization=f"Bearer {reader}").json()
    assert contacts["count"] == 2
    assert get(client, REGISTER[2], authorization=f"Bearer {reader}").status_code == 200
    for url in REGISTER:
        body = get(client, url, authorization=f"Bearer {reader}").json()
        jsonschema.validate(body, response_schema(openapi, url))


def test_revoked_token_is_refused(client, world, token):
    reader = token("view_member")
    APIToken.objects.update(revoked_at=at(2026, 1, 1, 0, 0))
    assert get(client, REGISTER[0], authorization=f"Bearer {reader}").status_code == 401


def test_cors_allows_configured_origins_read_only(client, world, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://portal.example.org"]
    allowed = get(client, "/api/v3/news/", origin="https://portal.example.org")
    assert allowed["Access-Control-Allow-Origin"] == "https://portal.example.org"
    other = get(client, "/api/v3/news/", origin="https://evil.example.org")
    assert "Access-Control-Allow-Origin" not in other
    preflight = client.options(
        "/api/v3/news/",
        headers={"origin": "https://portal.example.org", "access-control-request-method": "POST"},
    )
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


@pytest.mark.parametrize("name", LISTS)
def test_list_query_count_does_not_grow_with_page_size(
    client,
    world,
    name,
    make_sentinel_partner,
    make_session,
    make_event,
    make_news,
    django_assert_max_num_queries,
):
    def queries_for(extra):
        maker = {
            "partners": make_sentinel_partner,
            "sessions": make_session,
            "events": make_event,
            "news": make_news,
            "bodies": None,
        }[name]
        for _ in range(extra):
            if maker:
                maker()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/api/v3/{name}/?limit=100")
        assert response.status_code == 200
        return len(ctx.captured_queries), json.loads(response.content)["count"]

    few, count_few = queries_for(2)
    with django_assert_max_num_queries(few):
        response = client.get(f"/api/v3/{name}/?limit=100")
    assert response.status_code == 200
    many, count_many = queries_for(27)
    if name != "bodies":
        assert count_many >= count_few + 27
    assert many <= few


HUGE = "713874838386159255552"  # beyond 64 bits: SQLite raised OverflowError for it


@pytest.mark.parametrize("kind", ["partners", "bodies", "sessions", "events", "news"])
def test_ids_beyond_64_bits_are_a_bad_request_not_a_server_error(client, world, kind):
    response = client.get(f"/api/v3/{kind}/{HUGE}/")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize("url", [f"/oparl/v1.1/meeting/{HUGE}/", f"/kalender/sitzung/{HUGE}.ics"])
def test_oparl_and_ical_ids_beyond_64_bits_are_not_found(client, world, url):
    assert client.get(url).status_code == 404
