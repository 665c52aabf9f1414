import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from cms.outbox.models import OutgoingMessage
from events import invitations
from events.ical import entry_uid
from events.models import SessionInvitation, SessionPage, SessionStatus
from network.models import BodyMembership, Person

pytestmark = pytest.mark.django_db


def ics_of(mail):
    [part] = [p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    return part, icalendar.Calendar.from_ical(part.get_content())


def test_each_member_gets_one_message_with_the_session_and_a_calendar_entry(
    ika_session, smtp_server, deliver
):
    result = invitations.send(ika_session)
    deliver()
    assert sorted(r.email for r in result.send) == ["ada@example.org", "clara@example.org"]
    assert sorted(e.rcpt_tos[0] for e in smtp_server.envelopes) == [
        "ada@example.org",
        "clara@example.org",
    ]
    assert all(len(e.rcpt_tos) == 1 for e in smtp_server.envelopes)
    mail = next(m for m in smtp_server.messages if "ada@" in m["To"])
    assert mail["To"] == "Ada Fiktiv <ada@example.org>"
    assert mail["Cc"] is None and mail["Bcc"] is None
    assert mail["Subject"] == "Einladung: Interkultureller Arbeitskreis am 10. Dezember 2026"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    for expected in (
        "10. Dezember 2026, 18:00",
        "Rathaus, Hauptmarkt 1, 08056 Zwickau",
        "Rampe am Seiteneingang",
        "Moderation: Ada Fiktiv",
        "1 Begrüßung",
        "/rueckmeldung/",
    ):
        assert expected in text
    assert "Vertrauliches" not in text
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "Rampe am Seiteneingang" in html and "Vertrauliches" not in html
    part, calendar = ics_of(mail)
    assert part.get_param("method") == "REQUEST"
    assert calendar["METHOD"] == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == entry_uid("sitzung", ika_session.pk)
    assert event["SEQUENCE"] == ika_session.sequence
    assert "Vertrauliches" not in str(event.get("DESCRIPTION"))
    assert str(event["ATTENDEE"]) == "mailto:ada@example.org"


def test_the_invitation_uid_is_the_one_of_the_calendar_feed(
    ika_session, client, smtp_server, deliver, monkeypatch
):
    invitations.send(ika_session)
    deliver()
    # The feed holds the last months and the future: read on the session's day, whenever it runs.
    monkeypatch.setattr(timezone, "now", lambda: ika_session.start)
    feed = icalendar.Calendar.from_ical(client.get("/kalender/sitzungen.ics").getvalue())
    feed_uids = {str(e["UID"]) for e in feed.walk("VEVENT")}
    _part, calendar = ics_of(smtp_server.messages[0])
    assert str(calendar.walk("VEVENT")[0]["UID"]) in feed_uids


def test_missing_and_invalid_addresses_are_listed_and_skipped(ika_session):
    result = invitations.plan(ika_session)
    problems = {r.label: r.problem for r in result.skipped}
    assert problems == {
        "Bert Ohnepost": "keine E-Mail-Adresse",
        "Dora Kaputt (Fiktiver Verein e. V.)": "ungültige E-Mail-Adresse",
        "Verein ohne Kontakt": "keine Ansprechperson",
    }
    assert "alt@example.org" not in [r.email for r in result.send]


def test_sending_records_the_invitation_date_and_status_and_the_audit_log(
    ika_session, admin_client
):
    invitations.send(ika_session, user=admin_client.user)
    session = SessionPage.objects.get(pk=ika_session.pk)
    assert session.invited_on is not None
    assert session.status == SessionStatus.INVITED
    entry = PageLogEntry.objects.get(page=session, action=invitations.INVITATION_LOG_ACTION)
    assert entry.user == admin_client.user
    assert "Ada Fiktiv <ada@example.org>" in entry.data["recipients"]
    assert any("Bert Ohnepost" in s for s in entry.data["skipped"])
    history = admin_client.get(reverse("wagtailadmin_pages:history", args=[session.pk]))
    assert "Einladung an Ada Fiktiv" in history.content.decode()


def test_sending_twice_mails_nobody_twice_unless_resent_on_purpose(
    ika_session, smtp_server, deliver
):
    invitations.send(ika_session)
    again = invitations.send(SessionPage.objects.get(pk=ika_session.pk))
    deliver()
    assert again.send == [] and len(again.done) == 2
    assert len(smtp_server.envelopes) == 2
    invitations.send(SessionPage.objects.get(pk=ika_session.pk), resend=True)
    deliver()
    assert len(smtp_server.envelopes) == 4


def move(session, **changes):
    latest = session.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(latest, name, value)
    latest.save_revision().publish()
    return SessionPage.objects.get(pk=session.pk)


def test_a_new_date_offers_an_update_with_a_higher_sequence(ika_session, smtp_server, deliver):
    from tests.bodies_content import berlin

    invitations.send(ika_session)
    deliver()
    moved = move(ika_session, start=berlin(2026, 12, 11, 18, 0))
    assert moved.sequence > ika_session.sequence
    result = invitations.send(moved)
    deliver()
    assert result.mode == invitations.Mode.UPDATE and len(result.send) == 2
    latest = smtp_server.messages[-1]
    assert latest["Subject"].strip().startswith("Geänderte Einladung")
    _part, calendar = ics_of(latest)
    event = calendar.walk("VEVENT")[0]
    assert event["SEQUENCE"] == moved.sequence
    assert str(event["UID"]) == entry_uid("sitzung", ika_session.pk)


def test_cancelling_sends_a_cancellation_to_those_invited(ika_session, smtp_server, deliver):
    invitations.send(ika_session)
    deliver()
    cancelled = move(ika_session, status=SessionStatus.CANCELLED, cancel_reason="Krankheit")
    result = invitations.send(cancelled)
    deliver()
    assert result.mode == invitations.Mode.CANCELLATION and len(result.send) == 2
    latest = smtp_server.messages[-1]
    assert latest["Subject"].strip().startswith("Abgesagt")
    assert "Krankheit" in latest.get_body(preferencelist=("plain",)).get_content()
    part, calendar = ics_of(latest)
    assert part.get_param("method") == "CANCEL" and calendar["METHOD"] == "CANCEL"
    event = calendar.walk("VEVENT")[0]
    assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == cancelled.sequence
    assert invitations.send(SessionPage.objects.get(pk=ika_session.pk)).send == []


def test_a_title_with_a_line_break_cannot_inject_headers(ika_session, smtp_server, deliver):
    body = ika_session.get_parent().specific
    body.title = "IKA\r\nBcc: evil@example.org"
    body.save_revision().publish()
    invitations.send(SessionPage.objects.get(pk=ika_session.pk))
    deliver()
    assert all(e.rcpt_tos != ["evil@example.org"] for e in smtp_server.envelopes)
    assert all(m["Bcc"] is None for m in smtp_server.messages)


def test_the_admin_preview_lists_recipients_and_skipped_then_sends(ika_session, admin_client):
    url = reverse("session_invitation", args=[ika_session.pk])
    page = admin_client.get(url).content.decode()
    assert "Ada Fiktiv &lt;ada@example.org&gt;" in page
    assert "Bert Ohnepost: keine E-Mail-Adresse" in page
    assert "Einladung: Interkultureller Arbeitskreis" in page
    assert not OutgoingMessage.objects.exists()
    response = admin_client.post(url)
    assert response.status_code == 302
    assert OutgoingMessage.objects.count() == 2
    assert SessionInvitation.objects.filter(session=ika_session).count() == 2
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[ika_session.pk]))
    assert url in edit.content.decode()


@pytest.mark.parametrize(
    ("role", "body", "allowed"),
    [
        ("Koordinierungsbüro", "ika", True),
        ("Arbeitsgruppen-Leitung", "ika", True),
        ("Arbeitsgruppen-Leitung", "board", False),
        ("Redaktion", "ika", False),
        ("Beirat", "board", False),
    ],
)
def test_only_the_office_and_the_bodys_lead_may_send(
    role, body, allowed, bodies, make_body_session, client, django_user_model
):
    from network.roles import ensure_groups

    groups = ensure_groups()
    user = django_user_model.objects.create_user("rolle", password="x")
    user.groups.add(groups[role])
    client.force_login(user)
    session = make_body_session(bodies[body], status=SessionStatus.PLANNED)
    BodyMembership.objects.create(
        body=bodies[body], person=Person.objects.create(name="Eva", email="eva@example.org")
    )
    url = reverse("session_invitation", args=[session.pk])
    assert (client.get(url).status_code == 200) is allowed
    client.post(url)
    assert OutgoingMessage.objects.exists() is allowed


def test_publishing_a_draft_made_before_sending_keeps_the_invitation_date(ika_session):
    draft = ika_session.get_latest_revision_as_object()
    draft.title = "IKA Dezember (Entwurf)"
    draft.save_revision()
    invitations.send(SessionPage.objects.get(pk=ika_session.pk))
    SessionPage.objects.get(pk=ika_session.pk).get_latest_revision().publish()
    session = SessionPage.objects.get(pk=ika_session.pk)
    assert session.title == "IKA Dezember (Entwurf)"
    assert session.invited_on is not None and session.status == SessionStatus.INVITED
