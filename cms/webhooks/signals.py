"""Turn publishing and register decisions into webhook deliveries, without ever blocking them."""

import logging

from django.db.models.signals import post_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from cms.webhooks.delivery import dispatch
from cms.webhooks.models import WebhookEvent

logger = logging.getLogger(__name__)


def page_data(page):
    """What a consumer needs to refetch the page; private pages are not announced at all."""
    return {
        "id": page.pk,
        "type": f"{page.specific_class._meta.app_label}.{page.specific_class.__name__}"
        if page.specific_class
        else "wagtailcore.Page",
        "title": page.title,
        "url": page.full_url,
    }


def is_public(page):
    return not page.get_view_restrictions().exists()


def safely(event, build):
    """A consumer's endpoint (or our bookkeeping) failing must never break an editor's publish."""
    try:
        data = build()
        if data is not None:
            dispatch(event, data)
    except Exception:
        logger.exception("Webhook dispatch for %s failed", event)


def on_published(sender, instance, **kwargs):
    safely(
        WebhookEvent.PAGE_PUBLISHED, lambda: page_data(instance) if is_public(instance) else None
    )


def on_unpublished(sender, instance, **kwargs):
    safely(WebhookEvent.PAGE_UNPUBLISHED, lambda: {"id": instance.pk, "title": instance.title})


def on_page_deleted(sender, instance, **kwargs):
    if instance.first_published_at:
        safely(WebhookEvent.PAGE_DELETED, lambda: {"id": instance.pk})


def connect():
    page_published.connect(on_published, dispatch_uid="webhooks_page_published")
    page_unpublished.connect(on_unpublished, dispatch_uid="webhooks_page_unpublished")
    post_delete.connect(on_page_deleted, sender=Page, dispatch_uid="webhooks_page_deleted")
