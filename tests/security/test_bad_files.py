"""Malformed import files and damaged backups: a clear German reason, and the database untouched.

tests/network/test_register.py covers bad rows in a proper CSV; here the files are not proper
CSV at all. Each one goes through the management command and the admin import view, and the
whole database (row counts and checksums of every model) is compared before and after.
"""

import io
import json
import tarfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from home.backup import model_fingerprints
from network.models import Member

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
XLSX = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(256))
NOT_TEXT = "keine CSV-Textdatei"

# name, file content, what the reason must say (command and view alike unless noted)
BAD_FILES = [
    ("png", PNG, NOT_TEXT),
    ("xlsx", XLSX, NOT_TEXT),
    ("utf16", "Name;Gemeinde/Stadt\nVerein Süd;Zwickau\n".encode("utf-16"), NOT_TEXT),
    (
        "latin1",
        "Name;Gemeinde/Stadt\nVerein Süd;Zwickau\n".encode("latin-1"),
        "Zeile 2: Die Datei ist nicht UTF-8-kodiert",
    ),
    ("empty", b"", "leer"),
    (
        "header-only",
        b"Name;Gemeinde/Stadt\n",
        "Zeile 2: Die Datei enth\u00e4lt keine Eintr\u00e4ge",
    ),
    (
        "too-many-columns",
        b"Name;Gemeinde/Stadt\nVerein A;Zwickau\nVerein B;Werdau;Extra;Mehr\n",
        "Zeile 3: 2 Werte mehr, als die Kopfzeile Spalten hat",
    ),
    (
        "unclosed-quote",
        b'Name;Gemeinde/Stadt\nVerein A;Zwickau\n"Verein B;Werdau\nVerein C;Crimmitschau\n',
        "Zeile 3: Die Datei ist kein g\u00fcltiges CSV",
    ),
    ("tab-delimited", b"Name\tGemeinde/Stadt\nVerein A\tZwickau\n", "Zeile 1: Die Spalte"),
]
GOOD_SEMICOLON = "Name;Gemeinde/Stadt\nVerein Süd (fiktiv);Zwickau\n".encode()


@pytest.fixture
def register(db):
    """Something in the register that a broken import could damage."""
    return Member.objects.create(name="Bestehender Verein (fiktiv)", municipality="Zwickau")


def run_import(tmp_path, content):
    path = tmp_path / "partnerliste.csv"
    path.write_bytes(content)
    call_command("import_partners", str(path), stdout=io.StringIO())


@pytest.mark.parametrize("name,content,reason", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_the_command_refuses_with_a_reason_and_stores_nothing(
    register, tmp_path, name, content, reason
):
    before = model_fingerprints()
    with pytest.raises(CommandError) as refused:
        run_import(tmp_path, content)
    message = str(refused.value)
    assert message.startswith("Nichts importiert."), message
    assert reason in message, message
    assert model_fingerprints() == before


@pytest.mark.parametrize("name,content,reason", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_the_admin_import_refuses_with_a_reason_and_stores_nothing(
    register, admin_client, name, content, reason
):
    before = model_fingerprints()
    upload = SimpleUploadedFile("partnerliste.csv", content, "text/csv")
    response = admin_client.post(reverse("network_member_import"), {"file": upload})
    assert response.status_code == 200, "the form is shown again, no redirect to the register"
    assert reason in response.content.decode()
    assert model_fingerprints() == before


def test_a_semicolon_file_is_imported(register, tmp_path, admin_client):
    """The control: a proper file does change the database, through both ways in."""
    run_import(tmp_path, GOOD_SEMICOLON)
    assert Member.objects.filter(name="Verein Süd (fiktiv)").exists()
    upload = SimpleUploadedFile("b.csv", GOOD_SEMICOLON.replace(b"S\xc3\xbcd", b"Nord"))
    response = admin_client.post(reverse("network_member_import"), {"file": upload})
    assert response.status_code == 302
    assert Member.objects.filter(name="Verein Nord (fiktiv)").exists()


# restore_site


@pytest.fixture
def backup(transactional_db, settings, tmp_path):
    """A real archive from backup_site (SQLite's backup needs the data committed)."""
    Member.objects.create(name="Bestehender Verein (fiktiv)", municipality="Zwickau")
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "documents").mkdir(parents=True)
    (tmp_path / "media" / "documents" / "satzung.pdf").write_bytes(b"%PDF-1.4 Satzung")
    archive = tmp_path / "sicherung.tar.gz"
    call_command("backup_site", output=str(archive), stdout=io.StringIO())
    return archive


def repacked(archive, change):
    """A copy of the archive with `change(name, bytes)` applied to each file."""
    with tarfile.open(archive, "r:gz") as source:
        files = [(m, source.extractfile(m).read()) for m in source.getmembers() if m.isfile()]
    target = archive.with_name("verändert.tar.gz")
    with tarfile.open(target, "w:gz") as packed:
        for member, data in files:
            data = change(member.name, data)
            member.size = len(data)
            packed.addfile(member, io.BytesIO(data))
    return target


def truncated(archive):
    target = archive.with_name("abgebrochen.tar.gz")
    target.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    return target


def corrupt_database(archive):
    def change(name, data):
        if name.startswith("database."):
            return data[: len(data) // 2] + b"\0" * (len(data) - len(data) // 2)
        return data

    return repacked(archive, change)


def edited_manifest(**edits):
    def damage(archive):
        def change(name, data):
            if name != "manifest.json":
                return data
            manifest = json.loads(data)
            manifest.update(edits)
            return json.dumps(manifest).encode()

        return repacked(archive, change)

    return damage


DAMAGED = [
    ("truncated", truncated, "Keine lesbare Sicherung"),
    ("corrupt-database", corrupt_database, "Prüfsumme der Datenbankdatei"),
    (
        "media-outside",
        edited_manifest(media={"../../ausserhalb.txt": "0" * 64}),
        "liegt außerhalb des Medienordners",
    ),
    ("manifest-without-models", lambda a: repacked(a, lambda n, d: b"{}"), "Keine lesbare"),
]


@pytest.mark.parametrize("name,damage,reason", DAMAGED, ids=[d[0] for d in DAMAGED])
def test_a_damaged_backup_is_refused_before_anything_is_replaced(
    backup, tmp_path, name, damage, reason
):
    archive = damage(backup)
    Member.objects.create(name="Nach der Sicherung angelegt (fiktiv)")
    before = model_fingerprints()
    with pytest.raises(CommandError) as refused:
        call_command("restore_site", str(archive), yes=True, stdout=io.StringIO())
    assert reason in str(refused.value)
    assert model_fingerprints() == before, "the database was replaced by a damaged backup"
    assert not (tmp_path / "ausserhalb.txt").exists()
