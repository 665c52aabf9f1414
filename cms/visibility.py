"""Which pages visitors may see, without reading every view restriction on each query."""

from django.db.models import Q
from wagtail.models import PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

from cms.cache import per_content_version


def restricted_sections():
    """(path, depth) of every page with a view restriction; they change only with content."""
    return per_content_version(
        "restricted-sections",
        lambda: list(PageViewRestriction.objects.values_list("page__path", "page__depth")),
    )


class VisitorPageQuerySet(PageQuerySet):
    def private_q(self):
        """Wagtail's private_q() with the restrictions kept per content version.

        Wagtail reads all view restrictions on every call, and a list, feed or page calls
        `.public()` several times per request.
        """
        q = Q()
        for path, depth in restricted_sections():
            q |= Q(path__startswith=path, depth__gte=depth)
        return q if q else Q(pk__in=[])


VisitorPageManager = PageManager.from_queryset(VisitorPageQuerySet)
