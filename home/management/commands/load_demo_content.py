import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings
from django.utils.translation import gettext as _

from events.demo import load_events
from home.demo import load_news, load_site_frame, make_coordinator_the_office_contact
from network.demo import load_network
from network.roles import ensure_groups


def load_demo():
    """Load the whole demo tree (idempotent); returns the key pages and objects."""
    with transaction.atomic():
        home = load_site_frame()
        load_news(home)
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
        # Loading sends nobody a notification; the console backend would print them all.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
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
            _("Admin-Anmeldung: %(url)s  Benutzer: %(user)s  Passwort: %(pw)s")
            % {
                "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/admin/",
                "user": username,
                "pw": password,
            }
        )
