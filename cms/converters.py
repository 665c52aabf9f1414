"""`<id:pk>` in URL patterns: a database id, at most 18 digits.

Django's `int` converter accepts any length; an id beyond 64 bits then reaches the database,
where SQLite raises OverflowError (a 500) instead of the 404 such an address deserves.
"""

from django.urls import register_converter


class RecordIdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(RecordIdConverter, "id")
