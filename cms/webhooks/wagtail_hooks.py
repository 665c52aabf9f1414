from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from cms.webhooks.models import WebhookDelivery, WebhookEndpoint

WRITE_ACTIONS = {"add", "change"}


class DeliveryLogPolicy(ModelPermissionPolicy):
    """The delivery log is a record of what happened: viewable and prunable, never editable."""

    def user_has_permission(self, user, action):
        return action not in WRITE_ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, set(actions) - WRITE_ACTIONS)


register_permission_policy(WebhookDelivery, DeliveryLogPolicy(WebhookDelivery))


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
