from django.contrib import messages
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.cache import API_PATHS_HOOK
from cms.preview import SERIALIZERS_HOOK
from events import api
from events.models import EventPage, EventSeries, Location, SessionPage
from events.resolutions import check_resolutions
from events.rhythm import due_report


class LocationViewSet(SnippetViewSet):
    model = Location
    icon = "site"
    menu_label = _("Orte")
    list_display = ["name", "town"]
    search_fields = ["name", "town"]


class EventSeriesViewSet(SnippetViewSet):
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
        context.update(due_report())
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
    from network.models import PartnerPage

    for resolution in page.specific.resolutions.filter(
        kind="admission", applied_at__isnull=False, affected_member__status="admitted"
    ).select_related("affected_member"):
        member = resolution.affected_member
        if PartnerPage.objects.filter(member=member).exists():
            continue
        try:
            url = reverse("network_create_partner_profile", args=(member.pk,))
        except NoReverseMatch:
            continue
        messages.info(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("„%(name)s“ ist aufgenommen.") % {"name": member.name},
                url,
                _("Partnerprofil anlegen"),
            ),
        )


@hooks.register(API_PATHS_HOOK)
def public_api_paths(page):
    return api.public_api_paths(page)


@hooks.register(SERIALIZERS_HOOK)
def preview_serializers():
    return {EventPage: api.event_out, SessionPage: api.session_out}
