"""Two editors on the same page: a lock or a conflict message, never a silent overwrite."""

import pytest
from wagtail.models import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("zweite", "z@example.org", "x-zweite-pw-12")
    client.force_login(user)
    return client


def target_page(demo):
    return Page.objects.live().filter(depth=3).first().specific


def test_a_locked_page_refuses_the_other_editors_changes(admin_client, demo):
    from django.test import Client

    page = target_page(demo)
    revisions = page.revisions.count()
    assert admin_client.post(f"/admin/pages/{page.pk}/lock/").status_code == 302
    other = Client()
    other.force_login(
        type(admin_client.user).objects.create_superuser("b", "b@example.org", "x-bbbbbb-pw-12")
    )
    response = other.post(f"/admin/pages/{page.pk}/edit/", {"title": "Überschrieben"}, follow=True)
    assert "gesperrt" in response.content.decode()
    page.refresh_from_db()
    assert page.title != "Überschrieben"
    assert page.revisions.count() == revisions


def test_a_stale_edit_form_loses_nothing(admin_client, second_editor, demo):
    """Without a lock, Wagtail keeps both edits as revisions: A's work stays restorable."""
    page = target_page(demo)
    stale_revision = page.save_revision(user=admin_client.user)
    page.title = "Neu von Redaktion A"
    newer = page.save_revision(user=admin_client.user)
    second_editor.post(
        f"/admin/pages/{page.pk}/edit/",
        {
            "title": "Alter Stand von B",
            "slug": page.slug,
            "loaded_revision_id": stale_revision.pk,
            "loaded_revision_created_at": stale_revision.created_at.isoformat(),
        },
    )
    titles = {r.content.get("title") for r in page.revisions.all()}
    assert "Neu von Redaktion A" in titles
    assert page.revisions.filter(pk=newer.pk).exists()
