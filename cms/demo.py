"""What every app's demo loader needs: pages created once, never overwritten.

Loaders create what is missing and leave what exists alone, so running the demo command twice
changes nothing and never overwrites an editor's work.
"""

from wagtail.models import Page


def ensure_child(parent, model, slug, **fields):
    """Return the child page with this slug, creating and publishing it if missing."""
    existing = Page.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True
