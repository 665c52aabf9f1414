"""Publishing a held session carries its adopted resolutions into the register."""

from wagtail.signals import page_published


def apply_on_publish(sender, instance, revision=None, **kwargs):
    from events.resolutions import apply_resolutions

    apply_resolutions(instance, user=getattr(revision, "user", None))


def connect():
    from events.models import SessionPage

    page_published.connect(apply_on_publish, sender=SessionPage, dispatch_uid="events_apply")
