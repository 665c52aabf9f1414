"""The public application form under hostile input: refused cleanly, nothing stored, flood limited."""

import pytest

from network.models import MembershipApplication
from tests.network.test_applications import (  # noqa: F401 (form_url is a fixture)
    ORGANISATION,
    form_url,
    inbox_url,
    valid_data,
)

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"


@pytest.mark.parametrize(
    "overrides",
    [
        {"organisation": "x" * 5000},
        {"message": "y" * 200_000},
        {"email": "keine-adresse"},
        {"kind": "<b>fremd</b>"},
        {"topics": ["kein-thema"]},
        {"privacy_consent": ""},
    ],
    ids=["long-name", "huge-message", "email", "kind", "topics", "no-consent"],
)
def test_refused_input_stores_nothing_and_explains_in_german(client, form_url, overrides):  # noqa: F811
    response = client.post(form_url, valid_data(**overrides))
    assert response.status_code == 200
    assert "Bitte prüfen Sie die markierten Angaben." in response.content.decode()
    assert not MembershipApplication.objects.filter(organisation__startswith="x").exists()
    assert not MembershipApplication.objects.filter(organisation=ORGANISATION).exists()


def test_html_payload_is_stored_as_text_and_never_rendered(client, admin_client, form_url):  # noqa: F811
    client.post(form_url, valid_data(message=SCRIPT, contact_name=SCRIPT))
    application = MembershipApplication.objects.get(organisation=ORGANISATION)
    assert application.message == SCRIPT  # kept verbatim: nothing the applicant wrote is lost
    page = admin_client.get(inbox_url("inspect", application))
    assert page.status_code == 200
    assert SCRIPT not in page.content.decode()
    assert "&lt;script&gt;" in page.content.decode()


def test_a_flood_from_one_address_is_held_back_and_keeps_the_input(client, form_url):  # noqa: F811
    for number in range(5):
        client.post(form_url, valid_data(organisation=f"{ORGANISATION} {number}"))
    assert MembershipApplication.objects.filter(organisation__startswith=ORGANISATION).count() == 5
    response = client.post(
        form_url, valid_data(organisation=f"{ORGANISATION} 6", message="Bitte nicht verlieren.")
    )
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert int(response["Retry-After"]) > 0
    content = response.content.decode()
    assert '<html lang="de">' in content
    assert "Zu viele Anfragen von Ihrer Adresse. Bitte versuchen Sie es in 60 Minuten" in content
    # What the visitor typed is in the form again, ready to be sent later.
    assert f'value="{ORGANISATION} 6"' in content
    assert "Bitte nicht verlieren." in content
    assert MembershipApplication.objects.filter(organisation__startswith=ORGANISATION).count() == 5
    other = client.post(form_url, valid_data(), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302, "another address is not affected"
    assert client.get(form_url).status_code == 200, "reading the form is never limited"
