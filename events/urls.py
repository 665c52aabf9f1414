from django.urls import path

import cms.converters  # noqa: F401  (registers <id:…>)
from events import ical

urlpatterns = [
    path("sitzungen.ics", ical.all_sessions_feed, name="ical_sessions"),
    path("gremium/<slug:slug>.ics", ical.body_feed, name="ical_body"),
    path("veranstaltungen.ics", ical.all_events_feed, name="ical_events"),
    path("thema/<slug:slug>.ics", ical.topic_feed, name="ical_topic"),
    path("sitzung/<id:pk>.ics", ical.session_entry, name="ical_session"),
    path("veranstaltung/<id:pk>.ics", ical.event_entry, name="ical_event"),
]
