import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from events.demo import load_events
from home.demo import load_site_frame, make_coordinator_the_office_contact
from network.demo import load_network
from network.roles import ensure_groups


def load_demo():
    """Load the whole demo tree (idempotent); returns the key pages and objects."""
    with transaction.atomic():
        home = load_site_frame()
        network = load_network(home)
        make_coordinator_the_office_contact(network["coordinator"])
        load_events(home, network)
        # Last, so the groups' page permissions cover every section the loaders created.
        ensure_groups()
    return {"home": home, **network}


class Command(BaseCommand):
    help = "Loads the alliance's demo content from the plan (idempotent) and an admin account."

    def add_arguments(self, parser):
        parser.add_argument("--no-admin", action="store_true", help="Create no admin account.")

    def handle(self, *args, **options):
        load_demo()
        self.stdout.write(self.style.SUCCESS(_("Demo-Inhalte sind geladen.")))
        if not options["no_admin"]:
            self.ensure_admin()

    def ensure_admin(self):
        username = os.environ.get("DEMO_ADMIN_USER", "admin")
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "buendnis-demo-2026")
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"email": "admin@buendnis-zwickau.example", "is_staff": True},
        )
        if created or not user.check_password(password):
            user.is_staff = user.is_superuser = True
            user.set_password(password)
            user.save()
        self.stdout.write(
            _("Admin-Anmeldung: http://127.0.0.1:8000/admin/  Benutzer: %(user)s  Passwort: %(pw)s")
            % {"user": username, "pw": password}
        )
