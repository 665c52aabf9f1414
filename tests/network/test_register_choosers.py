"""Register names in the admin, role by role: the member and person choosers (list, search
results, chosen endpoints), the event form's organiser list and the dashboard panel.

The office and the advisory board read the register; Redaktion and working-group leads see only
what the public sees (admitted entries, people who consented), plus, for leads, the people
seated in their own bodies. Each non-public entry carries a sentinel name that must not reach a
role without register access.
"""

import re

import pytest
from django.urls import reverse

from events.models import EventPage
from network.models import BodyMembership, Person, Relationship, WorkingGroupPage
from network.roles import BOARD, EDITORS, LEADS, OFFICE
from network.workflow import MemberStatus

pytestmark = pytest.mark.django_db

ROLES = [OFFICE, BOARD, LEADS, EDITORS]
READERS = {OFFICE, BOARD}
MEMBER_CHOOSER = "wagtailsnippetchoosers_network_member"
PERSON_CHOOSER = "wagtailsnippetchoosers_network_person"


@pytest.fixture
def entries(demo, make_member):
    """One register entry per non-public state, an admitted one, and people with and without
    consent (one of them seated in a working group, one in the advisory board)."""
    made = {
        "admitted": make_member(MemberStatus.ADMITTED, name="Sichtbar Partnerverein"),
        "applied": make_member(MemberStatus.APPLIED, name="Sentinel Antragsteller"),
        "recommended": make_member(MemberStatus.RECOMMENDED, name="Sentinel Empfohlen"),
        "rejected": make_member(MemberStatus.REJECTED, name="Sentinel Abgelehnt"),
        "ended": make_member(MemberStatus.ENDED, name="Sentinel Ausgetreten"),
        "contact": make_member(name="Sentinel Kontakt", relationship=Relationship.CONTACT),
        "consented": Person.objects.create(
            name="Sichtbar Person", publish_consent=True, consent_date="2026-01-15"
        ),
        "hidden": Person.objects.create(name="Sentinel Ohne Einwilligung"),
        "in_board": Person.objects.create(name="Sentinel Beiratsmitglied"),
        "in_group": Person.objects.create(name="Bildung Ohne Einwilligung"),
    }
    for person, slug in ((made["in_board"], "beirat"), (made["in_group"], "ag-bildung")):
        BodyMembership.objects.create(
            body=WorkingGroupPage.objects.get(slug=slug), person=person, role="member"
        )
    return made


def hidden_names(entries, role):
    """The sentinel names this role must not see anywhere."""
    if role in READERS:
        return []
    return [entry.name for entry in entries.values() if entry.name.startswith("Sentinel")]


def text(response):
    """The HTML of an admin page or of a chooser's modal-workflow answer."""
    if response["Content-Type"].startswith("application/json"):
        return str(response.json())
    return response.content.decode()


def check_member_chooser_lists_the_register_only_to_those_who_read_it(client, entries, role):
    choose = reverse(f"{MEMBER_CHOOSER}:choose")
    results = reverse(f"{MEMBER_CHOOSER}:choose_results")
    pages = {
        "list": client.get(choose),
        "list, all entries": client.get(choose, {"status": "all"}),
        "search": client.get(results, {"q": "Sentinel", "status": "all"}),
        "search, rejected": client.get(results, {"q": "Sentinel", "status": "rejected"}),
    }
    assert all(response.status_code == 200 for response in pages.values())
    assert all("Sichtbar Partnerverein" in text(r) for k, r in pages.items() if "list" in k)
    leaked = {
        where: [name for name in hidden_names(entries, role) if name in text(response)]
        for where, response in pages.items()
    }
    assert not any(leaked.values()), leaked
    if role in READERS:
        # the office starts with the admitted entries and can reach all of them
        assert "Sentinel Abgelehnt" not in text(pages["list"])
        assert "Sentinel Abgelehnt" in text(pages["list, all entries"])
        assert "Sentinel Kontakt" in text(pages["list, all entries"])
        assert "Sentinel Abgelehnt" in text(pages["search, rejected"])
        assert "Sentinel Antragsteller" not in text(pages["search, rejected"])


def check_member_chooser_shows_status_and_filter_only_where_useful(client, entries, role):
    html = text(client.get(reverse(f"{MEMBER_CHOOSER}:choose")))
    assert "aufgenommen" in html, "the status column"
    assert ("alle Einträge" in html) == (role in READERS), "the status filter"
    assert re.search(r"\d+ Einträge", html), "entries counted in German"
    assert "Mitgliederverzeichnis" not in html


def check_chosen_endpoints_refuse_entries_the_role_may_not_pick(client, entries, role):
    member_chosen = f"{MEMBER_CHOOSER}:chosen"
    for key in ("applied", "rejected", "ended", "contact"):
        response = client.get(reverse(member_chosen, args=(entries[key].pk,)))
        assert response.status_code == (200 if role in READERS else 404), key
    assert client.get(reverse(member_chosen, args=(entries["admitted"].pk,))).status_code == 200
    multiple = client.get(
        reverse(f"{MEMBER_CHOOSER}:chosen_multiple"),
        {"id": [entries["admitted"].pk, entries["rejected"].pk]},
    )
    assert "Sichtbar Partnerverein" in text(multiple)
    assert ("Sentinel Abgelehnt" in text(multiple)) == (role in READERS)

    person_chosen = f"{PERSON_CHOOSER}:chosen"
    expected = {
        "consented": 200,
        "hidden": 200 if role in READERS else 404,
        "in_board": 200 if role in READERS else 404,
        # a lead works with the people of their own working group
        "in_group": 200 if role in (*READERS, LEADS) else 404,
    }
    got = {
        key: client.get(reverse(person_chosen, args=(entries[key].pk,))).status_code
        for key in expected
    }
    assert got == expected


def check_person_chooser_lists_people_without_consent_only_to_those_who_read_the_register(
    client, entries, role
):
    choose = reverse(f"{PERSON_CHOOSER}:choose")
    pages = [
        client.get(choose),
        client.get(reverse(f"{PERSON_CHOOSER}:choose_results"), {"q": "Sentinel"}),
        client.get(reverse(f"{PERSON_CHOOSER}:choose_results"), {"p": "2"}),
    ]
    html = "".join(text(response) for response in pages if response.status_code == 200)
    assert "Sichtbar Person" in html
    leaked = [name for name in hidden_names(entries, role) if name in html]
    assert not leaked
    assert ("Bildung Ohne Einwilligung" in html) == (role in (*READERS, LEADS))


def check_dashboard_names_waiting_applicants_only_to_those_who_read_the_register(
    client, entries, role
):
    html = text(client.get("/admin/"))
    assert "Fällige Sitzungen" in html
    for name in ("Sentinel Antragsteller", "Sentinel Empfohlen"):
        assert (name in html) == (role in READERS)


CHECKS = [
    check_member_chooser_lists_the_register_only_to_those_who_read_it,
    check_member_chooser_shows_status_and_filter_only_where_useful,
    check_chosen_endpoints_refuse_entries_the_role_may_not_pick,
    check_person_chooser_lists_people_without_consent_only_to_those_who_read_the_register,
    check_dashboard_names_waiting_applicants_only_to_those_who_read_the_register,
]


@pytest.mark.parametrize("role", ROLES)
def test_register_names_in_choosers_and_dashboard(client, login_role, entries, role):
    """Every check for one role on one demo (building the demo is the slow part)."""
    login_role(role)
    for check in CHECKS:
        check(client, entries, role)


def test_event_form_offers_editors_only_admitted_organisers_and_keeps_chosen_ones(
    client, login_role, entries
):
    event = EventPage.objects.live().first()
    event.organisers.add(entries["ended"])
    event.save_revision().publish()
    login_role(EDITORS)
    html = text(client.get(reverse("wagtailadmin_pages:edit", args=(event.pk,))))
    assert "Sichtbar Partnerverein" in html
    assert "Sentinel Ausgetreten" in html, "an organiser already chosen stays in the form"
    leaked = [n for n in hidden_names(entries, EDITORS) if n in html and "Ausgetreten" not in n]
    assert not leaked


def test_member_chooser_shares_no_id_with_the_session_form_it_opens_over(
    client, login_role, make_session
):
    def ids(html):
        return set(re.findall(r'\bid="([^"]+)"', html))

    login_role(OFFICE)
    form = client.get(reverse("wagtailadmin_pages:edit", args=(make_session().pk,)))
    modal = client.get(reverse(f"{MEMBER_CHOOSER}:choose"))
    assert ids(form.content.decode()) & ids(text(modal)) == set()
