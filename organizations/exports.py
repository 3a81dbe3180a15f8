"""Excel exports of list pages: the same scoped, filtered rows the page shows, all of them.

The workbook is written row by row as a stream (`sheetwriter`) to a temporary file and
sent from there, so a 300,000-row export never sits in memory whole. Personal data goes out
masked, as on screen. Every text goes out as text: a name typed as `=HYPERLINK(...)` is
shown as typed and never becomes a formula (here by the writer; in the workbooks openpyxl
writes, the import templates and error files, by `cells()`).
"""

import datetime
import tempfile
from decimal import Decimal
from urllib.parse import quote

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import get_language
from openpyxl.cell import WriteOnlyCell

from . import sheetwriter

# A text starting with one of these is taken for a formula by Excel or LibreOffice when
# a user edits the cell; it is kept as text with the invisible quote prefix (Excel's ').
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A job reports its progress every this many rows.
PROGRESS_EVERY = 500


def write_xlsx(handle, rows, columns, title: str, progress=None) -> int:
    """Write `rows` as one sheet to the open binary file `handle`; `columns` is a list of
    (header, function of a row). `progress(done)` is called every PROGRESS_EVERY rows.
    Returns the number of rows written (`sheetwriter`: a stream, not openpyxl's cells)."""

    values = [getattr(value, "for_export", lambda value=value: value)() for _, value in columns]

    def lines():
        yield [header for header, _ in columns]
        for done, row in enumerate(rows, start=1):
            yield [_cell(value(row)) for value in values]
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done)

    return sheetwriter.write(handle, title, lines(), quote_starts=FORMULA_STARTS) - 1


def export_filename(title: str) -> str:
    return f"{title}-{timezone.localdate():%Y%m%d}.xlsx"


def download_response(handle, filename: str, content_type: str = XLSX) -> FileResponse:
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    return response


def xlsx_response(rows, columns, title: str) -> FileResponse:
    """The export written in the request, for lists short enough to wait for."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    write_xlsx(handle, rows, columns, title)
    handle.seek(0)
    return download_response(handle, export_filename(title))


def cells(sheet, values) -> list:
    """One row for `sheet.append()` (write-only or not) in which every text is a text cell:
    openpyxl would otherwise write a string starting with "=" as a live formula. A text
    that could be read as a formula is a text cell with Excel's quote prefix; any other
    text openpyxl already writes as text."""
    row = []
    for value in values:
        if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
            row.append(value)
            continue
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"
        cell.quotePrefix = True
        row.append(cell)
    return row


_LABELS: dict = {}


def choice_labels(model, field_name: str) -> dict:
    """{value: label} of a choice field in the active language, built once per model,
    field and language (Django builds the choices anew on every `get_<field>_display()`)."""
    key = (model, field_name, get_language())
    table = _LABELS.get(key)
    if table is None:
        choices = model._meta.get_field(field_name).flatchoices
        table = _LABELS[key] = {value: str(text) for value, text in choices}
    return table


def choice_label(row, field_name: str):
    """What `row.get_<field>_display()` says, from `choice_labels`."""
    value = getattr(row, field_name)
    return choice_labels(type(row), field_name).get(value, value)


def display(field_name: str):
    """An export column's function showing a choice field by its label (`choice_label`).
    `write_xlsx` asks it `for_export()` once, in the export's language, for a function that
    does not look the language up per cell."""

    def in_language():
        tables = {}

        def label(row):
            table = tables.get(type(row))
            if table is None:
                table = tables[type(row)] = choice_labels(type(row), field_name)
            value = getattr(row, field_name)
            return table.get(value, value)

        return label

    def label(row):
        return choice_label(row, field_name)

    label.for_export = in_language
    return label


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
