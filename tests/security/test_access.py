"""Login throttling, CSP that the site and the admin live with, production cookie settings."""

import importlib
import re

import pytest
from django.db.utils import OperationalError, ProgrammingError

from cms.middleware import DatabaseUnavailableMiddleware

pytestmark = pytest.mark.django_db

PASSWORD = "richtiges-passwort-42"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>")
INLINE_HANDLER = re.compile(r"<[^>]+\son(?:click|load|error|submit|change)\s*=", re.IGNORECASE)


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("redaktion", "r@example.org", PASSWORD)


def login(client, password):
    return client.post("/admin/login/", {"username": "redaktion", "password": password})


def test_repeated_failures_lock_the_login_with_a_german_message(client, editor, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "falsch").status_code == 200
    locked = login(client, "falsch")
    assert locked.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in locked.content.decode()
    assert login(client, PASSWORD).status_code == 429, "even the right password waits"
    assert "_auth_user_id" not in client.session


def test_a_successful_login_is_not_throttled(client, editor):
    login(client, "falsch")
    assert login(client, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def csp_of(response):
    return dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )


def executable_inline_code(html):
    return INLINE_SCRIPT.findall(html) + INLINE_HANDLER.findall(html)


@pytest.mark.parametrize("path", ["/", "/suche/?q=Bündnis", "/partner-werden/antrag/"])
def test_visitor_pages_send_a_strict_csp_and_need_no_inline_scripts(client, demo, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = csp_of(response)
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert not executable_inline_code(response.content.decode())


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/pages/",
        "/admin/pages/{home}/",
        "/admin/pages/{home}/edit/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/users/",
        "/admin/snippets/",
    ],
)
def test_admin_pages_load_under_the_csp(admin_client, demo, path):
    response = admin_client.get(path.format(home=demo["home"].pk))
    assert response.status_code == 200
    assert csp_of(response)["script-src"] == "'self' 'unsafe-inline'"
    assert csp_of(response)["object-src"] == "'none'"
    assert "/static/wagtailadmin/js/core.js" in response.content.decode()


def test_production_cookies_are_secure_and_hsts_is_on(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    importlib.reload(importlib.import_module("cms.settings.base"))
    production = importlib.reload(importlib.import_module("cms.settings.production"))
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SESSION_COOKIE_HTTPONLY
    assert production.SECURE_HSTS_SECONDS >= 31536000
    assert production.SECURE_SSL_REDIRECT
    assert len(production.AUTH_PASSWORD_VALIDATORS) >= 4


@pytest.mark.parametrize("weak", ["kurz1", "123456789012", "password", "redaktion@example.org"])
def test_weak_passwords_are_refused(editor, weak):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password(weak, editor)


def test_lost_database_connection_answers_503_with_retry_after(rf):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    lost = OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    response = middleware.process_exception(rf.get("/"), lost)
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "erneut versuchen" in response.content.decode()
    bad_query = ProgrammingError("column x does not exist")
    assert middleware.process_exception(rf.get("/"), bad_query) is None, "bugs stay visible"
