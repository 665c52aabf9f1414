from django.contrib import messages
from django.shortcuts import redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages as admin_messages
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.admin_ui import GermanBreadcrumbsMixin
from cms.cache import API_PATHS_HOOK
from cms.personal_data import SOURCES_HOOK
from cms.preview import SERIALIZERS_HOOK
from cms.retention import RULES_HOOK
from events import api, invitations
from events.admin_views import AttendancePrefillView, InvitationView, MinutesView
from events.models import EventPage, EventSeries, Location, SessionPage
from events.permissions import may_send
from events.personal_data import personal_data_sources, retention_rules
from events.resolutions import check_resolutions
from events.rhythm import due_report
from network.choosers import reads_register
from network.models import PartnerPage


class LocationViewSet(GermanBreadcrumbsMixin, SnippetViewSet):
    model = Location
    icon = "site"
    menu_label = _("Orte")
    list_display = ["name", "town"]
    search_fields = ["name", "town"]


class EventSeriesViewSet(GermanBreadcrumbsMixin, SnippetViewSet):
    model = EventSeries
    icon = "repeat"
    menu_label = _("Veranstaltungsreihen")
    list_display = ["title", "recurrence", "first_start"]
    search_fields = ["title"]


register_snippet(LocationViewSet)
register_snippet(EventSeriesViewSet)


class DueSessionsPanel(Component):
    name = "due_sessions"
    template_name = "events/admin/due_sessions_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        shows_applications = reads_register(user)
        context.update(due_report(applications=shows_applications))
        context["shows_applications"] = shows_applications
        return context


@hooks.register("construct_homepage_panels")
def add_due_sessions_panel(request, panels):
    if request.user.has_perm("wagtailadmin.access_admin"):
        panels.append(DueSessionsPanel())


@hooks.register("before_publish_page")
def refuse_wrong_body_decisions(request, page):
    """Publishing a held session with a decision that is not this body's to make is blocked."""
    if not isinstance(page.specific, SessionPage):
        return None
    errors = check_resolutions(page.specific)
    if not errors:
        return None
    if page.live_revision_id is None:
        # The create view stores a new page as live before this hook runs; keep it a draft.
        page.live, page.has_unpublished_changes = False, True
        page.save(clean=False, update_fields=["live", "has_unpublished_changes"])
    for error in errors:
        messages.error(request, error)
    messages.warning(
        request, _("Die Sitzung wurde als Entwurf gespeichert, aber nicht veröffentlicht.")
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("after_publish_page")
def offer_partner_profiles(request, page):
    """After an admission, offer the office to create the new partner's public profile."""
    if not isinstance(page.specific, SessionPage):
        return
    for resolution in page.specific.resolutions.filter(
        kind="admission", applied_at__isnull=False, affected_member__status="admitted"
    ).select_related("affected_member"):
        member = resolution.affected_member
        if PartnerPage.objects.filter(member=member).exists():
            continue
        try:
            url = reverse("wagtailsnippets_network_member:inspect", args=(member.pk,))
        except NoReverseMatch:
            continue
        # Creating the profile is a POST from the entry's page; the message leads there.
        admin_messages.info(
            request,
            _("„%(name)s“ ist aufgenommen.") % {"name": member.name},
            buttons=[admin_messages.button(url + "#partnerprofil", _("Partnerprofil anlegen"))],
        )


@hooks.register(API_PATHS_HOOK)
def public_api_paths(page):
    return api.public_api_paths(page)


@hooks.register(SERIALIZERS_HOOK)
def preview_serializers():
    return {EventPage: api.event_out, SessionPage: api.session_out}


@hooks.register("register_admin_urls")
def register_session_admin_urls():
    return [
        path("sitzungen/<int:pk>/einladung/", InvitationView.as_view(), name="session_invitation"),
        path("sitzungen/<int:pk>/protokoll/", MinutesView.as_view(), name="session_minutes"),
        path(
            "sitzungen/<int:pk>/anwesenheit-aus-rueckmeldungen/",
            AttendancePrefillView.as_view(),
            name="session_attendance_prefill",
        ),
    ]


@hooks.register("register_page_header_buttons")
def invitation_button(page, user, view_name, next_url=None):
    if page.specific_class is not SessionPage or page.pk is None:
        return
    session = page.specific_deferred
    if not may_send(user, session):
        return
    label = _("Absage versenden") if session.is_cancelled else _("Einladung versenden")
    yield Button(
        label, url=reverse("session_invitation", args=[page.pk]), icon_name="mail", priority=80
    )
    if session.minutes_approved:
        yield Button(
            _("Protokoll versenden"),
            url=reverse("session_minutes", args=[page.pk]),
            icon_name="doc-full",
            priority=81,
        )


@hooks.register("register_log_actions")
def register_invitation_log_actions(actions):
    class SessionMailFormatter(LogFormatter):
        def format_message(self, log_entry):
            data = log_entry.data
            modes = {
                invitations.Mode.INVITATION: _("Einladung"),
                invitations.Mode.UPDATE: _("Geänderte Einladung"),
                invitations.Mode.CANCELLATION: _("Absage"),
                invitations.Mode.MINUTES: _("Protokoll"),
            }
            return _("%(what)s an %(recipients)s") % {
                "what": modes.get(data.get("mode"), data.get("mode")),
                "recipients": ", ".join(data.get("recipients", [])),
            }

    @actions.register_action(invitations.INVITATION_LOG_ACTION)
    class InvitationFormatter(SessionMailFormatter):
        label = _("Einladung versendet")

    @actions.register_action(invitations.MINUTES_LOG_ACTION)
    class MinutesFormatter(SessionMailFormatter):
        label = _("Protokoll versendet")


hooks.register(SOURCES_HOOK, personal_data_sources)
hooks.register(RULES_HOOK, retention_rules)
