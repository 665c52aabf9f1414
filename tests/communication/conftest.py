import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller

from cms.outbox.models import MessageState, OutgoingMessage
from cms.outbox.tasks import send_message


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
