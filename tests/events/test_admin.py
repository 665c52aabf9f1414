from django.urls import reverse
from django.utils.text import slugify
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from events.models import ResolutionKind, SessionPage, SessionStatus
from network.workflow import MemberStatus


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


def test_editor_creates_a_draft_session_with_the_standing_agenda(admin_client, bodies):
    board = bodies["board"]
    assert admin_client.get(add_url(board)).status_code == 200
    response = admin_client.post(add_url(board), session_form("Beiratssitzung Juli"))
    assert response.status_code == 302
    session = SessionPage.objects.get(title="Beiratssitzung Juli")
    assert not session.live
    draft = session.get_latest_revision_as_object()
    assert [item.title for item in draft.agenda_items.all()][0] == "Bericht des Koordinierungsbüros"
    assert draft.moderator == bodies["leader"]
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=(session.pk,)))
    assert "Empfehlungen zur Aufnahme neuer Partner" in edit.content.decode()
    assert "Beschlussfähigkeit und Moderation" in edit.content.decode()


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

    change_status(applicant, MemberStatus.RECOMMENDED)
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
