"""The office's admin views for the member register: status steps and partner profiles."""

from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button
from wagtail.snippets.views.snippets import IndexView

from cms.admin_ui import HOME_CRUMB
from cms.spreadsheets import OfficeSpreadsheetExportMixin
from network.consent import ConsentBasis, withdraw_consent
from network.forms import RegisterImportForm, TransitionForm
from network.models import ContactPerson, Member, PartnerIndexPage, Person
from network.partners import ProfileRefused, create_partner_profile, existing_profile
from network.register import COLUMNS, export_row, import_register
from network.workflow import (
    MemberStatus,
    TransitionRefused,
    allowed_targets,
    change_status,
    may_change_status,
    offered_targets,
)


def member_inspect_url(member):
    return reverse(Member.snippet_viewset.get_url_name("inspect"), args=(quote(member.pk),))


def member_list_crumb():
    return {
        "url": reverse(Member.snippet_viewset.get_url_name("list")),
        "label": _("Mitgliederverzeichnis"),
    }


class RegisterPaginator(WagtailPaginator):
    """Counts entries below the listing ("17 Einträge"), not "17 Mitgliederverzeichnis"."""

    @cached_property
    def items_count_label(self):
        return ngettext("%(count)d Eintrag", "%(count)d Einträge", self.count) % {
            "count": self.count
        }


def member_status_url(member, user):
    """The status-step view of a register entry, for those who may take at least one step."""
    if member.status and may_change_status(user, MemberStatus.RECOMMENDED):
        return reverse("network_member_status", args=(member.pk,))
    return None


def may_create_profile(user):
    index = PartnerIndexPage.objects.first()
    return index is not None and index.permissions_for_user(user).can_add_subpage()


class MemberStatusView(WagtailAdminTemplateMixin, FormView):
    """One status step with its date, resolution and reason; refusals are explained, not hidden."""

    form_class = TransitionForm
    template_name = "network/admin/member_status.html"
    header_icon = "group"
    page_title = _("Status ändern")

    def dispatch(self, request, pk):
        self.member = get_object_or_404(Member, pk=pk)
        # Recommending is the smallest step; whoever may not even do that may not see the form.
        if not may_change_status(request.user, MemberStatus.RECOMMENDED):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.member.name

    def get_breadcrumbs_items(self):
        return [
            HOME_CRUMB,
            member_list_crumb(),
            {"url": member_inspect_url(self.member), "label": self.member.name},
            {"url": "", "label": self.page_title},
        ]

    @cached_property
    def offered(self):
        return offered_targets(self.member, self.request.user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "offered": self.offered}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            member=self.member,
            history=self.member.status_changes.select_related("actor"),
            possible=[s.label for s in allowed_targets(self.member.status)]
            if self.member.status
            else [],
            offered=self.offered,
            inspect_url=member_inspect_url(self.member),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        if not may_change_status(self.request.user, data["target"]):
            form.add_error("target", _("Für diesen Schritt fehlt Ihnen die Berechtigung."))
            return self.form_invalid(form)
        try:
            change_status(
                self.member,
                data["target"],
                actor=self.request.user,
                decided_on=data["decided_on"],
                resolution=data["resolution"],
                reason=data["reason"],
            )
        except TransitionRefused as refusal:
            form.add_error(None, refusal.messages)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("„%(name)s“ hat jetzt den Status „%(status)s“.")
            % {"name": self.member.name, "status": self.member.get_status_display()},
        )
        return redirect(member_inspect_url(self.member))


@require_POST
def create_partner_profile_view(request, pk):
    member = get_object_or_404(Member, pk=pk)
    if not may_create_profile(request.user):
        raise PermissionDenied
    try:
        existed = existing_profile(member) is not None
        profile = create_partner_profile(member, user=request.user)
    except ProfileRefused as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        return redirect(member_inspect_url(member))
    if existed:
        messages.warning(request, _("Das Partnerprofil gibt es bereits."))
    else:
        messages.success(request, _("Das Partnerprofil wurde angelegt und veröffentlicht."))
    return redirect("wagtailadmin_pages:edit", profile.pk)


class RegisterImportView(WagtailAdminTemplateMixin, FormView):
    form_class = RegisterImportForm
    template_name = "network/admin/register_import.html"
    header_icon = "upload"
    page_title = _("Partnerliste importieren")

    def get_breadcrumbs_items(self):
        return [HOME_CRUMB, member_list_crumb(), {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("network.add_member"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        result = import_register(form.cleaned_data["file"])
        if not result.ok:
            return self.render_to_response(self.get_context_data(form=form, errors=result.errors))
        messages.success(
            self.request,
            _("Import abgeschlossen: %(created)d angelegt, %(updated)d aktualisiert.")
            % {"created": result.created, "updated": result.updated},
        )
        return redirect(Member.snippet_viewset.get_url_name("list"))


class MemberIndexView(OfficeSpreadsheetExportMixin, IndexView):
    """The register listing; its CSV/XLSX export is personal data, for holders of the permission."""

    paginator_class = RegisterPaginator
    list_export = list(COLUMNS)
    export_headings = COLUMNS

    def get(self, request, *args, **kwargs):
        if self.is_export and not request.user.has_perm("network.export_member"):
            return HttpResponseForbidden(_("Für den Export fehlt Ihnen die Berechtigung."))
        return super().get(request, *args, **kwargs)

    @cached_property
    def show_export_buttons(self):
        return self.request.user.has_perm("network.export_member")

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        # Topics and contacts are export columns; the listing shows neither (two queries less).
        return (
            queryset.prefetch_related("topics", "contact_persons") if self.is_export else queryset
        )

    def to_row_dict(self, item):
        return export_row(item)

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons.copy()
        if self.request.user.has_perm("network.add_member"):
            buttons.append(
                Button(
                    _("CSV importieren"),
                    url=reverse("network_member_import"),
                    icon_name="upload",
                    priority=95,
                )
            )
        return buttons


class WithdrawConsentForm(forms.Form):
    basis = forms.ChoiceField(
        label=_("Widerruf erhalten"),
        choices=[c for c in ConsentBasis.choices if c[0] != ConsentBasis.ADMIN],
    )


CONSENT_MODELS = {"person": (Person, "network.change_person"),
                  "contactperson": (ContactPerson, "network.change_member")}  # fmt: skip


class WithdrawConsentView(WagtailAdminTemplateMixin, FormView):
    """„Einwilligung widerrufen“: one step, the name is off the site at once and it is recorded."""

    form_class = WithdrawConsentForm
    template_name = "network/admin/withdraw_consent.html"
    header_icon = "user"
    page_title = _("Einwilligung widerrufen")

    def dispatch(self, request, kind, pk):
        if kind not in CONSENT_MODELS:
            raise Http404
        model, permission = CONSENT_MODELS[kind]
        if not request.user.has_perm(permission):
            raise PermissionDenied
        self.object = get_object_or_404(model, pk=pk)
        return super().dispatch(request, kind, pk)

    def get_page_subtitle(self):
        return self.object.name

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)

    def form_valid(self, form):
        withdraw_consent(self.object, user=self.request.user, basis=form.cleaned_data["basis"])
        messages.success(
            self.request,
            _(
                "Die Einwilligung von „%(name)s“ ist widerrufen; der Name wird nicht mehr veröffentlicht."
            )
            % {"name": self.object.name},
        )
        member = getattr(self.object, "member", None)
        return redirect(member_inspect_url(member) if member else person_list_url())


def person_list_url():
    return reverse(Person.snippet_viewset.get_url_name("list"))
