from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from events.models import Location


class LocationViewSet(SnippetViewSet):
    model = Location
    icon = "site"
    menu_label = _("Orte")
    list_display = ["name", "town"]
    search_fields = ["name", "town"]


register_snippet(LocationViewSet)
