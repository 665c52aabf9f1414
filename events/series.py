"""Recurring series: the weekly or monthly rule, minus exceptions, expanded into occurrences.

Below events.models: the series model takes its choices and rule from here."""

import datetime
from dataclasses import dataclass

from dateutil.rrule import MONTHLY, WEEKLY, rrule
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Recurrence(models.TextChoices):
    WEEKLY = "weekly", _("wöchentlich")
    MONTHLY = "monthly", _("monatlich")


def parse_exception_dates(text):
    """One date per line (TT.MM.JJJJ or JJJJ-MM-TT); a bad line is named in the error."""
    dates = []
    for line in filter(None, (line.strip() for line in (text or "").splitlines())):
        for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
            try:
                dates.append(datetime.datetime.strptime(line, pattern).date())
                break
            except ValueError:
                continue
        else:
            raise ValidationError(
                {"exceptions": _("„%(line)s“ ist kein Datum (TT.MM.JJJJ).") % {"line": line}}
            )
    return dates


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
