"""When a session or event takes place, in the words a German reader expects.

"Donnerstag, 5. März 2027, 18:00–20:00 Uhr": the date once for a same-day event, no time for
an all-day event, both dates for one that spans days.
"""

from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

DAY = "l, j. F Y"
TIME = "H:i"


def _local(value):
    return timezone.localtime(value) if timezone.is_aware(value) else value


def period_text(start, end=None, *, all_day=False):
    start = _local(start)
    end = _local(end) if end else None
    day = dateformat.format(start, DAY)
    if all_day:
        if end is None or end.date() <= start.date():
            return _("%(day)s (ganztägig)") % {"day": day}
        return _("%(start)s bis %(end)s (ganztägig)") % {
            "start": day,
            "end": dateformat.format(end, DAY),
        }
    start_time = dateformat.format(start, TIME)
    if end is None:
        return _("%(day)s, %(time)s Uhr") % {"day": day, "time": start_time}
    if end.date() == start.date():
        return _("%(day)s, %(start)s–%(end)s Uhr") % {
            "day": day,
            "start": start_time,
            "end": dateformat.format(end, TIME),
        }
    return _("%(start_day)s, %(start)s Uhr bis %(end_day)s, %(end)s Uhr") % {
        "start_day": day,
        "start": start_time,
        "end_day": dateformat.format(end, DAY),
        "end": dateformat.format(end, TIME),
    }
