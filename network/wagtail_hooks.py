from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic import InspectView
from wagtail.admin.widgets import Button, HeaderButton
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup
from wagtail_modeladmin.options import modeladmin_register

from cms.admin_ui import ChoiceColumn, GermanBreadcrumbsMixin, YesNoColumn, display_value
from cms.cache import API_PATHS_HOOK
from cms.personal_data import SOURCES_HOOK
from cms.retention import RULES_HOOK
from network import api
from network.admin_views import (
    MemberIndexView,
    MemberStatusView,
    RegisterImportView,
    WithdrawConsentView,
    create_partner_profile_view,
    may_create_profile,
    member_status_url,
)
from network.bulk_actions import RecommendBulkAction
from network.chooser_views import RegisterChooserViewSet
from network.consent import CONSENT_GIVEN, CONSENT_WITHDRAWN, record_consent_changes
from network.inbox import MembershipApplicationAdmin
from network.models import Member, Person, Topic
from network.partners import PROFILE_UNPUBLISHED_LOG_ACTION, existing_profile
from network.personal_data import personal_data_sources, retention_rules
from network.workflow import STATUS_CHANGE_LOG_ACTION


class SeatsInspectView(InspectView):
    """The inspect view plus the bodies the member or person sits in, current and former."""

    template_name = "network/admin/person_inspect.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(seats=self.object.bodies(), **kwargs)

    def get_field_display_value(self, field_name, field):
        return display_value(super().get_field_display_value(field_name, field))


class MemberInspectView(SeatsInspectView):
    template_name = "network/admin/member_inspect.html"

    def get_context_data(self, **kwargs):
        member = self.object
        context = super().get_context_data(**kwargs)
        context.update(
            history=member.status_changes.select_related("actor"),
            profile=existing_profile(member),
            public_contacts=member.contact_persons.filter(publish_consent=True)
            if self.request.user.has_perm("network.change_member")
            else [],
            can_create_profile=member.is_admitted and may_create_profile(self.request.user),
            status_url=member_status_url(member, self.request.user),
        )
        return context


class MemberEditView(EditView):
    """The edit form offers the status step next to the fields it does not contain."""

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if url := member_status_url(self.object, self.request.user):
            buttons = [*buttons, HeaderButton(_("Status ändern"), url=url, icon_name="tasks")]
        return buttons


MEMBER_CHOICE_COLUMNS = ("kind", "relationship", "status")


class MemberViewSet(GermanBreadcrumbsMixin, SnippetViewSet):
    model = Member
    icon = "group"
    menu_label = _("Mitgliederverzeichnis")
    list_display = [
        "name",
        *(ChoiceColumn(Member._meta.get_field(name)) for name in MEMBER_CHOICE_COLUMNS),
        "municipality",
    ]
    list_filter = ["status", "relationship", "kind", "topics", "municipality"]
    ordering = ["name"]
    chooser_viewset_class = RegisterChooserViewSet
    chooser_per_page = 25
    index_view_class = MemberIndexView
    # The office's download, dated: mitgliederverzeichnis-2026-11-30.csv
    export_filename = "mitgliederverzeichnis"
    edit_view_class = MemberEditView
    inspect_view_enabled = True
    inspect_view_class = MemberInspectView
    inspect_view_fields = [
        "name",
        "kind",
        "relationship",
        "status",
        "status_changed_on",
        "municipality",
        "website",
        "topics",
        "end_reason",
        "internal_notes",
    ]


class PersonViewSet(GermanBreadcrumbsMixin, SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("Personen")
    list_display = [
        "name",
        "function",
        "organisation",
        YesNoColumn("publish_consent", label=_("Einwilligung zur Veröffentlichung")),
    ]
    list_filter = ["publish_consent"]
    chooser_viewset_class = RegisterChooserViewSet
    inspect_view_enabled = True
    inspect_view_class = SeatsInspectView
    inspect_view_fields = ["name", "public_name", "function", "organisation", "publish_consent"]


class TopicViewSet(GermanBreadcrumbsMixin, SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Themenfelder")
    list_display = ["name", "slug"]


class NetworkViewSetGroup(SnippetViewSetGroup):
    items = (MemberViewSet, PersonViewSet, TopicViewSet)
    menu_icon = "group"
    menu_label = _("Netzwerk")
    menu_name = "network"


register_snippet(NetworkViewSetGroup)


@hooks.register("register_log_actions")
def register_member_log_actions(actions):
    @actions.register_action(STATUS_CHANGE_LOG_ACTION)
    class MemberStatusChangeFormatter(LogFormatter):
        label = _("Statusänderung")

        def format_message(self, log_entry):
            data = log_entry.data
            return _("Status geändert: %(from)s → %(to)s") % {
                "from": data.get("from_label", data.get("from")),
                "to": data.get("to_label", data.get("to")),
            }

        def format_comment(self, log_entry):
            data = log_entry.data
            return " ".join(part for part in (data.get("resolution"), data.get("reason")) if part)

    actions.register_action(
        CONSENT_GIVEN, _("Einwilligung erteilt"), _("Einwilligung zur Veröffentlichung erteilt")
    )
    actions.register_action(
        CONSENT_WITHDRAWN,
        _("Einwilligung widerrufen"),
        _("Einwilligung zur Veröffentlichung widerrufen"),
    )
    actions.register_action(
        PROFILE_UNPUBLISHED_LOG_ACTION,
        _("Partnerprofil depubliziert"),
        _("Partnerprofil depubliziert, weil die Mitgliedschaft beendet wurde"),
    )


@hooks.register("register_admin_urls")
def register_network_admin_urls():
    return [
        path("network/member/import/", RegisterImportView.as_view(), name="network_member_import"),
        path(
            "network/member/<int:pk>/status/",
            MemberStatusView.as_view(),
            name="network_member_status",
        ),
        path(
            "network/consent/<str:kind>/<int:pk>/withdraw/",
            WithdrawConsentView.as_view(),
            name="network_withdraw_consent",
        ),
        path(
            "network/member/<int:pk>/partner-profile/",
            create_partner_profile_view,
            name="network_create_partner_profile",
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def member_status_button(snippet, user, next_url=None):
    if isinstance(snippet, Member) and (url := member_status_url(snippet, user)):
        yield Button(_("Status ändern"), url, icon_name="tasks", priority=15)


@hooks.register("register_snippet_listing_buttons")
def withdraw_consent_button(snippet, user, next_url=None):
    if (
        isinstance(snippet, Person)
        and snippet.publish_consent
        and user.has_perm("network.change_person")
    ):
        yield Button(
            _("Einwilligung widerrufen"),
            reverse("network_withdraw_consent", args=("person", snippet.pk)),
            icon_name="cross",
            priority=20,
        )


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def record_consent_after_edit(request, instance):
    if isinstance(instance, Person):
        record_consent_changes([instance], user=request.user)
    elif isinstance(instance, Member):
        record_consent_changes(instance.contact_persons.all(), user=request.user)


hooks.register("register_bulk_action", RecommendBulkAction)

modeladmin_register(MembershipApplicationAdmin)


hooks.register(API_PATHS_HOOK, api.public_api_paths)
hooks.register(SOURCES_HOOK, personal_data_sources)
hooks.register(RULES_HOOK, retention_rules)
