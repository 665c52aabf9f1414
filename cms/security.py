"""Login lockout: what a locked-out person (or bot) gets to read."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.html import escape
from django.utils.translation import gettext as _


def lockout_response(request, original_response=None, credentials=None):
    message = _(
        "Zu viele fehlgeschlagene Anmeldeversuche. Die Anmeldung ist für %(hours)s Stunde(n) "
        "gesperrt. Bitte später erneut versuchen oder die Geschäftsstelle kontaktieren."
    ) % {"hours": settings.AXES_COOLOFF_TIME}
    body = f'<!doctype html><html lang="de"><title>{escape(_("Anmeldung gesperrt"))}</title>'
    body += f"<main><h1>{escape(_('Anmeldung gesperrt'))}</h1><p>{escape(message)}</p></main>"
    return HttpResponse(body, status=429)
