"""Small pieces of the German admin shared by the apps' views and viewsets."""

from django.urls import reverse_lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

# Wagtail's German catalogue leaves its first breadcrumb as "Home".
HOME_CRUMB = {"url": reverse_lazy("wagtailadmin_home"), "label": _("Start")}


class GermanBreadcrumbsMixin:
    """For snippet viewsets: breadcrumbs that start with "Start" instead of "Home"."""

    @property
    def breadcrumbs_items(self):
        return [HOME_CRUMB, *super().breadcrumbs_items[1:]]


def display_value(value):
    """What the admin shows for a value: German words for yes/no, a dash for nothing."""
    if value is True:
        return _("ja")
    if value is False:
        return _("nein")
    if value is None or value == "":
        return "–"
    return value


class ChoiceColumn(Column):
    """A choices field's label, sortable like the field.

    Django's `get_FOO_display()` hashes every lazy label of the field for each row, which
    translates all of them again; this column keeps the labels of the field and translates one.
    """

    def __init__(self, field, **kwargs):
        self.labels = dict(field.flatchoices)
        super().__init__(
            field.name, label=capfirst(field.verbose_name), sort_key=field.name, **kwargs
        )

    def get_value(self, instance):
        value = getattr(instance, self.name)
        return self.labels.get(value, value)


class YesNoColumn(Column):
    """A listing column saying "ja"/"nein" instead of True/False."""

    def get_value(self, instance):
        return display_value(bool(super().get_value(instance)))
