from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    public_content = True
    # Invitations and their replies are internal: saving them changes nothing visitors see.
    private_models = {"sessioninvitation"}
    verbose_name = _("Sitzungen und Veranstaltungen")

    def ready(self):
        # The receivers import models: only once the app registry is ready.
        from events.signals import connect

        connect()
