"""Documents are served only through Wagtail's document view, which checks the collection's
view restriction; their files are never reachable under /media/, in development either."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.urls import clear_url_caches
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction

import cms.urls

pytestmark = pytest.mark.django_db

SECRET_TEXT = b"Protokoll intern: Sentinel-Dokumentinhalt"


@pytest.fixture
def dev_urls(settings):
    """The URL configuration as `make run` builds it (DEBUG on)."""
    settings.DEBUG = True
    importlib.reload(cms.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(cms.urls)
    clear_url_caches()


def document_in(collection, name):
    document = Document(title=name, collection=collection)
    document.file.save(f"{name}.txt", ContentFile(SECRET_TEXT), save=False)
    document.save()
    return document


def restricted_collection(kind):
    collection = Collection.get_first_root_node().add_child(name=f"Intern ({kind})")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=kind, password="geheim-123"
    )
    return collection


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize(
    "kind", [CollectionViewRestriction.PASSWORD, CollectionViewRestriction.LOGIN]
)
def test_a_restricted_document_is_refused_at_both_addresses(client, dev_urls, kind):
    document = document_in(restricted_collection(kind), "intern")
    wagtail_view = client.get(document.url)
    assert wagtail_view.status_code in (302, 200)
    assert SECRET_TEXT not in body(wagtail_view), "the password form, not the file"
    raw = client.get(f"/media/{document.file.name}")
    assert raw.status_code == 404
    assert SECRET_TEXT not in body(raw)


def test_a_public_document_is_served_through_the_document_view_only(client, dev_urls):
    document = document_in(Collection.get_first_root_node(), "oeffentlich")
    served = client.get(document.url)
    assert served.status_code == 200
    assert body(served) == SECRET_TEXT
    assert client.get(f"/media/{document.file.name}").status_code == 404


def test_images_are_still_served_from_media_in_development(client, dev_urls):
    image = Image.objects.create(title="Logo", file=get_test_image_file())
    assert client.get(f"/media/{image.file.name}").status_code == 200
    rendition = image.get_rendition("width-100")
    assert client.get(rendition.url).status_code == 200
