"""Where sessions keep personal data: who attended. Registered in events/wagtail_hooks.py."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.personal_data import Finding, Source
from events.models import Attendance
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
