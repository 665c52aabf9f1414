import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from network.models import BodyMembership, MembershipRole, PartnerPage, Person, WorkingGroupPage
from network.workflow import MemberStatus, TransitionRefused, change_status
from tests.http import form_data

pytestmark = pytest.mark.django_db


def status_url(member):
    return reverse("network_member_status", args=(member.pk,))


def inspect_url(member):
    return reverse("wagtailsnippets_network_member:inspect", args=(member.pk,))


def refused_admission(client, member, decided_on):
    """POST an admission that must be refused; the member keeps its status. Returns the page."""
    response = client.post(
        status_url(member),
        {"target": "admitted", "decided_on": decided_on, "resolution": "P-2026-02"},
    )
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.status == MemberStatus.RECOMMENDED
    return response.content.decode()


def login_board_member(client, django_user_model):
    """Log in a user who may take the advisory board's one step: recommending."""
    board = django_user_model.objects.create_user("beirat", password="x")
    board.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "recommend_member"])
    )
    client.force_login(board)


def test_office_admits_a_recommended_member(admin_client, make_member):
    member = make_member(MemberStatus.RECOMMENDED)
    response = admin_client.post(
        status_url(member),
        {"target": "admitted", "decided_on": "2026-02-10", "resolution": "P-2026-02"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == MemberStatus.ADMITTED
    history = admin_client.get(reverse("wagtailsnippets_network_member:history", args=(member.pk,)))
    assert "Status geändert: vom Beirat empfohlen → aufgenommen" in history.content.decode()


def test_admission_without_resolution_is_a_field_error(admin_client, make_member):
    member = make_member(MemberStatus.RECOMMENDED)
    response = admin_client.post(
        status_url(member), {"target": "admitted", "decided_on": "2026-02-10"}
    )
    assert response.status_code == 200
    assert "braucht den Beschluss der Bündnis-Sitzung" in response.content.decode()
    member.refresh_from_db()
    assert member.status == MemberStatus.RECOMMENDED


def test_refused_step_is_explained_in_german(admin_client, make_member):
    member = make_member(MemberStatus.APPLIED)
    response = admin_client.post(
        status_url(member),
        {"target": "ended", "decided_on": "2026-02-10", "reason": "Austritt"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "kann nicht direkt „Mitgliedschaft beendet“ werden" in content
    member.refresh_from_db()
    assert member.status == MemberStatus.APPLIED


def test_board_member_cannot_admit_and_editor_cannot_open(client, django_user_model, make_member):
    member = make_member(MemberStatus.RECOMMENDED)
    admin_access = Permission.objects.get(codename="access_admin")
    login_board_member(client, django_user_model)
    assert "fehlt Ihnen die Berechtigung" in refused_admission(client, member, "2026-02-10")
    editor = django_user_model.objects.create_user("redaktion", password="x")
    editor.user_permissions.add(admin_access)
    client.force_login(editor)
    # Wagtail turns a refused admin view into a redirect to the dashboard with a message.
    response = client.get(status_url(member))
    assert (response.status_code, response.url) == (302, "/admin/")


def test_bulk_recommend_reports_refusals(admin_client, make_member):
    applied = make_member(MemberStatus.APPLIED)
    admitted = make_member(MemberStatus.ADMITTED)
    url = reverse("wagtail_bulk_action", args=("network", "member", "recommend"))
    query = f"?id={applied.pk}&id={admitted.pk}&next=/admin/"
    assert "als vom Beirat empfohlen markiert" in admin_client.get(url + query).content.decode()
    response = admin_client.post(
        url + query, {"decided_on": "2026-01-20", "resolution": "B-2026-01"}, follow=True
    )
    applied.refresh_from_db()
    admitted.refresh_from_db()
    assert applied.status == MemberStatus.RECOMMENDED
    assert admitted.status == MemberStatus.ADMITTED
    content = response.content.decode()
    assert "1 Eintrag als empfohlen markiert" in content
    assert "kann nicht direkt „vom Beirat empfohlen“ werden" in content


def test_inspect_lists_bodies_and_creates_profile(admin_client, demo, make_member):
    member = make_member(MemberStatus.ADMITTED)
    board = WorkingGroupPage.objects.get(slug="beirat")
    BodyMembership.objects.create(
        body=board, member=member, role=MembershipRole.MEMBER, elected_by_resolution="P-2026-02"
    )
    content = admin_client.get(inspect_url(member)).content.decode()
    assert "Beirat" in content and "P-2026-02" in content
    assert "Partnerprofil anlegen" in content
    response = admin_client.post(reverse("network_create_partner_profile", args=(member.pk,)))
    profile = PartnerPage.objects.get(member=member)
    assert response.status_code == 302
    assert profile.live
    assert ModelLogEntry.objects.filter(object_id=str(member.pk)).exists()
    public = admin_client.get(profile.url).content.decode()
    assert "Mitarbeit in Gremien" in public and "Beirat" in public


def test_person_inspect_lists_current_and_former_bodies(admin_client, demo):
    person = Person.objects.create(name="Fiktive Person")
    board = WorkingGroupPage.objects.get(slug="beirat")
    BodyMembership.objects.create(body=board, person=person, role=MembershipRole.DEPUTY)
    BodyMembership.objects.create(
        body=demo["ika"], person=person, start_date="2024-01-01", end_date="2025-01-01"
    )
    url = reverse("wagtailsnippets_network_person:inspect", args=(person.pk,))
    content = admin_client.get(url).content.decode()
    assert "Stellvertretung" in content and "aktuell" in content and "ehemalig" in content
    public = {seat.person_id for seat in board.current_memberships(public_only=True)}
    assert person.pk not in public and public  # the demo board has consented members
    assert person.pk in {seat.person_id for seat in board.current_memberships()}
    assert [seat.body_id for seat in person.bodies(current_only=True)] == [board.pk]
    assert [s.body_id for s in person.bodies() if not s.is_current()] == [demo["ika"].pk]


def offered_steps(client, member):
    """The status form's data as a browser would send it, and the steps its select offers."""
    html = client.get(status_url(member)).content.decode()
    select = BeautifulSoup(html, "html.parser").find("select", attrs={"name": "target"})
    return form_data(html, "status-form"), [option["value"] for option in select("option")]


def test_step_form_offers_only_the_steps_possible_from_the_status(
    admin_client, client, django_user_model, make_member
):
    assert offered_steps(admin_client, make_member(MemberStatus.APPLIED))[1] == [
        "recommended",
        "rejected",
    ]
    assert offered_steps(admin_client, make_member(MemberStatus.RECOMMENDED))[1] == [
        "admitted",
        "rejected",
    ]
    assert offered_steps(admin_client, make_member(MemberStatus.ADMITTED))[1] == ["ended"]
    ended = admin_client.get(status_url(make_member(MemberStatus.ENDED))).content.decode()
    assert 'name="target"' not in ended and "keine Änderung mehr möglich" in ended
    login_board_member(client, django_user_model)
    assert offered_steps(client, make_member(MemberStatus.APPLIED))[1] == ["recommended"]


def test_decision_date_is_shown_and_typed_the_german_way(admin_client, make_member):
    member = make_member(MemberStatus.RECOMMENDED)
    data, _ = offered_steps(admin_client, member)
    assert data["decided_on"] == [timezone.localdate().strftime("%d.%m.%Y")]
    response = admin_client.post(
        status_url(member),
        {"target": "admitted", "decided_on": "10.02.2026", "resolution": "P-2026-02"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status_changed_on == datetime.date(2026, 2, 10)
    assert member.status_changes.get(to_status="admitted").decided_on == datetime.date(2026, 2, 10)


def test_a_decision_cannot_be_dated_in_the_future(admin_client, make_member):
    member = make_member(MemberStatus.RECOMMENDED)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    content = refused_admission(admin_client, member, f"{tomorrow:%d.%m.%Y}")
    assert f"Der {tomorrow:%d.%m.%Y} liegt in der Zukunft" in content
    content = refused_admission(admin_client, member, "10.2.26 abends")
    assert "Bitte das Datum als TT.MM.JJJJ eingeben" in content
    with pytest.raises(TransitionRefused):
        change_status(member, MemberStatus.ADMITTED, decided_on=tomorrow, resolution="P-2026-09")


def test_status_step_is_reachable_from_the_edit_view(admin_client, make_member):
    member = make_member(MemberStatus.APPLIED)
    edit = admin_client.get(reverse("wagtailsnippets_network_member:edit", args=(member.pk,)))
    assert f'href="{status_url(member)}"' in edit.content.decode()
