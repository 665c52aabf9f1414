from django.core.management.base import BaseCommand

from network.roles import ensure_groups


class Command(BaseCommand):
    help = (
        "Legt die Gruppen Koordinierungsbüro, Beirat, Arbeitsgruppen-Leitung und Redaktion mit "
        "ihren Rechten an (wiederholbar, z. B. nach dem Anlegen neuer Gremien)."
    )

    def handle(self, *args, **options):
        for name in ensure_groups():
            self.stdout.write(f"Gruppe „{name}“ eingerichtet.")
