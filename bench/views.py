"""The floors every figure is divided by, measured in the same run as the scenarios."""

import orjson
from django.http import HttpResponse

from network.models import PartnerPage

CONSTANT_BODY = orjson.dumps({"status": "ok", "items": []})
PAGE_SIZE = 50


def framework_floor(request):
    """Django's routing and middleware, nothing else."""
    return HttpResponse(CONSTANT_BODY, content_type="application/json")


def data_floor(request):
    """The first 50 live partner profiles (optionally of one topic) with one query, via orjson."""
    # The same index-served shape as the partner list (network.api.public_partners).
    profiles = PartnerPage.objects.exact_type(PartnerPage).live().order_by("title", "pk")
    if topic := request.GET.get("topic"):
        profiles = profiles.filter(member__topics__slug=topic)
    rows = list(
        profiles.values(
            "id",
            "title",
            "slug",
            "url_path",
            "member__name",
            "member__kind",
            "member__municipality",
            "member__website",
        )[:PAGE_SIZE]
    )
    return HttpResponse(orjson.dumps({"items": rows}), content_type="application/json")
