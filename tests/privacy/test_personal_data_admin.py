"""The office's "Personendaten" view: search, Auskunft download and erasure, office only."""

import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils.http import urlencode
from wagtail.models import ModelLogEntry

from cms import personal_data
from cms.models import ErasureRecord
from network.models import ContactPerson, Member, Person
from network.roles import BOARD, EDITORS, LEADS, OFFICE

EMAIL = "auskunft-sentinel@example.invalid"
NAME = "Hanna Auskunftsentinel"
OTHER = "Otto Anderersentinel"


@pytest.fixture
def person(demo):
    member = Member.objects.exclude(status="").first()
    ContactPerson.objects.create(member=member, name=OTHER, email="otto@example.invalid")
    ContactPerson.objects.create(member=member, name=NAME, email=EMAIL, phone="0375 123")
    return Person.objects.create(name=NAME, email=EMAIL, function="Beirat")


def search_url(**query):
    return reverse("personal_data") + "?" + urlencode(query)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [BOARD, LEADS, EDITORS])
def test_other_roles_may_not_search_export_or_erase(login_role, person, client, role):
    login_role(role)

    for name in ("personal_data", "personal_data_export", "personal_data_erase"):
        response = client.get(reverse(name) + f"?email={EMAIL}")
        assert response.status_code == 403, name
    assert (
        client.post(
            reverse("personal_data_erase") + f"?email={EMAIL}", {"confirm": "on"}
        ).status_code
        == 403
    )
    assert Person.objects.get(pk=person.pk).name == NAME


@pytest.mark.django_db
def test_office_finds_every_place_with_links(login_role, person, client):
    user = login_role(OFFICE)

    response = client.get(search_url(email=EMAIL))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ansprechpersonen von Bündnispartnern" in html
    assert "Personen (Leitung, Beirat, Moderation)" in html
    assert reverse(Person.snippet_viewset.get_url_name("edit"), args=(person.pk,)) in html
    assert OTHER not in html
    entry = ModelLogEntry.objects.get(action=personal_data.SEARCH_LOG_ACTION)
    assert entry.user == user
    assert EMAIL not in json.dumps(entry.data) + entry.label


@pytest.mark.django_db
def test_empty_search_explains_itself(admin_client):
    response = admin_client.get(search_url(email="", name=" "))

    assert response.status_code == 200
    assert "Bitte eine E-Mail-Adresse oder einen Namen angeben." in response.content.decode()


@pytest.mark.django_db
def test_export_is_a_zip_of_readable_html_and_json(login_role, person, client):
    login_role(OFFICE)

    response = client.get(reverse("personal_data_export") + f"?email={EMAIL}")

    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    html = archive.read("auskunft.html").decode()
    data = json.loads(archive.read("auskunft.json"))
    assert "0375 123" in html and NAME in html
    assert "Zweck" in html and "Aufbewahrung" in html
    assert OTHER not in html and OTHER not in json.dumps(data)
    kinds = {kind["key"]: kind for kind in data["kinds"]}
    assert kinds["contact_persons"]["entries"][0]["phone"] == "0375 123"
    assert kinds["people"]["purpose"]
    assert ModelLogEntry.objects.filter(action=personal_data.EXPORT_LOG_ACTION).count() == 1


@pytest.mark.django_db
def test_erasure_shows_a_preview_and_needs_confirmation(login_role, person, client):
    login_role(OFFICE)
    url = reverse("personal_data_erase") + f"?email={EMAIL}"

    preview = client.get(url)
    unconfirmed = client.post(url, {})

    assert "Ansprechperson wird entfernt" in preview.content.decode()
    assert unconfirmed.status_code == 200
    assert Person.objects.get(pk=person.pk).name == NAME
    assert not ErasureRecord.objects.exists()


@pytest.mark.django_db
def test_confirmed_erasure_is_done_and_logged(login_role, person, client):
    user = login_role(OFFICE)

    response = client.post(
        reverse("personal_data_erase") + f"?email={EMAIL}",
        {"confirm": "on", "reason": "Antrag vom 3. März"},
    )

    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).name == personal_data.PLACEHOLDER
    assert not ContactPerson.objects.filter(email=EMAIL).exists()
    assert ContactPerson.objects.filter(name=OTHER).exists()
    record = ErasureRecord.objects.get()
    entry = ModelLogEntry.objects.get(action=personal_data.ERASE_LOG_ACTION)
    assert (entry.user, entry.object_id) == (user, str(record.pk))


@pytest.mark.django_db
def test_dashboard_shows_the_office_what_retention_has_due(login_role, client):
    login_role(OFFICE)
    office_dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    login_role(EDITORS)
    editor_dashboard = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Aufbewahrungsfristen: fällig" in office_dashboard
    assert "Aufbewahrungsfristen: fällig" not in editor_dashboard
