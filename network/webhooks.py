"""The register's decisions as webhook events: consumer sites learn of admissions and endings."""

from django.db.models.signals import post_save

from cms.webhooks.models import WebhookEvent
from cms.webhooks.signals import safely
from network.models import MemberKind, MemberStatusChange
from network.workflow import MemberStatus


def on_status_change(sender, instance, created, **kwargs):
    events = {
        MemberStatus.ADMITTED: WebhookEvent.MEMBER_ADMITTED,
        MemberStatus.ENDED: WebhookEvent.MEMBER_ENDED,
    }
    if not created or instance.to_status not in events:
        return
    member = instance.member

    def build():
        data = {
            "id": member.pk,
            "kind": member.kind,
            "status": instance.to_status,
            "decided_on": instance.decided_on.isoformat(),
            "resolution": instance.resolution_reference,
        }
        # A private individual's name is personal data; organisations are public by nature.
        if member.kind != MemberKind.INDIVIDUAL:
            data["name"] = member.name
        return data

    safely(events[instance.to_status], build)


def connect():
    post_save.connect(
        on_status_change, sender=MemberStatusChange, dispatch_uid="webhooks_member_status"
    )
