from django_tasks import task

from cms.webhooks.delivery import attempt
from cms.webhooks.models import DeliveryStatus, WebhookDelivery


@task(backend="webhooks")
def deliver_webhook(delivery_id: int):
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    # An endpoint deleted meanwhile, or a delivery already done by an earlier run, needs nothing.
    if delivery is None or delivery.status in (DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED):
        return None
    return attempt(delivery).status
