"""Site backups: one archive with the database, the media files and a manifest to verify them.

The manifest holds per-model row counts and checksums and a checksum per media file, so a restore
can prove that nothing was lost, and a checksum of the database dump, so a damaged or altered
archive is refused before it replaces anything.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"


def model_fingerprints():
    """{app_label.Model: {"count": n, "checksum": sha256 of all rows in pk order}}."""
    result = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        columns = [field.attname for field in meta.concrete_fields]
        digest = hashlib.sha256()
        count = 0
        for row in model._base_manager.order_by("pk").values_list(*columns).iterator():
            digest.update(repr(row).encode())
            count += 1
        result[meta.label] = {"count": count, "checksum": digest.hexdigest()}
    return result


def media_fingerprints(root=None):
    root = Path(root or settings.MEDIA_ROOT)
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def pg_environment():
    db = connection.settings_dict
    env = dict(os.environ, PGPASSWORD=db.get("PASSWORD") or "")
    return env, [
        f"--host={db['HOST']}",
        f"--port={db.get('PORT') or 5432}",
        f"--username={db.get('USER') or 'postgres'}",
        f"--dbname={db['NAME']}",
    ]


def dump_database(target_dir):
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target_dir / SQLITE_FILE)
        with destination:
            connection.connection.backup(destination)
        destination.close()
        return SQLITE_FILE
    if connection.vendor == "postgresql":
        env, args = pg_environment()
        run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={target_dir / PG_FILE}", *args],
            env,
        )
        return PG_FILE
    raise CommandError(f"Datenbank {connection.vendor} wird nicht unterstützt.")


def load_database(source_dir, name):
    if name == SQLITE_FILE and connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(source_dir / SQLITE_FILE)
        source.backup(connection.connection)
        source.close()
        return
    if name == PG_FILE and connection.vendor == "postgresql":
        connection.close()
        env, args = pg_environment()
        run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                str(source_dir / PG_FILE),
            ],
            env,
        )
        return
    raise CommandError(
        f"Die Sicherung ({name}) passt nicht zur Datenbank dieser Installation ({connection.vendor})."
    )


def run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CommandError(f"{command[0]} ist fehlgeschlagen: {result.stderr.strip()[:500]}")


def create_backup(archive_path):
    archive_path = Path(archive_path)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        database = dump_database(tmp)
        manifest = {
            "database": database,
            "database_sha256": file_checksum(tmp / database),
            "vendor": connection.vendor,
            "models": model_fingerprints(),
            "media": media_fingerprints(),
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
        archive_path.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive_path, "w:gz") as archive:
            archive.add(tmp / MANIFEST, MANIFEST)
            archive.add(tmp / manifest["database"], manifest["database"])
            media_root = Path(settings.MEDIA_ROOT)
            for relative in manifest["media"]:
                archive.add(media_root / relative, f"media/{relative}")
    return manifest


def restore_backup(archive_path):
    """Restore database and media; raise CommandError if the result differs from the manifest."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        try:
            with tarfile.open(archive_path, "r:gz") as archive:
                archive.extractall(tmp, filter="data")
            manifest = json.loads((tmp / MANIFEST).read_text())
            damage = archive_damage(tmp, manifest)
        except (OSError, EOFError, zlib.error, tarfile.TarError, ValueError) as exc:
            # a truncated download ends the gzip stream early (EOFError)
            raise CommandError(f"Keine lesbare Sicherung: {archive_path} ({exc})") from exc
        if damage:
            raise CommandError(
                "Die Sicherung ist beschädigt oder verändert; nichts wurde wiederhergestellt: "
                + "; ".join(damage[:20])
            )
        load_database(tmp, manifest["database"])
        media_root = Path(settings.MEDIA_ROOT)
        for relative in manifest["media"]:
            target = media_root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(tmp / "media" / relative, target)
    differences = compare(manifest)
    if differences:
        raise CommandError("Wiederherstellung unvollständig: " + "; ".join(differences[:20]))
    return manifest


def file_checksum(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def archive_damage(tmp, manifest):
    """What in the extracted archive does not match its manifest; checked before restoring.

    Loading first and comparing afterwards would leave a corrupt database in place.
    """
    if (
        not isinstance(manifest, dict)
        or not {"database", "models", "media"} <= set(manifest)
        or not isinstance(manifest["media"], dict)
    ):
        raise ValueError("Manifest unvollständig")
    if manifest["database"] not in (SQLITE_FILE, PG_FILE):
        return [f"unbekannte Datenbankdatei {manifest['database']!r}"]
    damage = []
    dump = tmp / manifest["database"]
    if not dump.is_file():
        damage.append(f"Datenbankdatei {manifest['database']} fehlt")
    elif file_checksum(dump) != manifest.get("database_sha256"):
        damage.append(f"Prüfsumme der Datenbankdatei {manifest['database']} stimmt nicht")
    for name, checksum in manifest["media"].items():
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts:
            damage.append(f"Mediendatei {name} liegt außerhalb des Medienordners")
            continue
        source = tmp / "media" / relative
        if not source.is_file() or file_checksum(source) != checksum:
            damage.append(f"Mediendatei {name} fehlt oder weicht ab")
    return damage


def compare(manifest):
    models, media = model_fingerprints(), media_fingerprints()
    differences = [
        f"{label}: {models.get(label)} statt {expected}"
        for label, expected in manifest["models"].items()
        if models.get(label) != expected
    ]
    differences += [
        f"Mediendatei {name} fehlt oder weicht ab"
        for name, checksum in manifest["media"].items()
        if media.get(name) != checksum
    ]
    return differences
