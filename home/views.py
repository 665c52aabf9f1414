"""Site-wide visitor views that are not pages: search and robots.txt."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from cms.visibility import public_pages

SEARCH_PAGE_SIZE = 20


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = None
    if query:
        pages = public_pages().exclude(depth__lte=1)
        results = Paginator(pages.search(query), SEARCH_PAGE_SIZE).get_page(
            request.GET.get("seite")
        )
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
