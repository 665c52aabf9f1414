"""Sessions of the bodies, public events, locations and calendars."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


def check_period(start, end):
    if start and end and end <= start:
        raise ValidationError({"end": _("Das Ende muss nach dem Beginn liegen.")})


class Location(index.Indexed, models.Model):
    name = models.CharField(_("Name"), max_length=255)
    street = models.CharField(_("Straße und Hausnummer"), max_length=255, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=10, blank=True)
    town = models.CharField(_("Ort"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("Breitengrad"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("Längengrad"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    accessibility = models.TextField(_("Hinweise zur Barrierefreiheit"), blank=True)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("street"), FieldPanel("postcode"), FieldPanel("town")],
            heading=_("Anschrift"),
        ),
        MultiFieldPanel(
            [FieldPanel("latitude"), FieldPanel("longitude")], heading=_("Koordinaten")
        ),
        FieldPanel("accessibility"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("town")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("Ort")
        verbose_name_plural = _("Orte")

    def __str__(self):
        return f"{self.name}, {self.town}" if self.town else self.name

    @property
    def address(self):
        town = " ".join(part for part in (self.postcode, self.town) if part)
        return ", ".join(part for part in (self.street, town) if part)


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("geplant")
    INVITED = "invited", _("eingeladen")
    HELD = "held", _("durchgeführt")
    CANCELLED = "cancelled", _("abgesagt")


class SessionPage(Page):
    """One meeting of a body."""

    start = models.DateTimeField(_("Beginn"))
    end = models.DateTimeField(_("Ende"), null=True, blank=True)
    location = models.ForeignKey(
        Location,
        verbose_name=_("Ort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("start"), FieldPanel("end"), FieldPanel("location"), FieldPanel("status")],
            heading=_("Termin"),
        ),
    ]
    search_fields = Page.search_fields + [index.FilterField("start")]
    parent_page_types = ["network.WorkingGroupPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")

    def clean(self):
        super().clean()
        check_period(self.start, self.end)


class EventIndexPage(Page):
    intro = RichTextField(_("Einleitung"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Übersicht Veranstaltungen")

    def get_context(self, request, *args, **kwargs):
        from events.calendar import calendar_context

        context = super().get_context(request, *args, **kwargs)
        context.update(calendar_context(self, request.GET))
        return context


class EventPage(Page):
    """A public event, action or training."""

    start = models.DateTimeField(_("Beginn"))
    end = models.DateTimeField(_("Ende"), null=True, blank=True)
    location = models.ForeignKey(
        Location,
        verbose_name=_("Ort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    intro = models.TextField(_("Teaser"), blank=True)
    body = RichTextField(_("Beschreibung"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("start"), FieldPanel("end"), FieldPanel("location")], heading=_("Termin")
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("start"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")

    def clean(self):
        super().clean()
        check_period(self.start, self.end)
