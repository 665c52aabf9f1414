"""The public partner directory: filters, full-text search, alphabetical index, pages, towns.

Plain functions over querysets so tests can call them directly and each step costs a fixed
number of queries however many partners there are.
"""

from itertools import groupby

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cms.apifields import choice_labels
from cms.cache import per_content_version
from network.models import Member, MemberKind, PartnerPage, Topic

PAGE_SIZE = 24
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def published_partners(index):
    return (
        PartnerPage.objects.child_of(index)
        .visible_to_public()
        .order_by("member__municipality", "title")
    )


def initial_letter(title):
    """The letter a title is filed under; umlauts under their base letter, digits under '#'."""
    first = (title or "#")[0].upper()
    first = {"Ä": "A", "Ö": "O", "Ü": "U"}.get(first, first)
    return first if first in ALPHABET else "#"


UNKNOWN_CHOICE = {
    "invalid_choice": _("„%(value)s“ steht nicht zur Auswahl; dieser Filter wird nicht angewendet.")
}


class DirectoryFilterForm(forms.Form):
    """Every field is optional; an invalid value drops only that filter and says why."""

    q = forms.CharField(label=_("Suchbegriff"), required=False, max_length=100)
    topic = forms.ChoiceField(label=_("Themenfeld"), required=False, error_messages=UNKNOWN_CHOICE)
    town = forms.ChoiceField(label=_("Ort"), required=False, error_messages=UNKNOWN_CHOICE)
    kind = forms.ChoiceField(label=_("Art"), required=False, error_messages=UNKNOWN_CHOICE)
    letter = forms.CharField(required=False, max_length=1, widget=forms.HiddenInput)

    def __init__(self, data, *, topics, towns):
        super().__init__(data)
        everything = [("", _("alle"))]
        self.fields["topic"].choices = everything + [(t.slug, t.name) for t in topics]
        self.fields["town"].choices = everything + [(town, town) for town in towns]
        self.fields["kind"].choices = everything + list(MemberKind.choices)

    def clean_letter(self):
        letter = self.cleaned_data["letter"].upper()
        if letter and letter not in ALPHABET + "#":
            raise forms.ValidationError(_("Bitte einen Buchstaben von A bis Z wählen."))
        return letter

    def filters(self):
        """The valid filters only, so one bad parameter never empties the whole directory."""
        self.is_valid()
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if value and name not in self.errors
        }


def filter_partners(partners, *, q="", topic="", town="", kind="", letter=""):
    if topic:
        partners = partners.filter(member__topics__slug=topic)
    if town:
        partners = partners.filter(member__municipality=town)
    if kind:
        partners = partners.filter(member__kind=kind)
    if q:
        for word in q.split():
            partners = partners.filter(
                Q(title__icontains=word)
                | Q(member__name__icontains=word)
                | Q(member__municipality__icontains=word)
                | Q(member__description__icontains=word)
                | Q(body__icontains=word)
            )
    if letter:
        partners = _by_letter(partners, letter)
    return partners


def _by_letter(partners, letter):
    if letter == "#":
        return partners.exclude(
            Q(*[Q(title__istartswith=c) for c in ALPHABET + "ÄÖÜ"], _connector=Q.OR)
        )
    umlaut = {"A": "Ä", "O": "Ö", "U": "Ü"}.get(letter)
    condition = Q(title__istartswith=letter)
    if umlaut:
        condition |= Q(title__istartswith=umlaut)
    return partners.filter(condition)


def letters_in_use(partners):
    return {initial_letter(title) for title in partners.values_list("title", flat=True)}


def group_by_town(partners):
    """[(town, [partner, ...]), ...] in the order given (the directory sorts by town)."""
    return [
        (town or _("ohne Ortsangabe"), list(group))
        for town, group in groupby(partners, key=lambda page: page.member.municipality)
    ]


# What a card reads: its link, title, kind and town (and the member for the topic names).
CARD_FIELDS = (
    "title",
    "url_path",
    "path",
    "depth",
    "locale_id",
    "member__kind",
    "member__municipality",
)


def cards(partners, ids):
    """The profiles of one page in the order of `ids`, with `kind_label` and `topic_names`.

    Only the fields a card shows are read: whole rows with the member's texts, its logo and
    every timestamp parsed, and the kind translated label by label for each card (Django's
    `get_FOO_display()`), took about 2 of the directory's 15 ms. Topic names come in one
    query of names for all profiles; prefetched Topic objects cost a model instance each and
    a queryset per profile.
    """
    rows = partners.filter(pk__in=ids).select_related("member")
    page = sorted(rows.only(*CARD_FIELDS), key=lambda partner: ids.index(partner.pk))
    names = {}
    links = Member.topics.through.objects.filter(member_id__in=[p.member_id for p in page])
    for member_id, name in links.order_by("topic__name").values_list("member_id", "topic__name"):
        names.setdefault(member_id, []).append(name)
    labels = choice_labels(MemberKind, get_language())
    for partner in page:
        partner.topic_names = names.get(partner.member_id, [])
        partner.kind_label = labels.get(partner.member.kind, partner.member.kind)
    return page


def directory_context(index, params):
    everyone = published_partners(index)

    # The choices and the letters in use scan every profile; they change only with content.
    def facets():
        topics = Topic.objects.filter(member__partner_page__in=everyone.values("pk")).distinct()
        towns = (
            Member.objects.filter(partner_page__in=everyone.values("pk"))
            .exclude(municipality="")
            .order_by("municipality")
            .values_list("municipality", flat=True)
            .distinct()
        )
        return list(topics), list(towns)

    topics, towns = per_content_version(f"directory-facets:{index.pk}", facets)
    form = DirectoryFilterForm(params, topics=topics, towns=towns)
    filters = form.filters()
    without_letter = {k: v for k, v in filters.items() if k != "letter"}
    in_use = per_content_version(
        f"directory-letters:{index.pk}:{sorted(without_letter.items())}",
        lambda: letters_in_use(filter_partners(everyone, **without_letter)),
    )
    # The matching ids in order, kept per content version and filter: sorting every match by
    # town and title was most of the page's database time, and the same for every page number
    # and every visitor. Paging and counting are then a list's. Keyed by the filters rather
    # than the query's SQL, whose compiling cost a millisecond of every request.
    ordered_ids = per_content_version(
        f"directory-ids:{index.pk}:{sorted(filters.items())}",
        lambda: list(filter_partners(everyone, **filters).values_list("pk", flat=True)),
    )
    page = Paginator(ordered_ids, PAGE_SIZE).get_page(params.get("seite"))
    partners = cards(everyone, list(page.object_list))
    return {
        # The filter form and the letter links depend on content and on every parameter but
        # the page number: rendered once per content version and query (select widgets are
        # the slowest part of the page to render).
        "filter_key": sorted(
            (k, v) for k, values in params.lists() if k != "seite" for v in values
        ),
        "filter_form": form,
        "filters": filters,
        "partners_page": page,
        "towns": group_by_town(partners),
        "alphabet": [(letter, letter in in_use) for letter in ALPHABET + "#"],
    }
