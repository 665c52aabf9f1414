"""Rows queued before the task moved into cms.outbox.delivery name it by this path."""

from cms.outbox.delivery import send_message

__all__ = ["send_message"]
