"""Autosave creates a new page while the editor already clicks "Veröffentlichen".

On the add form, the first autosave (a JSON post to the add address) creates the page; only
when its answer arrives does the script point the form at the edit address. A publish click in
between posts the add form once more, for a page that now exists.
"""

import threading

import pytest
from django.db import connection
from django.db.models.signals import pre_save
from django.test import Client
from django.urls import reverse

from events.models import SessionPage
from tests.http import form_data

from .test_admin import add_url

TITLE = "Sondersitzung Aktionswoche"


def filled_add_form(client, body):
    """The add form as the editor leaves it: the offered agenda replaced by her two items."""
    data = form_data(client.get(add_url(body)).content.decode(), "page-edit-form")
    data.update(title=[TITLE], slug=["sondersitzung-aktionswoche"])
    data.update(start=["05.03.2030 18:00"], end=[""])
    for index in range(int(data["agenda_items-TOTAL_FORMS"][0])):
        data[f"agenda_items-{index}-DELETE"] = ["1"]
    first = int(data["agenda_items-TOTAL_FORMS"][0])
    for index, title in enumerate(["Bericht des Büros", "Planung der Aktionswoche"], first):
        prefix = f"agenda_items-{index}-"
        data.update(
            {
                f"{prefix}id": [""],
                f"{prefix}ORDER": [str(index + 1)],
                f"{prefix}number": [str(index - first + 1)],
                f"{prefix}title": [title],
                f"{prefix}kind": ["discussion"],
                f"{prefix}description": [""],
                f"{prefix}is_public": ["on"],
            }
        )
    data["agenda_items-TOTAL_FORMS"] = [str(first + 2)]
    return data


def autosave(client, body, data):
    return client.post(add_url(body), data, HTTP_ACCEPT="application/json")


def publish(client, body, data):
    return client.post(add_url(body), {**data, "action-publish": ["action-publish"]})


def test_publishing_the_add_form_after_its_autosave_publishes_the_autosaved_page(
    admin_client, bodies
):
    plenary = bodies["plenary"]
    data = filled_add_form(admin_client, plenary)
    saved = autosave(admin_client, plenary, data)
    assert saved.status_code == 200 and saved.json()["success"]

    response = publish(admin_client, plenary, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_explore", args=[plenary.pk])
    [session] = SessionPage.objects.filter(title=TITLE)
    assert session.pk == saved.json()["pk"]
    assert session.live and not session.has_unpublished_changes
    assert [item.title for item in session.agenda_items.all()] == [
        "Bericht des Büros",
        "Planung der Aktionswoche",
    ]


def agenda(session):
    return [item.title for item in session.agenda_items.all()]


def test_a_second_autosave_to_the_add_address_saves_the_same_page(admin_client, bodies):
    """A retried autosave (after a network error) must not create the page twice."""
    plenary = bodies["plenary"]
    data = filled_add_form(admin_client, plenary)
    first = autosave(admin_client, plenary, data)
    data["title"] = [f"{TITLE} (geändert)"]
    second = autosave(admin_client, plenary, data)

    assert second.status_code == 200 and second.json()["success"]
    [session] = SessionPage.objects.filter(title__startswith=TITLE)
    assert session.pk == first.json()["pk"]
    draft = session.get_latest_revision_as_object()
    assert draft.title == f"{TITLE} (geändert)"
    assert agenda(draft) == ["Bericht des Büros", "Planung der Aktionswoche"]


def test_an_autosave_arriving_after_the_publish_changes_nothing(admin_client, bodies):
    """The form's timer may send an autosave while the browser already leaves for the publish;
    it must not leave a draft behind the live page."""
    plenary = bodies["plenary"]
    data = filled_add_form(admin_client, plenary)
    assert publish(admin_client, plenary, data).status_code == 302
    late = autosave(admin_client, plenary, data)

    assert late.status_code == 400 and late.json()["error_code"] == "invalid_revision"
    [session] = SessionPage.objects.filter(title=TITLE)
    assert session.live and not session.has_unpublished_changes
    assert session.revisions.count() == 1
    assert agenda(session) == ["Bericht des Büros", "Planung der Aktionswoche"]


def test_a_publish_refused_by_the_form_keeps_the_form_saving(admin_client, bodies):
    """After a refused publish the editor stays on the form, whose autosave goes on."""
    plenary = bodies["plenary"]
    data = filled_add_form(admin_client, plenary)
    assert autosave(admin_client, plenary, data).json()["success"]
    refused = publish(admin_client, plenary, {**data, "start": ["31.02.2030 18:00"]})
    assert refused.status_code == 200
    data["title"] = [f"{TITLE} (geändert)"]

    assert autosave(admin_client, plenary, data).json()["success"]
    [session] = SessionPage.objects.filter(title__startswith=TITLE)
    assert session.get_latest_revision_as_object().title == f"{TITLE} (geändert)"


def test_a_slug_taken_by_another_page_is_a_form_error(admin_client, bodies, make_body_session):
    plenary = bodies["plenary"]
    older = make_body_session(plenary, title="Ältere Sitzung")
    data = filled_add_form(admin_client, plenary)
    data["slug"] = [older.slug]
    response = publish(admin_client, plenary, data)

    assert response.status_code == 200
    assert response.context["form"].errors["slug"] == [
        f"Der Kurztitel „{older.slug}“ wird unter dieser Seite schon verwendet. "
        "Bitte einen anderen wählen."
    ]
    assert not SessionPage.objects.filter(title=TITLE).exists()


@pytest.mark.django_db(transaction=True)
def test_publish_while_the_first_autosave_is_still_running(admin_client, bodies):
    """The race as it happens: the autosave stops just before it stores the page; the publish
    arrives meanwhile. Before the fix one of them failed with a 500 (a slug or tree position
    taken under it). The publish must wait for the autosave and then publish its page."""
    plenary = bodies["plenary"]
    data = filled_add_form(admin_client, plenary)
    inside, go_on = threading.Event(), threading.Event()
    responses = {}

    def hold_the_autosave(sender, instance, **kwargs):
        if threading.current_thread().name == "autosave" and not instance.pk:
            inside.set()
            go_on.wait(timeout=30)

    def request(send):
        client = Client(raise_request_exception=False)
        client.cookies = admin_client.cookies
        try:
            responses[threading.current_thread().name] = send(client, plenary, data)
        finally:
            connection.close()

    pre_save.connect(hold_the_autosave, sender=SessionPage)
    try:
        saving = threading.Thread(target=request, args=(autosave,), name="autosave")
        saving.start()
        assert inside.wait(timeout=30)
        publishing = threading.Thread(target=request, args=(publish,), name="publish")
        publishing.start()
        # Unfixed, the publish completes meanwhile; fixed, it waits for the autosave.
        publishing.join(timeout=2)
        go_on.set()
        saving.join(timeout=30)
        publishing.join(timeout=30)
    finally:
        go_on.set()
        pre_save.disconnect(hold_the_autosave, sender=SessionPage)

    assert {name: r.status_code for name, r in responses.items()} == {
        "autosave": 200,
        "publish": 302,
    }
    [session] = SessionPage.objects.filter(title=TITLE)
    assert session.pk == responses["autosave"].json()["pk"]
    assert session.live
    assert agenda(session) == ["Bericht des Büros", "Planung der Aktionswoche"]
