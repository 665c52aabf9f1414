from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import ReplyAnswer


class ReplyForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Ihre Rückmeldung"),
        choices=ReplyAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie eine Antwort.")},
    )
    representative = forms.CharField(
        label=_("Ich werde vertreten durch"),
        max_length=255,
        required=False,
        help_text=_("Nur ausfüllen, wenn Sie vertreten werden."),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("answer") == ReplyAnswer.REPRESENTED
            and not data.get("representative", "").strip()
        ):
            self.add_error("representative", _("Bitte geben Sie an, wer Sie vertritt."))
        return data
