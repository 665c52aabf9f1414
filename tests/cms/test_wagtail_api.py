"""The places this project reaches into Wagtail's internals fail loudly when Wagtail changes.

`cms/wagtail_api.py` patches Wagtail's API object and `cms/visibility.py` overrides the queryset
method Wagtail's `.public()` is built on; a Wagtail upgrade that moves either must break here,
not silently leak drafts or lose the problem answers.
"""

import inspect

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.api.v3 import querysets
from wagtail.api.v3.urls import api
from wagtail.query import PageQuerySet

import cms.urls  # noqa: F401  (mounts the routers and applies the patches)
from cms import wagtail_api
from cms.visibility import VisitorPageQuerySet
from home.models import NewsPage


def test_a_missing_wagtail_internal_stops_start_up_with_its_name():
    with pytest.raises(ImproperlyConfigured, match=r"querysets\.gone_in_wagtail_9"):
        wagtail_api.required(querysets, "gone_in_wagtail_9")


def test_the_public_pages_of_wagtails_api_are_ours():
    assert querysets.get_public_pages_queryset.__qualname__.startswith(
        "hide_pages_below_unpublished_parents"
    )


def test_wagtails_error_handlers_are_wrapped_per_class():
    handlers = wagtail_api.required(api, "_exception_handlers")
    for error_class in (
        wagtail_api.NinjaValidationError,
        wagtail_api.PydanticValidationError,
        wagtail_api.DjangoValidationError,
    ):
        assert handlers[error_class].__qualname__.startswith("use_400_for_bad_queries")


@pytest.mark.django_db
def test_the_openapi_document_carries_the_problem_answers(client):
    document = client.get(reverse(f"{api.urls_namespace}:openapi-json")).json()
    assert "ProblemDetail" in document["components"]["schemas"]
    assert "AllowAnonymous" not in document["components"].get("securitySchemes", {})


def test_wagtails_public_filter_is_still_built_on_private_q():
    """VisitorPageQuerySet speeds up `.public()` by overriding `private_q`."""
    assert "private_q" in inspect.getsource(PageQuerySet.public)
    assert "private_q" in vars(VisitorPageQuerySet)


def test_anonymous_page_totals_are_kept_until_content_changes(client, make_partner_profile):
    """Wagtail counted every matching page on each request; a public total is kept per content
    version, and a new profile shows at once."""
    assert wagtail_api.WagtailLimitOffsetPagination._items_count.__qualname__.startswith(
        "keep_public_page_totals"
    )
    url = "/api/v3/pages/?type=network.PartnerPage&limit=1"
    fresh = {"Cache-Control": "no-cache"}
    before = client.get(url, headers=fresh).json()["count"]
    with CaptureQueriesContext(connection) as again:
        assert client.get(url, headers=fresh).json()["count"] == before
    assert not [query for query in again if "COUNT(" in query["sql"]]

    make_partner_profile()
    assert client.get(url, headers=fresh).json()["count"] == before + 1
    assert client.get(url + "&offset=1", headers=fresh).json()["count"] == before + 1
    news = client.get("/api/v3/pages/?type=home.NewsPage&limit=1", headers=fresh).json()
    assert news["count"] == NewsPage.objects.live().count() != before + 1


def test_find_is_documented_as_the_redirect_it_answers_with(client, make_partner_profile):
    profile = make_partner_profile()
    find = client.get("/api/v3/openapi.json").json()["paths"]["/api/v3/pages/find/"]["get"]
    assert "302" in find["responses"] and "200" not in find["responses"]

    response = client.get(f"/api/v3/pages/find/?id={profile.pk}")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/api/v3/pages/{profile.pk}/")
