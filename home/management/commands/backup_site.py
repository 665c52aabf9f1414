from django.core.management.base import BaseCommand
from django.utils import timezone

from home.backup import create_backup


class Command(BaseCommand):
    help = "Sichert Datenbank und Mediendateien in ein Archiv mit Prüfsummen (docs/operations.md)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=f"var/backups/site-{timezone.now():%Y%m%d-%H%M%S}.tar.gz",
            help="Pfad des Archivs (.tar.gz)",
        )

    def handle(self, *args, output, **options):
        manifest = create_backup(output)
        rows = sum(model["count"] for model in manifest["models"].values())
        self.stdout.write(
            f"Sicherung {output}: {rows} Datensätze in {len(manifest['models'])} Tabellen, "
            f"{len(manifest['media'])} Mediendateien."
        )
