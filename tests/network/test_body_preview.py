"""Editors preview a body's page from the admin: the draft as edited, its seats included."""

from django.urls import reverse

from network.models import BodyMembership, MembershipRole, Person, WorkingGroupPage
from tests.http import page_form_data


def previewed(admin_client, page, data):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    posted = admin_client.post(url, data)
    assert posted.json()["is_valid"], posted.content
    return admin_client.get(url)


def body_with_seats():
    return WorkingGroupPage.objects.live().filter(memberships__isnull=False).first().specific


def test_a_bodys_preview_shows_its_seats(admin_client, demo):
    body = body_with_seats()
    seat = BodyMembership.objects.filter(body=body, person__publish_consent=True).first()

    response = previewed(admin_client, body, page_form_data(admin_client, body))

    assert response.status_code == 200
    assert seat.person.display_name in response.content.decode()


def test_a_preview_shows_the_drafts_seats_not_the_published_ones(admin_client, client, demo):
    """The published sections are kept per content version; a preview renders the draft."""
    body = body_with_seats()
    client.get(body.url, headers={"Cache-Control": "no-cache"})  # keeps the published sections
    data = page_form_data(admin_client, body)
    seats = [key for key in data if key.startswith("memberships-") and key.endswith("-role")]
    data[seats[0]] = [MembershipRole.GUEST]
    shown = Person.objects.get(pk=data[seats[0].replace("-role", "-person")][0])

    html = previewed(admin_client, body, data).content.decode()

    assert f"{shown.display_name} (Gast)" in html
    published = client.get(body.url, headers={"Cache-Control": "no-cache"}).content.decode()
    assert f"{shown.display_name} (Gast)" not in published
