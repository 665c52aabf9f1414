from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from cms import personal_data, retention
from cms.page_creation import CreateOnceViewSet
from cms.personal_data_admin import admin_urls, may_manage
from cms.preview import preview_button, preview_urls

# The headless preview on a consumer site; apps offer their page types through SERIALIZERS_HOOK.
hooks.register("register_admin_urls", preview_urls)
hooks.register("register_page_header_buttons", preview_button)


@hooks.register("register_log_actions")
def register_personal_data_log_actions(actions):
    # The log names what was done and how often, never whom it concerned.
    actions.register_action(
        personal_data.SEARCH_LOG_ACTION,
        _("Personendaten gesucht"),
        _("Personendaten gesucht"),
    )
    actions.register_action(
        personal_data.EXPORT_LOG_ACTION,
        _("Personendaten exportiert (Auskunft)"),
        _("Personendaten exportiert (Auskunft)"),
    )
    actions.register_action(
        personal_data.ERASE_LOG_ACTION,
        _("Personendaten gelöscht"),
        _("Personendaten gelöscht"),
    )


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage(request.user)


hooks.register("register_admin_urls", admin_urls)


@hooks.register("register_settings_menu_item")
def register_personal_data_menu_item():
    return PersonalDataMenuItem(
        _("Personendaten"), reverse("personal_data"), icon_name="user", order=50
    )


class RetentionPanel(Component):
    name = "retention_due"
    template_name = "cms/admin/retention_panel.html"
    order = 60

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(
            items=retention.due(),
            settings_url=reverse("wagtailsettings:edit", args=("cms", "retentionsettings")),
        )
        return context


@hooks.register("construct_homepage_panels")
def add_retention_panel(request, panels):
    if may_manage(request.user):
        panels.append(RetentionPanel())


@hooks.register("register_admin_viewset")
def register_page_viewset():
    # After Wagtail's own (order -1): the registry keeps the last viewset for `Page`.
    return CreateOnceViewSet()
