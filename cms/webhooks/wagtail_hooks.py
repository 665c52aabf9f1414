from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permissions import register_permission_policy

from cms.permissions import RecordPolicy
from cms.webhooks.models import WebhookDelivery, WebhookEndpoint

register_permission_policy(WebhookDelivery, RecordPolicy(WebhookDelivery))


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = _("Empfänger")
    list_display = ["name", "url", "is_active"]
    copy_view_enabled = False


class WebhookDeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    icon = "history"
    menu_label = _("Zustellungen")
    list_display = [
        "endpoint",
        "event",
        "status",
        "attempts",
        "response_code",
        "created_at",
        "last_attempt_at",
    ]
    list_filter = ["status", "event", "endpoint"]
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []


class WebhooksGroup(ModelViewSetGroup):
    menu_label = _("Webhooks")
    menu_icon = "link-external"
    add_to_settings_menu = True
    items = (
        WebhookEndpointViewSet("webhook_endpoints"),
        WebhookDeliveryViewSet("webhook_deliveries"),
    )


@hooks.register("register_admin_viewset")
def register_webhooks():
    return WebhooksGroup()
