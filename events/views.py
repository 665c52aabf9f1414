"""The public reply page of a session invitation: no login, one personal signed link."""

from django.core import signing
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from events.forms import ReplyForm
from events.invitations import ReplyRefused, invitation_for_token, record_reply
from events.models import SessionInvitation


def _problem(request, message, status):
    return TemplateResponse(
        request, "events/invitation_reply.html", {"problem": message}, status=status
    )


@never_cache
def reply(request, token):
    try:
        invitation = invitation_for_token(token)
    except signing.SignatureExpired:
        return _problem(
            request,
            _(
                "Dieser Link ist abgelaufen. Bitte geben Sie dem Koordinierungsbüro direkt "
                "Bescheid."
            ),
            410,
        )
    except (signing.BadSignature, SessionInvitation.DoesNotExist):
        return _problem(
            request,
            _("Dieser Link ist ungültig. Bitte verwenden Sie den Link aus Ihrer Einladung."),
            404,
        )
    form = ReplyForm(request.POST or None)
    error = None
    if request.method == "POST" and invitation.answered_at is None and form.is_valid():
        try:
            record_reply(
                invitation, form.cleaned_data["answer"], form.cleaned_data["representative"]
            )
        except ReplyRefused as refusal:
            error = str(refusal)
        else:
            return redirect(request.path)
    session = invitation.session
    return TemplateResponse(
        request,
        "events/invitation_reply.html",
        {
            "invitation": invitation,
            "session": session,
            "start": timezone.localtime(session.start),
            "form": form,
            "error": error,
        },
    )
