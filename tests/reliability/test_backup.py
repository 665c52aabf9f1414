"""Backup → wipe → restore gives back every row and every media file, verified by checksums."""

import io
import shutil

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from wagtail.documents.models import Document

from home.backup import media_fingerprints, model_fingerprints
from network.models import Member


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_backup_wipe_restore_loses_nothing(transactional_db, demo, media_root, tmp_path):
    document = Document(title="Satzung")
    document.file.save("satzung.pdf", ContentFile(b"%PDF-1.4 Satzung"), save=True)
    before_models, before_media = model_fingerprints(), media_fingerprints()
    assert before_models["network.Member"]["count"] > 0
    assert before_media
    archive = tmp_path / "backup.tar.gz"

    call_command("backup_site", output=str(archive), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media_root)
    assert not Member.objects.exists()

    out = io.StringIO()
    call_command("restore_site", str(archive), yes=True, stdout=out)
    assert "geprüft" in out.getvalue()
    assert model_fingerprints() == before_models
    assert media_fingerprints() == before_media


def test_restore_needs_confirmation_and_a_readable_archive(db, tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_site", str(tmp_path / "x.tar.gz"))
    broken = tmp_path / "kaputt.tar.gz"
    broken.write_bytes(b"keine Sicherung")
    count = Member.objects.count()
    with pytest.raises(CommandError, match="Keine lesbare Sicherung"):
        call_command("restore_site", str(broken), yes=True)
    assert Member.objects.count() == count


def test_a_restore_does_not_bring_back_an_erased_person(transactional_db, media_root, tmp_path):
    from cms import personal_data
    from cms.models import ErasureRecord
    from network.models import Person

    person = Person.objects.create(name="Fiktive Gelöschte", email="weg@example.invalid")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup_site", output=str(archive), stdout=io.StringIO())
    personal_data.erase(personal_data.find(email="weg@example.invalid"))

    out = io.StringIO()
    call_command("restore_site", str(archive), yes=True, stdout=out)

    person.refresh_from_db()
    assert (person.name, person.email) == (personal_data.PLACEHOLDER, "")
    assert ErasureRecord.objects.count() == 1
    assert "Löschungen erneut angewendet: 1" in out.getvalue()
