"""How much of a spreadsheet an import takes, asked before openpyxl opens it.

An .xlsx is a zip of XML parts, and a few kilobytes of it can unpack to millions of rows.
openpyxl, even read-only, parses a sheet without a stated size whole as it opens it (to
find its size) and each row whole before handing it on, at about a megabyte a second. So the
file is measured first, cheaply: the sizes the zip declares (reading stops at them), then
one pass of expat over each part counting rows and cells, stopping at the first row or cell
past the limits. What passes takes openpyxl a few seconds at most.
"""

import zipfile
from xml.parsers import expat

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

EXCEL_MAX_COLUMNS = 16384  # XFD: no row of a real workbook is wider


def unreadable() -> ValidationError:
    return ValidationError(_("无法读取该文件，请使用系统提供的 Excel 模板（.xlsx）。"))


def too_many_rows(max_rows: int) -> ValidationError:
    return ValidationError(
        _("文件超过 %(n)s 行（表头以下，空行也计算在内）。一次最多导入 %(n)s 行，请分批导入。")
        % {"n": max_rows}
    )


class _Refused(Exception):
    def __init__(self, error: ValidationError):
        self.error = error


class _Counter:
    """Rows and cells of the sheet data of one part, refused past the limits."""

    def __init__(self, *, max_rows: int, max_cells: int, message_rows: int):
        self.max_rows, self.max_cells, self.message_rows = max_rows, max_cells, message_rows
        self.in_sheet = False
        self.rows = self.cells = self.row_cells = 0

    def start(self, name: str, attributes) -> None:
        local = name.rpartition(" ")[2]
        if local == "sheetData":
            self.in_sheet = True
        elif not self.in_sheet:
            return
        elif local == "row":
            self.rows += 1
            self.row_cells = 0
            if self.rows > self.max_rows:
                raise _Refused(too_many_rows(self.message_rows))
        elif local == "c":
            self.cells += 1
            self.row_cells += 1
            if self.cells > self.max_cells or self.row_cells > EXCEL_MAX_COLUMNS:
                raise _Refused(
                    ValidationError(
                        _("文件的列或单元格太多，不能导入。请只保留模板中的列，或分批导入。")
                    )
                )


def _refuse_doctype(*args) -> None:
    raise _Refused(unreadable())  # an .xlsx never has one; entities could expand without end


def check(upload, *, max_rows: int, max_rows_read: int, max_cells: int) -> None:
    """Refuse `upload` if it unpacks to more than `IMPORT_MAX_UNCOMPRESSED_BYTES`, or a
    part holds more than `max_rows_read` rows or `max_cells` cells (`max_rows` is the limit
    the message names). Leaves the file at its start."""
    limit = settings.IMPORT_MAX_UNCOMPRESSED_BYTES
    try:
        with zipfile.ZipFile(upload) as archive:
            parts = archive.infolist()
            if sum(part.file_size for part in parts) > limit:
                raise ValidationError(
                    _(
                        "文件解压后超过 %(size)s，不能导入。请删去多余的工作表、图片和格式，"
                        "或分批导入。"
                    )
                    % {"size": filesizeformat(limit)}
                )
            for part in parts:
                counter = _Counter(
                    max_rows=max_rows_read, max_cells=max_cells, message_rows=max_rows
                )
                parser = expat.ParserCreate(namespace_separator=" ")
                parser.StartElementHandler = counter.start
                parser.StartDoctypeDeclHandler = _refuse_doctype
                with archive.open(part) as source:
                    try:
                        parser.ParseFile(source)
                    except expat.ExpatError:  # not XML (a picture), or broken where openpyxl
                        continue  # would stop too: what was counted up to there stands
    except _Refused as refused:
        raise refused.error from None
    except ValidationError:
        raise
    except Exception:  # not a zip, or a part that cannot be unpacked
        raise unreadable() from None
    finally:
        upload.seek(0)


def count_rows(path, *, cap: int) -> int:
    """The rows of the largest sheet of the file at `path` (blank ones and the header
    included), counted as `check()` counts them and no further than `cap`; 0 for a file that
    cannot be counted or is too large unpacked, which the import itself then refuses with
    its reason. Tells, before the file is read, whether its import runs in the request or
    as a job."""
    most = 0
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if sum(part.file_size for part in parts) > settings.IMPORT_MAX_UNCOMPRESSED_BYTES:
                return 0
            for part in parts:
                if not part.filename.startswith("xl/worksheets/"):
                    continue
                counter = _Counter(max_rows=cap, max_cells=cap * EXCEL_MAX_COLUMNS, message_rows=0)
                parser = expat.ParserCreate(namespace_separator=" ")
                parser.StartElementHandler = counter.start
                parser.StartDoctypeDeclHandler = _refuse_doctype
                try:
                    with archive.open(part) as source:
                        parser.ParseFile(source)
                except _Refused:
                    counter.rows = min(counter.rows, cap)
                most = max(most, counter.rows)
    except Exception:  # not a zip, not XML, a DOCTYPE: the import says why
        return 0
    return most
