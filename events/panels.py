"""Admin panels: session facts the editor needs while recording (quorum, next moderator)."""

from wagtail.admin.panels import Panel


class SessionFactsPanel(Panel):
    """Quorum from the attendance list and, for rotating bodies, who moderates next."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "events/admin/session_facts_panel.html"

        def get_context_data(self, parent_context=None):
            from events.rhythm import suggested_moderator

            context = super().get_context_data(parent_context)
            session = self.instance
            if session.pk:
                context["known"] = True
                context["present"], context["seats"] = session.quorum()
                context["quorate"] = context["present"] * 2 > context["seats"]
                context["suggested_moderator"] = suggested_moderator(session.body)
            return context
