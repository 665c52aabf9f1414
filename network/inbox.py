"""The office's inbox of applications (wagtail-modeladmin): list, filter, inspect, accept, reject."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import re_path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import InspectView

from cms.admin_ui import HOME_CRUMB
from network.applications import ApplicationRefused, accept_application, reject_application
from network.forms import RejectApplicationForm
from network.models import ApplicationStatus, MembershipApplication


def may_decide(user):
    return user.has_perm("network.change_membershipapplication") and user.has_perm(
        "network.add_member"
    )


class ApplicationPermissionHelper(PermissionHelper):
    """Applications are the applicants' words: the office decides on them but never edits them."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_inspect_obj(self, user, obj):
        return self.user_has_any_permissions(user)


def _inspect_url(application):
    return MembershipApplicationAdmin().url_helper.get_action_url("inspect", application.pk)


@require_POST
def accept_view(request, instance_pk):
    application = get_object_or_404(MembershipApplication, pk=instance_pk)
    if not may_decide(request.user):
        raise PermissionDenied
    try:
        member = accept_application(application, user=request.user)
    except ApplicationRefused as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        return redirect(_inspect_url(application))
    messages.success(
        request,
        _("Antrag angenommen: „%(name)s“ steht jetzt mit Status „beantragt“ im Verzeichnis.")
        % {"name": member.name},
    )
    return redirect(_inspect_url(application))


class RejectView(WagtailAdminTemplateMixin, FormView):
    form_class = RejectApplicationForm
    template_name = "network/admin/application_reject.html"
    page_title = _("Antrag ablehnen")
    header_icon = "cross"

    def dispatch(self, request, instance_pk):
        self.application = get_object_or_404(MembershipApplication, pk=instance_pk)
        if not may_decide(request.user):
            raise PermissionDenied
        return super().dispatch(request, instance_pk)

    def get_page_subtitle(self):
        return self.application.organisation

    def get_breadcrumbs_items(self):
        return [
            HOME_CRUMB,
            {
                "url": MembershipApplicationAdmin().url_helper.index_url,
                "label": MembershipApplication._meta.verbose_name_plural,
            },
            {"url": _inspect_url(self.application), "label": self.application.organisation},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(inspect_url=_inspect_url(self.application), **kwargs)

    def form_valid(self, form):
        try:
            reject_application(
                self.application,
                reason=form.cleaned_data["reason"],
                user=self.request.user,
                share_reason=form.cleaned_data["share_reason"],
            )
        except ApplicationRefused as refusal:
            form.add_error(None, refusal.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("Der Antrag wurde abgelehnt."))
        return redirect(_inspect_url(self.application))


class ApplicationInspectView(InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_decide"] = (
            may_decide(self.request.user) and self.instance.status == ApplicationStatus.NEW
        )
        return context


class MembershipApplicationAdmin(ModelAdmin):
    model = MembershipApplication
    menu_label = _("Aufnahmeanträge")
    menu_icon = "mail"
    add_to_settings_menu = False
    list_display = ["organisation", "municipality", "kind", "submitted_at", "status"]
    list_filter = ["status", "kind", "submitted_at"]
    search_fields = ["organisation", "municipality", "contact_name", "email"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "organisation",
        "kind",
        "municipality",
        "website",
        "contact_name",
        "email",
        "phone",
        "topics",
        "message",
        "privacy_consent_at",
        "submitted_at",
        "status",
        "decided_at",
        "decided_by",
        "rejection_reason",
        "member",
    ]
    inspect_view_class = ApplicationInspectView
    inspect_template_name = "network/admin/application_inspect.html"
    permission_helper_class = ApplicationPermissionHelper

    def get_admin_urls_for_registration(self):
        helper = self.url_helper
        return super().get_admin_urls_for_registration() + (
            re_path(
                helper.get_action_url_pattern("accept"),
                accept_view,
                name=helper.get_action_url_name("accept"),
            ),
            re_path(
                helper.get_action_url_pattern("reject"),
                RejectView.as_view(),
                name=helper.get_action_url_name("reject"),
            ),
        )
