from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from network.register import decode_csv, import_register


class Command(BaseCommand):
    help = (
        "Importiert eine bestehende Partnerliste (CSV) ins Mitgliederverzeichnis. "
        "Bei einer fehlerhaften Zeile wird nichts gespeichert; ein zweiter Lauf legt nichts doppelt an."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV-Datei (UTF-8, Trennzeichen ; oder ,)")

    def handle(self, *args, path, **options):
        try:
            with open(path, "rb") as handle:
                text = decode_csv(handle.read())
        except OSError as error:
            raise CommandError(f"Die Datei kann nicht gelesen werden: {error}") from error
        except ValidationError as error:
            raise CommandError("\n".join(["Nichts importiert.", *error.messages])) from None
        result = import_register(text)
        if not result.ok:
            raise CommandError("\n".join(["Nichts importiert.", *result.errors]))
        self.stdout.write(f"{result.created} angelegt, {result.updated} aktualisiert.")
