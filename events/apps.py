from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    public_content = True
    verbose_name = _("Sitzungen und Veranstaltungen")

    def ready(self):
        from events.signals import connect

        connect()
