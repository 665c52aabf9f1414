from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "network"
    public_content = True
    # The register's status history is its audit trail; visitors see the member row it changes.
    private_models = {"memberstatuschange"}

    def ready(self):
        # The receivers import models: only once the app registry is ready.
        from network import webhooks

        webhooks.connect()

    verbose_name = _("Netzwerk")
