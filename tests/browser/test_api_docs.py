"""The interactive API documentation renders in a real browser, from local files, within the CSP."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_swagger_ui_lists_the_operations_without_csp_violations(browser_page, live_server):
    refused, foreign = [], []
    browser_page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    browser_page.on(
        "request",
        lambda request: (
            foreign.append(request.url)
            if not request.url.startswith((live_server.url, "data:"))
            else None
        ),
    )
    browser_page.goto("/api/v3/docs/")
    browser_page.locator(".opblock-summary-path").first.wait_for()
    paths = browser_page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v3/partners/" in path for path in paths)
    assert any("/api/v3/sessions/" in path for path in paths)
    assert refused == []
    assert foreign == []
