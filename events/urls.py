from django.urls import path

from events import ical

urlpatterns = [
    path("sitzungen.ics", ical.all_sessions_feed, name="ical_sessions"),
    path("gremium/<slug:slug>.ics", ical.body_feed, name="ical_body"),
    path("veranstaltungen.ics", ical.all_events_feed, name="ical_events"),
    path("thema/<slug:slug>.ics", ical.topic_feed, name="ical_topic"),
    path("sitzung/<int:pk>.ics", ical.session_entry, name="ical_session"),
    path("veranstaltung/<int:pk>.ics", ical.event_entry, name="ical_event"),
]
