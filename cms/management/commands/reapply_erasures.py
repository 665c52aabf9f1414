from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cms.personal_data import reapply_erasures


class Command(BaseCommand):
    help = "Erases again everyone an erasure record names; run after every restore of a backup."

    def handle(self, *args, **options):
        reports = reapply_erasures()
        self.stdout.write(
            _("Löschungen erneut angewendet: %(count)s Person(en).") % {"count": len(reports)}
        )
