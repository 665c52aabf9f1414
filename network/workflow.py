"""The member register's admission lifecycle: the one place that knows the allowed steps.

applied → recommended (advisory board) → admitted (plenary resolution) → ended;
an application may be rejected while applied or recommended.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from network.models import MemberStatusChange, Relationship
from network.partners import unpublish_partner_profile
from network.status import MemberStatus

ALLOWED_TRANSITIONS = {
    MemberStatus.APPLIED: {MemberStatus.RECOMMENDED, MemberStatus.REJECTED},
    MemberStatus.RECOMMENDED: {MemberStatus.ADMITTED, MemberStatus.REJECTED},
    MemberStatus.ADMITTED: {MemberStatus.ENDED},
    MemberStatus.REJECTED: set(),
    MemberStatus.ENDED: set(),
}

STATUS_CHANGE_LOG_ACTION = "network.member.status_change"


class TransitionRefused(ValidationError):
    """A status change that the lifecycle does not allow; the message says why."""


def allowed_targets(status):
    return ALLOWED_TRANSITIONS.get(status, set())


def check_transition(member, target):
    """Raise TransitionRefused with a German explanation unless member may move to target."""
    target = MemberStatus(target)
    if member.relationship == Relationship.CONTACT:
        raise TransitionRefused(
            _("„%(name)s“ ist als Kontakt eingetragen und durchläuft kein Aufnahmeverfahren.")
            % {"name": member.name}
        )
    current = MemberStatus(member.status)
    if target in allowed_targets(current):
        return
    if current == target:
        message = _("„%(name)s“ hat bereits den Status „%(status)s“.")
    elif not allowed_targets(current):
        message = _(
            "„%(name)s“ hat den Status „%(status)s“; von dort ist keine Änderung mehr möglich."
        )
    else:
        message = _(
            "„%(name)s“ hat den Status „%(status)s“ und kann nicht direkt „%(target)s“ werden. "
            "Möglich ist: %(options)s."
        )
    raise TransitionRefused(
        message
        % {
            "name": member.name,
            "status": current.label,
            "target": target.label,
            "options": ", ".join(f"„{s.label}“" for s in _ordered(allowed_targets(current))),
        }
    )


def check_decision_date(decided_on):
    """A step is recorded once it is decided; a date after today is a typing error."""
    if decided_on > timezone.localdate():
        raise TransitionRefused(
            _(
                "Der %(day)s liegt in der Zukunft; erfasst wird ein Schritt erst, wenn er beschlossen ist."
            )
            % {"day": date_format(decided_on, "SHORT_DATE_FORMAT")}
        )


def check_step_order(decided_on, previous_on):
    """The register tells a history: a step cannot be decided before the step it follows."""
    if previous_on and decided_on < previous_on:
        raise TransitionRefused(
            _(
                "Der %(day)s liegt vor dem letzten Schritt vom %(previous)s; ein Schritt folgt "
                "auf den vorigen. Bitte das Datum prüfen."
            )
            % {
                "day": date_format(decided_on, "SHORT_DATE_FORMAT"),
                "previous": date_format(previous_on, "SHORT_DATE_FORMAT"),
            }
        )


def offered_targets(member, user):
    """The steps worth offering: allowed from the member's status and permitted to the user."""
    if not member.status or member.relationship != Relationship.MEMBER:
        return []
    return [
        target
        for target in _ordered(allowed_targets(member.status))
        if may_change_status(user, target)
    ]


def may_change_status(user, target):
    """The advisory board recommends; admitting, rejecting and ending are the office's record."""
    if MemberStatus(target) == MemberStatus.RECOMMENDED:
        return user.has_perm("network.recommend_member") or user.has_perm("network.decide_member")
    return user.has_perm("network.decide_member")


def missing_details(target, *, resolution="", reason=""):
    """Field errors for a step lacking what the record needs: the plenary's resolution, a reason."""
    target = MemberStatus(target)
    errors = {}
    if target == MemberStatus.ADMITTED and not resolution:
        errors["resolution"] = _("Die Aufnahme braucht den Beschluss der Bündnis-Sitzung.")
    if target in {MemberStatus.REJECTED, MemberStatus.ENDED} and not reason:
        errors["reason"] = _("Bitte eine Begründung angeben.")
    return errors


def _ordered(statuses):
    order = list(MemberStatus)
    return sorted(statuses, key=order.index)


def change_status(member, target, *, actor=None, decided_on=None, resolution="", reason=""):
    """Move member to target, record the step and write Wagtail's audit log.

    Returns the MemberStatusChange. Raises TransitionRefused for out-of-order steps.
    """
    target = MemberStatus(target)
    decided_on = decided_on or timezone.localdate()
    check_decision_date(decided_on)
    with transaction.atomic():
        # Lock the row so two editors cannot both apply a step from the same state.
        locked = type(member).objects.select_for_update().get(pk=member.pk)
        member.status, member.relationship = locked.status, locked.relationship
        check_transition(member, target)
        check_step_order(decided_on, locked.status_changed_on)
        previous = MemberStatus(member.status)
        member.status = target
        member.status_changed_on = decided_on
        fields = ["status", "status_changed_on", "updated_at"]
        if target in {MemberStatus.ENDED, MemberStatus.REJECTED} and reason:
            member.end_reason = reason
            fields.append("end_reason")
        member.save(update_fields=fields)
        change = MemberStatusChange.objects.create(
            member=member,
            from_status=previous,
            to_status=target,
            decided_on=decided_on,
            resolution_reference=resolution,
            reason=reason,
            actor=actor,
        )
        log(
            instance=member,
            action=STATUS_CHANGE_LOG_ACTION,
            user=actor,
            data={
                "from": previous.value,
                "to": target.value,
                "from_label": str(previous.label),
                "to_label": str(target.label),
                "decided_on": decided_on.isoformat(),
                "resolution": resolution,
                "reason": reason,
            },
        )
        if target == MemberStatus.ENDED:
            unpublish_partner_profile(member, user=actor)
    return change
