from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from network.models import Member, Person, Topic
from network.partners import PROFILE_UNPUBLISHED_LOG_ACTION
from network.workflow import STATUS_CHANGE_LOG_ACTION


class MemberViewSet(SnippetViewSet):
    model = Member
    icon = "group"
    menu_label = _("Mitgliederverzeichnis")
    list_display = ["name", "kind", "relationship", "status", "municipality"]
    list_filter = ["status", "relationship", "kind", "topics", "municipality"]
    search_fields = ["name", "municipality"]
    ordering = ["name"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("Personen")
    list_display = ["name", "function", "organisation", "publish_consent"]
    list_filter = ["publish_consent"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Themenfelder")
    list_display = ["name", "slug"]


class NetworkViewSetGroup(SnippetViewSetGroup):
    items = (MemberViewSet, PersonViewSet, TopicViewSet)
    menu_icon = "group"
    menu_label = _("Netzwerk")
    menu_name = "network"


register_snippet(NetworkViewSetGroup)


@hooks.register("register_log_actions")
def register_member_log_actions(actions):
    @actions.register_action(STATUS_CHANGE_LOG_ACTION)
    class MemberStatusChangeFormatter(LogFormatter):
        label = _("Statusänderung")

        def format_message(self, log_entry):
            data = log_entry.data
            return _("Status geändert: %(from)s → %(to)s") % {
                "from": data.get("from_label", data.get("from")),
                "to": data.get("to_label", data.get("to")),
            }

        def format_comment(self, log_entry):
            data = log_entry.data
            return " ".join(part for part in (data.get("resolution"), data.get("reason")) if part)

    actions.register_action(
        PROFILE_UNPUBLISHED_LOG_ACTION,
        _("Partnerprofil depubliziert"),
        _("Partnerprofil depubliziert, weil die Mitgliedschaft beendet wurde"),
    )
