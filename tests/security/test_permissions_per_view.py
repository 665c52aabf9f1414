"""The role groups checked through the real Wagtail admin views, not only at the model level.

tests/network/test_roles.py asks the permission API; here each role logs in and requests the
views themselves: page editing of its own and of other bodies, the member register (listing,
inspect, edit, export, import, status), people and the application inbox. Personal contact
data carries sentinels that must not appear in anything a refused role is shown.
"""

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from home.models import NewsIndexPage
from network.models import ContactPerson, Member, MembershipApplication, Person, WorkingGroupPage
from network.roles import BOARD, EDITORS, LEADS, OFFICE, ensure_groups
from tests.http import page_form_data

pytestmark = pytest.mark.django_db

ALLOWED, REFUSED = "allowed", "refused"
SENTINEL = "geheim-{}@sentinel.invalid"

# role, page (a body's slug, or "news" for the news section), may the role edit it?
PAGES = [
    (OFFICE, "buendnis-sitzung", ALLOWED),
    (OFFICE, "beirat", ALLOWED),
    (BOARD, "beirat", ALLOWED),
    (BOARD, "buendnis-sitzung", REFUSED),
    (BOARD, "ag-bildung", REFUSED),
    (LEADS, "ag-bildung", ALLOWED),
    (LEADS, "interkultureller-arbeitskreis", ALLOWED),
    (LEADS, "beirat", REFUSED),
    (LEADS, "buendnis-sitzung", REFUSED),
    (EDITORS, "news", ALLOWED),
    (EDITORS, "ag-bildung", REFUSED),
    (EDITORS, "beirat", REFUSED),
]

# The register, people and inbox views, and which roles each one admits.
REGISTER_VIEWS = {
    "register-list": ({OFFICE, BOARD}, lambda m, a: reverse("wagtailsnippets_network_member:list")),
    "register-inspect": (
        {OFFICE, BOARD},
        lambda m, a: reverse("wagtailsnippets_network_member:inspect", args=(m.pk,)),
    ),
    "register-edit": (
        {OFFICE},
        lambda m, a: reverse("wagtailsnippets_network_member:edit", args=(m.pk,)),
    ),
    "register-history": (
        {OFFICE},
        lambda m, a: reverse("wagtailsnippets_network_member:history", args=(m.pk,)),
    ),
    "register-export-csv": (
        {OFFICE},
        lambda m, a: reverse("wagtailsnippets_network_member:list") + "?export=csv",
    ),
    "register-export-xlsx": (
        {OFFICE},
        lambda m, a: reverse("wagtailsnippets_network_member:list") + "?export=xlsx",
    ),
    "register-import": ({OFFICE}, lambda m, a: reverse("network_member_import")),
    "register-status": (
        {OFFICE, BOARD},
        lambda m, a: reverse("network_member_status", args=(m.pk,)),
    ),
    "people-list": ({OFFICE, BOARD}, lambda m, a: reverse("wagtailsnippets_network_person:list")),
    "inbox-list": (
        {OFFICE, BOARD},
        lambda m, a: reverse("network_membershipapplication_modeladmin_index"),
    ),
    "inbox-inspect": (
        {OFFICE, BOARD},
        lambda m, a: reverse("network_membershipapplication_modeladmin_inspect", args=(a.pk,)),
    ),
}
ROLES = [OFFICE, BOARD, LEADS, EDITORS]
REGISTER_TABLE = [
    (role, view, ALLOWED if role in allowed else REFUSED)
    for view, (allowed, _url) in REGISTER_VIEWS.items()
    for role in ROLES
]
# What a lead or editor can open: the dashboard, the page tree and the admin search.
ALWAYS_OPEN = ["/admin/", "/admin/pages/", "/admin/pages/search/?q=Kontakt"]

_users = itertools.count(1)


@pytest.fixture
def sentinels(demo):
    """Every contact e-mail of the register, of people and of applications is a unique sentinel."""
    planted = []
    for model in (ContactPerson, Person, MembershipApplication):
        for pk in model.objects.values_list("pk", flat=True):
            value = SENTINEL.format(f"{model._meta.model_name}-{pk}")
            model.objects.filter(pk=pk).update(email=value)
            planted.append(value)
    assert any(value.startswith("geheim-contactperson") for value in planted)
    assert any(value.startswith("geheim-membershipapplication") for value in planted)
    return planted


def target_page(name):
    if name == "news":
        return NewsIndexPage.objects.get()
    return WorkingGroupPage.objects.get(slug=name)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def is_refused(response):
    """Wagtail answers a logged-in user without the permission with 403 or a redirect home."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and "/login/" not in response["Location"]


def outcome(response):
    if response.status_code == 200:
        return ALLOWED
    return REFUSED if is_refused(response) else f"unexpected {response.status_code}"


def body_of(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig", errors="replace")


def edit_form_data(page, **changes):
    """The page's edit form as the office's browser would submit it, with `changes` applied.

    Built from the rendered form, so the refused roles below send a fully valid submission:
    only the permission can stop it.
    """
    office = Client()
    editor = get_user_model().objects.create_user(f"buero-{next(_users)}", password="x")
    editor.groups.add(ensure_groups()[OFFICE])
    office.force_login(editor)
    data = page_form_data(office, page)
    data.update(changes)
    return data


def latest_title(page):
    page.refresh_from_db()
    return page.title, page.get_latest_revision_as_object().title


@pytest.mark.parametrize("role", ROLES)
def test_page_edit_views(client, login_role, role):
    """GET and POST of the edit view for each page in the table; a refused POST changes nothing.

    The table is walked per role so the demo is built once per role, not once per row.
    """
    problems = []
    for name, expected in [(n, e) for r, n, e in PAGES if r == role]:
        page = target_page(name)
        login_role(role)
        response = client.get(edit_url(page))
        if outcome(response) != expected:
            problems.append(f"GET {name}: {response.status_code}, expected {expected}")
        if name == "news":
            continue
        data = edit_form_data(page, title="Von fremder Hand geändert")
        before = latest_title(page)
        login_role(role)
        response = client.post(edit_url(page), data)
        if expected == ALLOWED:
            # the same submission saves a draft for a role that may edit: the form is valid
            if response.status_code != 302 or latest_title(page)[1] != data["title"]:
                problems.append(f"POST {name}: {response.status_code}, the edit was not saved")
        elif not is_refused(response) or latest_title(page) != before:
            problems.append(
                f"POST {name}: {response.status_code}, the page is {latest_title(page)}"
            )
    assert not problems, problems


@pytest.mark.parametrize("role", ROLES)
def test_register_people_and_inbox_views(client, login_role, sentinels, role):
    """Each view of the table as this role; what a refused role lands on holds no contact data."""
    member = Member.objects.filter(contact_persons__isnull=False).first()
    application = MembershipApplication.objects.first()
    login_role(role)
    problems, seen = [], []
    for view, expected in [(v, e) for r, v, e in REGISTER_TABLE if r == role]:
        response = client.get(REGISTER_VIEWS[view][1](member, application))
        if outcome(response) != expected:
            problems.append(f"{view}: {response.status_code}, expected {expected}")
        if expected == REFUSED and response.status_code == 302:
            response = client.get(response["Location"])
        seen.append((view, response))
    if role in (LEADS, EDITORS):
        own = target_page("ag-bildung" if role == LEADS else "news")
        for path in [*ALWAYS_OPEN, edit_url(own)]:
            # the page tree sends a lead on to the part of the tree they may work in
            response = client.get(path, follow=True)
            if response.status_code != 200:
                problems.append(f"{path}: {response.status_code}, expected to open")
            seen.append((path, response))
        for where, response in seen:
            leaked = [s for s in sentinels if s in body_of(response)]
            if leaked:
                problems.append(f"{where} shows {leaked}")
    if role == OFFICE:
        # The sentinels are reachable at all, so the leak check above can fail.
        export = dict(seen)["register-export-csv"]
        assert member.contact_persons.first().email in body_of(export)
    assert not problems, problems
