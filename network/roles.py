"""The alliance's roles as Wagtail groups, with page permissions scoped to the right subtrees.

Koordinierungsbüro: everything editorial, the register with all decisions and its export.
Beirat: reads the register, recommends admissions, edits its own body's pages.
Arbeitsgruppen-Leitung: the pages and sessions of the working groups and circles.
Redaktion: news and events; no access to the register.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
)

from network.models import BodyKind, WorkingGroupPage

OFFICE = "Koordinierungsbüro"
BOARD = "Beirat"
LEADS = "Arbeitsgruppen-Leitung"
EDITORS = "Redaktion"

EDIT_PAGES = ["add_page", "change_page", "publish_page"]
ALL_PAGES = [*EDIT_PAGES, "lock_page", "unlock_page", "bulk_delete_page"]
MEDIA = [
    ("wagtailimages", ["add_image", "change_image", "choose_image"]),
    ("wagtaildocs", ["add_document", "change_document", "choose_document"]),
]
OFFICE_APPS = ["network", "events", "home"]
BOARD_MODEL_PERMISSIONS = [
    "network.view_member",
    "network.recommend_member",
    "network.view_person",
    "network.view_topic",
    "network.view_membershipapplication",
]
EDITOR_SECTIONS = ["home.NewsIndexPage", "events.EventIndexPage"]
EDITOR_MODEL_PERMISSIONS = ["events.add_location", "events.change_location", "events.view_location"]


def _permissions(dotted):
    found = []
    for name in dotted:
        app_label, codename = name.split(".")
        found.extend(
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )
    return found


def _grant_pages(group, page, codenames):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


def _grant_media(group):
    root = Collection.get_first_root_node()
    for app_label, codenames in MEDIA:
        for permission in Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


def _group(name, model_permissions):
    group, _created = Group.objects.get_or_create(name=name)
    admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    group.permissions.add(admin, *model_permissions)
    return group


@transaction.atomic
def ensure_groups():
    """Create or complete the four groups; safe to run again after new bodies were added."""
    office = _group(OFFICE, Permission.objects.filter(content_type__app_label__in=OFFICE_APPS))
    board = _group(BOARD, _permissions(BOARD_MODEL_PERMISSIONS))
    leads = _group(LEADS, [])
    editors = _group(EDITORS, _permissions(EDITOR_MODEL_PERMISSIONS))
    for group in (office, board, leads, editors):
        _grant_media(group)

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        _grant_pages(office, site.root_page, ALL_PAGES)
    for body in WorkingGroupPage.objects.filter(kind=BodyKind.ADVISORY_BOARD):
        _grant_pages(board, body, EDIT_PAGES)
    for body in WorkingGroupPage.objects.filter(
        kind__in=[BodyKind.WORKING_GROUP, BodyKind.WORKING_CIRCLE]
    ):
        _grant_pages(leads, body, EDIT_PAGES)
    # By label: the events app depends on network, never the reverse.
    for label in EDITOR_SECTIONS:
        for index in apps.get_model(label).objects.all():
            _grant_pages(editors, Page.objects.get(pk=index.pk), EDIT_PAGES)
    return {OFFICE: office, BOARD: board, LEADS: leads, EDITORS: editors}
