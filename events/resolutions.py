"""Resolutions: who may decide what, and how adopted ones change the register.

Their numbers are given on saving a session (events.models.next_resolution_number).

Publishing a held session applies its adopted resolutions exactly once; see apply_resolutions.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Resolution, ResolutionOutcome, SessionStatus
from network.models import BodyKind, BodyMembership, BodyStatus, WorkingGroupPage
from network.notifications import notify_admitted
from network.workflow import (
    MemberStatus,
    TransitionRefused,
    change_status,
    check_step_order,
    check_transition,
)

# The body whose task a decision is (plan: the plenary admits, ends, elects and sets up
# working groups; the advisory board recommends admissions to the plenary).
DECIDING_BODY = {
    "recommendation": BodyKind.ADVISORY_BOARD,
    "admission": BodyKind.PLENARY,
    "termination": BodyKind.PLENARY,
    "election": BodyKind.PLENARY,
    "set_up_body": BodyKind.PLENARY,
}

MEMBER_TARGET = {
    "recommendation": MemberStatus.RECOMMENDED,
    "admission": MemberStatus.ADMITTED,
    "termination": MemberStatus.ENDED,
}


class ResolutionRefused(ValidationError):
    """A resolution that cannot be applied; the message says why."""


def pending(session):
    """Adopted resolutions of a held session that have not changed the register yet."""
    if session.status != SessionStatus.HELD:
        return []
    # The editor's copy may predate the application; the stored marker is authoritative.
    applied = set(
        Resolution.objects.filter(session_id=session.pk, applied_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    return [
        r
        for r in session.resolutions.all()
        if r.is_adopted and r.applied_at is None and r.pk not in applied
    ]


def decision_date(session):
    """Resolutions are decided on the day the session meets (Berlin time)."""
    return timezone.localtime(session.start).date()


def _refusal(resolution, body, decided_on):
    """The German reason why this resolution cannot be applied, or None."""
    kind = resolution.kind
    if kind not in DECIDING_BODY:
        return None
    required = DECIDING_BODY[kind]
    if body.kind != required:
        return _(
            "Beschluss „%(title)s“: Über „%(kind)s“ entscheidet laut Satzung %(body)s, "
            "nicht „%(actual)s“."
        ) % {
            "title": resolution.title,
            "kind": resolution.get_kind_display(),
            "body": BodyKind(required).label,
            "actual": body.title,
        }
    if kind in MEMBER_TARGET:
        if resolution.affected_member is None:
            return _("Beschluss „%(title)s“: Bitte den betroffenen Bündnispartner angeben.") % {
                "title": resolution.title
            }
        member = resolution.affected_member
        try:
            check_transition(member, MEMBER_TARGET[kind])
            check_step_order(decided_on, member.status_changed_on)
        except TransitionRefused as refused:
            return _("Beschluss „%(title)s“: %(reason)s") % {
                "title": resolution.title,
                "reason": " ".join(refused.messages),
            }
    if kind == "election":
        if not (resolution.affected_person_id or resolution.affected_member_id):
            return _(
                "Beschluss „%(title)s“: Bitte die gewählte Person oder Organisation angeben."
            ) % {"title": resolution.title}
        if resolution.new_body_id and resolution.new_body.kind != BodyKind.ADVISORY_BOARD:
            return _("Beschluss „%(title)s“: Gewählt wird in den Beirat.") % {
                "title": resolution.title
            }
    return None


def check_resolutions(session, body=None):
    """All reasons (German) why publishing this session may not apply its resolutions."""
    body = body or session.body
    decided_on = decision_date(session)
    return [message for r in pending(session) if (message := _refusal(r, body, decided_on))]


def _advisory_board(resolution):
    board = (
        resolution.new_body or WorkingGroupPage.objects.filter(kind=BodyKind.ADVISORY_BOARD).first()
    )
    if board is None:
        raise ResolutionRefused(_("Es gibt keinen Beirat, in den gewählt werden könnte."))
    return board


def _set_up_body(resolution, plenary, user):
    body = resolution.new_body
    if body is None:
        body = WorkingGroupPage(
            title=resolution.title,
            kind=BodyKind.WORKING_GROUP,
            short_name="AG",
            status=BodyStatus.ACTIVE,
        )
        plenary.get_parent().add_child(instance=body)
        resolution.new_body = body
    body.status = BodyStatus.ACTIVE
    body.established_by = plenary
    body.established_by_resolution = resolution.number
    body.save_revision(user=user).publish(user=user)
    return body


def _apply(resolution, session, body, user):
    decided_on = decision_date(session)
    kind = resolution.kind
    if kind in MEMBER_TARGET:
        change_status(
            resolution.affected_member,
            MEMBER_TARGET[kind],
            actor=user,
            decided_on=decided_on,
            resolution=resolution.number,
            reason=resolution.title if kind == "termination" else "",
        )
        if kind == "admission":
            notify_admitted(resolution.affected_member, resolution.number)
    elif kind == "set_up_body":
        _set_up_body(resolution, body, user)
    elif kind == "election":
        BodyMembership.objects.create(
            body=_advisory_board(resolution),
            person=resolution.affected_person,
            member=resolution.affected_member if not resolution.affected_person_id else None,
            start_date=decided_on,
            elected_by_resolution=resolution.number,
        )


def apply_resolutions(session, *, user=None):
    """Apply the held session's adopted, not yet applied resolutions; all or nothing.

    Returns the applied resolutions. Raises ResolutionRefused (German message) and changes
    nothing when any of them is not this body's to decide or cannot be carried out.
    """
    if session.status != SessionStatus.HELD:
        return []
    body = session.body
    with transaction.atomic():
        # Lock the rows so a double click on "publish" cannot apply a resolution twice.
        todo = list(
            Resolution.objects.select_for_update(of=("self",))
            .filter(session=session, applied_at__isnull=True, outcome=ResolutionOutcome.ADOPTED)
            .select_related("affected_member", "affected_person", "new_body")
            .order_by("sort_order", "pk")
        )
        decided_on = decision_date(session)
        errors = [message for r in todo if (message := _refusal(r, body, decided_on))]
        if errors:
            raise ResolutionRefused(errors)
        for resolution in todo:
            _apply(resolution, session, body, user)
            resolution.applied_at = timezone.now()
            Resolution.objects.filter(pk=resolution.pk).update(
                applied_at=resolution.applied_at, new_body=resolution.new_body
            )
    return todo
