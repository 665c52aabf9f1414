"""Consumers' webhook endpoints and the log of every delivery to them."""

import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel

from cms.webhooks.targets import check_url


class WebhookEvent(models.TextChoices):
    PAGE_PUBLISHED = "page.published", _("Seite veröffentlicht")
    PAGE_UNPUBLISHED = "page.unpublished", _("Seite zurückgezogen")
    PAGE_DELETED = "page.deleted", _("Seite gelöscht")
    MEMBER_ADMITTED = "member.admitted", _("Bündnispartner aufgenommen")
    MEMBER_ENDED = "member.ended", _("Mitgliedschaft beendet")


def new_secret():
    return secrets.token_urlsafe(32)


class WebhookEndpointForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        label=_("Ereignisse"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class WebhookEndpoint(models.Model):
    name = models.CharField(_("Name"), max_length=255)
    url = models.URLField(_("Empfänger-URL"), max_length=500)
    secret = models.CharField(
        _("Geheimnis für die Signatur"),
        max_length=128,
        default=new_secret,
        help_text=_("Der Empfänger prüft damit die HMAC-SHA256-Signatur jeder Zustellung."),
    )
    events = models.JSONField(_("Ereignisse"), default=list)
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now, editable=False)

    base_form_class = WebhookEndpointForm
    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("secret"),
        FieldPanel("events"),
        FieldPanel("is_active"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("Webhook-Empfänger")
        verbose_name_plural = _("Webhook-Empfänger")

    def __str__(self):
        return self.name

    def clean(self):
        try:
            check_url(self.url)
        except ValidationError as error:
            raise ValidationError({"url": error.messages}) from None

    def wants(self, event):
        return self.is_active and event in self.events


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("wartet")
    RETRYING = "retrying", _("erneuter Versuch geplant")
    SUCCEEDED = "succeeded", _("zugestellt")
    FAILED = "failed", _("endgültig fehlgeschlagen")


class WebhookDelivery(models.Model):
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("Empfänger"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.CharField(_("Ereignis"), max_length=30, choices=WebhookEvent.choices)
    payload = models.JSONField(_("Inhalt"))
    status = models.CharField(
        _("Stand"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    response_code = models.PositiveSmallIntegerField(_("Antwortcode"), null=True, blank=True)
    last_error = models.TextField(_("letzter Fehler"), blank=True)
    created_at = models.DateTimeField(_("ausgelöst am"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("letzter Versuch"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Webhook-Zustellung")
        verbose_name_plural = _("Webhook-Zustellungen")

    def __str__(self):
        return f"{self.get_event_display()} → {self.endpoint}"
