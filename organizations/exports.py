"""Excel exports of list pages: the same scoped, filtered rows the page shows, all of them.

The workbook is written row by row in openpyxl's write-only mode to a temporary file and
streamed from there, so a 30,000-row export never sits in memory whole. Personal data
goes out masked, as on screen.
"""

import datetime
import tempfile
from decimal import Decimal
from urllib.parse import quote

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook


def xlsx_response(rows, columns, title: str) -> FileResponse:
    """`columns` is a list of (header, function of a row); `rows` any iterable."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([header for header, _ in columns])
    for row in rows:
        sheet.append([_cell(value(row)) for _, value in columns])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    workbook.save(handle)
    handle.seek(0)
    filename = f"{title}-{timezone.localdate():%Y%m%d}.xlsx"
    response = FileResponse(
        handle,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    return response


def _cell(value):
    """Numbers, money and dates stay numbers and dates in Excel; anything else is text."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        # Excel has no time zones: a time is written as the county reads it.
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, str | int | float | Decimal | datetime.date):
        return value
    return str(value)
