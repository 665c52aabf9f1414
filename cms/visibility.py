"""What the public may see: the one place every public output asks.

HTML pages, search, the sitemap, the API, OParl, iCal, feeds and webhooks all filter through
`visible_to_public()` (or `is_public()` for one object) instead of writing their own rules, so
the outputs cannot disagree. The rules (docs/operations.md, "Was die Öffentlichkeit sieht"):

- a page is public if it is live, every ancestor is live and no ancestor (nor the page itself)
  carries a view restriction. Wagtail's `.live().public()` checks restrictions on ancestors but
  not their liveness: a body unpublished without its subpages would leave its sessions online;
- anything else is public only by a rule its app registers here (`register_rule`): sessions'
  agenda items and resolutions follow their session, register entries need admission, people
  need recorded consent. The core imports no domain app; the apps name their models by label.

The hidden sections (restricted pages and unpublished pages with children) change only with
content, so they are read once per content version instead of on every query.
"""

from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest, Length, Substr
from wagtail.models import Page, PageLogEntry, PageManager
from wagtail.query import PageQuerySet

from cms.cache import per_content_version


def _outermost(sections):
    """Drop sections inside another one: the outer one already hides them."""
    kept = []
    for path in sorted(sections):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return kept


def hidden_sections():
    """Paths whose subtree the public may not see: restricted pages and unpublished parents.

    An unpublished page without children hides only itself, which `live` already says; leaving
    those out keeps the list short however many drafts there are.
    """
    return per_content_version(
        "hidden-sections",
        lambda: _outermost(
            Page.objects.filter(
                Q(view_restrictions__isnull=False) | Q(live=False, numchild__gt=0)
            ).values_list("path", flat=True)
        ),
    )


def _under_any(paths, prefix=""):
    return Q(*[Q(**{f"{prefix}path__startswith": path}) for path in paths], _connector=Q.OR)


def public_page_q(prefix=""):
    """The page rule as a Q, for pages reached through a relation (`prefix="body__"`)."""
    q = Q(**{f"{prefix}live": True})
    hidden = hidden_sections()
    return q & ~_under_any(hidden, prefix) if hidden else q


def hidden_by_unpublished_parent(page):
    """Wagtail serves a live page even when a parent is unpublished; the public may not see it.

    Costs a query only for pages that are not public anyway (restricted or below such a parent).
    """
    if is_public_page(page) or not page.live:
        return False
    return Page.objects.ancestor_of(page).filter(live=False).exists()


def is_public_page(page):
    """The page rule for one page already in memory, without a query."""
    return bool(
        page is not None
        and page.live
        and not any(page.path.startswith(path) for path in hidden_sections())
    )


# --- rules of the domain apps ------------------------------------------------------------------

_rules = {}


def register_rule(label, rule):
    """Make `rule(prefix) -> Q` the public rule of the model "app_label.ModelName".

    For page models the rule narrows the page rule; for other models it is the whole rule.
    """
    _rules[label.lower()] = rule


def public_q(model, prefix=""):
    """Which rows of `model` the public may see, as a Q relative to `prefix`."""
    rule = _rules.get(model._meta.label_lower)
    if issubclass(model, Page):
        q = public_page_q(prefix)
        return q & rule(prefix) if rule else q
    if rule is None:
        raise LookupError(f"{model._meta.label} has no public rule; register one first.")
    return rule(prefix)


def visible_to_public(queryset):
    """The part of `queryset` the public may see, whatever model it holds."""
    return queryset.filter(public_q(queryset.model))


def is_public(obj):
    """Whether the public may see this one object (pages: no query; others: one)."""
    if obj is None:
        return False
    if isinstance(obj, Page) and type(obj)._meta.label_lower not in _rules:
        return is_public_page(obj)
    return visible_to_public(type(obj)._default_manager.filter(pk=obj.pk)).exists()


class PublicQuerySetMixin:
    def visible_to_public(self):
        return visible_to_public(self)


class VisitorPageQuerySet(PublicQuerySetMixin, PageQuerySet):
    def private_q(self):
        """Wagtail's private_q() from the cached hidden sections.

        Wagtail reads all view restrictions on every call; the hidden sections are kept per
        content version and also hide pages below an unpublished parent, so `.public()` on
        these models never contradicts `visible_to_public()`.
        """
        sections = hidden_sections()
        return _under_any(sections) if sections else Q(pk__in=[])


VisitorPageManager = PageManager.from_queryset(VisitorPageQuerySet)


# Log actions after which a page (and everything below it) is no longer public.
HIDING_ACTIONS = (
    "wagtail.unpublish",
    "wagtail.view_restriction.create",
    "wagtail.view_restriction.edit",
)


def hidden_since(prefix=""):
    """When the page at `prefix` stopped being public, as an expression for `annotate()`.

    The latest unpublishing or restriction of the page or any ancestor; without one in the
    log (e.g. a restriction set outside the admin) the page's last publication.
    """
    last_published = F(f"{prefix}last_published_at")
    hiding = (
        PageLogEntry.objects.filter(action__in=HIDING_ACTIONS)
        .annotate(outer_prefix=Substr(OuterRef(f"{prefix}path"), 1, Length("page__path")))
        .filter(page__path=F("outer_prefix"))
        .order_by("-timestamp")
        .values("timestamp")[:1]
    )
    return Greatest(Coalesce(Subquery(hiding), last_published), last_published)


def no_longer_public(queryset, prefix=""):
    """Rows whose page (at `prefix`) was public once and is not any more, oldest id first.

    Annotated with `public_since` and `hidden_since`, so incremental consumers (OParl's
    `modified_since`) learn of the removal and mirrors can delete what they copied.
    """
    return (
        queryset.filter(**{f"{prefix}first_published_at__isnull": False})
        .exclude(public_page_q(prefix))
        .annotate(public_since=F(f"{prefix}first_published_at"), hidden_since=hidden_since(prefix))
        .order_by("pk")
    )


def public_pages(queryset=None):
    """Public pages of any type, e.g. for search or the sitemap (`Page.objects` by default)."""
    return visible_to_public(Page.objects.all() if queryset is None else queryset)
