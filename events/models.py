"""Sessions of the bodies, public events, locations and calendars."""

import hashlib
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.slugs import GermanSlugMixin
from cms.visibility import (
    VisitorPageManager,
    is_public_page,
    public_q,
    register_rule,
    visible_to_public,
)
from events.panels import InvitationsPanel, SessionFactsPanel
from events.series import Recurrence, expand, parse_exception_dates
from network.choosers import RegisterChoicesPageForm
from network.models import (
    BodyKind,
    BodyMembership,
    Leadership,
    Member,
    Person,
    Topic,
    WorkingGroupPage,
    unadmitted_error,
)
from network.widgets import SearchableCheckboxSelectMultiple


def check_period(start, end):
    if start and end and end <= start:
        raise ValidationError({"end": _("Das Ende muss nach dem Beginn liegen.")})


class CalendarEntry(models.Model):
    """A page that appears in iCal feeds: SEQUENCE grows whenever what a calendar shows changes."""

    sequence = models.PositiveIntegerField(default=0, editable=False)
    calendar_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Revision saves pass update_fields and leave the live row alone; only full saves
        # (creation, publishing) change what subscribers see.
        if kwargs.get("update_fields") is None:
            fingerprint = hashlib.sha256(
                repr([str(value) for value in self.calendar_fields()]).encode()
            ).hexdigest()
            if self.calendar_fingerprint and fingerprint != self.calendar_fingerprint:
                self.sequence += 1
            self.calendar_fingerprint = fingerprint
        super().save(*args, **kwargs)

    def calendar_fields(self):
        return [self.title, self.start, self.end, self.location_id, self.is_cancelled]


def approved_minutes(minutes, approved):
    """The minutes a visitor may read: only approved ones (from a page or from its columns)."""
    return minutes if approved else ""


def postal_address(street, postcode, town):
    town = " ".join(part for part in (postcode, town) if part)
    return ", ".join(part for part in (street, town) if part)


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
        return postal_address(self.street, self.postcode, self.town)


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("geplant")
    INVITED = "invited", _("eingeladen")
    HELD = "held", _("durchgeführt")
    CANCELLED = "cancelled", _("abgesagt")


class SessionKind(models.TextChoices):
    REGULAR = "regular", _("regulär")
    SHORT_NOTICE = "short_notice", _("kurzfristig (außerordentlich)")


class AgendaKind(models.TextChoices):
    REPORT = "report", _("Bericht")
    DISCUSSION = "discussion", _("Aussprache")
    RESOLUTION = "resolution", _("Beschlussfassung")
    TRAINING = "training", _("Weiterbildung")
    PARTNER_INTRODUCTION = "partner_introduction", _("Vorstellung neuer Partner")
    ELECTION = "election", _("Wahl")
    ADMISSION = "admission", _("Aufnahme/Beendigung der Mitgliedschaft")


# What a new session of each kind of body starts with; editors change it freely.
STANDING_AGENDA = {
    BodyKind.PLENARY: [
        (AgendaKind.REPORT, _("Bericht des Koordinierungsbüros")),
        (AgendaKind.PARTNER_INTRODUCTION, _("Vorstellung neuer Bündnispartner")),
        (AgendaKind.RESOLUTION, _("Beschlüsse")),
    ],
    BodyKind.ADVISORY_BOARD: [
        (AgendaKind.REPORT, _("Bericht des Koordinierungsbüros")),
        (AgendaKind.ADMISSION, _("Empfehlungen zur Aufnahme neuer Partner")),
        (AgendaKind.DISCUSSION, _("Aktuelle Handlungserfordernisse")),
    ],
    BodyKind.WORKING_CIRCLE: [
        (AgendaKind.REPORT, _("Berichte aus den Einrichtungen")),
        (AgendaKind.DISCUSSION, _("Veranstaltungen und Pressearbeit")),
    ],
    BodyKind.WORKING_GROUP: [(AgendaKind.DISCUSSION, _("Stand der Arbeit"))],
}


class SessionPage(GermanSlugMixin, Page, CalendarEntry):  # noqa: DJ008 (Page provides __str__)
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
    cancel_reason = models.TextField(_("Grund der Absage"), blank=True)
    session_kind = models.CharField(
        _("Art der Sitzung"),
        max_length=15,
        choices=SessionKind.choices,
        default=SessionKind.REGULAR,
    )
    short_notice_reason = models.TextField(_("Grund der kurzfristigen Einberufung"), blank=True)
    moderator = models.ForeignKey(
        Person,
        verbose_name=_("Moderation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderated_sessions",
        help_text=_("Leer lassen für die Leitung des Gremiums."),
    )
    invited_on = models.DateField(_("eingeladen am"), null=True, blank=True)
    minutes = RichTextField(_("Protokoll"), blank=True)
    minutes_approved = models.BooleanField(
        _("Protokoll bestätigt"),
        default=False,
        help_text=_("Erst ein bestätigtes Protokoll wird veröffentlicht."),
    )
    minutes_approved_on = models.DateField(_("Protokoll bestätigt am"), null=True, blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("start"),
                FieldPanel("end"),
                FieldPanel("location"),
                FieldPanel("status"),
                FieldPanel("cancel_reason"),
            ],
            heading=_("Termin"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("session_kind"),
                FieldPanel("short_notice_reason"),
                FieldPanel("moderator"),
                FieldPanel("invited_on"),
            ],
            heading=_("Einberufung und Moderation"),
        ),
        InlinePanel("agenda_items", heading=_("Tagesordnung"), label=_("Tagesordnungspunkt")),
        MultiFieldPanel(
            [
                FieldPanel("minutes"),
                FieldPanel("minutes_approved"),
                FieldPanel("minutes_approved_on"),
            ],
            heading=_("Protokoll"),
        ),
        InlinePanel("resolutions", heading=_("Beschlüsse"), label=_("Beschluss")),
        InvitationsPanel(heading=_("Einladungen und Rückmeldungen (intern)")),
        InlinePanel("attendances", heading=_("Anwesenheit (intern)"), label=_("Teilnahme")),
        SessionFactsPanel(heading=_("Beschlussfähigkeit und Moderation")),
    ]
    search_fields = Page.search_fields + [index.FilterField("start"), index.FilterField("status")]
    parent_page_types = ["network.WorkingGroupPage"]
    subpage_types = []

    objects = VisitorPageManager()

    class Meta:
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")
        # Calendars, feeds, "next sessions" and the APIs all order or range by start.
        indexes = [models.Index(fields=["start"], name="session_start")]

    calendar_kind = "session"

    @property
    def is_cancelled(self):
        return self.status == SessionStatus.CANCELLED

    @property
    def calendar_label(self):
        return _("Sitzung")

    @property
    def body(self):
        # By path, so it also works inside add_child before the row exists.
        if not self.path:
            return None
        return WorkingGroupPage.objects.filter(path=self.path[: -self.steplen]).first()

    def clean(self):
        super().clean()
        check_period(self.start, self.end)
        errors = {}
        if self.status == SessionStatus.CANCELLED and not self.cancel_reason.strip():
            errors["cancel_reason"] = _("Bitte den Grund der Absage angeben.")
        if self.session_kind == SessionKind.SHORT_NOTICE and not self.short_notice_reason.strip():
            errors["short_notice_reason"] = _("Bitte begründen, warum kurzfristig einberufen wird.")
        if self.status == SessionStatus.HELD and self.start and self.start > timezone.now():
            errors["status"] = _(
                "Die Sitzung beginnt erst am %(start)s; als durchgeführt gilt sie frühestens dann."
            ) % {"start": date_format(timezone.localtime(self.start), "SHORT_DATETIME_FORMAT")}
        if self.minutes_approved and not self.minutes_approved_on:
            self.minutes_approved_on = timezone.localdate()
        if errors:
            raise ValidationError(errors)
        body = self.body
        if body is not None:
            number_resolutions(self, body)

    @staticmethod
    def suggested_moderator(body):
        """Fixed leadership: the leader. Rotating: the person seated after the last moderator."""
        if body.leadership != Leadership.ROTATING:
            return body.leader
        # From the database, not body.memberships: a body just built in memory has no queryset there.
        seats = BodyMembership.objects.filter(body_id=body.pk, person__isnull=False).current()
        people = [seat.person for seat in seats.select_related("person")]
        if not people:
            return None
        last = (
            counting_sessions()
            .child_of(body)
            .filter(moderator__isnull=False)
            .order_by("-start")
            .values_list("moderator_id", flat=True)
            .first()
        )
        ids = [person.pk for person in people]
        if last in ids:
            return people[(ids.index(last) + 1) % len(people)]
        return people[0]

    @classmethod
    def defaults_for(cls, body):
        """What a new session of this body starts with: its leader moderates, its standing agenda."""
        return {
            "moderator": cls.suggested_moderator(body),
            "agenda_items": [
                AgendaItem(number=str(position), title=str(title), kind=kind)
                for position, (kind, title) in enumerate(STANDING_AGENDA.get(body.kind, []), 1)
            ],
        }

    def fill_defaults(self, body):
        """Pre-fill what is still empty, for the add form; saving never adds content."""
        defaults = self.defaults_for(body)
        if self.moderator_id is None:
            self.moderator = defaults["moderator"]
        if not self.agenda_items.all():
            self.agenda_items = defaults["agenda_items"]

    def public_agenda_items(self):
        return [item for item in self.agenda_items.all() if item.is_public]

    @property
    def minutes_public(self):
        return approved_minutes(self.minutes, self.minutes_approved)

    @property
    def resolutions_public(self):
        """Resolutions are published once the session has been held."""
        return self.status == SessionStatus.HELD

    def public_resolutions(self):
        return list(self.resolutions.all()) if self.resolutions_public else []

    def quorum(self):
        """(present, seats): who attended against the body's current seats on the session day."""
        present = sum(1 for entry in self.attendances.all() if entry.state == Attendance.PRESENT)
        on = timezone.localtime(self.start).date() if self.start else None
        seats = BodyMembership.objects.filter(body_id=self.get_parent().pk).current(on).count()
        return present, seats


def counting_sessions():
    """Sessions that count for a body's rhythm and rotation: all but the cancelled ones."""
    return SessionPage.objects.exclude(status=SessionStatus.CANCELLED)


class AgendaItem(Orderable):
    session = ParentalKey(SessionPage, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.CharField(_("Nr."), max_length=10, blank=True)
    title = models.CharField(_("Titel"), max_length=255)
    kind = models.CharField(
        _("Art"), max_length=25, choices=AgendaKind.choices, default=AgendaKind.DISCUSSION
    )
    presenter = models.ForeignKey(
        Person,
        verbose_name=_("Vortragende Person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    is_public = models.BooleanField(
        _("öffentlich"), default=True, help_text=_("Interne Punkte erscheinen nirgends öffentlich.")
    )

    panels = [
        FieldPanel("number"),
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("presenter"),
        FieldPanel("description"),
        FieldPanel("is_public"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnung")

    def __str__(self):
        return self.label(self.number, self.title)

    @staticmethod
    def label(number, title):
        return f"{number} {title}".strip()

    @property
    def public_presenter(self):
        return self.presenter.display_name if self.presenter_id else None


class Attendance(Orderable):
    """Who attended: internal only, never shown to visitors or feeds."""

    PRESENT = "present"
    STATES = [(PRESENT, _("anwesend")), ("excused", _("entschuldigt")), ("absent", _("abwesend"))]

    session = ParentalKey(SessionPage, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        Person,
        verbose_name=_("Person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("Bündnispartner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    state = models.CharField(_("Teilnahme"), max_length=10, choices=STATES, default=PRESENT)

    panels = [FieldPanel("person"), FieldPanel("member"), FieldPanel("state")]

    class Meta(Orderable.Meta):
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Anwesenheit")

    def clean(self):
        if bool(self.person_id) == bool(self.member_id):
            raise ValidationError(
                _("Bitte entweder eine Person oder einen Bündnispartner auswählen, nicht beides.")
            )


class ResolutionKind(models.TextChoices):
    JOINT_PROJECT = "joint_project", _("gemeinsames Vorhaben")
    SET_UP_BODY = "set_up_body", _("Einsetzung einer Arbeitsgruppe")
    ADMISSION = "admission", _("Aufnahme eines Bündnispartners")
    TERMINATION = "termination", _("Beendigung der Mitgliedschaft")
    ELECTION = "election", _("Wahl des Beirats")
    RECOMMENDATION = "recommendation", _("Empfehlung an das Plenum")
    OTHER = "other", _("Sonstiges")


class ResolutionOutcome(models.TextChoices):
    ADOPTED = "adopted", _("angenommen")
    REJECTED = "rejected", _("abgelehnt")
    DEFERRED = "deferred", _("vertagt")


class Resolution(Orderable):
    session = ParentalKey(SessionPage, on_delete=models.CASCADE, related_name="resolutions")
    number = models.CharField(
        _("Beschlussnummer"),
        max_length=30,
        blank=True,
        help_text=_("Leer lassen: wird fortlaufend vergeben, z. B. P-2026-03."),
    )
    title = models.CharField(_("Titel"), max_length=255)
    text = RichTextField(_("Beschlusstext"), blank=True)
    kind = models.CharField(
        _("Art"), max_length=20, choices=ResolutionKind.choices, default=ResolutionKind.OTHER
    )
    outcome = models.CharField(
        _("Ergebnis"),
        max_length=10,
        choices=ResolutionOutcome.choices,
        default=ResolutionOutcome.ADOPTED,
    )
    votes_yes = models.PositiveSmallIntegerField(_("Ja-Stimmen"), null=True, blank=True)
    votes_no = models.PositiveSmallIntegerField(_("Nein-Stimmen"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("Enthaltungen"), null=True, blank=True)
    affected_member = models.ForeignKey(
        Member,
        verbose_name=_("betroffener Bündnispartner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resolutions",
        help_text=_("Bei Empfehlung, Aufnahme, Beendigung oder Wahl einer Organisation."),
    )
    affected_person = models.ForeignKey(
        Person,
        verbose_name=_("gewählte Person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Bei der Wahl des Beirats."),
    )
    new_body = models.ForeignKey(
        WorkingGroupPage,
        verbose_name=_("Gremium"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Bei Einsetzung: die angedachte Arbeitsgruppe (leer: wird neu angelegt). "
            "Bei Wahl: der Beirat."
        ),
    )
    applied_at = models.DateTimeField(_("umgesetzt am"), null=True, blank=True, editable=False)

    panels = [
        FieldPanel("number"),
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("text"),
        FieldPanel("outcome"),
        FieldPanel("votes_yes"),
        FieldPanel("votes_no"),
        FieldPanel("votes_abstain"),
        FieldPanel("affected_member"),
        FieldPanel("affected_person"),
        FieldPanel("new_body"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Beschluss")
        verbose_name_plural = _("Beschlüsse")

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    @property
    def is_adopted(self):
        return self.outcome == ResolutionOutcome.ADOPTED

    @property
    def votes_text(self):
        """The votes in words, e.g. "12 Ja, 0 Nein, 1 Enthaltung"; empty if none were counted."""
        if self.votes_yes is None:
            return ""
        abstentions = self.votes_abstain or 0
        return _("%(yes)d Ja, %(no)d Nein, %(abstentions)s") % {
            "yes": self.votes_yes,
            "no": self.votes_no or 0,
            "abstentions": ngettext("%(count)d Enthaltung", "%(count)d Enthaltungen", abstentions)
            % {"count": abstentions},
        }

    def save(self, *args, **kwargs):
        # Publishing writes the revision's copy of this row, which may predate the
        # application; the marker must never be lost or the resolution would apply twice.
        if self.pk and self.applied_at is None:
            self.applied_at = (
                Resolution.objects.filter(pk=self.pk).values_list("applied_at", flat=True).first()
            )
        super().save(*args, **kwargs)


def resolution_prefix(body):
    return body.short_name or "".join(word[0] for word in body.title.split()[:2]).upper() or "G"


def resolution_number(prefix, year, sequence):
    return f"{prefix}-{year}-{sequence:02d}"


def next_resolution_number(body, year, taken=()):
    """The next free number for body in year, e.g. P-2026-03, counting stored and `taken` ones."""
    prefix = resolution_prefix(body)
    pattern = re.compile(rf"^{re.escape(prefix)}-{year}-(\d+)$")
    stored = Resolution.objects.filter(
        session__path__startswith=body.path, number__startswith=f"{prefix}-{year}-"
    ).values_list("number", flat=True)
    used = [int(match.group(1)) for n in [*stored, *taken] if (match := pattern.match(n))]
    return resolution_number(prefix, year, max(used, default=0) + 1)


def number_resolutions(session, body):
    """Give every unnumbered resolution of the session the next number of its body and year."""
    year = timezone.localtime(session.start).year
    resolutions = list(session.resolutions.all())
    numbers = [r.number for r in resolutions if r.number]
    for resolution in resolutions:
        if not resolution.number:
            resolution.number = next_resolution_number(body, year, taken=numbers)
            numbers.append(resolution.number)
    if len(set(numbers)) != len(numbers):
        raise ValidationError(_("Jede Beschlussnummer darf nur einmal vorkommen."))


class EventIndexPage(GermanSlugMixin, Page):
    intro = RichTextField(_("Einleitung"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Übersicht Veranstaltungen")

    def get_context(self, request, *args, **kwargs):
        # A Wagtail page is its own view; the calendar it shows queries this module's models.
        from events.calendar import calendar_context
        from events.filters import filter_choices

        context = super().get_context(request, *args, **kwargs)
        context.update(calendar_context(self, request.GET))
        context.update(filter_choices())
        return context


class EventKind(models.TextChoices):
    EVENT = "event", _("Veranstaltung")
    ACTION = "action", _("Aktion")
    TRAINING = "training", _("Weiterbildung")
    PRESS_CONFERENCE = "press_conference", _("Pressekonferenz")
    SERIES_PART = "series_part", _("Teil einer Reihe")


class EventSeries(index.Indexed, models.Model):
    """A recurring series (e.g. a monthly café); its rule expands into occurrences."""

    title = models.CharField(_("Titel"), max_length=255)
    description = models.TextField(_("Beschreibung"), blank=True)
    first_start = models.DateTimeField(_("erster Termin"))
    duration_minutes = models.PositiveIntegerField(_("Dauer (Minuten)"), default=120)
    recurrence = models.CharField(
        _("Wiederholung"), max_length=10, choices=Recurrence.choices, default=Recurrence.MONTHLY
    )
    interval = models.PositiveSmallIntegerField(
        _("Abstand"), default=1, help_text=_("z. B. 2 = jede zweite Woche bzw. jeden zweiten Monat")
    )
    until = models.DateField(_("bis einschließlich"), null=True, blank=True)
    exceptions = models.TextField(
        _("Ausnahmen"),
        blank=True,
        help_text=_("Ausfallende Termine, ein Datum pro Zeile (TT.MM.JJJJ)."),
    )
    location = models.ForeignKey(
        Location,
        verbose_name=_("Ort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="series",
    )
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("first_start"),
                FieldPanel("duration_minutes"),
                FieldPanel("recurrence"),
                FieldPanel("interval"),
                FieldPanel("until"),
                FieldPanel("exceptions"),
            ],
            heading=_("Regel"),
        ),
        FieldPanel("location"),
    ]
    search_fields = [index.SearchField("title")]

    class Meta:
        ordering = ["title"]
        verbose_name = _("Veranstaltungsreihe")
        verbose_name_plural = _("Veranstaltungsreihen")

    def __str__(self):
        return self.title

    def clean(self):
        parse_exception_dates(self.exceptions)
        if (
            self.until
            and self.first_start
            and self.until < timezone.localtime(self.first_start).date()
        ):
            raise ValidationError({"until": _("Das Ende der Reihe liegt vor dem ersten Termin.")})

    def occurrences(self, start, end):
        return expand(self, start, end)


class EventPageForm(RegisterChoicesPageForm):
    def clean(self):
        cleaned = super().clean()
        # A past event keeps organisers whose membership ended since.
        ends = cleaned.get("end") or cleaned.get("start")
        if ends is None or ends >= timezone.now():
            error = unadmitted_error(cleaned.get("organisers") or [], _("als Veranstalter"))
            if error:
                self.add_error("organisers", error)
        return cleaned


class EventPage(GermanSlugMixin, Page, CalendarEntry):  # noqa: DJ008 (Page provides __str__)
    """A public event, action or training."""

    start = models.DateTimeField(_("Beginn"))
    end = models.DateTimeField(_("Ende"), null=True, blank=True)
    all_day = models.BooleanField(_("ganztägig"), default=False)
    location = models.ForeignKey(
        Location,
        verbose_name=_("Ort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    kind = models.CharField(
        _("Art"), max_length=20, choices=EventKind.choices, default=EventKind.EVENT
    )
    series = models.ForeignKey(
        EventSeries,
        verbose_name=_("Reihe"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    organisers = ParentalManyToManyField(
        Member, verbose_name=_("veranstaltende Bündnispartner"), blank=True, related_name="events"
    )
    coordinating_body = models.ForeignKey(
        WorkingGroupPage,
        verbose_name=_("koordinierendes Gremium"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_events",
    )
    topics = ParentalManyToManyField(
        Topic, verbose_name=_("Themen"), blank=True, related_name="events"
    )
    registration_url = models.URLField(_("Anmeldung (Link)"), blank=True)
    cancelled = models.BooleanField(_("abgesagt"), default=False)
    intro = models.TextField(_("Teaser"), blank=True)
    body = RichTextField(_("Beschreibung"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("start"),
                FieldPanel("end"),
                FieldPanel("all_day"),
                FieldPanel("location"),
                FieldPanel("cancelled"),
            ],
            heading=_("Termin"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("series"),
                FieldPanel("organisers", widget=SearchableCheckboxSelectMultiple),
                FieldPanel("coordinating_body"),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("registration_url"),
            ],
            heading=_("Einordnung"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("start"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    base_form_class = EventPageForm

    objects = VisitorPageManager()

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        indexes = [models.Index(fields=["start"], name="event_start")]

    calendar_kind = "event"

    @property
    def is_cancelled(self):
        return self.cancelled

    @property
    def calendar_label(self):
        return self.get_kind_display()

    def public_organisers(self):
        """Organisers a visitor may read: admitted register entries only."""
        return visible_to_public(self.organisers.all())

    @property
    def public_coordinating_body(self):
        body = self.coordinating_body
        return body if is_public_page(body) else None

    def clean(self):
        super().clean()
        check_period(self.start, self.end)


# --- what of sessions the public may see (cms.visibility asks these) --------------------------


def _public_agenda_item(prefix=""):
    return Q(**{f"{prefix}is_public": True}) & public_q(SessionPage, f"{prefix}session__")


def _public_resolution(prefix=""):
    """Resolutions are published once their (public) session has been held."""
    held = Q(**{f"{prefix}session__status": SessionStatus.HELD})
    return held & public_q(SessionPage, f"{prefix}session__")


register_rule("events.AgendaItem", _public_agenda_item)
register_rule("events.Resolution", _public_resolution)
register_rule("events.Attendance", lambda prefix="": Q(pk__in=[]))


class ReplyAnswer(models.TextChoices):
    ATTEND = "attend", _("Ich nehme teil")
    DECLINE = "decline", _("Ich nehme nicht teil")
    REPRESENTED = "represented", _("Ich werde vertreten")


class SessionInvitation(models.Model):
    """One invited seat of a session: who got the invitation, which version, and the reply.

    Internal: names, addresses and replies never leave the admin.
    """

    session = models.ForeignKey(SessionPage, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("Bündnispartner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("Name"), max_length=255)
    email = models.EmailField(_("E-Mail"))
    sequence = models.PositiveIntegerField(_("Stand der Einladung"), default=0)
    invited_at = models.DateTimeField(_("eingeladen am"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("Absage versendet am"), null=True, blank=True)
    answer = models.CharField(
        _("Rückmeldung"), max_length=12, choices=ReplyAnswer.choices, blank=True
    )
    representative = models.CharField(_("vertreten durch"), max_length=255, blank=True)
    answered_at = models.DateTimeField(_("Rückmeldung am"), null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        constraints = [
            models.UniqueConstraint(fields=["session", "email"], name="one_invitation_per_address")
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"
