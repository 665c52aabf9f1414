"""Admin panels: session facts the editor needs while recording (quorum, next moderator)."""

from django.urls import reverse
from wagtail.admin.panels import Panel

from events.permissions import may_send


class SessionFactsPanel(Panel):
    """Quorum from the attendance list and, for rotating bodies, who moderates next."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "events/admin/session_facts_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            session = self.instance
            if session.pk:
                context["known"] = True
                context["present"], context["seats"] = session.quorum()
                context["quorate"] = context["present"] * 2 > context["seats"]
                context["suggested_moderator"] = session.suggested_moderator(session.body)
            return context


class InvitationsPanel(Panel):
    """Who was invited to the session, and who replied what; the way to send and to take over."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "events/admin/invitations_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            session = self.instance
            if session.pk:
                context["invitations"] = list(
                    session.invitations.select_related("member").order_by("name")
                )
                if may_send(self.request.user, session):
                    context["send_url"] = reverse("session_invitation", args=[session.pk])
                    context["prefill_url"] = reverse(
                        "session_attendance_prefill", args=[session.pk]
                    )
            return context
