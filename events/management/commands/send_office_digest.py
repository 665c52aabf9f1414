"""Queue the office's weekly digest (cron: Mondays); sent by the outbox worker."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from events.digest import send_office_digest


class Command(BaseCommand):
    help = _("Wochenübersicht an das Koordinierungsbüro versenden.")

    def handle(self, *args, **options):
        message = send_office_digest()
        if message is None:
            self.stdout.write(_("Nichts ist fällig; keine Wochenübersicht."))
        else:
            self.stdout.write(
                _("Wochenübersicht an %(to)s vorgemerkt.") % {"to": message.recipient_email}
            )
