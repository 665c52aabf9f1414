import pytest
from django.urls import reverse

from events.models import EventIndexPage
from home.models import NewsIndexPage
from network.models import WorkingGroupPage
from network.roles import BOARD, EDITORS, LEADS, OFFICE, ensure_groups
from network.workflow import MemberStatus, may_change_status

pytestmark = pytest.mark.django_db

REGISTER = reverse("wagtailsnippets_network_member:list")
INBOX = reverse("network_membershipapplication_modeladmin_index")


def page(slug):
    return WorkingGroupPage.objects.get(slug=slug)


def can_edit(user, target):
    return target.permissions_for_user(user).can_edit()


def test_groups_are_idempotent(demo):
    first = {name: set(group.permissions.all()) for name, group in ensure_groups().items()}
    second = {name: set(group.permissions.all()) for name, group in ensure_groups().items()}
    assert first == second
    assert set(first) == {"Koordinierungsbüro", "Beirat", "Arbeitsgruppen-Leitung", "Redaktion"}


def test_office_can_do_everything_in_the_register(client, login_role, make_member):
    user = login_role(OFFICE)
    make_member()
    assert client.get(REGISTER + "?export=csv").status_code == 200
    assert client.get(INBOX).status_code == 200
    assert all(may_change_status(user, s) for s in (MemberStatus.ADMITTED, MemberStatus.ENDED))
    assert can_edit(user, page("buendnis-sitzung")) and can_edit(user, page("beirat"))
    assert NewsIndexPage.objects.get().permissions_for_user(user).can_add_subpage()


def test_board_reads_register_recommends_and_edits_only_its_body(client, login_role, make_member):
    user = login_role(BOARD)
    member = make_member()
    assert client.get(REGISTER).status_code == 200
    assert client.get(REGISTER + "?export=csv").status_code == 403
    edit = reverse("wagtailsnippets_network_member:edit", args=(member.pk,))
    assert client.get(edit).status_code == 302
    assert may_change_status(user, MemberStatus.RECOMMENDED)
    assert not may_change_status(user, MemberStatus.ADMITTED)
    assert can_edit(user, page("beirat"))
    assert page("beirat").permissions_for_user(user).can_add_subpage()
    assert not can_edit(user, page("buendnis-sitzung"))
    assert not can_edit(user, page("ag-bildung"))
    assert not NewsIndexPage.objects.get().permissions_for_user(user).can_add_subpage()


def test_working_group_leads_edit_their_bodies_and_sessions_only(client, login_role):
    user = login_role(LEADS)
    assert can_edit(user, page("ag-bildung"))
    assert page("interkultureller-arbeitskreis").permissions_for_user(user).can_add_subpage()
    assert not can_edit(user, page("beirat"))
    assert not can_edit(user, page("buendnis-sitzung"))
    assert client.get(REGISTER).status_code == 302
    assert client.get(INBOX).status_code == 302


def test_editors_do_news_and_events_but_not_the_register(client, login_role, make_member):
    user = login_role(EDITORS)
    make_member()
    assert NewsIndexPage.objects.get().permissions_for_user(user).can_add_subpage()
    assert EventIndexPage.objects.get().permissions_for_user(user).can_add_subpage()
    assert client.get(REGISTER).status_code == 302
    assert client.get(REGISTER + "?export=csv").status_code == 302
    assert client.get(INBOX).status_code == 302
    assert not may_change_status(user, MemberStatus.RECOMMENDED)
    assert not can_edit(user, page("ag-bildung"))
    assert not can_edit(user, page("beirat"))
