"""Recurring series: the weekly or monthly rule, minus exceptions, expanded into occurrences."""

import datetime
from dataclasses import dataclass

from dateutil.rrule import MONTHLY, WEEKLY, rrule
from django.utils import timezone


@dataclass(frozen=True)
class Occurrence:
    series: object
    start: datetime.datetime
    end: datetime.datetime

    @property
    def title(self):
        return self.series.title


def rule(series):
    """The series' rule in local wall-clock time, so 19:00 stays 19:00 across DST changes."""
    from events.models import Recurrence, parse_exception_dates

    first = timezone.localtime(series.first_start).replace(tzinfo=None)
    until = datetime.datetime.combine(series.until, datetime.time.max) if series.until else None
    frequency = WEEKLY if series.recurrence == Recurrence.WEEKLY else MONTHLY
    skipped = set(parse_exception_dates(series.exceptions))
    return rrule(frequency, dtstart=first, interval=series.interval or 1, until=until), skipped


def expand(series, start, end):
    """Occurrences beginning in [start, end) (aware datetimes)."""
    recurrence, skipped = rule(series)
    tz = timezone.get_current_timezone()
    naive = (
        timezone.localtime(start).replace(tzinfo=None),
        timezone.localtime(end).replace(tzinfo=None),
    )
    duration = datetime.timedelta(minutes=series.duration_minutes)
    return [
        Occurrence(series, moment.replace(tzinfo=tz), moment.replace(tzinfo=tz) + duration)
        for moment in recurrence.between(naive[0], naive[1], inc=True)
        if moment.date() not in skipped and moment < naive[1]
    ]
