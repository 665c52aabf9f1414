import datetime

from django.utils import timezone

from events.filters import filter_events
from events.models import EventPage, EventSeries, Recurrence
from network.models import Member, Topic
from tests.bodies_content import berlin


def test_weekly_series_keeps_local_time_across_dst_and_skips_exceptions(db):
    series = EventSeries.objects.create(
        title="Sprachcafé",
        first_start=berlin(2026, 10, 15, 19, 0),
        recurrence=Recurrence.WEEKLY,
        exceptions="29.10.2026\n2026-11-05",
        until=datetime.date(2026, 11, 19),
    )
    occurrences = series.occurrences(berlin(2026, 10, 1), berlin(2027, 1, 1))
    local = [timezone.localtime(o.start) for o in occurrences]
    assert [(t.month, t.day, t.hour) for t in local] == [
        (10, 15, 19),
        (10, 22, 19),
        (11, 12, 19),
        (11, 19, 19),
    ]
    assert occurrences[0].end - occurrences[0].start == datetime.timedelta(hours=2)
    # Same wall-clock time, different UTC offset after the clocks went back.
    assert local[0].utcoffset() != local[-1].utcoffset()


def test_monthly_series_every_second_month_across_the_year_end(db):
    series = EventSeries.objects.create(
        title="Netzwerktreffen",
        first_start=berlin(2026, 11, 10, 18, 0),
        recurrence=Recurrence.MONTHLY,
        interval=2,
    )
    starts = [o.start for o in series.occurrences(berlin(2026, 11, 1), berlin(2027, 6, 1))]
    assert starts == [
        berlin(2026, 11, 10, 18),
        berlin(2027, 1, 10, 18),
        berlin(2027, 3, 10, 18),
        berlin(2027, 5, 10, 18),
    ]


def test_event_filters_by_topic_kind_and_organiser(make_calendar_event):
    asylum = Topic.objects.create(name="Asylrecht")
    verein = Member.objects.create(name="Fiktiver Verein")
    training = make_calendar_event(
        "Weiterbildung", berlin(2026, 12, 1, 10), kind="training", topics=[asylum]
    )
    action = make_calendar_event("Aktionstag", berlin(2026, 12, 2, 10), kind="action")
    action.organisers = [verein]
    action.save_revision().publish()
    events = EventPage.objects.live()
    assert list(filter_events(events, {"thema": "asylrecht"})) == [training]
    assert list(filter_events(events, {"art": "action"})) == [action]
    assert list(filter_events(events, {"veranstalter": str(verein.pk)})) == [action]
    assert filter_events(events, {"art": "unbekannt", "veranstalter": "x"}).count() == 2


def test_event_index_page_applies_the_filters(client, make_calendar_event, event_index):
    make_calendar_event(
        "Weiterbildung Asylrecht", timezone.now() + datetime.timedelta(days=3), kind="training"
    )
    make_calendar_event("Mahnwache", timezone.now() + datetime.timedelta(days=4), kind="action")
    content = client.get(event_index.url + "?art=training").content.decode()
    assert "Weiterbildung Asylrecht" in content
    assert "Mahnwache" not in content
    assert 'name="thema"' in content
