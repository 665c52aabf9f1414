from django.urls import path

import cms.converters  # noqa: F401  (registers <id:…>)
from cms.oparl import views
from events.models import SessionPage
from network.models import WorkingGroupPage

app_name = "oparl"


def public_api_paths(page):
    """The OParl lists that show this page (`cms.cache.API_PATHS_HOOK`)."""
    lists = {SessionPage: "meeting", WorkingGroupPage: "organization"}
    kind = lists.get(type(page))
    return [f"/oparl/v1.1/body/buendnis/{kind}/"] if kind else []


urlpatterns = [
    path("", views.system, name="system"),
    path("body/", views.body_list, name="body-list"),
    path("body/<str:key>/", views.body, name="body"),
    *[
        path(
            f"body/<str:key>/{oparl_type.name}/",
            views.object_list,
            {"oparl_type": oparl_type},
            name=f"{oparl_type.name}-list",
        )
        for oparl_type in views.TYPES
    ],
    path(
        "body/<str:key>/legislativeterm/", views.legislativeterm_list, name="legislativeterm-list"
    ),
    *[
        path(
            f"{oparl_type.name}/<id:pk>/",
            views.object_detail,
            {"oparl_type": oparl_type},
            name=oparl_type.name,
        )
        for oparl_type in views.TYPES
    ],
]
