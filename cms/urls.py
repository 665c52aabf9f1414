from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms.api_routes import urls as api_urls
from cms.spreadsheets import SiteHistoryView
from cms.views import healthz
from home.feeds import NewsFeed
from home.views import robots_txt, search

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Before Wagtail's own route of the same address: the export neutralises formula cells.
    path("admin/reports/site-history/", SiteHistoryView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("suche/", search, name="search"),
    path("kalender/", include("events.urls")),
    path("api/v3/", api_urls),
    path("oparl/v1.1/", include("cms.oparl.urls")),
    path("feeds/news.atom", NewsFeed(), name="news_feed"),
    path("feeds/<str:kind>.atom", NewsFeed(), name="news_feed_kind"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
