from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as wagtail_docs_serve

from cms.api_routes import urls as api_urls
from cms.passwords import throttled
from cms.sitemap import PublicSitemap
from cms.spreadsheets import SiteHistoryView
from cms.views import api_index, favicon, healthz
from events.views import reply as invitation_reply
from home.feeds import NewsFeed
from home.views import robots_txt, search

# Uploaded originals and renditions; never `documents/`.
IMAGE_MEDIA_FOLDERS = ["original_images", "images"]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Before Wagtail's own route of the same address: the export neutralises formula cells.
    path("admin/reports/site-history/", SiteHistoryView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's password forms, throttled; listed before Wagtail's own routes to replace them.
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        throttled(wagtail_docs_serve.authenticate_with_password, "restriction_id"),
        name="wagtaildocs_authenticate_with_password",
    ),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        throttled(wagtail_views.authenticate_with_password, "page_view_restriction_id"),
        name="wagtailcore_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": PublicSitemap}}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    path("suche/", search, name="search"),
    path("kalender/", include("events.urls")),
    path("api/v3/", api_index, name="api_index"),
    path("rueckmeldung/<str:token>/", invitation_reply, name="invitation_reply"),
    path("api/v3/", api_urls),
    path("oparl/v1.1/", include("cms.oparl.urls")),
    path("feeds/news.atom", NewsFeed(), name="news_feed"),
    path("feeds/<str:kind>.atom", NewsFeed(), name="news_feed_kind"),
]

handler404 = "cms.views.not_found"
handler500 = "cms.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    # Images only, as the documented proxy does: documents are served solely by Wagtail's
    # document view under /documents/, which checks the collection's view restrictions.
    for folder in IMAGE_MEDIA_FOLDERS:
        urlpatterns += static(
            f"{settings.MEDIA_URL}{folder}/", document_root=f"{settings.MEDIA_ROOT}/{folder}"
        )

urlpatterns += [path("", include(wagtail_urls))]
