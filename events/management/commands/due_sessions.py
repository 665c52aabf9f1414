"""Print the "Fällige Sitzungen" report for cron; exit status 1 when a body is overdue."""

import sys

from django.core.management.base import BaseCommand
from django.utils import formats
from django.utils.translation import gettext as _

from events.rhythm import due_report


class Command(BaseCommand):
    help = _("Fällige Sitzungen und wartende Aufnahmeanträge ausgeben.")

    def handle(self, *args, **options):
        report = due_report()
        lines = []
        for heading, entries, template in (
            (_("Überfällig"), report["overdue"], _("fällig seit %(date)s")),
            (_("In den nächsten 14 Tagen fällig"), report["due_soon"], _("fällig am %(date)s")),
        ):
            if entries:
                lines.append(heading + ":")
                lines += [
                    f"  {body.title} – " + template % {"date": formats.date_format(due)}
                    for body, due in entries
                ]
        for heading, members in (
            (_("Warten auf die Empfehlung des Beirats"), report["awaiting_recommendation"]),
            (_("Warten auf den Beschluss der Bündnis-Sitzung"), report["awaiting_decision"]),
        ):
            if members:
                lines.append(heading + ":")
                lines += [f"  {member.name}" for member in members]
        self.stdout.write("\n".join(lines) if lines else _("Nichts ist fällig."))
        if report["overdue"]:
            sys.exit(1)
