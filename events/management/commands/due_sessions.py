"""Print the "Fällige Sitzungen" report for cron; exit status 1 when a body is overdue."""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from events.rhythm import due_report, report_lines


class Command(BaseCommand):
    help = _("Fällige Sitzungen und wartende Aufnahmeanträge ausgeben.")

    def handle(self, *args, **options):
        report = due_report()
        lines = report_lines(report)
        self.stdout.write("\n".join(lines) if lines else _("Nichts ist fällig."))
        if report["overdue"]:
            sys.exit(1)
