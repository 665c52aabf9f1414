"""The site's frame: home page, standard pages, news and the alliance's site settings."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.slugs import GermanSlugMixin
from cms.visibility import VisitorPageManager, public_pages


class HomePage(GermanSlugMixin, Page):
    mission = RichTextField(
        _("Leitbild"), blank=True, help_text=_("Kurzfassung der Präambel für die Startseite.")
    )
    body = RichTextField(_("Text"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("mission"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "network.WorkingGroupIndexPage",
        "network.PartnerIndexPage",
        "events.EventIndexPage",
        "home.NewsIndexPage",
        "home.StandardPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("Startseite")


class StandardPage(GermanSlugMixin, Page):
    """Preamble, imprint, privacy notice, "Partner werden" and similar text pages."""

    intro = models.TextField(_("Einleitung"), blank=True)
    body = RichTextField(_("Text"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage", "network.PartnerApplicationPage"]

    class Meta:
        verbose_name = _("Textseite")
        verbose_name_plural = _("Textseiten")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Sub-pages (e.g. the application form under "Partner werden") are linked from here.
        context["subpages"] = public_pages(self.get_children()).specific()
        return context


class NewsIndexPage(GermanSlugMixin, Page):
    intro = RichTextField(_("Einleitung"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Übersicht Aktuelles")


class NewsKind(models.TextChoices):
    NEWS = "news", _("Meldung")
    PRESS_RELEASE = "press_release", _("Pressemitteilung")


class NewsPage(GermanSlugMixin, Page):
    date = models.DateField(_("Datum"))
    kind = models.CharField(
        _("Art"), max_length=20, choices=NewsKind.choices, default=NewsKind.NEWS
    )
    intro = models.TextField(_("Teaser"), blank=True)
    body = RichTextField(_("Text"), blank=True)
    prepared_by = models.ForeignKey(
        "network.WorkingGroupPage",
        verbose_name=_("vorbereitet von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news",
        help_text=_("Das Gremium, das die Pressemitteilung vorbereitet hat."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("date"), FieldPanel("kind"), FieldPanel("prepared_by")]),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("date"),
    ]
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    objects = VisitorPageManager()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        indexes = [models.Index(fields=["-date"], name="news_date")]


@register_setting(icon="group")
class AllianceSettings(BaseSiteSetting):
    """Who runs the coordination office and how the public reaches it."""

    coordinator = models.ForeignKey(
        "network.Person",
        verbose_name=_("Koordinatorin/Koordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    office_name = models.CharField(
        _("Name des Büros"), max_length=255, default="Koordinierungsbüro"
    )
    office_address = models.TextField(_("Anschrift des Büros"), blank=True)
    office_email = models.EmailField(_("E-Mail des Büros"), blank=True)
    office_phone = models.CharField(_("Telefon des Büros"), max_length=50, blank=True)

    panels = [
        FieldPanel("coordinator"),
        MultiFieldPanel(
            [
                FieldPanel("office_name"),
                FieldPanel("office_address"),
                FieldPanel("office_email"),
                FieldPanel("office_phone"),
            ],
            heading=_("Öffentlicher Kontakt des Koordinierungsbüros"),
        ),
    ]

    class Meta:
        verbose_name = _("Bündnis-Einstellungen")
