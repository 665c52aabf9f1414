import datetime
import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller

from cms.outbox.delivery import send_message
from cms.outbox.models import MessageState, OutgoingMessage
from tests.bodies_content import berlin


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Collector:
    """An SMTP server's handler that keeps every envelope it accepts."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"

    @property
    def messages(self):
        return [
            email.message_from_bytes(envelope.content, policy=email.policy.default)
            for envelope in self.envelopes
        ]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1; Django's SMTP backend is pointed at it."""
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    collector.port = controller.port
    yield collector
    controller.stop()


@pytest.fixture
def deliver():
    """Run the task worker's job for every queued message now, as `db_worker` would."""

    def run():
        for pk in OutgoingMessage.objects.filter(state=MessageState.QUEUED).values_list(
            "pk", flat=True
        ):
            send_message.call(pk)

    return run


@pytest.fixture
def ika_session(bodies, make_body_session):
    """A planned IKA session at a place with accessibility notes; seats with good and bad addresses."""
    from events.models import AgendaItem, Location, SessionPage, SessionStatus
    from network.models import BodyMembership, ContactPerson, Member, Person

    ika = bodies["ika"]
    ada = Person.objects.create(name="Ada Fiktiv", email="ada@example.org")
    nomail = Person.objects.create(name="Bert Ohnepost")
    verein = Member.objects.create(name="Fiktiver Verein e. V.", municipality="Zwickau")
    ContactPerson.objects.create(member=verein, name="Clara Kontakt", email="clara@example.org")
    ContactPerson.objects.create(member=verein, name="Dora Kaputt", email="dora@@example")
    empty = Member.objects.create(name="Verein ohne Kontakt", municipality="Werdau")
    for seat in (
        {"person": ada},
        {"person": nomail},
        {"member": verein},
        {"member": empty},
    ):
        BodyMembership.objects.create(body=ika, **seat)
    BodyMembership.objects.create(
        body=ika,
        person=Person.objects.create(name="Ehemalig", email="alt@example.org"),
        end_date=datetime.date(2020, 1, 1),
    )
    place = Location.objects.create(
        name="Rathaus",
        street="Hauptmarkt 1",
        postcode="08056",
        town="Zwickau",
        accessibility="Rampe am Seiteneingang",
    )
    session = make_body_session(
        ika,
        berlin(2026, 12, 10, 18, 0),
        status=SessionStatus.PLANNED,
        title="IKA Dezember",
        location=place,
        moderator=ada,
    )
    session.agenda_items = [
        AgendaItem(number="1", title="Begrüßung"),
        AgendaItem(number="2", title="Vertrauliches", is_public=False),
    ]
    session.save_revision().publish()
    return SessionPage.objects.get(pk=session.pk)
