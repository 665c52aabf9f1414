from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cms.retention import apply_retention, due


class Command(BaseCommand):
    help = "Erases or anonymises what the retention periods say is due; run it daily."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list what is due, change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        items = due() if dry_run else apply_retention()
        for item in items:
            self.stdout.write(f"{item.rule.label}: {len(item.objects)}")
            for obj in item.objects:
                self.stdout.write(f"  - {item.rule.describe(obj)}")
        if not items:
            self.stdout.write(_("Nichts ist fällig."))
        elif dry_run:
            self.stdout.write(_("Probelauf: nichts wurde geändert."))
