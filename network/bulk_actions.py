"""Bulk status steps in the register listing: the advisory board recommends several at once."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin import messages
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from network.forms import DecisionForm
from network.models import Member
from network.workflow import MemberStatus, TransitionRefused, change_status, may_change_status


class RecommendBulkAction(SnippetBulkAction):
    display_name = _("als empfohlen markieren")
    action_type = "recommend"
    aria_label = _("Ausgewählte Einträge zur Aufnahme empfehlen")
    template_name = "network/admin/confirm_bulk_recommend.html"
    form_class = DecisionForm
    models = [Member]

    def check_perm(self, obj):
        return may_change_status(self.request.user, MemberStatus.RECOMMENDED)

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        view = kwargs["self"]
        data = view.cleaned_form.cleaned_data
        done = 0
        for member in objects:
            try:
                change_status(
                    member,
                    MemberStatus.RECOMMENDED,
                    actor=view.request.user,
                    decided_on=data["decided_on"],
                    resolution=data["resolution"],
                )
            except TransitionRefused as refusal:
                # One refused entry must not block the others; each refusal is reported.
                for message in refusal.messages:
                    messages.error(view.request, message)
            else:
                done += 1
        return done, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d Eintrag als empfohlen markiert.",
            "%(count)d Einträge als empfohlen markiert.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
