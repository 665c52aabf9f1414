import pytest
from wagtail.models import Page

from events.models import EventIndexPage
from home.models import HomePage, StandardPage
from network.models import (
    BodyKind,
    BodyStatus,
    Leadership,
    Member,
    PartnerIndexPage,
    Relationship,
    WorkingGroupPage,
)

pytestmark = pytest.mark.django_db


def test_every_demo_page_renders_for_a_visitor(client, demo):
    pages = Page.objects.live().public().filter(depth__gte=2).specific()
    assert pages.count() >= 14
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert b'lang="de"' in response.content


def test_home_page_is_the_site_root(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    assert "Bündnis für Demokratie und Toleranz" in response.content.decode()
    assert HomePage.objects.count() == 1


def test_plan_bodies_are_seeded_as_the_plan_says(demo):
    plenary = WorkingGroupPage.objects.get(slug="buendnis-sitzung")
    assert plenary.kind == BodyKind.PLENARY
    assert plenary.leader.function == "Koordinatorin des Bündnisses"
    assert plenary.rhythm_text == "mindestens einmal im Quartal"
    assert plenary.short_notice_allowed
    assert len(plenary.task_list) == 8
    assert "Wahl eines Beirates" in plenary.task_list

    board = WorkingGroupPage.objects.get(slug="beirat")
    assert board.rhythm_text == "in der Regel alle zwei Monate"
    assert len(board.task_list) == 5

    ika = WorkingGroupPage.objects.get(slug="interkultureller-arbeitskreis")
    assert ika.is_external
    assert ika.leadership == Leadership.ROTATING
    assert ika.leader is None
    assert len(ika.task_list) == 5

    groups = WorkingGroupPage.objects.filter(kind=BodyKind.WORKING_GROUP)
    # The demo plenary's resolution set up "Bildung"; the other three are still only planned.
    assert {g.slug: g.status for g in groups} == {
        "ag-bildung": BodyStatus.ACTIVE,
        "ag-kinder-und-jugend": BodyStatus.PLANNED,
        "ag-arbeitsplatz": BodyStatus.PLANNED,
        "ag-ordnungsbehoerden-und-verwaltung": BodyStatus.PLANNED,
    }
    assert groups.get(slug="ag-bildung").established_by_resolution.startswith("P-")
    assert {t.name for g in groups for t in g.topics.all()} == {
        "Bildung",
        "Kinder und Jugend",
        "Arbeitsplatz",
        "Ordnungsbehörden und Verwaltung",
    }


def test_plan_contacts_are_contacts_not_members(demo):
    contacts = Member.objects.filter(relationship=Relationship.CONTACT)
    assert contacts.count() == 3
    assert all(contact.status == "" for contact in contacts)


def test_demo_command_adds_nothing_to_a_loaded_demo_and_prints_the_admin_login(demo, capsys):
    from django.core.management import call_command

    counts = (Page.objects.count(), Member.objects.count(), StandardPage.objects.count())
    call_command("load_demo_content")
    assert (Page.objects.count(), Member.objects.count(), StandardPage.objects.count()) == counts
    assert PartnerIndexPage.objects.count() == 1
    assert EventIndexPage.objects.count() == 1
    out = capsys.readouterr().out
    assert "Benutzer: admin" in out
    assert "Passwort:" in out
