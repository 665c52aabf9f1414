"""Consent to publish a person's name: when it was given or withdrawn, by whom, on what basis.

The record is Wagtail's audit log on the person or contact person (actions CONSENT_GIVEN and
CONSENT_WITHDRAWN, with the basis in `data`): it survives edits, is shown in the object's
history, and an erasure scrubs the name from it like from every other log entry.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from network.models import Person

CONSENT_GIVEN = "network.consent.given"
CONSENT_WITHDRAWN = "network.consent.withdrawn"


class ConsentBasis(models.TextChoices):
    WRITTEN = "written", _("schriftlich (Formular, Brief)")
    EMAIL = "email", _("per E-Mail")
    ORAL = "oral", _("mündlich, vom Büro notiert")
    ADMIN = "admin", _("im Admin eingetragen")
    ERASURE = "erasure", _("Löschung der Personendaten")


def consent_history(obj):
    """The object's consent entries, newest first."""
    return ModelLogEntry.objects.for_instance(obj).filter(
        action__in=[CONSENT_GIVEN, CONSENT_WITHDRAWN]
    )


def recorded_consent(obj):
    """True/False for the last recorded consent step, None when nothing was ever recorded."""
    latest = consent_history(obj).order_by("-timestamp", "-pk").first()
    return None if latest is None else latest.action == CONSENT_GIVEN


def record_consent(obj, given, *, user=None, basis=ConsentBasis.ADMIN):
    log(
        obj,
        CONSENT_GIVEN if given else CONSENT_WITHDRAWN,
        user=user,
        data={"basis": basis, "on": timezone.localdate().isoformat()},
    )


def record_consent_changes(objs, *, user=None):
    """After an admin edit: record each object whose consent flag moved since the last record."""
    for obj in objs:
        last = recorded_consent(obj)
        if obj.publish_consent != bool(last) and not (last is None and not obj.publish_consent):
            record_consent(obj, obj.publish_consent, user=user)


@transaction.atomic
def withdraw_consent(obj, *, user=None, basis=ConsentBasis.WRITTEN):
    """Unpublish at once: the flag goes off, and the withdrawal is recorded."""
    obj.publish_consent = False
    obj.save()
    record_consent(obj, False, user=user, basis=basis)


def formerly_public_people():
    """People not public any more whose consent was once recorded: OParl lists them as deleted."""
    steps = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person),
        object_id=OuterRef("key"),
        action__in=[CONSENT_GIVEN, CONSENT_WITHDRAWN],
    )
    return (
        Person.objects.filter(publish_consent=False)
        .annotate(key=Cast("pk", models.CharField()))
        .filter(Exists(steps))
    )
