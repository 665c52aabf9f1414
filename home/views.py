"""Site-wide visitor views that are not pages: search and robots.txt."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET

from cms.cache import per_content_version
from cms.visibility import public_pages

SEARCH_PAGE_SIZE = 20


class SearchPaginator(Paginator):
    """The number of matches changes only with content; counting them was a second search."""

    def __init__(self, results, query):
        super().__init__(results, SEARCH_PAGE_SIZE)
        self.query = query

    @cached_property
    def count(self):
        return per_content_version(
            f"site-search-count:{self.query}", lambda: Paginator.count.func(self)
        )


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = None
    if query:
        pages = public_pages().exclude(depth__lte=1)
        results = SearchPaginator(pages.search(query), query).get_page(request.GET.get("seite"))
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
