"""Forms of the network's admin views and the public application form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.workflow import MemberStatus, missing_details


class DecisionForm(forms.Form):
    """Date and resolution of a decision, shared by single and bulk status changes."""

    decided_on = forms.DateField(
        label=_("beschlossen am"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    resolution = forms.CharField(
        label=_("Beschluss"), max_length=50, required=False, help_text=_("z. B. P-2026-03")
    )


class TransitionForm(DecisionForm):
    target = forms.ChoiceField(
        label=_("Schritt"),
        choices=[
            (MemberStatus.RECOMMENDED, _("zur Aufnahme empfehlen")),
            (MemberStatus.ADMITTED, _("aufnehmen")),
            (MemberStatus.REJECTED, _("Antrag ablehnen")),
            (MemberStatus.ENDED, _("Mitgliedschaft beenden")),
        ],
    )
    reason = forms.CharField(
        label=_("Begründung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Pflicht bei Ablehnung und Ende der Mitgliedschaft."),
    )
    field_order = ["target", "decided_on", "resolution", "reason"]

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
        try:
            return self.cleaned_data["file"].read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("Die Datei ist nicht UTF-8-kodiert. Bitte als „CSV UTF-8“ speichern.")
            ) from None
