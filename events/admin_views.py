"""The office's session actions: sending invitations and minutes, taking replies into attendance."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from events import invitations
from events.models import SessionInvitation, SessionPage
from events.permissions import may_send

MODE_TITLES = {
    invitations.Mode.INVITATION: _("Einladung versenden"),
    invitations.Mode.UPDATE: _("Geänderte Einladung versenden"),
    invitations.Mode.CANCELLATION: _("Absage versenden"),
    invitations.Mode.MINUTES: _("Protokoll versenden"),
}


class SessionMailView(WagtailAdminTemplateMixin, TemplateView):
    """Preview of a session's message and its recipients; sending happens on confirmation.

    "Erneut senden" (resend=1) includes those who already got the message.
    """

    template_name = "events/admin/session_mail.html"
    header_icon = "mail"

    def dispatch(self, request, pk):
        # The published state is what members receive and what calendar feeds show.
        self.session = get_object_or_404(SessionPage, pk=pk)
        if not may_send(request.user, self.session):
            raise PermissionDenied
        self.resend = request.POST.get("resend") == "1" or request.GET.get("resend") == "1"
        self.plan = self.make_plan()
        return super().dispatch(request, pk)

    def make_plan(self):
        raise NotImplementedError

    def preview(self, recipient):
        """(subject, text) of the message for one recipient."""
        raise NotImplementedError

    def deliver(self):
        """Send; returns the plan that was carried out."""
        raise NotImplementedError

    def get_page_title(self):
        return MODE_TITLES[self.plan.mode]

    def get_page_subtitle(self):
        return self.session.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        preview = None
        if self.plan.send:
            subject, text = self.preview(self.plan.send[0])
            preview = {"subject": subject, "text": text}
        context.update(
            session=self.session,
            plan=self.plan,
            preview=preview,
            resend=self.resend,
            has_draft=self.session.has_unpublished_changes,
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.session.pk]),
        )
        return context

    def post(self, request, pk):
        result = self.deliver()
        if result.send:
            messages.success(
                request,
                ngettext(
                    "%(count)d Nachricht wird versendet.",
                    "%(count)d Nachrichten werden versendet.",
                    len(result.send),
                )
                % {"count": len(result.send)},
            )
        else:
            messages.warning(request, _("Es gab niemanden, an den noch zu senden war."))
        if result.skipped:
            messages.warning(
                request,
                _("Ohne gültige Adresse übersprungen: %(names)s")
                % {"names": ", ".join(r.label for r in result.skipped)},
            )
        return redirect("wagtailadmin_pages:edit", self.session.pk)


class InvitationView(SessionMailView):
    def make_plan(self):
        return invitations.plan(self.session, resend=self.resend)

    def preview(self, recipient):
        sample = SessionInvitation(
            pk=0, session=self.session, name=recipient.name, email=recipient.email
        )
        subject, text, _html = invitations.message(self.session, self.plan.mode, sample)
        return subject, text

    def deliver(self):
        return invitations.send(self.session, user=self.request.user, resend=self.resend)


class MinutesView(SessionMailView):
    def dispatch(self, request, pk):
        session = get_object_or_404(SessionPage, pk=pk)
        if not session.minutes_approved:
            messages.error(request, _("Erst ein bestätigtes Protokoll kann versendet werden."))
            return redirect("wagtailadmin_pages:edit", pk)
        return super().dispatch(request, pk)

    def make_plan(self):
        return invitations.minutes_plan(self.session, resend=self.resend)

    def preview(self, recipient):
        subject, paragraphs = invitations.minutes_message(self.session)
        return subject, "\n\n".join(paragraphs)

    def deliver(self):
        return invitations.send_minutes(self.session, user=self.request.user, resend=self.resend)


class AttendancePrefillView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then write the replies into the attendance of a new draft."""

    template_name = "events/admin/attendance_prefill.html"
    header_icon = "group"
    page_title = _("Rückmeldungen in die Anwesenheit übernehmen")

    def dispatch(self, request, pk):
        self.session = get_object_or_404(SessionPage, pk=pk)
        if not (
            may_send(request.user, self.session)
            and self.session.permissions_for_user(request.user).can_edit()
        ):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.session.title

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            replies=self.session.invitations.exclude(answer="").order_by("name"),
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.session.pk]),
            **kwargs,
        )

    def post(self, request, pk):
        added = invitations.attendance_from_replies(self.session, user=request.user)
        if added:
            messages.success(
                request,
                ngettext(
                    "%(count)d Eintrag in die Anwesenheit übernommen und als Entwurf gespeichert.",
                    "%(count)d Einträge in die Anwesenheit übernommen und als Entwurf gespeichert.",
                    added,
                )
                % {"count": added},
            )
        else:
            messages.warning(request, _("Keine neuen Rückmeldungen zu übernehmen."))
        return redirect("wagtailadmin_pages:edit", self.session.pk)
