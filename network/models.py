"""The alliance's network: bodies, people, the member register and partner profiles."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import LockableMixin, Orderable, Page, RevisionMixin
from wagtail.search import index

from cms.ratelimit import over_limit, retry_message
from cms.slugs import GermanSlugMixin, german_slugify
from cms.visibility import (
    PublicQuerySetMixin,
    VisitorPageManager,
    is_public_page,
    public_q,
    register_rule,
    visible_to_public,
)
from network.status import MemberStatus


def require_consent_date(obj):
    """Publishing personal data needs a documented consent, i.e. its date."""
    if obj.publish_consent and not obj.consent_date:
        raise ValidationError(
            {"consent_date": _("Bitte das Datum der Einwilligung zur Veröffentlichung angeben.")}
        )


def unadmitted_error(members, use):
    """Why these entries may not be named in public (`use` says where), or None if they may.

    Only admitted register entries appear in public, so an editor choosing an applicant, a
    rejected or ended entry or a mere contact is told at once rather than seeing it vanish.
    """
    refused = [member for member in members if member is not None and not member.is_admitted]
    if not refused:
        return None
    names = ", ".join(
        f"„{member.name}“ ({member.get_status_display() or member.get_relationship_display()})"
        for member in refused
    )
    return ngettext(
        "%(names)s ist nicht als Bündnispartner aufgenommen und darf nicht öffentlich "
        "%(use)s erscheinen.",
        "%(names)s sind nicht als Bündnispartner aufgenommen und dürfen nicht öffentlich "
        "%(use)s erscheinen.",
        len(refused),
    ) % {"names": names, "use": use}


class TimestampedModel(models.Model):
    """created/modified are what consumers (OParl, API) filter on."""

    created_at = models.DateTimeField(_("angelegt"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        abstract = True


class Topic(index.Indexed, models.Model):
    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True, allow_unicode=False)
    description = models.TextField(_("Beschreibung"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("Themenfeld")
        verbose_name_plural = _("Themenfelder")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = german_slugify(self.name)
        super().save(*args, **kwargs)


class MemberKind(models.TextChoices):
    ASSOCIATION = "association", _("Verein/Verband")
    INITIATIVE = "initiative", _("Initiative")
    CHURCH = "church", _("Kirchgemeinde/Religionsgemeinschaft")
    SCHOOL = "school", _("Schule/Bildungseinrichtung")
    AUTHORITY = "authority", _("Behörde/Kommune")
    BUSINESS = "business", _("Unternehmen")
    PARTY = "party", _("Partei/Fraktion")
    UNION = "union", _("Gewerkschaft")
    SOCIAL = "social", _("Sozialer Träger/Einrichtung")
    INDIVIDUAL = "individual", _("Einzelperson")
    OTHER = "other", _("Sonstige")


class Relationship(models.TextChoices):
    MEMBER = "member", _("Bündnispartner")
    CONTACT = "contact", _("Kontakt (kein Mitglied)")


class MemberForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The topics are rendered twice (the field, and Wagtail's client-side copy of it):
        # read them in one query, not in a count and a cursor per rendering.
        topics = self.fields["topics"]
        options = topics.iterator(topics)
        topics.choices = [options.choice(topic) for topic in topics.queryset]


class Member(index.Indexed, LockableMixin, RevisionMixin, TimestampedModel, ClusterableModel):
    """An entry of the member register: a partner organisation or a contact."""

    name = models.CharField(_("Name"), max_length=255, unique=True)
    kind = models.CharField(
        _("Art"), max_length=20, choices=MemberKind.choices, default=MemberKind.ASSOCIATION
    )
    relationship = models.CharField(
        _("Beziehung"),
        max_length=10,
        choices=Relationship.choices,
        default=Relationship.MEMBER,
        help_text=_("Kontakte durchlaufen kein Aufnahmeverfahren."),
    )
    status = models.CharField(
        _("Status"),
        max_length=12,
        choices=MemberStatus.choices,
        blank=True,
        default=MemberStatus.APPLIED,
        editable=False,
        help_text=_("Wird nur über die Statusübergänge geändert."),
    )
    status_changed_on = models.DateField(_("Status seit"), null=True, blank=True, editable=False)
    municipality = models.CharField(_("Gemeinde/Stadt"), max_length=100, blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=255, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=10, blank=True)
    website = models.URLField(_("Website"), blank=True)
    description = RichTextField(
        _("Öffentliche Beschreibung"), blank=True, features=["bold", "italic", "link", "ul"]
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topics = ParentalManyToManyField(Topic, verbose_name=_("Themenfelder"), blank=True)
    internal_notes = models.TextField(
        _("Interne Notizen"), blank=True, help_text=_("Nur im Admin sichtbar, nie öffentlich.")
    )
    end_reason = models.TextField(_("Grund für das Ende der Mitgliedschaft"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("kind"), FieldPanel("relationship")],
            heading=_("Eintrag"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("street"),
                FieldPanel("postcode"),
                FieldPanel("municipality"),
                FieldPanel("website"),
            ],
            heading=_("Anschrift"),
        ),
        FieldPanel("description"),
        FieldPanel("logo"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        InlinePanel("contact_persons", heading=_("Ansprechpersonen"), label=_("Ansprechperson")),
        FieldPanel("internal_notes"),
    ]

    base_form_class = MemberForm

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("municipality"),
        index.SearchField("description"),
        index.FilterField("name"),
        index.FilterField("status"),
        index.FilterField("relationship"),
        index.FilterField("kind"),
        index.FilterField("municipality"),
    ]

    class Meta:
        ordering = ["name"]
        # The register's usual view: one status, by name. The index serves the order and the
        # listing's count, which otherwise read the whole register (100,000 entries: 30 ms).
        indexes = [models.Index(fields=["status", "name"], name="member_status_name")]
        verbose_name = _("Bündnispartner")
        verbose_name_plural = _("Mitgliederverzeichnis")
        permissions = [
            ("recommend_member", _("Aufnahme empfehlen (Beirat)")),
            ("decide_member", _("Aufnahme, Ablehnung und Ende der Mitgliedschaft erfassen")),
            ("export_member", _("Mitgliederverzeichnis exportieren")),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.relationship == Relationship.CONTACT:
            self.status = ""
        elif not self.status:
            self.status = MemberStatus.APPLIED
        super().save(*args, **kwargs)

    @property
    def is_admitted(self):
        return self.status == MemberStatus.ADMITTED

    def bodies(self, *, current_only=False):
        """The member's seats in bodies, newest first; see BodyMembership.objects.current()."""
        return _seats(self.body_memberships, current_only)


class ContactPerson(Orderable):
    """A person at a member. Personal data: public only with recorded consent."""

    member = ParentalKey(Member, on_delete=models.CASCADE, related_name="contact_persons")
    name = models.CharField(_("Name"), max_length=255)
    function = models.CharField(_("Funktion"), max_length=255, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    publish_consent = models.BooleanField(
        _("Einwilligung zur Veröffentlichung"),
        default=False,
        help_text=_("Nur mit schriftlicher Einwilligung werden Name und Kontakt öffentlich."),
    )
    consent_date = models.DateField(_("Einwilligung vom"), null=True, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("function"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("publish_consent"),
        FieldPanel("consent_date"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")

    def __str__(self):
        return self.name

    def clean(self):
        require_consent_date(self)


def public_person_name(publish_consent, public_name, name):
    """The name shown to the public, or None without consent (from a person or from columns)."""
    if not publish_consent:
        return None
    return public_name or name


class Person(index.Indexed, TimestampedModel):
    """Coordinator, board members, moderators. Personal data: public only with consent."""

    name = models.CharField(_("Name"), max_length=255)
    public_name = models.CharField(
        _("Öffentlicher Anzeigename"),
        max_length=255,
        blank=True,
        help_text=_("Wird öffentlich gezeigt, wenn eingewilligt wurde (sonst der Name)."),
    )
    function = models.CharField(_("Funktion"), max_length=255, blank=True)
    email = models.EmailField(_("E-Mail (intern)"), blank=True)
    phone = models.CharField(_("Telefon (intern)"), max_length=50, blank=True)
    organisation = models.ForeignKey(
        Member,
        verbose_name=_("Organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    publish_consent = models.BooleanField(
        _("Einwilligung: Name und Funktion veröffentlichen"), default=False
    )
    consent_date = models.DateField(_("Einwilligung vom"), null=True, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("public_name"),
        FieldPanel("function"),
        FieldPanel("organisation"),
        MultiFieldPanel([FieldPanel("email"), FieldPanel("phone")], heading=_("Kontakt (intern)")),
        MultiFieldPanel(
            [FieldPanel("publish_consent"), FieldPanel("consent_date")],
            heading=_("Veröffentlichung"),
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("id"),
        index.FilterField("publish_consent"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")

    def __str__(self):
        return self.name

    def clean(self):
        require_consent_date(self)

    def bodies(self, *, current_only=False):
        return _seats(self.body_memberships, current_only)

    @property
    def display_name(self):
        return public_person_name(self.publish_consent, self.public_name, self.name)


class MemberStatusChange(models.Model):
    """One step of a member's admission lifecycle; the register's own history."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("von"), max_length=12, choices=MemberStatus.choices)
    to_status = models.CharField(_("nach"), max_length=12, choices=MemberStatus.choices)
    decided_on = models.DateField(_("beschlossen am"))
    resolution_reference = models.CharField(
        _("Beschluss"), max_length=50, blank=True, help_text=_("z. B. P-2026-03")
    )
    reason = models.TextField(_("Begründung"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erfasst von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("erfasst am"), default=timezone.now)

    class Meta:
        ordering = ["decided_on", "recorded_at", "pk"]
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusänderungen")

    def __str__(self):
        return f"{self.member}: {self.get_from_status_display()} → {self.get_to_status_display()}"


def _seats(memberships, current_only):
    seats = memberships.select_related("body").order_by("-start_date", "body__title")
    return seats.current() if current_only else seats


class WorkingGroupIndexPage(GermanSlugMixin, Page):
    intro = RichTextField(_("Einleitung"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["network.WorkingGroupPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Übersicht Gremien")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["bodies"] = (
            WorkingGroupPage.objects.child_of(self).visible_to_public().order_by("path")
        )
        return context


class BodyKind(models.TextChoices):
    PLENARY = "plenary", _("Bündnis-Sitzung (Plenum)")
    ADVISORY_BOARD = "advisory_board", _("Beirat")
    WORKING_CIRCLE = "working_circle", _("Arbeitskreis")
    WORKING_GROUP = "working_group", _("Arbeitsgruppe")


class BodyStatus(models.TextChoices):
    PLANNED = "planned", _("angedacht")
    ACTIVE = "active", _("aktiv")
    DORMANT = "dormant", _("ruhend")
    DISSOLVED = "dissolved", _("aufgelöst")


class Leadership(models.TextChoices):
    FIXED = "fixed", _("feste Leitung")
    ROTATING = "rotating", _("rotierend unter den Mitgliedern")


class Rhythm(models.IntegerChoices):
    MONTHLY = 1, _("monatlich")
    BIMONTHLY = 2, _("alle zwei Monate")
    QUARTERLY = 3, _("einmal im Quartal")
    HALF_YEARLY = 6, _("halbjährlich")
    YEARLY = 12, _("jährlich")


class RhythmBinding(models.TextChoices):
    MINIMUM = "minimum", _("mindestens")
    USUAL = "usual", _("in der Regel")


class WorkingGroupPage(GermanSlugMixin, Page):
    """A body that meets: the plenary, the advisory board, a working circle or working group."""

    kind = models.CharField(_("Art des Gremiums"), max_length=20, choices=BodyKind.choices)
    status = models.CharField(
        _("Status"), max_length=12, choices=BodyStatus.choices, default=BodyStatus.ACTIVE
    )
    short_name = models.CharField(
        _("Kürzel"),
        max_length=10,
        blank=True,
        help_text=_("z. B. P für das Plenum, B für den Beirat; Präfix der Beschlussnummern."),
    )
    is_external = models.BooleanField(
        _("eigenständiges Gremium"),
        default=False,
        help_text=_("Ein Gremium, in dem das Koordinierungsbüro mitarbeitet (z. B. der IKA)."),
    )
    intro = RichTextField(_("Beschreibung"), blank=True)
    leadership = models.CharField(
        _("Leitung und Moderation"),
        max_length=10,
        choices=Leadership.choices,
        default=Leadership.FIXED,
    )
    leader = models.ForeignKey(
        Person,
        verbose_name=_("Leitung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_bodies",
        help_text=_("Bei fester Leitung, z. B. die Koordinatorin."),
    )
    rhythm_months = models.PositiveSmallIntegerField(
        _("Sitzungsrhythmus"),
        choices=Rhythm.choices,
        null=True,
        blank=True,
        help_text=_("Längster Abstand zwischen zwei Sitzungen."),
    )
    rhythm_binding = models.CharField(
        _("Verbindlichkeit des Rhythmus"),
        max_length=10,
        choices=RhythmBinding.choices,
        default=RhythmBinding.MINIMUM,
    )
    short_notice_allowed = models.BooleanField(
        _("kurzfristige Sitzungen möglich"),
        default=False,
        help_text=_("Bei dringenden Angelegenheiten kann kurzfristig einberufen werden."),
    )
    tasks = StreamField(
        [("task", blocks.CharBlock(label=_("Aufgabe"), max_length=500))],
        verbose_name=_("Aufgaben"),
        blank=True,
    )
    topics = ParentalManyToManyField(Topic, verbose_name=_("Themenfelder"), blank=True)
    established_by = models.ForeignKey(
        "self",
        verbose_name=_("eingesetzt durch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="established_bodies",
    )
    established_by_resolution = models.CharField(
        _("Einsetzungsbeschluss"), max_length=50, blank=True, help_text=_("z. B. P-2026-03")
    )
    contact_email = models.EmailField(
        _("Kontaktadresse des Gremiums"),
        blank=True,
        help_text=_("Eine Funktionsadresse, keine persönliche Adresse."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("status"),
                FieldPanel("short_name"),
                FieldPanel("is_external"),
            ],
            heading=_("Gremium"),
        ),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("leadership"), FieldPanel("leader")], heading=_("Leitung und Moderation")
        ),
        MultiFieldPanel(
            [
                FieldPanel("rhythm_months"),
                FieldPanel("rhythm_binding"),
                FieldPanel("short_notice_allowed"),
            ],
            heading=_("Sitzungsrhythmus"),
        ),
        FieldPanel("tasks"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel("established_by"), FieldPanel("established_by_resolution")],
            heading=_("Einsetzung"),
        ),
        FieldPanel("contact_email"),
        InlinePanel("memberships", heading=_("Mitglieder und Rollen"), label=_("Mitgliedschaft")),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.FilterField("kind"),
        index.FilterField("status"),
    ]

    parent_page_types = ["network.WorkingGroupIndexPage"]
    subpage_types = ["events.SessionPage"]

    objects = VisitorPageManager()

    class Meta:
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")

    def clean(self):
        super().clean()
        if self.leadership == Leadership.ROTATING and self.leader_id:
            raise ValidationError(
                {"leader": _("Bei rotierender Leitung wird keine feste Leitung eingetragen.")}
            )

    @property
    def rhythm_text(self):
        """The rhythm in words, e.g. "mindestens einmal im Quartal"."""
        if not self.rhythm_months:
            return ""
        return f"{self.get_rhythm_binding_display()} {self.get_rhythm_months_display()}"

    @cached_property
    def task_list(self):
        return [block.value for block in self.tasks]

    def _memberships(self, public_only):
        # A draft in the admin's preview holds its seats in memory (modelcluster's FakeQuerySet),
        # which filters by the same conditions but has none of the queryset's own methods.
        seats = self.memberships.select_related("person", "member")
        return visible_to_public(seats) if public_only else seats

    def current_memberships(self, *, public_only=False):
        return self._memberships(public_only).filter(seat_current())

    def former_memberships(self, *, public_only=False):
        return self._memberships(public_only).filter(seat_former())


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("Leitung/Vorsitz")
    MODERATOR = "moderator", _("Moderation")
    MEMBER = "member", _("Mitglied")
    DEPUTY = "deputy", _("Stellvertretung")
    GUEST = "guest", _("Gast")


def seat_current(on=None):
    """Seats held on the day `on` (today): current and former follow from the dates alone, so
    nobody has to flip a flag."""
    on = on or timezone.localdate()
    return (models.Q(start_date__isnull=True) | models.Q(start_date__lte=on)) & (
        models.Q(end_date__isnull=True) | models.Q(end_date__gte=on)
    )


def seat_former(on=None):
    return models.Q(end_date__lt=on or timezone.localdate())


class BodyMembershipQuerySet(PublicQuerySetMixin, models.QuerySet):
    def current(self, on=None):
        return self.filter(seat_current(on))

    def former(self, on=None):
        return self.filter(seat_former(on))


class BodyMembership(Orderable):
    """A person or member organisation sitting in a body, in a role, for a period."""

    body = ParentalKey(WorkingGroupPage, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        Person,
        verbose_name=_("Person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="body_memberships",
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("Bündnispartner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="body_memberships",
    )
    role = models.CharField(
        _("Rolle"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    start_date = models.DateField(_("von"), null=True, blank=True)
    end_date = models.DateField(_("bis"), null=True, blank=True)
    elected_by_resolution = models.CharField(
        _("gewählt durch Beschluss"), max_length=50, blank=True, help_text=_("z. B. P-2026-02")
    )

    objects = BodyMembershipQuerySet.as_manager()

    panels = [
        FieldPanel("person"),
        FieldPanel("member"),
        FieldPanel("role"),
        FieldPanel("start_date"),
        FieldPanel("end_date"),
        FieldPanel("elected_by_resolution"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Mitgliedschaft im Gremium")
        verbose_name_plural = _("Mitgliedschaften im Gremium")

    def __str__(self):
        return f"{self.holder} ({self.get_role_display()})"

    @property
    def holder(self):
        return self.person or self.member

    @property
    def public_profile(self):
        """The holder's partner profile, if the public may see it."""
        profile = getattr(self.member, "partner_page", None) if self.member_id else None
        return profile if is_public_page(profile) else None

    @property
    def public_holder_name(self):
        """What a visitor may read: an organisation's name, or a person's consented name."""
        if self.member_id:
            return self.member.name
        return self.person.display_name

    def clean(self):
        if bool(self.person_id) == bool(self.member_id):
            raise ValidationError(
                _("Bitte entweder eine Person oder einen Bündnispartner auswählen, nicht beides.")
            )
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Das Ende liegt vor dem Beginn.")})
        # A seat that has ended may keep its former holder on record (e.g. an ended member).
        current = self.end_date is None or self.end_date >= timezone.localdate()
        if current and (error := unadmitted_error([self.member], _("als Mitglied eines Gremiums"))):
            raise ValidationError({"member": error})

    def is_current(self, on=None):
        on = on or timezone.localdate()
        started = self.start_date is None or self.start_date <= on
        not_ended = self.end_date is None or self.end_date >= on
        return started and not_ended


class PartnerIndexPage(GermanSlugMixin, Page):
    intro = RichTextField(_("Einleitung"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["network.PartnerPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Übersicht Bündnispartner")

    def get_context(self, request, *args, **kwargs):
        # A Wagtail page is its own view; the directory it shows queries this module's models.
        from network.directory import directory_context

        context = super().get_context(request, *args, **kwargs)
        context.update(directory_context(self, request.GET))
        return context


class PartnerPage(GermanSlugMixin, Page):
    """The public profile of an admitted member; its facts come from the register entry."""

    member = models.OneToOneField(
        Member,
        verbose_name=_("Eintrag im Mitgliederverzeichnis"),
        on_delete=models.PROTECT,
        related_name="partner_page",
    )
    body = RichTextField(_("Zusätzlicher Text"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("member"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("body"),
        index.RelatedFields(
            "member", [index.SearchField("name"), index.SearchField("municipality")]
        ),
    ]
    parent_page_types = ["network.PartnerIndexPage"]
    subpage_types = []

    objects = VisitorPageManager()

    class Meta:
        verbose_name = _("Partnerprofil")
        verbose_name_plural = _("Partnerprofile")

    def clean(self):
        super().clean()
        if self.member_id and not self.member.is_admitted:
            raise ValidationError(
                {"member": _("Nur aufgenommene Bündnispartner erhalten ein öffentliches Profil.")}
            )

    @property
    def public_contacts(self):
        return list(self.member.contact_persons.all().filter(public_q(ContactPerson)))

    @property
    def public_bodies(self):
        """The public bodies the partner currently sits in."""
        return list(self.member.bodies(current_only=True).visible_to_public())


class PartnerApplicationPage(GermanSlugMixin, Page):
    """The public "Partner werden" form; submissions land in the office's inbox, never on the site."""

    intro = RichTextField(_("Einleitung"), blank=True)
    thanks = RichTextField(
        _("Text nach dem Absenden"),
        blank=True,
        default="<p>Vielen Dank! Das Koordinierungsbüro meldet sich bei Ihnen.</p>",
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("thanks")]
    parent_page_types = ["home.StandardPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("Antragsformular „Partner werden“")

    # Submissions per address and hour; more is a flood, not an organisation applying.
    SUBMISSION_LIMIT = 5
    SUBMISSION_PERIOD = 3600

    def serve(self, request, *args, **kwargs):
        # A Wagtail page is its own view; the form and the store it uses import this module.
        from network.applications import store_application
        from network.forms import ApplicationForm

        context = self.get_context(request, *args, **kwargs)
        status = 200
        if request.method == "POST":
            form = ApplicationForm(request.POST)
            if over_limit(
                request, "application", limit=self.SUBMISSION_LIMIT, period=self.SUBMISSION_PERIOD
            ):
                # The visitor's input is shown again, so nothing typed is lost.
                status = 429
                context["limit_message"] = retry_message(self.SUBMISSION_PERIOD)
            elif form.is_valid():
                store_application(form.application_data(), form.cleaned_data["topics"])
                return redirect(self.url + "?gesendet=1")
        else:
            form = ApplicationForm()
        context.update(form=form, sent=request.GET.get("gesendet") == "1")
        response = TemplateResponse(request, self.get_template(request), context, status=status)
        if status == 429:
            response["Retry-After"] = str(self.SUBMISSION_PERIOD)
        return response


class ApplicationStatus(models.TextChoices):
    NEW = "new", _("neu")
    ACCEPTED = "accepted", _("angenommen")
    REJECTED = "rejected", _("abgelehnt")


class MembershipApplication(models.Model):
    """A "Partner werden" submission; stays in the office's inbox until accepted or rejected."""

    organisation = models.CharField(_("Organisation"), max_length=255)
    kind = models.CharField(_("Art"), max_length=20, choices=MemberKind.choices)
    municipality = models.CharField(_("Gemeinde/Stadt"), max_length=100)
    website = models.URLField(_("Website"), blank=True)
    contact_name = models.CharField(_("Ansprechperson"), max_length=255)
    email = models.EmailField(_("E-Mail"))
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("Themenfelder"), blank=True)
    message = models.TextField(_("Nachricht"), blank=True)
    privacy_consent_at = models.DateTimeField(_("Datenschutz-Einwilligung am"))
    submitted_at = models.DateTimeField(_("eingegangen am"), default=timezone.now)
    status = models.CharField(
        _("Bearbeitungsstand"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.NEW,
    )
    decided_at = models.DateTimeField(_("bearbeitet am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bearbeitet von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.TextField(_("Grund der Ablehnung"), blank=True)
    member = models.OneToOneField(
        Member,
        verbose_name=_("Eintrag im Mitgliederverzeichnis"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
    )

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("Aufnahmeantrag")
        verbose_name_plural = _("Aufnahmeanträge")

    def __str__(self):
        return self.organisation


# --- what of the network the public may see (cms.visibility asks these) ----------------------


def _admitted(prefix=""):
    """A register entry is public only while admitted: never as applicant, rejected or ended."""
    return models.Q(**{f"{prefix}status": MemberStatus.ADMITTED})


def _consented(prefix=""):
    return models.Q(**{f"{prefix}publish_consent": True})


def _public_contact(prefix=""):
    return _consented(prefix) & _admitted(f"{prefix}member__")


def _public_seat(prefix=""):
    """A seat in a public body, held by an admitted organisation or a consenting person."""
    holder = (models.Q(**{f"{prefix}member__isnull": False}) & _admitted(f"{prefix}member__")) | (
        models.Q(**{f"{prefix}person__isnull": False}) & _consented(f"{prefix}person__")
    )
    return public_q(WorkingGroupPage, f"{prefix}body__") & holder


register_rule("network.Member", _admitted)
register_rule("network.Person", _consented)
register_rule("network.ContactPerson", _public_contact)
register_rule("network.BodyMembership", _public_seat)
register_rule("network.PartnerPage", lambda prefix="": _admitted(f"{prefix}member__"))
