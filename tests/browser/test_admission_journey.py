"""The plenary admits a member: the office records the resolution in the browser, once.

Publishing a held session applies its adopted resolutions to the member register; publishing
it again must not record a second step or send a second welcome mail. After the admission the
admin offers the public partner profile, and the directory shows the new partner.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cms.outbox.models import OutgoingMessage
from events.models import SessionPage, SessionStatus
from network.models import ContactPerson, Member, PartnerIndexPage
from network.roles import OFFICE
from network.workflow import MemberStatus, change_status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Initiative Buntes Glauchau (fiktiv)"
RESOLUTION = "Aufnahme der Initiative Buntes Glauchau"


def publish(page):
    """ "Veröffentlichen" sits in the save button's dropdown; open it as an editor would."""
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.locator("button[name='action-publish']").click()


def choose_member(page, panel, name):
    """The chooser starts with admitted entries; the office switches to the Beirat's list."""
    field = panel.locator("[data-contentpath='affected_member']")
    field.get_by_role("button", name="Bündnispartner auswählen").click()
    modal = page.get_by_role("dialog")
    modal.get_by_label("Status").select_option(label="vom Beirat empfohlen")
    modal.get_by_role("link", name=name).click()
    expect(modal).to_be_hidden()


def status_history(page):
    """The rows of "Verlauf des Aufnahmeverfahrens" as (von, nach, Beschluss) tuples."""
    expect(page.get_by_role("heading", name="Verlauf des Aufnahmeverfahrens")).to_be_visible()
    rows = page.locator("h2:has-text('Verlauf des Aufnahmeverfahrens') + table tbody tr")
    return [tuple(row.locator("td").all_inner_texts()[1:4]) for row in rows.all()]


def test_office_records_an_admission_and_the_register_changes_once(
    browser_page, server_errors, shot, log_in_as_role, make_member, make_demo_session, plenary
):
    member = make_member(name=NAME, municipality="Glauchau")
    change_status(
        member,
        MemberStatus.RECOMMENDED,
        decided_on=timezone.localdate() - datetime.timedelta(days=14),
        resolution="B-2026-04",
    )
    ContactPerson.objects.create(member=member, name="Erika Beispiel", email="erika@example.org")
    session = make_demo_session(days=-1, title="Plenarsitzung mit Aufnahme")
    page = browser_page
    log_in_as_role(page, OFFICE)

    page.goto("/admin/snippets/network/member/")
    row = page.get_by_role("row").filter(has_text=NAME)
    expect(row).to_contain_text("vom Beirat empfohlen")
    shot(page, "verzeichnis-empfohlen")

    # The session took place yesterday; the office records what it decided.
    page.goto(f"/admin/pages/{session.pk}/edit/")
    page.locator("#id_status").select_option(label="durchgeführt")
    page.locator("#id_resolutions-ADD").click()
    resolution = page.locator("[id^='inline_child_resolutions-']").last
    resolution.locator("input[id$='-title']").fill(RESOLUTION)
    resolution.locator("[id$='-kind']").select_option(label="Aufnahme eines Bündnispartners")
    resolution.locator("[id$='-outcome']").select_option(label="angenommen")
    resolution.locator("[id$='-votes_yes']").fill("12")
    resolution.locator("[id$='-votes_no']").fill("0")
    resolution.locator("[id$='-votes_abstain']").fill("2")
    choose_member(page, resolution, NAME)
    expect(resolution).to_contain_text(NAME)
    shot(page, "beschluss-erfasst")

    publish(page)
    page.wait_for_url(re.compile(rf"/admin/pages/{plenary.pk}/$"))
    expect(page.get_by_text(f"„{NAME}“ ist aufgenommen.")).to_be_visible()
    shot(page, "veroeffentlicht")

    number = session.resolutions.get().number
    assert re.fullmatch(r"P-\d{4}-\d{2}", number)
    page.goto(f"/admin/snippets/network/member/inspect/{member.pk}/")
    admitted = ("vom Beirat empfohlen", "aufgenommen", number)
    assert status_history(page).count(admitted) == 1
    shot(page, "verlauf-einmal")

    # Publishing again (a correction of the votes) applies nothing a second time.
    page.goto(f"/admin/pages/{session.pk}/edit/")
    page.locator("#id_resolutions-0-votes_abstain").fill("1")
    publish(page)
    page.wait_for_url(re.compile(rf"/admin/pages/{plenary.pk}/$"))
    assert session.resolutions.get().votes_abstain == 1
    assert Member.objects.get(pk=member.pk).status == MemberStatus.ADMITTED
    welcome = OutgoingMessage.objects.filter(kind="member.admitted")
    assert list(welcome.values_list("recipient_email", flat=True)) == ["erika@example.org"]

    # The message after the admission offers the public profile, on the entry's page.
    page.get_by_role("link", name="Partnerprofil anlegen").click()
    assert status_history(page).count(admitted) == 1
    assert len(status_history(page)) == 2  # recommended by the Beirat, then admitted
    page.get_by_role("button", name="Partnerprofil anlegen").click()
    expect(page.get_by_text("Das Partnerprofil wurde angelegt und veröffentlicht.")).to_be_visible()
    shot(page, "partnerprofil-angelegt")

    # Wagtail's audit log of the entry records the step once as well.
    page.goto(f"/admin/snippets/network/member/history/{member.pk}/")
    step = page.get_by_text("Status geändert: vom Beirat empfohlen → aufgenommen")
    expect(step).to_have_count(1)
    shot(page, "protokoll-einmal")

    page.goto("/admin/snippets/network/member/")
    expect(page.get_by_role("row").filter(has_text=NAME)).to_contain_text("aufgenommen")
    shot(page, "verzeichnis-aufgenommen")

    page.goto(PartnerIndexPage.objects.get().url)
    page.get_by_role("link", name=NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    shot(page, "partnerprofil-oeffentlich")

    page.goto(session.url)
    expect(page.locator("main")).to_contain_text(RESOLUTION)
    expect(page.locator("main")).to_contain_text(number)
    expect(page.locator("main")).to_contain_text("12 Ja, 0 Nein, 1 Enthaltung")
    shot(page, "sitzung-oeffentlich")

    assert SessionPage.objects.get(pk=session.pk).status == SessionStatus.HELD
    assert server_errors == []
