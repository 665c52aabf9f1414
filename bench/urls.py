from django.urls import include, path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from bench import views

v2_router = WagtailAPIRouter("bench_v2")
v2_router.register_endpoint("pages", PagesAPIViewSet)

urlpatterns = [
    path("bench/floor/", views.framework_floor),
    path("bench/floor/partners/", views.data_floor),
    path("bench/api/v2/", v2_router.urls),
    path("", include("cms.urls")),
]
