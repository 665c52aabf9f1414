"""schema.org data of session and event pages, as search engines extract it (extruct)."""

import extruct
from wagtail.models import Page

from network.models import Member
from network.workflow import MemberStatus


def events_on(client, page):
    html = client.get(page.url).content.decode()
    data = extruct.extract(html, syntaxes=["json-ld"])["json-ld"]
    return [item for item in data if item.get("@type") == "Event"]


def test_a_session_page_describes_an_event_organised_by_its_body(
    client, make_demo_session, plenary
):
    session = make_demo_session(title="Bündnis-Sitzung im Rathaus")
    [event] = events_on(client, session)
    assert event["name"] == "Bündnis-Sitzung im Rathaus"
    assert event["startDate"].startswith(session.start.astimezone().date().isoformat())
    assert event["location"]["address"]["addressLocality"] == "Zwickau"
    assert [o["name"] for o in event["organizer"]] == [plenary.title]


def test_an_all_day_event_starts_on_a_plain_date(client, make_demo_event):
    page = make_demo_event(title="Aktionstag Demokratie", all_day=True)
    [event] = events_on(client, page)
    assert len(event["startDate"]) == len("2026-05-08")


def test_events_name_only_their_admitted_organisers(client, make_demo_event, make_partner_profile):
    partner = make_partner_profile("Jugendforum Werdau (fiktiv)")
    applicant = Member.objects.create(name="Antragsteller e. V. (fiktiv)", municipality="Zwickau")
    assert applicant.status != MemberStatus.ADMITTED
    page = make_demo_event(title="Gemeinsames Fest")
    page.organisers = [partner.member, applicant]
    page.save_revision().publish()
    page = Page.objects.get(pk=page.pk).specific
    [event] = events_on(client, page)
    assert [o["name"] for o in event["organizer"]] == ["Jugendforum Werdau (fiktiv)"]
    assert event["organizer"][0]["url"].endswith(partner.url)
    assert "Antragsteller" not in client.get(page.url).content.decode()
