"""Site backups: one archive with the database, the media files and a manifest to verify them.

The manifest holds per-model row counts and checksums and a checksum per media file, so a restore
can prove that nothing was lost.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

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
        manifest = {
            "database": dump_database(tmp),
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
        except (OSError, tarfile.TarError, ValueError, KeyError) as exc:
            raise CommandError(f"Keine lesbare Sicherung: {archive_path} ({exc})") from exc
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
