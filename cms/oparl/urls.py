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
    path("body/<str:key>/organization/", views.organization_list, name="organization-list"),
    path("body/<str:key>/person/", views.person_list, name="person-list"),
    path("body/<str:key>/membership/", views.membership_list, name="membership-list"),
    path("body/<str:key>/meeting/", views.meeting_list, name="meeting-list"),
    path("body/<str:key>/agendaitem/", views.agendaitem_list, name="agendaitem-list"),
    path("body/<str:key>/paper/", views.paper_list, name="paper-list"),
    path("body/<str:key>/location/", views.location_list, name="location-list"),
    path(
        "body/<str:key>/legislativeterm/", views.legislativeterm_list, name="legislativeterm-list"
    ),
    path("organization/<id:pk>/", views.organization, name="organization"),
    path("person/<id:pk>/", views.person, name="person"),
    path("membership/<id:pk>/", views.membership, name="membership"),
    path("meeting/<id:pk>/", views.meeting, name="meeting"),
    path("agendaitem/<id:pk>/", views.agendaitem, name="agendaitem"),
    path("paper/<id:pk>/", views.paper, name="paper"),
    path("location/<id:pk>/", views.location, name="location"),
]
