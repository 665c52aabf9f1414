"""German dates through the real page views: what the widget shows is what the server stores."""

import json
import re

from django.urls import reverse

from events.models import SessionPage, SessionStatus
from tests.bodies_content import berlin
from tests.events.test_admin import add_url, session_form


def edit_url(session):
    return reverse("wagtailadmin_pages:edit", args=(session.pk,))


def picker_config(html, field):
    """The options the admin hands to the date picker of `field`."""
    match = re.search(rf'initDateTimeChooser\("id_{field}", (\{{.*?\}})\);', html)
    return json.loads(match.group(1))


def test_a_session_typed_the_german_way_is_stored_and_shown_that_way(admin_client, bodies):
    data = session_form(
        "Plenum März",
        status=SessionStatus.PLANNED,
        start="05.03.2027 18:00",
        end="05.03.2027 20:30",
    )
    data["action-publish"] = "action-publish"
    assert admin_client.post(add_url(bodies["plenary"]), data).status_code == 302
    session = SessionPage.objects.get(title="Plenum März")
    assert (session.live, session.start, session.end) == (
        True,
        berlin(2027, 3, 5, 18, 0),
        berlin(2027, 3, 5, 20, 30),
    )
    html = admin_client.get(edit_url(session)).content.decode()
    assert 'value="05.03.2027 18:00"' in html
    # The picker reads what it shows and keeps what it cannot read (no "now" on blur).
    assert picker_config(html, "start")["format"] == "d.m.Y H:i"
    assert picker_config(html, "start")["validateOnBlur"] is False

    data = session_form(
        "Plenum März", status=SessionStatus.PLANNED, start="06.03.2027 19:30", end=""
    )
    data["action-publish"] = "action-publish"
    assert admin_client.post(edit_url(session), data).status_code == 302
    session.refresh_from_db()
    assert (session.start, session.end) == (berlin(2027, 3, 6, 19, 30), None)


def test_an_unreadable_date_is_refused_in_german_and_nothing_changes(admin_client, bodies):
    data = session_form("Plenum April", status=SessionStatus.PLANNED, start="5. März 2027, 18 Uhr")
    data["action-publish"] = "action-publish"
    response = admin_client.post(add_url(bodies["plenary"]), data)
    assert response.status_code == 200
    assert "Bitte Datum und Uhrzeit als TT.MM.JJJJ HH:MM eingeben" in response.content.decode()
    assert not SessionPage.objects.filter(title="Plenum April").exists()

    data = session_form(
        "Plenum April", status=SessionStatus.PLANNED, start="05.04.2027 18:00", end=""
    )
    data["action-publish"] = "action-publish"
    admin_client.post(add_url(bodies["plenary"]), data)
    session = SessionPage.objects.get(title="Plenum April")
    data = session_form("Plenum April", status=SessionStatus.PLANNED, start="morgen", end="")
    response = admin_client.post(edit_url(session), data)  # a draft save, as autosave does
    assert "Bitte Datum und Uhrzeit als TT.MM.JJJJ HH:MM eingeben" in response.content.decode()
    assert session.get_latest_revision_as_object().start == berlin(2027, 4, 5, 18, 0)


def test_a_session_is_held_only_once_it_has_begun(admin_client, bodies):
    data = session_form("Plenum Mai", status=SessionStatus.HELD, start="05.05.2099 18:00", end="")
    response = admin_client.post(add_url(bodies["plenary"]), data)
    assert response.status_code == 200
    assert "Die Sitzung beginnt erst am 05.05.2099 18:00" in response.content.decode()
    assert not SessionPage.objects.filter(title="Plenum Mai").exists()
