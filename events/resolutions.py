"""Resolutions: their numbers, who may decide what, and how adopted ones change the register.

Publishing a held session applies its adopted resolutions exactly once; see apply_resolutions.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


def resolution_prefix(body):
    return body.short_name or "".join(word[0] for word in body.title.split()[:2]).upper() or "G"


def resolution_number(prefix, year, sequence):
    return f"{prefix}-{year}-{sequence:02d}"


def next_resolution_number(body, year, taken=()):
    """The next free number for body in year, e.g. P-2026-03, counting stored and `taken` ones."""
    from events.models import Resolution

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


def pending(session):
    """Adopted resolutions of a held session that have not changed the register yet."""
    from events.models import Resolution, SessionStatus

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
    from events.models import Resolution, ResolutionOutcome, SessionStatus

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
