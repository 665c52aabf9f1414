"""The outbox keeps who was written to and what: a source of personal data with a retention rule.

Registered in cms/outbox/wagtail_hooks.py. A sent mail is no decision of the alliance, so both
erasure and retention delete the message.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cms.outbox.models import OutgoingMessage
from cms.personal_data import Finding, Source, local_stamp, matching
from cms.retention import Rule, months_before


def describe(message):
    return _("„%(subject)s“ an %(address)s, angelegt am %(date)s") % {
        "subject": message.subject,
        "address": message.recipient_email,
        "date": local_stamp(message.created_at),
    }


class OutboxSource(Source):
    key = "outbox"
    label = _("Versendete E-Mails")
    purpose = _("Einladungen, Protokolle und Bescheide an Mitglieder und Antragsteller")
    retention = _("nach der eingestellten Frist gelöscht")
    fields = ("recipient_email", "recipient_name", "body_text", "body_html")

    def objects(self, subject):
        return matching(
            OutgoingMessage.objects.all(), subject, "recipient_email", ["recipient_name"]
        )

    def finding(self, message):
        return Finding(self, message, describe(message), change=_("E-Mail wird gelöscht"))

    def export(self, finding):
        message = finding.obj
        return {
            "subject": message.subject,
            "recipient": message.recipient_email,
            "created_at": message.created_at.isoformat(),
            "state": message.get_state_display(),
            "text": message.body_text,
        }

    def erase(self, finding):
        finding.obj.delete()
        return []

    def identities(self):
        return OutgoingMessage.objects.values_list("recipient_email", "recipient_name")


class OldMessagesRule(Rule):
    key = "outbox"
    label = _("E-Mails im Postausgang löschen")

    def due(self, now, settings):
        cutoff = months_before(now, settings.outbox_months)
        sent_before = Q(sent_at__lt=cutoff) | Q(sent_at=None, created_at__lt=cutoff)
        return OutgoingMessage.objects.filter(sent_before).order_by("created_at", "pk")

    def apply(self, objects):
        OutgoingMessage.objects.filter(pk__in=[message.pk for message in objects]).delete()

    def describe(self, message):
        return describe(message)


def personal_data_sources():
    return [OutboxSource()]


def retention_rules():
    return [OldMessagesRule()]
