from django_tasks import task

from cms.outbox.delivery import attempt
from cms.outbox.models import MessageState, OutgoingMessage


@task(backend="outbox")
def send_message(message_id: int):
    message = OutgoingMessage.objects.filter(pk=message_id).first()
    # Sent or given up by an earlier run (a task may be picked up twice): never mail twice.
    if message is None or message.state != MessageState.QUEUED:
        return None
    return attempt(message).state
