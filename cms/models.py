from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


class ContentVersion(models.Model):
    """One row whose token changes whenever public content may have changed.

    Cached responses and ETags are keyed by it (`cms.cache`). It lives in the database,
    not the cache, so every worker sees a change even without a shared cache; a random token
    instead of a counter means a restored backup can never revive an old cache entry.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Inhaltsstand")
        verbose_name_plural = _("Inhaltsstände")

    def __str__(self):
        return self.token


class ErasureRecord(models.Model):
    """That a person's data was erased, without the data: who, when, which kinds, how many.

    The keyed hashes let `reapply_erasures` recognise the person in a restored backup; without
    the SECRET_KEY they reveal nothing.
    """

    created_at = models.DateTimeField(_("gelöscht am"), default=timezone.now, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gelöscht von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email_hash = models.CharField(_("Prüfwert der E-Mail-Adresse"), max_length=64, blank=True)
    name_hash = models.CharField(_("Prüfwert des Namens"), max_length=64, blank=True)
    counts = models.JSONField(_("gelöschte Angaben je Art"), default=dict)
    reason = models.TextField(_("Anlass"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Löschung personenbezogener Daten")
        verbose_name_plural = _("Löschungen personenbezogener Daten")
        permissions = [
            ("manage_personal_data", _("Personendaten suchen, exportieren und löschen")),
        ]

    def __str__(self):
        return _("Löschung Nr. %(number)s") % {"number": self.pk}


@register_setting(icon="time")
class RetentionSettings(BaseGenericSetting):
    """How long the alliance keeps what it no longer needs (GDPR Art. 5: storage limitation)."""

    rejected_application_months = models.PositiveSmallIntegerField(
        _("Abgelehnte Aufnahmeanträge löschen nach (Monaten)"),
        default=6,
        validators=[MinValueValidator(1)],
        help_text=_("Gezählt ab der Entscheidung."),
    )
    attendance_years = models.PositiveSmallIntegerField(
        _("Anwesenheit von Personen anonymisieren nach (Jahren)"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("Gezählt ab der Sitzung; die Zahl der Anwesenden bleibt erhalten."),
    )
    outbox_months = models.PositiveSmallIntegerField(
        _("Versendete E-Mails löschen nach (Monaten)"),
        default=12,
        validators=[MinValueValidator(1)],
        help_text=_("Gezählt ab dem Versand."),
    )

    panels = [
        FieldPanel("rejected_application_months"),
        FieldPanel("attendance_years"),
        FieldPanel("outbox_months"),
        HelpPanel(
            content=_(
                "Widerruft eine Person ihre Einwilligung, wird sie sofort nicht mehr "
                "veröffentlicht; dafür gibt es keine Frist."
            )
        ),
    ]

    class Meta:
        verbose_name = _("Aufbewahrungsfristen")


class PageCreation(models.Model):
    """Which page an add form created: its first autosave, or its first submit.

    The add form carries a token (`cms.page_creation`); a later post of the same form (a
    publish click before the browser switched the form to the edit address) edits this page
    instead of creating it a second time. A row matters only for the seconds of that race.
    """

    token = models.UUIDField(unique=True, editable=False)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # The form was submitted and the browser went on; an autosave arriving later is stale.
    submitted = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("Seitenanlage")
        verbose_name_plural = _("Seitenanlagen")

    def __str__(self):
        return str(self.token)
