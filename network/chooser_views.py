"""The member and person choosers of the admin, limited to what `network.choosers` allows.

The member chooser shows each entry's status and municipality and starts with the admitted
entries; whoever reads the register can filter by status or list all entries.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm, SearchFilterMixin
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)

from network.admin_views import RegisterPaginator
from network.choosers import choosable, reads_register
from network.models import Member
from network.workflow import MemberStatus

ALL_STATUSES = "all"


class MemberFilterForm(SearchFilterMixin, BaseFilterForm):
    """Search plus the status; without a status in the query only admitted entries are listed."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            *MemberStatus.choices,
            ("", _("Kontakte (ohne Aufnahmeverfahren)")),
            (ALL_STATUSES, _("alle Einträge")),
        ],
        required=False,
        # The modal opens over the session form, whose own status field is "id_status"; a
        # shared id would tie this filter's label to that field instead.
        widget=forms.Select(
            attrs={"data-chooser-modal-search-filter": True, "id": "id_member_status_filter"}
        ),
    )

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", MemberStatus.ADMITTED)
        super().__init__(data, *args, **kwargs)

    def filter(self, objects):
        # Before the search: search results cannot be filtered further.
        status = self.cleaned_data.get("status")
        if status != ALL_STATUSES:
            objects = objects.filter(status=status)
        return super().filter(objects)


class RegisterChooseMixin:
    """The chooser lists only what `choosable` allows this user."""

    paginator_class = RegisterPaginator  # "8 Einträge", not "8 Mitgliederverzeichnis"

    def get_object_list(self):
        return choosable(self.model_class, self.request.user)

    def get_filter_form_class(self):
        if self.model_class is Member and reads_register(self.request.user):
            return MemberFilterForm
        return super().get_filter_form_class()

    @property
    def columns(self):
        columns = super().columns
        if self.model_class is Member:
            columns += [
                Column("status", label=_("Status"), accessor="get_status_display"),
                Column("municipality", label=_("Gemeinde/Stadt")),
            ]
        return columns


class RegisterChooseView(RegisterChooseMixin, ChooseView):
    pass


class RegisterChooseResultsView(RegisterChooseMixin, ChooseResultsView):
    pass


class RegisterChosenView(SnippetChosenView):
    def get_object(self, pk):
        return choosable(self.model_class, self.request.user).get(pk=pk)


class RegisterChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return choosable(self.model_class, self.request.user).filter(pk__in=pks)


class RegisterChooserViewSet(SnippetChooserViewSet):
    choose_view_class = RegisterChooseView
    choose_results_view_class = RegisterChooseResultsView
    chosen_view_class = RegisterChosenView
    chosen_multiple_view_class = RegisterChosenMultipleView
