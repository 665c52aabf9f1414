"""Bulk page creation: thousands of published pages without a save() and revision per page.

Wagtail's `add_child` costs several queries and a revision per page; at 25,000 pages that
is minutes. Here treebeard paths are computed in memory, the `wagtailcore_page` rows go in
with one bulk insert per batch and the specific rows (multi-table inheritance) with a raw
insert of their local fields. Pages are live without revisions, as imported content is.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.db.models import F
from wagtail.models import Page

BATCH_SIZE = 500


def _next_step(parent):
    last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    last_path = last.order_by("-path").values_list("path", flat=True).first()
    if last_path is None:
        return 1
    return int(last_path[-Page.steplen :], len(Page.alphabet)) + 1


def bulk_add_children(parent, model, items, rng, published_at):
    """Create published `model` pages under `parent`; items are dicts of field values.

    Every item needs `title` and `slug` (unique among the siblings); `rng` supplies
    translation keys so a seed reproduces the same rows. Returns the created pages.
    """
    parent = Page.objects.get(pk=parent.pk)
    content_type = ContentType.objects.get_for_model(model)
    depth = parent.depth + 1
    step = _next_step(parent)
    db = router.db_for_write(model)
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    created = []
    for start in range(0, len(items), BATCH_SIZE):
        batch = []
        for offset, item in enumerate(items[start : start + BATCH_SIZE]):
            page = model(
                path=Page._get_path(parent.path, depth, step + start + offset),
                depth=depth,
                numchild=0,
                url_path=f"{parent.url_path}{item['slug']}/",
                draft_title=item["title"],
                content_type=content_type,
                locale_id=parent.locale_id,
                translation_key=uuid.UUID(int=rng.getrandbits(128), version=4),
                live=True,
                has_unpublished_changes=False,
                first_published_at=published_at,
                last_published_at=published_at,
                **item,
            )
            batch.append(page)
        bases = Page.objects.using(db).bulk_create(
            [Page(**{f.attname: getattr(page, f.attname) for f in page_fields}) for page in batch]
        )
        for page, base in zip(batch, bases, strict=True):
            page.pk = page.page_ptr_id = base.pk
        model._base_manager.using(db)._insert(
            batch, fields=model._meta.local_concrete_fields, using=db
        )
        created.extend(batch)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(items))
    return created
