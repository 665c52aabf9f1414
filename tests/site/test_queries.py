"""Each public page costs a fixed number of queries, whether the site is small or grown."""

import pytest

from events.models import EventIndexPage
from network.models import PartnerIndexPage, WorkingGroupIndexPage

pytestmark = pytest.mark.django_db

# The same bound at both sizes: a page that queried per partner or per session would break it.
MAX_QUERIES = 20


@pytest.fixture(params=[1, 12], ids=["small", "grown"])
def grown_site(
    request, site_data, make_partner_profile, make_demo_session, make_demo_event, make_demo_news
):
    for number in range(request.param):
        make_partner_profile(town=f"Ort {number % 4}", topics=["Bildung", "Asylrecht"])
        make_demo_session(days=number + 1)
        make_demo_session(days=-(number + 1))
        make_demo_event(days=number + 1)
        make_demo_news()
    return site_data


def urls(data):
    return [
        "/",
        WorkingGroupIndexPage.objects.get().url,
        data["plenary"].url,
        data["session"].url,
        PartnerIndexPage.objects.get().url,
        PartnerIndexPage.objects.get().url + "?topic=bildung&town=Ort+1&q=Partnerverein",
        data["partner"].url,
        EventIndexPage.objects.get().url,
        EventIndexPage.objects.get().url + "?ansicht=monat",
        data["event"].url,
        data["news"].get_parent().url,
        data["news"].url,
        "/suche/?q=Partnerverein",
    ]


def test_public_pages_render_with_constant_queries(
    client, grown_site, django_assert_max_num_queries
):
    for url in urls(grown_site):
        with django_assert_max_num_queries(MAX_QUERIES):
            assert client.get(url).status_code == 200, url
