"""The application form and the error page, as a visitor meets them in a real browser."""

import pytest

from home.models import StandardPage
from network.models import MembershipApplication

from .conftest import blocking_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

ORGANISATION = "Nachbarschaftsinitiative Marienthal (fiktiv)"


def described_by(page, label):
    """The text a screen reader reads as the field's description, and whether it is invalid."""
    field = page.get_by_label(label)
    ids = (field.get_attribute("aria-describedby") or "").split()
    texts = [page.locator(f"[id='{i}']").inner_text() for i in ids]
    return " ".join(texts), field.get_attribute("aria-invalid")


def test_visitor_applies_with_a_mistake_first_then_successfully(browser_page, site_data):
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
    page.get_by_role("button", name="Antrag absenden").click()

    alert = page.get_by_role("alert")
    assert "Bitte prüfen Sie die markierten Angaben." in alert.inner_text()
    assert (
        page.locator("#id_email_error")
        .get_by_text("Bitte eine gültige E-Mail-Adresse angeben.")
        .is_visible()
    )
    assert page.get_by_text("Ohne Ihre Einwilligung können wir den Antrag nicht bearbeiten.")
    # Each error is announced with its field and marked there, not by colour alone.
    description, invalid = described_by(page, "E-Mail")
    assert "Bitte eine gültige E-Mail-Adresse angeben." in description and invalid == "true"
    assert (
        page.get_by_label("E-Mail").evaluate("el => getComputedStyle(el).borderTopWidth") == "2px"
    )
    assert described_by(page, "Organisation")[1] is None
    link = alert.get_by_role("link", name="E-Mail: Bitte eine gültige E-Mail-Adresse angeben.")
    assert link.get_attribute("href") == "#id_email"
    # Nothing typed is lost, and nothing is stored yet.
    assert page.get_by_label("Organisation").input_value() == ORGANISATION
    assert page.get_by_role("checkbox", name="Bildung", exact=True).is_checked()
    assert not MembershipApplication.objects.filter(organisation=ORGANISATION).exists()
    assert blocking_violations(page) == []

    page.get_by_label("E-Mail").fill("erika@example.org")
    page.get_by_label("Ich willige ein").check()
    page.get_by_role("button", name="Antrag absenden").click()
    assert page.get_by_role("status").is_visible()
    application = MembershipApplication.objects.get(organisation=ORGANISATION)
    assert application.email == "erika@example.org"
    assert [t.name for t in application.topics.all()] == ["Bildung"]


def test_a_server_error_shows_the_german_error_page(browser_page, site_data, monkeypatch):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(StandardPage, "serve", broken)
    response = browser_page.goto("/impressum/")
    assert response.status == 500
    assert browser_page.get_by_role("heading", name="Ein Fehler ist aufgetreten").is_visible()
    assert browser_page.locator("html").get_attribute("lang") == "de"
    assert "simulated failure" not in browser_page.content()
    assert blocking_violations(browser_page) == []
    browser_page.get_by_role("link", name="Zur Startseite").click()
    assert browser_page.get_by_role("heading", level=1).count() == 1
