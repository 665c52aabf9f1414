"""German dates in the admin: every date field shows, and accepts, what a German editor types.

The widgets take their format from WAGTAIL_DATE_FORMAT / WAGTAIL_DATETIME_FORMAT (settings),
which Django's "de" input formats also parse. Wagtail's date picker replaces text it cannot read
with the current time when the field loses focus; that silent substitution once published a
session "now" instead of on 05.03.2027. Here the typed text stays, and the server refuses it
with a message naming the expected format.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, AdminTimeInput

# xdsoft datetimepicker: without this, unreadable input becomes "now" on blur.
KEEP_TYPED_TEXT = {"validateOnBlur": False}

INVALID_DATE = _("Bitte das Datum als TT.MM.JJJJ eingeben, z. B. 05.03.2027.")
INVALID_DATETIME = _(
    "Bitte Datum und Uhrzeit als TT.MM.JJJJ HH:MM eingeben, z. B. 05.03.2027 18:00."
)
INVALID_TIME = _("Bitte die Uhrzeit als HH:MM eingeben, z. B. 18:00.")


class GermanDateInput(AdminDateInput):
    def get_config(self):
        return {**super().get_config(), **KEEP_TYPED_TEXT}


class GermanDateTimeInput(AdminDateTimeInput):
    def get_config(self):
        return {**super().get_config(), **KEEP_TYPED_TEXT}


class GermanTimeInput(AdminTimeInput):
    def get_config(self):
        return {**super().get_config(), **KEEP_TYPED_TEXT}


def use_german_date_widgets():
    """Make every admin model form (pages, snippets, settings) use the German date widgets."""
    for field_class, widget, message in (
        (models.DateField, GermanDateInput, INVALID_DATE),
        (models.DateTimeField, GermanDateTimeInput, INVALID_DATETIME),
        (models.TimeField, GermanTimeInput, INVALID_TIME),
    ):
        register_form_field_override(
            field_class, override={"widget": widget, "error_messages": {"invalid": message}}
        )
