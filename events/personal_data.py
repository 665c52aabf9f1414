"""Where sessions keep personal data: who attended. Registered in events/wagtail_hooks.py."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.personal_data import PLACEHOLDER, Finding, Source
from cms.retention import Rule, months_before
from events.models import Attendance
from network.models import Person
from network.personal_data import matching_people


class AttendanceSource(Source):
    key = "attendance"
    label = _("Anwesenheit in Sitzungen")
    purpose = _("Nachweis der Beschlussfähigkeit")
    retention = _("nach der eingestellten Frist anonymisiert; die Zahl der Anwesenden bleibt")

    def find(self, subject):
        attendances = (
            Attendance.objects.filter(person__in=matching_people(subject))
            .select_related("session")
            .order_by("session__start", "pk")
        )
        return [
            Finding(
                self,
                attendance,
                _("%(state)s in „%(session)s“ am %(date)s")
                % {
                    "state": attendance.get_state_display(),
                    "session": attendance.session.title,
                    "date": timezone.localtime(attendance.session.start).strftime("%d.%m.%Y"),
                },
                admin_url=reverse("wagtailadmin_pages:edit", args=(attendance.session_id,)),
                change=_("Teilnahme bleibt gezählt, ohne Namen"),
            )
            for attendance in attendances
        ]

    def export(self, finding):
        attendance = finding.obj
        return {
            "session": attendance.session.title,
            "start": attendance.session.start.isoformat(),
            "state": attendance.get_state_display(),
        }

    def erase(self, finding):
        """The attendance counts for the quorum; erasing the person takes the name off it."""
        return []


def personal_data_sources():
    return [AttendanceSource()]


def anonymous_person():
    """The one placeholder person anonymised attendance points to; the row keeps counting."""
    person = (
        Person.objects.filter(name=PLACEHOLDER, email="", phone="", organisation=None)
        .order_by("pk")
        .first()
    )
    return person or Person.objects.create(name=PLACEHOLDER)


class OldAttendanceRule(Rule):
    key = "attendance"
    label = _("Anwesenheit von Personen anonymisieren")

    def due(self, now, settings):
        return (
            Attendance.objects.filter(
                person__isnull=False,
                session__start__lt=months_before(now, settings.attendance_years * 12),
            )
            .exclude(person__name=PLACEHOLDER)
            .select_related("session", "person")
            .order_by("session__start", "pk")
        )

    def apply(self, objects):
        Attendance.objects.filter(pk__in=[a.pk for a in objects]).update(person=anonymous_person())

    def describe(self, attendance):
        return _("Teilnahme an „%(session)s“ am %(date)s") % {
            "session": attendance.session.title,
            "date": timezone.localtime(attendance.session.start).strftime("%d.%m.%Y"),
        }


def retention_rules():
    return [OldAttendanceRule()]
