"""Template fragments that change only with content are cached and refreshed on publish."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from home.models import AllianceSettings, HomePage, StandardPage
from network.models import PartnerIndexPage
from tests.published_content import publish

FRESH = {"Cache-Control": "no-cache"}  # past the response cache: the template renders


def render(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=FRESH)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_menu_footer_and_home_sections_are_cached_between_renders(client, demo):
    _, first = render(client, "/")
    html, second = render(client, "/")
    assert second < first
    assert "Bündnispartner nach Themenfeldern" in html


def test_a_new_section_reaches_menu_and_footer_on_publish(client, demo):
    render(client, "/impressum/")
    publish(
        HomePage.objects.get(),
        StandardPage(title="Barrierefreiheit", slug="barrierefreiheit", show_in_menus=True),
    )
    html, _ = render(client, "/impressum/")
    assert html.count('href="/barrierefreiheit/"') == 2  # header menu and footer


def test_changed_office_details_reach_the_footer(client, demo):
    render(client, "/impressum/")
    office = AllianceSettings.for_site(Site.objects.get(is_default_site=True))
    office.office_name = "Koordinierungsbüro am Hauptmarkt"
    office.save()
    html, _ = render(client, "/impressum/")
    assert "Koordinierungsbüro am Hauptmarkt" in html


def test_partner_werden_links_to_the_application_form(client, demo):
    html, _ = render(client, "/partner-werden/")
    assert f'href="{demo["application_page"].url}"' in html


def test_directory_choices_follow_newly_admitted_partners(client, demo, make_partner_profile):
    directory = PartnerIndexPage.objects.get().url
    assert "Lichtenstein" not in render(client, directory)[0]
    make_partner_profile(
        "Kulturverein Lichtenstein (fiktiv)", town="Lichtenstein", topics=["Bildung"]
    )
    html, _ = render(client, directory + "?letter=K")
    assert '<option value="Lichtenstein">' in html
    assert "Kulturverein Lichtenstein (fiktiv)" in html


def test_the_directory_total_follows_new_and_withdrawn_profiles(client, demo, make_partner_profile):
    """The number of matches is kept per content version; it must never lag behind."""
    directory = PartnerIndexPage.objects.get().url + "?q=Lichtenstein"
    assert "0 Bündnispartner gefunden" in render(client, directory)[0]
    profile = make_partner_profile("Kulturverein Lichtenstein (fiktiv)", town="Lichtenstein")
    assert "1 Bündnispartner gefunden" in render(client, directory)[0]
    profile.unpublish()
    assert "0 Bündnispartner gefunden" in render(client, directory)[0]


def test_body_sections_follow_the_clock_as_well_as_content(client, make_demo_session, plenary):
    """Kept between renders, the sessions still move from upcoming to past when one starts."""
    import datetime
    from unittest import mock

    from django.utils import timezone

    session = make_demo_session(days=1, title="Sitzung morgen")

    def sections(html):
        upcoming, past = html.split('id="past-sessions"')
        return "Sitzung morgen" in upcoming, "Sitzung morgen" in past

    html, first = render(client, plenary.url)
    assert sections(html) == (True, False)
    html, second = render(client, plenary.url)
    assert second < first and sections(html) == (True, False)

    after_start = session.start + datetime.timedelta(minutes=1)
    with mock.patch.object(timezone, "now", return_value=after_start):
        html, _ = render(client, plenary.url)
    assert sections(html) == (False, True)


def test_a_new_event_reaches_the_cached_month(client, make_demo_event):
    from events.models import EventIndexPage

    first = make_demo_event(days=1, title="Erster Termin")
    month = first.start.strftime("%Y-%m")
    url = f"{EventIndexPage.objects.get().url}?ansicht=monat&monat={month}"
    assert "Erster Termin" in render(client, url)[0]
    make_demo_event(days=1, title="Zweiter Termin")
    html, _ = render(client, url)
    assert "Erster Termin" in html and "Zweiter Termin" in html


def test_a_partner_profile_is_kept_and_follows_content_and_the_day(client, make_partner_profile):
    """Kept between renders, a profile still shows a new contact at once and drops a seat that
    ended yesterday on the next day."""
    import datetime
    from unittest import mock

    from django.utils import timezone

    from network.models import BodyMembership, ContactPerson, MembershipRole, WorkingGroupPage

    profile = make_partner_profile("Behaltener Verein (fiktiv)")
    body = WorkingGroupPage.objects.live().order_by("title").first()
    BodyMembership.objects.create(
        body=body, member=profile.member, role=MembershipRole.MEMBER, end_date=timezone.localdate()
    )
    html, first = render(client, profile.url)
    assert "Mitarbeit in Gremien" in html
    html, second = render(client, profile.url)
    assert second < first and "Mitarbeit in Gremien" in html

    ContactPerson.objects.create(
        member=profile.member, name="Neue Ansprechperson", publish_consent=True
    )
    assert "Neue Ansprechperson" in render(client, profile.url)[0]

    tomorrow = timezone.now() + datetime.timedelta(days=1)
    with mock.patch.object(timezone, "now", return_value=tomorrow):
        html, _ = render(client, profile.url)
    assert "Mitarbeit in Gremien" not in html and "Neue Ansprechperson" in html
