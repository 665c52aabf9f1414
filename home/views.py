"""Site-wide visitor views that are not pages: search and robots.txt."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from cms.cache import per_content_version
from cms.visibility import public_pages

SEARCH_PAGE_SIZE = 20


def ranked_page_ids(query):
    """Ids of the public pages matching `query`, most relevant first, kept per content version.

    Ranking needs every match, however few are shown: at 10,000 members "Demokratie" ranks
    1,621 pages, 20-30 ms of database time on every request. The ranked order changes only
    with content, so a query is ranked once per content version, its ids kept (their number
    is the count), and the pages are read only for the shown window.
    """

    def rank():
        matches = public_pages().exclude(depth__lte=1).search(query)
        if not hasattr(matches, "get_queryset"):
            # A query of no words at all: the backend answers without a search.
            return [page.pk for page in matches]
        return list(matches.get_queryset().values_list("pk", flat=True))

    return per_content_version(f"site-search:{query}", rank)


def search_results_page(query, number):
    """The page of results with page number `number`, its pages read for the window only."""
    results = Paginator(ranked_page_ids(query), SEARCH_PAGE_SIZE).get_page(number)
    # Read through the visibility layer again: the cached ranking never decides what is shown.
    pages = public_pages().filter(pk__in=results.object_list).in_bulk()
    results.object_list = [pages[pk] for pk in results.object_list if pk in pages]
    return results


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    # Read only when the template renders the results: they are a fragment kept in the cache.
    page = request.GET.get("seite")
    results = SimpleLazyObject(lambda: search_results_page(query, page)) if query else None
    return TemplateResponse(
        request, "search.html", {"search_query": query, "search_results": results}
    )


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /suche/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
