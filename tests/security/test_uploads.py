"""Uploads through the real Wagtail admin views: only genuine files of allowed types get in."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def png_bytes(size=(20, 20)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


def upload_image(client, name, content, content_type="image/png"):
    return client.post(
        "/admin/images/add/",
        {"title": "Bild", "file": SimpleUploadedFile(name, content, content_type)},
    )


def upload_document(client, name, content, content_type="application/octet-stream"):
    return client.post(
        "/admin/documents/add/",
        {"title": "Dokument", "file": SimpleUploadedFile(name, content, content_type)},
    )


def test_a_real_png_is_accepted_with_a_safe_file_name(admin_client):
    response = upload_image(admin_client, "../../etc/Plakat <Demo>;rm -rf.png", png_bytes())
    assert response.status_code == 302
    stored = Image.objects.get().file.name
    assert stored.startswith("original_images/")
    assert ".." not in stored and "<" not in stored and " " not in stored and ";" not in stored


@pytest.mark.parametrize(
    "name,content,content_type",
    [
        ("logo.svg", SVG, "image/svg+xml"),
        ("logo.png", SVG, "image/png"),
        ("foto.png", b"not an image at all", "image/png"),
        ("seite.html", b"<html></html>", "text/html"),
    ],
    ids=["svg", "svg-renamed", "garbage", "html"],
)
def test_svg_scripts_and_fake_images_are_refused(admin_client, name, content, content_type):
    response = upload_image(admin_client, name, content, content_type)
    assert response.status_code == 200
    assert not Image.objects.exists()


def test_oversized_images_are_refused(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024
    response = upload_image(admin_client, "gross.png", png_bytes((400, 400)) + b"\0" * 2048)
    assert response.status_code == 200
    assert "zu groß" in response.content.decode() or "too large" in response.content.decode()
    assert not Image.objects.exists()


def test_a_real_pdf_is_accepted(admin_client):
    response = upload_document(admin_client, "protokoll.pdf", b"%PDF-1.4\n%%EOF\n")
    assert response.status_code == 302
    assert Document.objects.get().file.name.endswith(".pdf")


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("bericht.pdf", b"<html><script>alert(1)</script></html>", "passt nicht zur Endung"),
        ("liste.xlsx", b"MZ\x90\x00binary", "passt nicht zur Endung"),
        ("notiz.txt", b"hallo <script>alert(1)</script>", "keine Binärdaten, HTML"),
        ("seite.html", b"<html></html>", ""),
        ("bild.svg", SVG, ""),
        ("programm.exe", b"MZ\x90\x00", ""),
    ],
    ids=["html-as-pdf", "exe-as-xlsx", "script-in-txt", "html", "svg", "exe"],
)
def test_documents_must_be_what_they_claim(admin_client, name, content, message):
    response = upload_document(admin_client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()


def test_oversized_documents_are_refused(admin_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = upload_document(admin_client, "gross.pdf", b"%PDF-1.4\n" + b"0" * 4096)
    assert response.status_code == 200
    assert not Document.objects.exists()
