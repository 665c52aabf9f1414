"""Spreadsheet exports for the office: CSV that German Excel opens right, and that runs nothing.

German Excel reads a CSV as UTF-8 only with a byte order mark and splits columns at ";".
A cell starting with =, +, -, @ (or a tab or carriage return) is taken as a formula; data
from the public application form must never run as one, so such cells get a leading "'"
(OWASP's advice), which the register import strips again.
"""

import codecs
import csv
import datetime

from django.http import StreamingHttpResponse
from django.utils import timezone
from wagtail.admin.views.mixins import Echo, SpreadsheetExportMixin
from wagtail.admin.views.reports.audit_logging import LogEntriesView

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"
CSV_DELIMITER = ";"
BYTE_ORDER_MARK = codecs.BOM_UTF8


def neutralise(value):
    """The cell as text a spreadsheet shows instead of evaluating."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return NEUTRALISER + value
    return value


def restore(value):
    """The cell as it was before `neutralise`, for reading an exported file back."""
    if value.startswith(NEUTRALISER) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def german_date(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    return value.strftime("%d.%m.%Y")


class OfficeSpreadsheetExportMixin(SpreadsheetExportMixin):
    """CSV/XLSX export named `<export_filename>-YYYY-MM-DD` (Berlin date), CSV as Excel wants it."""

    # Dates and datetimes (a date subclass) as German Excel parses them; XLSX keeps real dates.
    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        datetime.date: {SpreadsheetExportMixin.FORMAT_CSV: german_date},
    }

    def get_filename(self):
        return f"{self.export_filename}-{timezone.localdate():%Y-%m-%d}"

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: neutralise(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    def stream_csv(self, queryset):
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=CSV_DELIMITER)
        heading = {field: self.get_heading(queryset, field) for field in self.list_export}
        yield BYTE_ORDER_MARK + writer.writerow(heading)
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def write_csv_response(self, queryset):
        response = StreamingHttpResponse(
            self.stream_csv(queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
        return response


class SiteHistoryView(OfficeSpreadsheetExportMixin, LogEntriesView):
    """Wagtail's site history report; its export names register entries, which come from the
    public application form, so it is written the office's way too (cms/urls.py routes it)."""

    export_filename = "aenderungsprotokoll"
