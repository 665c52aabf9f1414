"""Uploaded documents must be what their extension claims; a renamed HTML page is refused.

Images are checked by Wagtail itself (Pillow must read them; SVG is not an allowed extension).
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

ZIP = b"PK\x03\x04"
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "docx": (ZIP,),
    "xlsx": (ZIP,),
    "pptx": (ZIP,),
    "odt": (ZIP,),
    "rtf": (b"{\\rtf",),
}
TEXT_EXTENSIONS = {"csv", "txt"}
ACTIVE_MARKUP = (b"<script", b"<html", b"<svg", b"<iframe", b"javascript:")


def check_document(uploaded):
    """Raise a German ValidationError unless the content matches the file's extension."""
    extension = Path(uploaded.name).suffix.lower().lstrip(".")
    uploaded.seek(0)
    head = uploaded.read(64 * 1024)
    uploaded.seek(0)
    if extension in SIGNATURES and not head.startswith(SIGNATURES[extension]):
        raise ValidationError(
            _("Der Inhalt der Datei passt nicht zur Endung .%(ext)s."), params={"ext": extension}
        )
    if extension in TEXT_EXTENSIONS:
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError:
            text = head.decode("latin-1")
        if "\x00" in text or any(marker.decode() in text.lower() for marker in ACTIVE_MARKUP):
            raise ValidationError(
                _("Textdateien dürfen keine Binärdaten, HTML oder Skripte enthalten.")
            )


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and hasattr(uploaded, "read") and self.files:
            check_document(uploaded)
        return uploaded
