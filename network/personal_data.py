"""Where the network keeps personal data: people, contact persons, seats and applications.

Registered with the core's `register_personal_data_sources` hook (network/wagtail_hooks.py).
"""

from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms.personal_data import PLACEHOLDER, Finding, Source, local_stamp, matching
from cms.retention import Rule, months_before
from network.consent import ConsentBasis, record_consent
from network.inbox import MembershipApplicationAdmin
from network.models import (
    ApplicationStatus,
    BodyMembership,
    ContactPerson,
    MembershipApplication,
    Person,
)


def snippet_url(obj, action="edit"):
    return reverse(type(obj).snippet_viewset.get_url_name(action), args=(quote(obj.pk),))


def matching_people(subject):
    return matching(Person.objects.all(), subject, "email", ["name", "public_name"])


def consent(obj):
    return {
        "publish_consent": obj.publish_consent,
        "consent_date": obj.consent_date.isoformat() if obj.consent_date else None,
    }


class PersonSource(Source):
    key = "people"
    label = _("Personen (Leitung, Beirat, Moderation)")
    purpose = _("Organisation der Gremien; öffentliche Nennung nur mit Einwilligung")
    retention = _("solange die Person eine Funktion im Bündnis hat")
    fields = ("name", "public_name", "function", "email", "phone", "organisation")

    def objects(self, subject):
        return matching_people(subject)

    def finding(self, person):
        return Finding(
            self,
            person,
            _("Person „%(name)s“") % {"name": person.name},
            admin_url=snippet_url(person),
            identifiers=(person.name, person.public_name, person.email, person.phone),
            change=_("Name wird „%(placeholder)s“, Kontakt und Funktion werden geleert")
            % {"placeholder": PLACEHOLDER},
        )

    def export(self, finding):
        person = finding.obj
        return {
            "name": person.name,
            "public_name": person.public_name,
            "function": person.function,
            "email": person.email,
            "phone": person.phone,
            "organisation": str(person.organisation) if person.organisation_id else None,
            **consent(person),
        }

    def erase(self, finding):
        """The row stays: seats, attendance and elections point to it and keep their counts."""
        person = finding.obj
        was_public = person.publish_consent
        person.name = PLACEHOLDER
        person.public_name = person.function = person.email = person.phone = ""
        person.organisation = None
        person.publish_consent = False
        person.consent_date = None
        person.save()
        if was_public:
            # OParl mirrors learn that the person is gone (a deleted stub).
            record_consent(person, False, basis=ConsentBasis.ERASURE)
        return [person]

    def identities(self):
        return Person.objects.values_list("email", "name")


class ContactPersonSource(Source):
    key = "contact_persons"
    label = _("Ansprechpersonen von Bündnispartnern")
    purpose = _("Kontakt zwischen Koordinierungsbüro und Bündnispartner")
    retention = _("solange die Person Ansprechperson ist")
    fields = ("name", "function", "email", "phone")

    def objects(self, subject):
        return matching(ContactPerson.objects.select_related("member"), subject, "email", ["name"])

    def finding(self, contact):
        return Finding(
            self,
            contact,
            _("Ansprechperson bei „%(member)s“") % {"member": contact.member},
            admin_url=snippet_url(contact.member),
            identifiers=(contact.name, contact.email, contact.phone),
            change=_("Ansprechperson wird entfernt"),
        )

    def export(self, finding):
        contact = finding.obj
        return {
            "member": str(contact.member),
            "name": contact.name,
            "function": contact.function,
            "email": contact.email,
            "phone": contact.phone,
            **consent(contact),
        }

    def erase(self, finding):
        # Nothing depends on a contact person: the entry goes, the member stays.
        finding.obj.delete()
        return [finding.obj.member]

    def identities(self):
        return ContactPerson.objects.values_list("email", "name")


class SeatSource(Source):
    key = "seats"
    label = _("Sitze in Gremien")
    purpose = _("Zusammensetzung und Beschlussfähigkeit der Gremien")
    retention = _("dauerhaft als Teil der Gremiengeschichte; nach Löschung ohne Namen")

    def objects(self, subject):
        return (
            BodyMembership.objects.filter(person__in=matching_people(subject))
            .select_related("body")
            .order_by("pk")
        )

    def finding(self, seat):
        return Finding(
            self,
            seat,
            _("%(role)s in „%(body)s“") % {"role": seat.get_role_display(), "body": seat.body},
            admin_url=reverse("wagtailadmin_pages:edit", args=(seat.body_id,)),
            change=_("Sitz bleibt, ohne Namen"),
        )

    def export(self, finding):
        seat = finding.obj
        return {
            "body": seat.body.title,
            "role": seat.get_role_display(),
            "start_date": seat.start_date.isoformat() if seat.start_date else None,
            "end_date": seat.end_date.isoformat() if seat.end_date else None,
        }

    def erase(self, finding):
        """The seat is a fact about the body; erasing the person takes the name off it."""
        return []


class ApplicationSource(Source):
    key = "applications"
    label = _("Aufnahmeanträge")
    purpose = _("Bearbeitung des Antrags auf Aufnahme ins Bündnis")
    retention = _("abgelehnte Anträge werden nach der eingestellten Frist gelöscht")
    fields = ("contact_name", "email", "phone", "message")

    def objects(self, subject):
        return matching(MembershipApplication.objects.all(), subject, "email", ["contact_name"])

    def finding(self, application):
        return Finding(
            self,
            application,
            _("Antrag von „%(organisation)s“ vom %(date)s")
            % {
                "organisation": application.organisation,
                "date": local_stamp(application.submitted_at, with_time=False),
            },
            admin_url=application_url(application),
            identifiers=(application.contact_name, application.email, application.phone),
            change=_(
                "Ansprechperson, Kontakt und Nachricht werden entfernt; die Entscheidung bleibt"
            ),
        )

    def export(self, finding):
        application = finding.obj
        return {
            "organisation": application.organisation,
            "contact_name": application.contact_name,
            "email": application.email,
            "phone": application.phone,
            "message": application.message,
            "submitted_at": application.submitted_at.isoformat(),
            "status": application.get_status_display(),
        }

    def erase(self, finding):
        anonymise_application(finding.obj)
        return []

    def identities(self):
        return MembershipApplication.objects.values_list("email", "contact_name")


def anonymise_application(application):
    """The organisation and the decision stay; who wrote it and what they wrote goes."""
    application.contact_name = PLACEHOLDER
    application.email = application.phone = application.message = ""
    application.save(update_fields=["contact_name", "email", "phone", "message"])


def application_url(application):
    return MembershipApplicationAdmin().url_helper.get_action_url("inspect", application.pk)


def personal_data_sources():
    return [PersonSource(), ContactPersonSource(), SeatSource(), ApplicationSource()]


class RejectedApplicationsRule(Rule):
    key = "rejected_applications"
    label = _("Abgelehnte Aufnahmeanträge löschen")

    def due(self, now, settings):
        return MembershipApplication.objects.filter(
            status=ApplicationStatus.REJECTED,
            decided_at__lt=months_before(now, settings.rejected_application_months),
        ).order_by("decided_at", "pk")

    def apply(self, objects):
        # Nothing depends on a rejected application: no member entry, no resolution.
        MembershipApplication.objects.filter(pk__in=[a.pk for a in objects]).delete()

    def describe(self, application):
        return _("Antrag von „%(organisation)s“, abgelehnt am %(date)s") % {
            "organisation": application.organisation,
            "date": local_stamp(application.decided_at, with_time=False),
        }


def retention_rules():
    return [RejectedApplicationsRule()]
