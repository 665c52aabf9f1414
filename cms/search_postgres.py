"""PostgreSQL's part of `cms.search`: a search that is not ranked matches in the index alone.

Wagtail's compiler joins the searched model to its index entries on
`object_id = id::varchar`, which no index serves: every search read all rows of the model
(all partner profiles for a partner search) to pair them with their entries. When nothing
is ranked, the entries are not needed in the outer query: the matching ids are a subquery on
the index entries (served by the GIN index on `title || body`, migration `cms.0005`), cast to
the model's integer key. Imports PostgreSQL's search models, so only `cms.search` imports
it, and only on PostgreSQL.
"""

from django.db.models import F, IntegerField
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresSearchQueryCompiler,
)
from modelsearch.query import And, Not, Or, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from cms.cache import per_content_version_of
from cms.queries import KeyAmong

# The query kinds whose match is one `@@` against the entry (not MatchAll, not Fuzzy).
MATCHED_IN_INDEX = (PlainText, Phrase, And, Or, Not)


def _has_integer_key(model):
    key = model._meta.pk
    while key.is_relation:  # a page type's key is its link to Page
        key = key.target_field
    return isinstance(key, IntegerField)


class IndexMatchQueryCompiler(PostgresSearchQueryCompiler):
    def _matches_in_index(self):
        return (
            not self.order_by_relevance
            and self.fields is None
            and isinstance(self.query, MATCHED_IN_INDEX)
            and _has_integer_key(self.queryset.model)
        )

    def matching_ids(self, config):
        """The keys of the matching rows as a subquery on the index entries, or None when the
        search cannot be answered from the index alone (ranked, on fields, match-all)."""
        if not self._matches_in_index():
            return None
        # The same expression as Wagtail's (and the GIN index's): `title || body`.
        vector = CombinedExpression(F("title"), "||", F("body"))
        return (
            IndexEntry.objects.filter(
                content_type_id__in=get_descendants_content_types_pks(self.queryset.model)
            )
            .annotate(_vector_=vector)
            .filter(_vector_=self.build_tsquery(self.query, config=config))
            .values(matching_id=Cast("object_id", IntegerField()))
        )

    def among_matches(self, config):
        """`pk = ANY(keys)`, the keys read from the index entries once per content version and
        search; None where the index alone cannot answer.

        A common word matches thousands of entries (10,159 partner profiles for "Demokratie"
        at 100,000 members): as a subquery, collecting and joining them took 110 ms of every
        request, for every page of the same results. Kept as one array parameter, the keys
        are a filter on the profiles' own table instead.
        """
        matching_ids = self.matching_ids(config)
        if matching_ids is None:
            return None
        return KeyAmong(
            lambda: per_content_version_of(
                matching_ids, "search-keys", lambda: [row["matching_id"] for row in matching_ids]
            )
        )

    def search(self, config, start, stop, score_field=None, backend=None):
        matching_ids = None if score_field is not None else self.matching_ids(config)
        if matching_ids is None:
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        queryset = self.queryset.filter(pk__in=matching_ids)
        if not queryset.query.order_by:
            # As Wagtail's compiler: a stable order for paging (wagtail/wagtail#3729).
            queryset = queryset.order_by("-pk")
        return queryset[start:stop]
