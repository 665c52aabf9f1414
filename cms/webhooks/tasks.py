"""Rows queued before the task moved into cms.webhooks.delivery name it by this path."""

from cms.webhooks.delivery import deliver_webhook

__all__ = ["deliver_webhook"]
