"""Publishing a held session carries its adopted resolutions into the register; a new session's
add form shows the body's standing agenda."""

from wagtail.signals import init_new_page, page_published

from events.models import SessionPage
from events.resolutions import apply_resolutions
from network.models import WorkingGroupPage


def apply_on_publish(sender, instance, revision=None, **kwargs):
    apply_resolutions(instance, user=getattr(revision, "user", None))


def prefill_new_session(sender, page, parent, **kwargs):
    """The standing agenda and the moderator appear in the add form, where the editor sees them."""
    if isinstance(page, SessionPage) and isinstance(parent, WorkingGroupPage):
        page.fill_defaults(parent)


def connect():
    page_published.connect(apply_on_publish, sender=SessionPage, dispatch_uid="events_apply")
    init_new_page.connect(prefill_new_session, dispatch_uid="events_prefill_session")
