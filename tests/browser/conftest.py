"""One Debian chromium for the whole run, pages against pytest-django's live server."""

import itertools
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django must still allow ORM calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
BLOCKING = {"serious", "critical"}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
WIDTHS = {"phone": 375, "desktop": 1280}
TALLEST_CONTENT = (
    "Math.min(6000, Math.max(...Array.from(document.querySelectorAll('body, body *'), "
    "element => element.scrollHeight)))"
)


@pytest.fixture(scope="session")
def chromium():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium fehlt: `make browser` installiert es.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def save_screenshots(page, name):
    """Full-page shots at phone and desktop width, for failures and `make screenshots`."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)


@pytest.fixture
def browser_page(request, chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        save_screenshots(page, f"failed-{request.node.name}")
    # Leaving an admin edit form sends a last "release editing session" request; it must not
    # reach the live server while the test's database is being flushed.
    context.route("**/*", lambda route: route.abort())
    page.goto("about:blank")
    context.close()


def log_in(page, username, password):
    """The admin's login form, as a person types it; returns the page on the dashboard."""
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/admin/")
    return page


def publish_from_the_footer(page):
    """ "Veröffentlichen" sits in the save button's dropdown; open it as an editor would.

    The toggle opens the menu only once its script has connected (Tippy then marks it
    `aria-expanded`); a click before that did nothing, and the publish button never showed.
    """
    from playwright.sync_api import expect

    toggle = page.locator("footer [data-w-dropdown-target='toggle']").first
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.locator("button[name='action-publish']").click()


def blocking_violations(page):
    """axe-core's serious and critical findings on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}×)"
        for v in results.response["violations"]
        if v.get("impact") in BLOCKING
    ]


@pytest.fixture
def log_in_as_role(demo, django_user_model):
    """Log the page in as a new user of one of the alliance's groups (network.roles)."""
    from network.roles import ensure_groups

    groups = ensure_groups()
    numbers = itertools.count(1)

    def login(page, role):
        username = f"rolle-{next(numbers)}"
        user = django_user_model.objects.create_user(username, password="x-secret-42")
        user.groups.add(groups[role])
        log_in(page, username, "x-secret-42")
        return user

    return login


@pytest.fixture
def server_errors(browser_page):
    """Every 5xx the browser received, documents and autosave requests alike; keep it empty."""
    errors = []

    def note(response):
        if response.status >= 500:
            errors.append(f"{response.status} {response.request.method} {response.url}")

    browser_page.on("response", note)
    return errors


@pytest.fixture
def shot(request):
    """`shot(page, "step")` writes screenshots/journeys/<journey>/<nn>-<step>.png.

    Only under `make screenshots` (WRITE_SCREENSHOTS=1); otherwise a journey's steps cost
    nothing. The journey is the test's name without its "test_" prefix.
    """
    if not os.environ.get("WRITE_SCREENSHOTS"):
        return lambda page, step: None
    folder = SCREENSHOTS / "journeys" / request.node.originalname.removeprefix("test_")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()  # a shorter rerun must not leave the previous run's later steps behind
    numbers = itertools.count(1)

    def take(page, step):
        # Wagtail's admin scrolls inside its own container, which a full-page shot does not
        # extend; a viewport as tall as the tallest content shows the whole step.
        size = page.viewport_size
        height = page.evaluate(TALLEST_CONTENT)
        page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
        page.screenshot(
            path=str(folder / f"{next(numbers):02d}-{step}.png"),
            full_page=True,
            animations="disabled",  # messages slide in; show them where they come to rest
        )
        page.set_viewport_size(size)

    return take
