"""The error page, as a visitor meets it in a real browser."""

import pytest

from home.models import StandardPage

from .conftest import blocking_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


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
