"""Retention: what the alliance no longer needs is erased or anonymised when its time is up.

The periods are settings (`cms.models.RetentionSettings`); the rules live in the apps that own
the data and are collected through the Wagtail hook `register_retention_rules`. A rule answers
which objects are due at a given moment and how to apply itself, so tests, the management
command, the dashboard and the daily task all run the same code with their own `now`.
"""

import calendar
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from wagtail import hooks

from cms.cache import bump_content_version
from cms.models import RetentionSettings

RULES_HOOK = "register_retention_rules"


def months_before(moment, months):
    """The same day `months` earlier, or the month's last day (31 Aug - 6 months = 28/29 Feb)."""
    total = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


class Rule:
    """A retention rule. `due` returns a queryset of what is due; `apply` treats it."""

    key = ""
    label = ""

    def due(self, now, settings):
        raise NotImplementedError

    def apply(self, objects):
        raise NotImplementedError

    def describe(self, obj):
        return str(obj)


@dataclass
class Due:
    rule: Rule
    objects: list


def rules():
    return [rule for found in hooks.get_hooks(RULES_HOOK) for rule in found()]


def due(now=None):
    """[Due(rule, objects)] for every rule with something due at `now`."""
    now = now or timezone.now()
    settings = RetentionSettings.load()
    found = [Due(rule, list(rule.due(now, settings))) for rule in rules()]
    return [item for item in found if item.objects]


@transaction.atomic
def apply_retention(now=None):
    """Apply every rule at `now`; returns what was due (and is now treated)."""
    items = due(now)
    for item in items:
        item.rule.apply(item.objects)
    if items:
        bump_content_version()
    return items
