"""Every page type of the demo previews in the admin as an editor sees it: the draft from the
edit form, relations in memory, rendered with status 200."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import rich_text

from network.models import PartnerPage
from tests.http import page_form_data


def test_every_page_type_previews_from_its_edit_form(admin_client, demo):
    types = Page.objects.live().exclude(depth=1).values_list("content_type", flat=True).distinct()
    previewed = []
    for content_type in ContentType.objects.filter(pk__in=types):
        page = Page.objects.live().filter(content_type=content_type).first().specific
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
        posted = admin_client.post(url, page_form_data(admin_client, page))
        assert posted.json()["is_valid"], (type(page).__name__, posted.content)
        response = admin_client.get(url)
        assert response.status_code == 200, type(page).__name__
        assert page.title in response.content.decode(), type(page).__name__
        previewed.append(type(page).__name__)
    assert {"WorkingGroupPage", "SessionPage", "EventPage", "PartnerPage"} <= set(previewed)


def test_a_preview_shows_the_drafts_text_not_the_kept_profile(admin_client, client, demo):
    """The published profile is kept per content version; the preview renders the draft."""
    page = PartnerPage.objects.live().first()
    client.get(page.url, headers={"Cache-Control": "no-cache"})  # keeps the published profile
    data = page_form_data(admin_client, page)
    data["body"] = rich_text("<p>Entwurf der Vorschau</p>")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    assert admin_client.post(url, data).json()["is_valid"]

    assert "Entwurf der Vorschau" in admin_client.get(url).content.decode()
    published = client.get(page.url, headers={"Cache-Control": "no-cache"}).content.decode()
    assert "Entwurf der Vorschau" not in published
