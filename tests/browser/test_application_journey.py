"""A visitor applies for membership, makes mistakes first, fixes them, and the office hears of it."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from cms.outbox.models import OutgoingMessage
from network.models import MembershipApplication

from .conftest import blocking_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

ORGANISATION = "Nachbarschaftsinitiative Marienthal (fiktiv)"
EMAIL_ERROR = "Bitte eine gültige E-Mail-Adresse angeben."


def described_by(page, label):
    """The text a screen reader reads as the field's description, and whether it is invalid."""
    field = page.get_by_label(label)
    ids = (field.get_attribute("aria-describedby") or "").split()
    texts = [page.locator(f"[id='{i}']").inner_text() for i in ids]
    return " ".join(texts), field.get_attribute("aria-invalid")


def test_visitor_applies_with_a_mistake_first_then_successfully(
    browser_page, server_errors, shot, site_data, mailoutbox
):
    # Filled in at once, as a browser's autofill would: that is no reason to refuse.
    page = browser_page
    page.goto("/partner-werden/")
    page.get_by_role("link", name="Antrag auf Aufnahme").click()
    page.get_by_label("Organisation").fill(ORGANISATION)
    page.locator("select[name=kind]").select_option(index=1)
    page.get_by_label("Gemeinde").fill("Zwickau")
    page.get_by_label("Ansprechperson").fill("Erika Beispiel")
    page.get_by_label("E-Mail").fill("erika-at-example.org")
    page.get_by_role("checkbox", name="Bildung", exact=True).check()
    shot(page, "ausgefuellt-mit-fehlern")
    page.get_by_role("button", name="Antrag absenden").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Bitte prüfen Sie die markierten Angaben.")
    expect(page.locator("#id_email_error").get_by_text(EMAIL_ERROR)).to_be_visible()
    expect(page.locator("#id_privacy_consent_error")).to_have_text(
        "Ohne Ihre Einwilligung können wir den Antrag nicht bearbeiten."
    )
    shot(page, "fehler-angezeigt")
    # Each error is announced with its field and marked there, not by colour alone.
    description, invalid = described_by(page, "E-Mail")
    assert EMAIL_ERROR in description and invalid == "true"
    assert (
        page.get_by_label("E-Mail").evaluate("el => getComputedStyle(el).borderTopWidth") == "2px"
    )
    assert described_by(page, "Organisation")[1] is None
    link = alert.get_by_role("link", name=f"E-Mail: {EMAIL_ERROR}")
    assert link.get_attribute("href") == "#id_email"
    # Nothing typed is lost, the mistake included, and nothing is stored or sent yet.
    expect(page.get_by_label("Organisation")).to_have_value(ORGANISATION)
    expect(page.get_by_label("Gemeinde")).to_have_value("Zwickau")
    expect(page.get_by_label("Ansprechperson")).to_have_value("Erika Beispiel")
    expect(page.get_by_label("E-Mail")).to_have_value("erika-at-example.org")
    expect(page.get_by_role("checkbox", name="Bildung", exact=True)).to_be_checked()
    assert not MembershipApplication.objects.filter(organisation=ORGANISATION).exists()
    assert mailoutbox == []
    assert blocking_violations(page) == []

    # The error summary's link takes the visitor to the field.
    link.click()
    expect(page.get_by_label("E-Mail")).to_be_focused()
    page.get_by_label("E-Mail").fill("erika@example.org")
    page.get_by_label("Ich willige ein").check()
    shot(page, "korrigiert")
    page.get_by_role("button", name="Antrag absenden").click()
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)
    shot(page, "eingegangen")

    application = MembershipApplication.objects.get(organisation=ORGANISATION)
    assert application.email == "erika@example.org"
    assert [t.name for t in application.topics.all()] == ["Bildung"]
    # The office learns of it by mail, the applicant gets the receipt, each exactly once.
    [office] = mailoutbox
    assert office.to == [settings.OFFICE_NOTIFICATION_EMAIL]
    assert office.subject == f"Neuer Aufnahmeantrag: {ORGANISATION}"
    receipts = OutgoingMessage.objects.filter(
        kind="application.received", recipient_email="erika@example.org"
    )
    assert receipts.count() == 1
    assert server_errors == []
