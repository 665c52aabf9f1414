"""Every e-mail the system sends, one row per recipient: what, to whom, about what, and its fate."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MessageState(models.TextChoices):
    QUEUED = "queued", _("wartet")
    SENT = "sent", _("versendet")
    FAILED = "failed", _("fehlgeschlagen")


class OutgoingMessage(models.Model):
    kind = models.CharField(_("Art"), max_length=40)
    recipient_email = models.EmailField(_("Empfänger (E-Mail)"))
    recipient_name = models.CharField(_("Empfänger"), max_length=255, blank=True)
    subject = models.CharField(_("Betreff"), max_length=255)
    body_text = models.TextField(_("Text"))
    body_html = models.TextField(_("HTML"), blank=True)
    # [{"filename", "content", "mimetype", "params"}]: text attachments such as an .ics file.
    attachments = models.JSONField(_("Anhänge"), default=list, blank=True)
    about_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    about_label = models.CharField(_("betrifft"), max_length=255, blank=True)
    # Queuing the same key again is a no-op; only an explicit resend adds a new generation.
    dedupe_key = models.CharField(_("Schlüssel"), max_length=255, blank=True)
    generation = models.PositiveSmallIntegerField(_("Sendung"), default=0)
    state = models.CharField(
        _("Stand"), max_length=10, choices=MessageState.choices, default=MessageState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    last_error = models.TextField(_("Fehler"), blank=True)
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("letzter Versuch"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"), null=True, blank=True)
    sent_at = models.DateTimeField(_("versendet am"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key", "generation"],
                condition=~models.Q(dedupe_key=""),
                name="outbox_message_once_per_generation",
            )
        ]
        indexes = [models.Index(fields=["about_type", "about_id"], name="outbox_about")]

    def __str__(self):
        return f"{self.subject} → {self.recipient_email}"

    @property
    def to_header(self):
        from email.utils import formataddr

        return formataddr((self.recipient_name, self.recipient_email))
