"""Forms of the network's admin views and the public application form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.dates import INVALID_DATE, GermanDateInput
from cms.mail import single_line
from network.applications import check_timing_token, issue_timing_token
from network.models import MembershipApplication, Topic
from network.register import decode_csv
from network.workflow import MemberStatus, check_decision_date, missing_details


class DecisionForm(forms.Form):
    """Date and resolution of a decision, shared by single and bulk status changes."""

    decided_on = forms.DateField(
        label=_("beschlossen am"),
        initial=timezone.localdate,
        widget=GermanDateInput,
        error_messages={"invalid": INVALID_DATE},
    )
    resolution = forms.CharField(
        label=_("Beschluss"), max_length=50, required=False, help_text=_("z. B. P-2026-03")
    )

    def clean_decided_on(self):
        check_decision_date(self.cleaned_data["decided_on"])
        return self.cleaned_data["decided_on"]


STEP_LABELS = {
    MemberStatus.RECOMMENDED: _("zur Aufnahme empfehlen"),
    MemberStatus.ADMITTED: _("aufnehmen"),
    MemberStatus.REJECTED: _("Antrag ablehnen"),
    MemberStatus.ENDED: _("Mitgliedschaft beenden"),
}


class TransitionForm(DecisionForm):
    """One status step; only the steps possible from the member's status are offered.

    Any step still validates here, so a step that became impossible after the form was opened
    reaches the lifecycle and gets its German explanation instead of "invalid choice".
    """

    target = forms.ChoiceField(label=_("Schritt"), choices=list(STEP_LABELS.items()))
    reason = forms.CharField(
        label=_("Begründung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Pflicht bei Ablehnung und Ende der Mitgliedschaft."),
    )
    field_order = ["target", "decided_on", "resolution", "reason"]

    def __init__(self, *args, offered=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].widget.choices = [(step, STEP_LABELS[step]) for step in offered]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("target"):
            for field, message in missing_details(
                cleaned["target"],
                resolution=cleaned.get("resolution", ""),
                reason=cleaned.get("reason", ""),
            ).items():
                self.add_error(field, message)
        return cleaned


class RegisterImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-Datei"),
        help_text=_(
            "UTF-8, Trennzeichen Semikolon oder Komma, Spaltenüberschriften wie im Export. "
            "Bei einer fehlerhaften Zeile wird nichts gespeichert."
        ),
    )

    def clean_file(self):
        return decode_csv(self.cleaned_data["file"].read())


class ApplicationForm(forms.ModelForm):
    """The public "Partner werden" form; spam is kept out by a honeypot and a signed form token."""

    topics = forms.ModelMultipleChoiceField(
        label=_("Themenfelder"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    privacy_consent = forms.BooleanField(
        label=_(
            "Ich willige ein, dass das Bündnis meine Angaben zur Bearbeitung des Antrags "
            "speichert und verarbeitet. Die Datenschutzhinweise habe ich gelesen."
        ),
        error_messages={
            "required": _("Ohne Ihre Einwilligung können wir den Antrag nicht bearbeiten.")
        },
    )
    # Invisible to people (hidden by CSS and aria), tempting to bots.
    fax = forms.CharField(
        label=_("Fax (bitte leer lassen)"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)
    # The error summary names each field; the consent's label is a whole declaration.
    summary_labels = {"privacy_consent": _("Einwilligung")}
    # The model's TextField is unbounded; a public form must not accept megabytes.
    message = forms.CharField(
        label=_("Nachricht"), required=False, max_length=5000, widget=forms.Textarea
    )

    def error_summary(self):
        """(field id, short name, message) for every field error, in the form's order."""
        return [
            (field.auto_id, self.summary_labels.get(field.name, field.label), error)
            for field in self.visible_fields()
            for error in field.errors
        ]

    class Meta:
        model = MembershipApplication
        fields = [
            "organisation",
            "kind",
            "municipality",
            "website",
            "contact_name",
            "email",
            "phone",
            "topics",
            "message",
        ]
        error_messages = {
            "organisation": {"required": _("Bitte den Namen der Organisation angeben.")},
            "kind": {"required": _("Bitte die Art der Organisation auswählen.")},
            "municipality": {"required": _("Bitte die Gemeinde oder Stadt angeben.")},
            "contact_name": {"required": _("Bitte eine Ansprechperson angeben.")},
            "email": {
                "required": _("Bitte eine E-Mail-Adresse angeben."),
                "invalid": _("Bitte eine gültige E-Mail-Adresse angeben."),
            },
            "website": {"invalid": _("Bitte eine vollständige Adresse angeben, z. B. https://…")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = issue_timing_token()

    def clean(self):
        cleaned = super().clean()
        # A name is one line; pasted line breaks would end up in mail headers and lists.
        for name in ("organisation", "municipality", "contact_name", "phone"):
            if cleaned.get(name):
                cleaned[name] = single_line(cleaned[name])
        return cleaned

    def clean_fax(self):
        if self.cleaned_data["fax"]:
            raise forms.ValidationError(_("Dieses Feld bitte leer lassen."))
        return ""

    def clean_started(self):
        try:
            check_timing_token(self.cleaned_data["started"])
        except forms.ValidationError:
            # The re-rendered form gets a fresh token, so a second try can succeed.
            self.data = self.data.copy()
            self.data["started"] = issue_timing_token()
            raise
        return self.cleaned_data["started"]

    def application_data(self):
        """The model fields to store, without topics (a many-to-many) and the spam fields."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "topics"}


class RejectApplicationForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund der Ablehnung"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Bitte einen Grund für die Ablehnung angeben.")},
    )
    share_reason = forms.BooleanField(
        label=_("Grund dem Antragsteller mitteilen"),
        required=False,
        help_text=_("Sonst erhält der Antragsteller die Absage ohne Begründung."),
    )
