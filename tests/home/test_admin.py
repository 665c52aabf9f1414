import pytest
from django.urls import reverse
from wagtail.models import Page

from network.models import BodyKind, WorkingGroupIndexPage, WorkingGroupPage

pytestmark = pytest.mark.django_db


def test_admin_login_page_is_german(client):
    response = client.get(reverse("wagtailadmin_login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="de"' in html
    assert "Anmelden" in html
    assert "Passwort" in html


def _body_form(title, slug):
    return {
        "title": title,
        "slug": slug,
        "kind": BodyKind.WORKING_GROUP,
        "status": "planned",
        "leadership": "fixed",
        "rhythm_binding": "minimum",
        "rhythm_months": "3",
        "tasks-count": "1",
        "tasks-0-type": "task",
        "tasks-0-value": "Bildungsangebote gegen Rechtsextremismus bündeln",
        "tasks-0-deleted": "",
        "tasks-0-order": "0",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "action-publish": "publish",
    }


def test_editor_creates_working_group_under_the_index(admin_client, demo):
    index = WorkingGroupIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:add", args=("network", "workinggrouppage", index.pk))
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Sitzungsrhythmus" in response.content.decode()

    response = admin_client.post(url, _body_form("AG Schule", "ag-schule"))
    assert response.status_code == 302, response.context["form"].errors
    body = WorkingGroupPage.objects.get(slug="ag-schule")
    assert body.live
    assert body.get_parent().pk == index.pk
    assert body.task_list == ["Bildungsangebote gegen Rechtsextremismus bündeln"]


def test_working_group_cannot_be_created_outside_the_index(admin_client, demo):
    home = demo["home"]
    url = reverse("wagtailadmin_pages:add", args=("network", "workinggrouppage", home.pk))
    response = admin_client.post(url, _body_form("AG Falsch", "ag-falsch"), follow=True)
    assert "keinen Zugang" in response.content.decode()
    assert not WorkingGroupPage.objects.filter(slug="ag-falsch").exists()
    choices = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=(home.pk,)))
    assert "workinggrouppage" not in choices.content.decode()


def test_rotating_body_refuses_a_fixed_leader(admin_client, demo):
    index = WorkingGroupIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:add", args=("network", "workinggrouppage", index.pk))
    data = _body_form("AG Rotation", "ag-rotation")
    data.update(leadership="rotating", leader=str(demo["coordinator"].pk))
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Bei rotierender Leitung" in response.content.decode()
    assert not Page.objects.filter(slug="ag-rotation").exists()
