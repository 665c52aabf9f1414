"""Where sessions keep personal data: who attended. Registered in events/wagtail_hooks.py."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms.personal_data import PLACEHOLDER, Finding, Source, local_stamp, matching
from cms.retention import Rule, months_before
from events.models import Attendance, SessionInvitation
from network.models import Person
from network.personal_data import matching_people


class AttendanceSource(Source):
    key = "attendance"
    label = _("Anwesenheit in Sitzungen")
    purpose = _("Nachweis der Beschlussfähigkeit")
    retention = _("nach der eingestellten Frist anonymisiert; die Zahl der Anwesenden bleibt")

    def objects(self, subject):
        return (
            Attendance.objects.filter(person__in=matching_people(subject))
            .select_related("session")
            .order_by("session__start", "pk")
        )

    def finding(self, attendance):
        return Finding(
            self,
            attendance,
            _("%(state)s in %(session)s")
            % {
                "state": attendance.get_state_display(),
                "session": describe_session(attendance),
            },
            admin_url=reverse("wagtailadmin_pages:edit", args=(attendance.session_id,)),
            change=_("Teilnahme bleibt gezählt, ohne Namen"),
        )

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


def describe_session(row):
    """The session an attendance or invitation belongs to, by title and date."""
    return _("„%(session)s“ am %(date)s") % {
        "session": row.session.title,
        "date": local_stamp(row.session.start, with_time=False),
    }


class InvitationSource(Source):
    key = "invitations"
    label = _("Einladungen und Rückmeldungen")
    purpose = _("Einladung zu Sitzungen und Rückmeldung zur Teilnahme")
    retention = _("nach der Frist für die Anwesenheit gelöscht")
    fields = ("name", "email", "representative")

    def objects(self, subject):
        invited = matching(SessionInvitation.objects.all(), subject, "email", ["name"])
        by_person = SessionInvitation.objects.filter(person__in=matching_people(subject))
        return (
            (
                SessionInvitation.objects.filter(pk__in=invited.values("pk"))
                | SessionInvitation.objects.filter(pk__in=by_person.values("pk"))
            )
            .select_related("session")
            .order_by("session__start", "pk")
        )

    def finding(self, invitation):
        answer = invitation.get_answer_display() if invitation.answer else _("keine Rückmeldung")
        return Finding(
            self,
            invitation,
            _("Einladung zu %(session)s: %(answer)s")
            % {"session": describe_session(invitation), "answer": answer},
            admin_url=reverse("wagtailadmin_pages:edit", args=(invitation.session_id,)),
            change=_("Einladung und Rückmeldung werden gelöscht; die Anwesenheit bleibt"),
        )

    def export(self, finding):
        invitation = finding.obj
        return {
            "session": invitation.session.title,
            "invited_at": invitation.invited_at.isoformat(),
            "email": invitation.email,
            "answer": invitation.get_answer_display() if invitation.answer else "",
            "representative": invitation.representative,
        }

    def erase(self, finding):
        # Replies were taken over into the attendance, which keeps counting without the name.
        finding.obj.delete()
        return []

    def identities(self):
        return SessionInvitation.objects.values_list("email", "name")


def personal_data_sources():
    return [AttendanceSource(), InvitationSource()]


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
        return _("Teilnahme an %(session)s") % {"session": describe_session(attendance)}


class OldRepliesRule(Rule):
    key = "invitations"
    label = _("Einladungen und Rückmeldungen löschen")

    def due(self, now, settings):
        return (
            SessionInvitation.objects.filter(
                session__start__lt=months_before(now, settings.attendance_years * 12)
            )
            .select_related("session")
            .order_by("session__start", "pk")
        )

    def apply(self, objects):
        SessionInvitation.objects.filter(pk__in=[i.pk for i in objects]).delete()

    def describe(self, invitation):
        return _("Einladung an %(name)s zu %(session)s") % {
            "name": invitation.name,
            "session": describe_session(invitation),
        }


def retention_rules():
    return [OldAttendanceRule(), OldRepliesRule()]
