"""Admin widgets for choosing several register entries or topics without Ctrl-click."""

from django import forms


class SearchableCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes under a search field that narrows the list as the editor types.

    For long lists such as organisers; ticked entries stay visible while filtering. Without
    JavaScript the whole list is there to tick.
    """

    template_name = "network/widgets/searchable_checkbox_select.html"

    class Media:
        js = ["js/checkbox-filter.js"]
        css = {"all": ["css/checkbox-filter.css"]}
