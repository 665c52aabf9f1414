import datetime
import json

from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils.text import slugify
from django.utils.timezone import now
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from events.models import ResolutionKind, SessionPage, SessionStatus
from network.models import Topic
from network.workflow import MemberStatus
from tests.http import form_data


def session_form(title, *, status=SessionStatus.HELD, resolutions=(), agenda=(), **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": slugify(title),
            "start": "2026-07-01 18:00",
            "end": "2026-07-01 20:00",
            "status": status,
            "cancel_reason": "",
            "session_kind": "regular",
            "short_notice_reason": "",
            "minutes": rich_text(""),
            "agenda_items": inline_formset(list(agenda)),
            "resolutions": inline_formset(list(resolutions)),
            "attendances": inline_formset([]),
            **extra,
        }
    )


def resolution(title, kind, member):
    return {
        "number": "",
        "title": title,
        "kind": kind,
        "text": rich_text(""),
        "outcome": "adopted",
        "affected_member": member.pk,
    }


def add_url(body):
    return reverse("wagtailadmin_pages:add", args=("events", "sessionpage", body.pk))


def agenda_item(number, title, kind="discussion"):
    return {"number": number, "title": title, "kind": kind, "description": "", "is_public": "on"}


def stored_agenda(title):
    session = SessionPage.objects.get(title=title)
    draft = session.get_latest_revision_as_object()
    return [(item.number, item.title) for item in draft.agenda_items.all()]


def test_add_form_offers_the_standing_agenda_and_the_moderator(admin_client, bodies):
    """What a new session starts with is in the form, where the editor sees and changes it."""
    html = admin_client.get(add_url(bodies["board"])).content.decode()
    data = form_data(html, "page-edit-form")
    offered = [
        data[f"agenda_items-{i}-title"] for i in range(int(data["agenda_items-TOTAL_FORMS"][0]))
    ]
    assert offered == [
        ["Bericht des Koordinierungsbüros"],
        ["Empfehlungen zur Aufnahme neuer Partner"],
        ["Aktuelle Handlungserfordernisse"],
    ]
    assert data["moderator"] == [str(bodies["leader"].pk)]


def test_the_offered_agenda_is_stored_as_the_editor_leaves_it(admin_client, bodies):
    """The browser submits the offered items; the one the editor deleted stays deleted."""
    data = form_data(admin_client.get(add_url(bodies["board"])).content.decode(), "page-edit-form")
    data.update(title=["Beiratssitzung Juli"], slug=["beiratssitzung-juli"])
    data.update(start=["01.07.2026 18:00"], end=["01.07.2026 20:00"])
    data["agenda_items-1-DELETE"] = ["1"]
    assert admin_client.post(add_url(bodies["board"]), data).status_code == 302
    assert stored_agenda("Beiratssitzung Juli") == [
        ("1", "Bericht des Koordinierungsbüros"),
        ("3", "Aktuelle Handlungserfordernisse"),
    ]


def test_saving_adds_nothing_the_editor_did_not_submit(admin_client, bodies):
    """A first save (which autosave triggers) stores exactly the editor's items, no hidden ones."""
    agenda = [agenda_item("1", "Begrüßung"), agenda_item("2", "Haushalt 2027")]
    response = admin_client.post(
        add_url(bodies["plenary"]), session_form("Plenum Juli", agenda=agenda)
    )
    assert response.status_code == 302
    assert stored_agenda("Plenum Juli") == [("1", "Begrüßung"), ("2", "Haushalt 2027")]
    data = session_form("Plenum August", agenda=agenda, status=SessionStatus.PLANNED)
    data["action-publish"] = "action-publish"
    admin_client.post(add_url(bodies["plenary"]), data)
    live = SessionPage.objects.get(title="Plenum August")
    assert [item.title for item in live.agenda_items.all()] == ["Begrüßung", "Haushalt 2027"]
    assert stored_agenda("Plenum August") == [("1", "Begrüßung"), ("2", "Haushalt 2027")]


def test_editor_publishes_a_held_board_session_that_recommends(admin_client, bodies, applicant):
    data = session_form(
        "Beiratssitzung Juli",
        resolutions=[resolution("Empfehlung", ResolutionKind.RECOMMENDATION, applicant)],
        agenda=[
            {
                "number": "1",
                "title": "Aufnahme",
                "kind": "admission",
                "description": "",
                "is_public": "on",
            }
        ],
    )
    data["action-publish"] = "action-publish"
    response = admin_client.post(add_url(bodies["board"]), data)
    assert response.status_code == 302
    session = SessionPage.objects.get(title="Beiratssitzung Juli")
    assert session.live
    assert session.resolutions.get().number == "B-2026-01"
    applicant.refresh_from_db()
    assert applicant.status == MemberStatus.RECOMMENDED
    assert admin_client.get(session.url).status_code == 200


def test_publishing_a_decision_of_the_wrong_body_is_blocked(admin_client, bodies, applicant):
    data = session_form(
        "Bündnis-Sitzung Juli",
        resolutions=[resolution("Empfehlung", ResolutionKind.RECOMMENDATION, applicant)],
    )
    data["action-publish"] = "action-publish"
    response = admin_client.post(add_url(bodies["plenary"]), data, follow=True)
    content = response.content.decode()
    assert "entscheidet laut Satzung Beirat" in content
    assert "nicht veröffentlicht" in content
    session = SessionPage.objects.get(title="Bündnis-Sitzung Juli")
    assert not session.live
    assert session.get_latest_revision_as_object().resolutions.all()[0].title == "Empfehlung"
    applicant.refresh_from_db()
    assert applicant.status == MemberStatus.APPLIED


def test_dashboard_shows_due_sessions_and_waiting_members(admin_client, bodies, applicant):
    content = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Fällige Sitzungen" in content
    assert "Bündnis-Sitzung" in content
    assert applicant.name in content


def test_publishing_an_admission_offers_the_partner_profile(admin_client, bodies, applicant):
    from network.workflow import change_status

    change_status(applicant, MemberStatus.RECOMMENDED, decided_on=datetime.date(2025, 1, 15))
    data = session_form(
        "Bündnis-Sitzung Juli",
        resolutions=[resolution("Aufnahme", ResolutionKind.ADMISSION, applicant)],
    )
    data["action-publish"] = "action-publish"
    response = admin_client.post(add_url(bodies["plenary"]), data, follow=True)
    applicant.refresh_from_db()
    assert applicant.status == MemberStatus.ADMITTED
    content = response.content.decode()
    # A readable button of Wagtail's messages, leading to the entry where the profile is made.
    inspect_url = reverse("wagtailsnippets_network_member:inspect", args=(applicant.pk,))
    assert "Partnerprofil anlegen" in content
    assert f'href="{inspect_url}#partnerprofil" class="button button-small button-secondary"' in (
        content
    )


def test_new_page_slugs_spell_out_umlauts(admin_client, bodies):
    """Browser and server agree: "Bündnis für Übergänge" becomes buendnis-fuer-uebergaenge."""
    html = admin_client.get(add_url(bodies["plenary"])).content.decode()
    slug_input = BeautifulSoup(html, "html.parser").find("input", attrs={"name": "slug"})
    formatters = json.loads(slug_input["data-w-slug-formatters-value"])
    assert [["ü", "gu"], "ue"] in formatters and [["ß", "gu"], "ss"] in formatters
    assert not slug_input.has_attr("data-w-slug-allow-unicode-value")  # unicode slugs off

    # Without a slug (pages the office creates in code, e.g. partner profiles) the server
    # spells the title out the same way, unique among the siblings.
    for _ in range(2):
        bodies["plenary"].add_child(
            instance=SessionPage(title="Bündnis für Übergänge", start=now())
        )
    assert sorted(SessionPage.objects.values_list("slug", flat=True)) == [
        "buendnis-fuer-uebergaenge",
        "buendnis-fuer-uebergaenge-2",
    ]
    assert Topic.objects.create(name="Ordnungsbehörden und Straßenverkehr").slug == (
        "ordnungsbehoerden-und-strassenverkehr"
    )
