"""Inviting a body's members to a session: recipients, the message and its .ics, replies.

One message per seat holder; the .ics carries the same UID as the public calendar feed so a
calendar that subscribed to the feed updates the entry instead of showing it twice. What was
sent is remembered per address (SessionInvitation), so sending again only reaches those who
have not got the current version, unless the office asks for "erneut senden".
"""

from dataclasses import dataclass, field
from email.utils import parseaddr

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from cms.cache import bump_content_version
from cms.outbox.delivery import header_safe, is_valid_address, queue, queue_notice
from cms.outbox.models import OutgoingMessage
from events.ical import (
    calendar_head,
    common_lines,
    content_line,
    escape_text,
    timed_lines,
)
from events.models import (
    Attendance,
    ReplyAnswer,
    SessionInvitation,
    SessionPage,
    SessionStatus,
)
from network.models import BodyMembership

INVITATION_LOG_ACTION = "events.invitation_sent"
REPLY_SALT = "events.invitation.reply"


class Mode:
    INVITATION = "invitation"
    UPDATE = "update"
    CANCELLATION = "cancellation"
    MINUTES = "minutes"


@dataclass
class Recipient:
    name: str
    email: str
    person: object = None
    member: object = None
    problem: str = ""

    @property
    def label(self):
        if self.member is None or self.member.name == self.name:
            return self.name
        return f"{self.name} ({self.member.name})"


@dataclass
class Plan:
    """What "Einladung versenden" does now: to whom, skipping whom, and who already has it."""

    mode: str
    send: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    done: list = field(default_factory=list)


def seat_recipients(session):
    """(addressable, skipped) people of the body's seats on the session day.

    A person's seat is reached at the person's address, an organisation's at each of its
    contact persons' addresses; an address counts once however many seats share it.
    """
    on = timezone.localtime(session.start).date()
    seats = (
        BodyMembership.objects.filter(body_id=session.get_parent().pk)
        .current(on)
        .select_related("person", "member")
        .prefetch_related("member__contact_persons")
        .order_by("sort_order", "pk")
    )
    candidates, skipped = [], []
    for seat in seats:
        if seat.person_id:
            person = seat.person
            candidates.append(Recipient(person.name, person.email.strip(), person=person))
            continue
        contacts = list(seat.member.contact_persons.all())
        if not contacts:
            skipped.append(
                Recipient(
                    seat.member.name, "", member=seat.member, problem=_("keine Ansprechperson")
                )
            )
        candidates.extend(Recipient(c.name, c.email.strip(), member=seat.member) for c in contacts)
    addressable, seen = [], set()
    for recipient in candidates:
        if not recipient.email:
            recipient.problem = _("keine E-Mail-Adresse")
        elif not is_valid_address(recipient.email):
            recipient.problem = _("ungültige E-Mail-Adresse")
        if recipient.problem:
            skipped.append(recipient)
        elif recipient.email.lower() not in seen:
            seen.add(recipient.email.lower())
            addressable.append(recipient)
    return addressable, skipped


def plan(session, *, resend=False):
    invited = {invitation.email.lower(): invitation for invitation in session.invitations.all()}
    if session.is_cancelled:
        result = Plan(Mode.CANCELLATION)
        for invitation in invited.values():
            recipient = Recipient(
                invitation.name, invitation.email, invitation.person, invitation.member
            )
            target = result.send if resend or invitation.cancelled_at is None else result.done
            target.append(recipient)
        return result
    addressable, skipped = seat_recipients(session)
    outdated = any(invitation.sequence < session.sequence for invitation in invited.values())
    result = Plan(Mode.UPDATE if outdated else Mode.INVITATION, skipped=skipped)
    for recipient in addressable:
        invitation = invited.get(recipient.email.lower())
        current = (
            invitation is not None
            and invitation.sequence >= session.sequence
            and invitation.cancelled_at is None
        )
        (result.done if current and not resend else result.send).append(recipient)
    return result


def reply_token(invitation):
    return signing.dumps(invitation.pk, salt=REPLY_SALT)


def invitation_for_token(token):
    """The invitation a reply link belongs to; raises SignatureExpired or BadSignature."""
    pk = signing.loads(token, salt=REPLY_SALT, max_age=settings.INVITATION_REPLY_MAX_AGE)
    return SessionInvitation.objects.select_related("session").get(pk=pk)


def reply_url(invitation):
    path = reverse("invitation_reply", args=[reply_token(invitation)])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def organizer():
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return name or _("Koordinierungsbüro"), address


def parameter(value):
    """A quoted iCalendar parameter value (RFC 5545 3.2): quotes and line breaks cannot occur."""
    return '"' + header_safe(value).replace('"', "'") + '"'


def session_ics(session, mode, invitation):
    """The session as an iTIP REQUEST (invitation, update) or CANCEL for one attendee."""
    location = session.location
    row = {
        "pk": session.pk,
        "title": session.title,
        "sequence": session.sequence,
        "last_published_at": session.last_published_at,
        "location__name": location.name if location else None,
        "location__street": location.street if location else None,
        "location__postcode": location.postcode if location else None,
        "location__town": location.town if location else None,
        "location__latitude": location.latitude if location else None,
        "location__longitude": location.longitude if location else None,
    }
    method = "CANCEL" if mode == Mode.CANCELLATION else "REQUEST"
    status = "CANCELLED" if mode == Mode.CANCELLATION else "CONFIRMED"
    organizer_name, organizer_address = organizer()
    agenda = [str(item) for item in session.public_agenda_items()]
    lines = [
        calendar_head(session.title, method),
        "BEGIN:VEVENT\r\n",
        common_lines(row, "sitzung", session.get_full_url(), status),
        timed_lines(session.start, session.end),
        content_line(f"ORGANIZER;CN={parameter(organizer_name)}", f"mailto:{organizer_address}"),
        content_line(
            f"ATTENDEE;CN={parameter(invitation.name)};ROLE=REQ-PARTICIPANT;"
            "PARTSTAT=NEEDS-ACTION;RSVP=FALSE",
            f"mailto:{invitation.email}",
        ),
    ]
    if agenda:
        lines.append(
            content_line("DESCRIPTION", escape_text("\n".join([_("Tagesordnung:"), *agenda])))
        )
    lines.append("END:VEVENT\r\nEND:VCALENDAR\r\n")
    return "".join(lines)


SUBJECTS = {
    Mode.INVITATION: gettext_lazy("Einladung: %(title)s am %(date)s"),
    Mode.UPDATE: gettext_lazy("Geänderte Einladung: %(title)s am %(date)s"),
    Mode.CANCELLATION: gettext_lazy("Abgesagt: %(title)s am %(date)s"),
}


def moderator_name(session):
    moderator = session.moderator
    return (moderator.public_name or moderator.name) if moderator else ""


def message(session, mode, invitation):
    """(subject, text, html) of the invitation for one recipient."""
    start = timezone.localtime(session.start)
    context = {
        "session": session,
        "body": session.get_parent().specific,
        "mode": mode,
        "name": invitation.name,
        "start": start,
        "end": timezone.localtime(session.end) if session.end else None,
        "location": session.location,
        "agenda": session.public_agenda_items(),
        "moderator": moderator_name(session),
        "reply_url": reply_url(invitation),
        "office": organizer()[1],
    }
    subject = SUBJECTS[mode] % {
        "title": session.get_parent().title,
        "date": date_format(start, "DATE_FORMAT"),
    }
    text = render_to_string("events/mail/session_invitation.txt", context)
    html = render_to_string("events/mail/session_invitation.html", context)
    return subject, text, html


def _remember(session, recipient, mode):
    invitation, _created = SessionInvitation.objects.get_or_create(
        session=session,
        email=recipient.email,
        defaults={"name": recipient.name, "person": recipient.person, "member": recipient.member},
    )
    if mode == Mode.CANCELLATION:
        invitation.cancelled_at = timezone.now()
    else:
        invitation.name = recipient.name
        invitation.sequence = session.sequence
        invitation.cancelled_at = None
    invitation.save()
    return invitation


def record_invitation(session, day):
    """Set "eingeladen am" (and planned → invited) on the live page and on its draft, if any.

    Written into the latest revision too, so publishing an older draft does not undo it.
    """
    changes = {}
    if session.invited_on is None:
        changes["invited_on"] = day
    if session.status == SessionStatus.PLANNED:
        changes["status"] = SessionStatus.INVITED
    if not changes:
        return
    SessionPage.objects.filter(pk=session.pk).update(**changes)
    for name, value in changes.items():
        setattr(session, name, value)
    revision = session.latest_revision
    if revision is not None and session.has_unpublished_changes:
        revision.content.update({name: str(value) for name, value in changes.items()})
        revision.save(update_fields=["content"])
    bump_content_version()


def log_sending(session, action, result, *, user, resend):
    """What was sent to whom, and who was skipped, in the page's history."""
    log(
        instance=session,
        action=action,
        user=user,
        data={
            "mode": result.mode,
            "resend": resend,
            "recipients": [f"{r.label} <{r.email}>" for r in result.send],
            "skipped": [f"{r.label}: {r.problem}" for r in result.skipped],
        },
    )


def send(session, *, user=None, resend=False):
    """Queue the plan's messages, record who got which version, and log it; returns the plan."""
    result = plan(session, resend=resend)
    with transaction.atomic():
        for recipient in result.send:
            invitation = _remember(session, recipient, result.mode)
            subject, text, html = message(session, result.mode, invitation)
            method = "cancel" if result.mode == Mode.CANCELLATION else "request"
            queue(
                kind=f"session.{result.mode}",
                to=recipient.email,
                name=recipient.name,
                subject=subject,
                text=text,
                html=html,
                attachments=[
                    {
                        "filename": "sitzung.ics",
                        "content": session_ics(session, result.mode, invitation),
                        "mimetype": "text/calendar",
                        "params": {"method": method.upper()},
                    }
                ],
                about=session,
                about_label=f"{session.get_parent().title}: {session.title}",
                dedupe_key=f"sitzung-{session.pk}-{method}-{session.sequence}-{recipient.email.lower()}",
                resend=resend,
            )
        if result.send and result.mode != Mode.CANCELLATION:
            record_invitation(session, timezone.localdate())
        if result.send:
            log_sending(session, INVITATION_LOG_ACTION, result, user=user, resend=resend)
    return result


class ReplyRefused(Exception):
    """A reply that cannot be taken; str() is the German reason."""


def record_reply(invitation, answer, representative=""):
    """Store the one reply of this invitation; a second one is refused, never overwrites."""
    representative = header_safe(representative)
    if answer == ReplyAnswer.REPRESENTED and not representative:
        raise ReplyRefused(_("Bitte geben Sie an, wer Sie vertritt."))
    with transaction.atomic():
        updated = SessionInvitation.objects.filter(pk=invitation.pk, answered_at=None).update(
            answer=answer,
            representative=representative if answer == ReplyAnswer.REPRESENTED else "",
            answered_at=timezone.now(),
        )
    if not updated:
        raise ReplyRefused(
            _(
                "Ihre Rückmeldung liegt bereits vor. Für eine Änderung wenden Sie sich bitte an das Koordinierungsbüro."
            )
        )
    invitation.refresh_from_db()
    return invitation


def attendance_from_replies(session, *, user=None):
    """Add the replies to the attendance of the session's latest draft; returns how many rows.

    A seat counts as present when its holder (or, for an organisation, any of its contacts)
    takes part or is represented, else as excused. Rows the office already entered stay.
    The result is a new draft revision the office checks and publishes.
    """
    present = Attendance.PRESENT
    seats = {}
    for invitation in session.invitations.exclude(answer=""):
        key = (
            ("person", invitation.person_id)
            if invitation.person_id
            else ("member", invitation.member_id)
        )
        if key[1] is None:
            continue
        state = "excused" if invitation.answer == ReplyAnswer.DECLINE else present
        if seats.get(key) != present:
            seats[key] = state
    draft = session.get_latest_revision_as_object()
    rows = list(draft.attendances.all())
    entered = {("person", row.person_id) for row in rows if row.person_id} | {
        ("member", row.member_id) for row in rows if row.member_id
    }
    added = [
        Attendance(**{f"{kind}_id": pk}, state=state)
        for (kind, pk), state in seats.items()
        if (kind, pk) not in entered
    ]
    if added:
        draft.attendances = rows + added
        draft.save_revision(user=user)
    return len(added)


MINUTES_LOG_ACTION = "events.minutes_sent"


class MinutesRefused(Exception):
    """Minutes that may not be sent (yet); str() is the German reason."""


def minutes_key(session, recipient):
    return f"protokoll-{session.pk}-{recipient.email.lower()}"


def minutes_plan(session, *, resend=False):
    """The body's members on the session day; those who already got the minutes are done."""
    addressable, skipped = seat_recipients(session)
    sent = set(
        OutgoingMessage.objects.filter(
            dedupe_key__in=[minutes_key(session, r) for r in addressable]
        ).values_list("dedupe_key", flat=True)
    )
    result = Plan(Mode.MINUTES, skipped=skipped)
    for recipient in addressable:
        done = minutes_key(session, recipient) in sent and not resend
        (result.done if done else result.send).append(recipient)
    return result


def plain_text(html):
    """Readable text of rich text: paragraphs and list items on lines of their own."""
    from django.utils.html import strip_tags
    from wagtail.rich_text import expand_db_html

    html = expand_db_html(html)
    for tag in ("</p>", "<br>", "<br/>", "</li>", "</h2>", "</h3>", "</h4>"):
        html = html.replace(tag, tag + "\n")
    html = html.replace("<li>", "<li>– ")
    return "\n".join(line.strip() for line in strip_tags(html).splitlines()).strip()


def minutes_message(session):
    start = timezone.localtime(session.start)
    body = session.get_parent().title
    subject = _("Protokoll: %(title)s vom %(date)s") % {
        "title": body,
        "date": date_format(start, "DATE_FORMAT"),
    }
    paragraphs = [
        _("anbei das bestätigte Protokoll der Sitzung „%(session)s“ von „%(body)s“ am %(date)s.")
        % {"session": session.title, "body": body, "date": date_format(start, "DATE_FORMAT")},
        plain_text(session.minutes),
    ]
    return subject, paragraphs


def send_minutes(session, *, user=None, resend=False):
    if not session.minutes_approved or not session.minutes.strip():
        raise MinutesRefused(_("Erst ein bestätigtes Protokoll kann versendet werden."))
    result = minutes_plan(session, resend=resend)
    with transaction.atomic():
        for recipient in result.send:
            subject, paragraphs = minutes_message(session)
            queue_notice(
                kind="session.minutes",
                to=recipient.email,
                name=recipient.name,
                subject=subject,
                paragraphs=paragraphs,
                link=session.get_full_url() if session.live else "",
                about=session,
                about_label=f"{session.get_parent().title}: {session.title}",
                dedupe_key=minutes_key(session, recipient),
                resend=resend,
            )
        if result.send:
            log_sending(session, MINUTES_LOG_ACTION, result, user=user, resend=resend)
    return result
