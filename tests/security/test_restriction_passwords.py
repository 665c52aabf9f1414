"""Password-protected pages and document collections throttle wrong passwords like the login:
after the limit from one address, a German 429 page; the right password within it still works."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

pytestmark = pytest.mark.django_db

PASSWORD = "richtig-2026"


@pytest.fixture
def restricted(tree):  # noqa: F811
    page = tree["bodies"]
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )
    url = reverse("wagtailcore_authenticate_with_password", args=(restriction.pk, page.pk))
    return page, url


def guess(client, url, password, page, address="203.0.113.5"):
    return client.post(url, {"password": password, "return_url": page.url}, REMOTE_ADDR=address)


def test_wrong_page_passwords_are_throttled_with_a_german_page(client, restricted, settings):
    page, url = restricted
    for _attempt in range(settings.PASSWORD_FAILURE_LIMIT):
        assert guess(client, url, "falsch", page).status_code == 200
    locked = guess(client, url, "falsch", page)
    assert locked.status_code == 429
    assert locked["Retry-After"] == str(settings.PASSWORD_LOCKOUT_SECONDS)
    assert "Zu viele falsche Passwörter" in locked.content.decode()
    assert guess(client, url, PASSWORD, page).status_code == 429, "even the right one waits"
    assert client.get(page.url).status_code == 200, "the form itself is still shown"
    other_visitor = guess(client, url, PASSWORD, page, address="198.51.100.9")
    assert other_visitor.status_code == 302, "only that address is throttled"


def test_the_right_password_after_a_few_wrong_ones_opens_the_page(client, restricted, settings):
    page, url = restricted
    for _attempt in range(settings.PASSWORD_FAILURE_LIMIT - 1):
        guess(client, url, "falsch", page)
    assert guess(client, url, PASSWORD, page).status_code == 302
    assert "Gremien" in client.get(page.url).content.decode()
    # the right password reset the count
    assert guess(client, url, "falsch", page).status_code == 200


def test_document_collection_passwords_are_throttled_too(client, db, settings):
    collection = Collection.get_first_root_node().add_child(name="Intern")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password=PASSWORD,
    )
    document = Document(title="Protokoll", collection=collection)
    document.file.save("protokoll.txt", ContentFile(b"intern"), save=False)
    document.save()
    url = reverse("wagtaildocs_authenticate_with_password", args=(restriction.pk,))
    data = {"password": "falsch", "return_url": document.url}
    answers = [
        client.post(url, data).status_code for _ in range(settings.PASSWORD_FAILURE_LIMIT + 1)
    ]
    assert answers[-1] == 429 and set(answers[:-1]) == {200}
