from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "cms.outbox"
    label = "outbox"
    verbose_name = _("Postausgang")
    default_auto_field = "django.db.models.BigAutoField"
