from django.core.management.base import BaseCommand, CommandError

from cms.personal_data import erasure_snapshot, keep_erasures, reapply_erasures
from home.backup import restore_backup


class Command(BaseCommand):
    help = "Stellt eine Sicherung von backup_site wieder her und prüft sie gegen ihr Manifest."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Archiv von backup_site")
        parser.add_argument(
            "--yes", action="store_true", help="ohne Rückfrage den aktuellen Stand überschreiben"
        )

    def handle(self, *args, archive, yes, **options):
        if not yes:
            raise CommandError(
                "Die Wiederherstellung überschreibt Datenbank und Mediendateien. "
                "Zum Bestätigen --yes angeben."
            )
        # Erasures made after the backup was taken must not be undone by restoring it.
        erasures = erasure_snapshot()
        manifest = restore_backup(archive)
        keep_erasures(erasures)
        erased_again = reapply_erasures()
        self.stdout.write(
            f"Wiederhergestellt und geprüft: {len(manifest['models'])} Tabellen, "
            f"{len(manifest['media'])} Mediendateien. "
            f"Löschungen erneut angewendet: {len(erased_again)} Person(en)."
        )
