"""The office's "Personendaten" view: search a person, download what is stored, erase it.

Only users with `cms.manage_personal_data` (the Koordinierungsbüro, superusers) get here; every
search, export and erasure is in Wagtail's audit log, without the searched name or address.
"""

import io
import json
import zipfile

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from cms import personal_data

PERMISSION = "cms.manage_personal_data"


def may_manage(user):
    return user.is_active and user.has_perm(PERMISSION)


def refused():
    # A plain 403, not Wagtail's redirect home: nothing here may look like it half-worked.
    return HttpResponseForbidden(_("Nur das Koordinierungsbüro darf Personendaten bearbeiten."))


class SearchForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse"), required=False)
    name = forms.CharField(label=_("Vollständiger Name"), required=False, max_length=255)

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("email") or data.get("name", "").strip()):
            raise forms.ValidationError(_("Bitte eine E-Mail-Adresse oder einen Namen angeben."))
        return data


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ich habe die Vorschau geprüft; die Daten sollen unwiderruflich gelöscht werden."),
    )
    reason = forms.CharField(
        label=_("Anlass (ohne personenbezogene Angaben)"),
        required=False,
        max_length=255,
        help_text=_("z. B. „Antrag auf Löschung vom 3. März“"),
    )


class PersonalDataMixin(WagtailAdminTemplateMixin):
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not may_manage(request.user):
            return refused()
        self.form = SearchForm(request.GET or None)
        self.report = None
        if self.form.is_valid():
            data = self.form.cleaned_data
            self.report = personal_data.find(email=data["email"], name=data["name"])
        return super().dispatch(request, *args, **kwargs)

    def query_string(self):
        return urlencode({k: v for k, v in self.form.cleaned_data.items() if v})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=self.form, report=self.report)
        if self.report:
            query = self.query_string()
            context.update(
                groups=self.report.by_source(),
                export_url=reverse("personal_data_export") + "?" + query,
                erase_url=reverse("personal_data_erase") + "?" + query,
            )
        return context


class SearchView(PersonalDataMixin, TemplateView):
    template_name = "cms/admin/personal_data.html"
    page_title = _("Personendaten")

    def get(self, request, *args, **kwargs):
        if self.report is not None:
            log(
                request.user,
                personal_data.SEARCH_LOG_ACTION,
                user=request.user,
                data={"found": len(self.report.findings)},
            )
        return super().get(request, *args, **kwargs)


class EraseView(PersonalDataMixin, TemplateView):
    template_name = "cms/admin/personal_data_erase.html"
    page_title = _("Personendaten löschen")

    def dispatch(self, request, *args, **kwargs):
        self.erase_form = EraseForm(request.POST or None)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if not self.report:
            return redirect(reverse("personal_data") + "?" + request.GET.urlencode())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.report or not self.erase_form.is_valid():
            return self.get(request, *args, **kwargs)
        record = personal_data.erase(
            self.report, user=request.user, reason=self.erase_form.cleaned_data["reason"]
        )
        messages.success(
            request,
            _(
                "Die Daten wurden gelöscht (%(count)s Stellen). Die Löschung ist als Nr. %(number)s erfasst."
            )
            % {"count": len(self.report.findings), "number": record.pk},
        )
        return redirect("personal_data")

    def get_context_data(self, **kwargs):
        return super().get_context_data(erase_form=self.erase_form, **kwargs)


def export_view(request):
    if not may_manage(request.user):
        return refused()
    form = SearchForm(request.GET)
    if not form.is_valid():
        return redirect(reverse("personal_data") + "?" + request.GET.urlencode())
    report = personal_data.find(email=form.cleaned_data["email"], name=form.cleaned_data["name"])
    log(
        request.user,
        personal_data.EXPORT_LOG_ACTION,
        user=request.user,
        data={"found": len(report.findings)},
    )
    response = HttpResponse(export_zip(report), content_type="application/zip")
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="auskunft-{stamp}.zip"'
    return response


def export_zip(report):
    """The Auskunft: a readable German summary and the same data as JSON."""
    data = personal_data.export(report)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "auskunft.html", render_to_string("cms/admin/personal_data_export.html", {"data": data})
        )
        archive.writestr(
            "auskunft.json",
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
    return buffer.getvalue()


def admin_urls():
    return [
        path("personendaten/", SearchView.as_view(), name="personal_data"),
        path("personendaten/auskunft/", export_view, name="personal_data_export"),
        path("personendaten/loeschen/", EraseView.as_view(), name="personal_data_erase"),
    ]
