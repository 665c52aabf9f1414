"""The member's admission status: a leaf, so the models and the lifecycle (network.workflow) can
both use it. Which step may follow which is workflow's alone."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberStatus(models.TextChoices):
    APPLIED = "applied", _("beantragt")
    RECOMMENDED = "recommended", _("vom Beirat empfohlen")
    ADMITTED = "admitted", _("aufgenommen")
    REJECTED = "rejected", _("Antrag abgelehnt")
    ENDED = "ended", _("Mitgliedschaft beendet")
