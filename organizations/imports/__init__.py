"""Excel imports with a dry run: every row goes through the same service as the form.

An importer names its columns and turns one row into a service call (`save()`), or hands
all rows to a service that takes many at once (`import_rows()`, as members do). All rows run
inside one transaction, rolled back on a dry run or when any row fails, so an import writes
everything or nothing. Every error of every row comes back by row and column, in Chinese, in
one pass. `steps()` yields progress while it works, for the page's progress bar; `run()` is
the same without it. The rows counted are the same everywhere (progress, result page,
message): the non-blank rows below the header.

The header is looked for in the first rows (clerks put a merged title above it), matched
after `cells.header` (spaces and notes in brackets dropped); an optional column may be
left out, and is then not touched on an update and empty on a new record.
"""

import io
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, islice

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment

from ..exports import cells as text_cells
from ..models import Organization
from . import cells as importcells
from . import limits

HEADER_SEARCH_ROWS = 10
MAX_COLUMNS = 50  # cells read of each row: every template fits, a 16,384-wide row does not
WHOLE_ROW = "（整行）"


@dataclass
class Column:
    header: str
    field: str
    note: str
    required: bool = True
    mask: Callable[[str], str] | None = None  # what is kept and shown again of the cell


@dataclass
class RowResult:
    number: int
    values: list
    action: str = ""
    errors: list = field(default_factory=list)  # (column header, message)
    notes: list = field(default_factory=list)  # (column header, what will not be changed)


class ImportFailed(Exception):
    """Raised inside the transaction to roll it back."""


Step = tuple[str, int, int]  # ("read" | "check" | "write", rows done, rows)


class Cells:
    """Reads the cells of one row, keeping every error instead of stopping at the first."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def __call__(self, field_name: str, convert, *args):
        try:
            return convert(*args)
        except ValidationError as error:
            self.errors.setdefault(field_name, []).extend(error.messages)
            return None

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def drain(steps: Generator):
    """Run a generator of steps to its end and return what it returns."""
    while True:
        try:
            next(steps)
        except StopIteration as stop:
            return stop.value


class Importer:
    title = ""
    columns: list[Column] = []
    allowed_roles: tuple[str, ...] = ()  # empty: every role that may write
    progress_every = 100  # rows between two progress steps of the row-by-row import

    def __init__(self, user):
        self.user = user
        self.choice_codes: dict[str, dict[str, str]] = {}
        self.present: set[str] = set()  # fields whose column the file has
        self.row: RowResult | None = None  # the row `save()` is saving, for its notes

    @cached_property
    def organizations(self) -> dict[str, Organization]:
        return {org.code: org for org in Organization.objects.visible_to(self.user)}

    def save(self, data: dict) -> str:
        """Create or update one record through its service; return "新增" or "更新"."""
        raise NotImplementedError

    # Helpers for importers -------------------------------------------------------------
    def organization(self, code, field_name: str = "organization") -> Organization:
        organization = self.organizations.get(importcells.normalise(code or ""))
        if organization is None:
            raise ValidationError({field_name: _("组织编码不存在或不在您的工作范围内。")})
        return organization

    @staticmethod
    def date(value, field_name: str):
        try:
            return importcells.date(value)
        except ValidationError as error:
            raise ValidationError({field_name: error.messages}) from None

    def choice_code(self, value, choices, field_name: str) -> str | None:
        """The code of the choice typed as its code or its label (labels looked up once)."""
        if field_name not in self.choice_codes:
            codes = self.choice_codes[field_name] = {}
            for code, label in choices:
                codes.setdefault(code, code)
                codes.setdefault(str(label), code)
        typed = "".join(importcells.normalise(value or "").split())
        return self.choice_codes[field_name].get(typed)

    def choice(self, value, choices, field_name: str) -> str:
        code = self.choice_code(value, choices, field_name)
        if code is None:
            allowed = "、".join(str(label) for _, label in choices)
            raise ValidationError(
                {field_name: _("应为以下之一：%(allowed)s。") % {"allowed": allowed}}
            )
        return code

    # The template and the run -----------------------------------------------------------
    def template(self) -> bytes:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = self.title[:31]
        sheet.append([column.header for column in self.columns])
        for cell, column in zip(sheet[1], self.columns, strict=True):
            cell.comment = Comment(
                ("必填。" if column.required else "可空。") + column.note, "战斗堡垒"
            )
            sheet.column_dimensions[cell.column_letter].width = max(12, len(column.header) * 3)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def read(self, upload) -> list[RowResult]:
        """The non-blank rows below the header, reading no more of the file than an import
        may take: `IMPORT_MAX_ROWS` rows below the header (blank ones too: each is read),
        the first `MAX_COLUMNS` cells of each. A file with more is refused, measured before
        openpyxl opens it (`limits`) and counted again while it is read."""
        max_rows = settings.IMPORT_MAX_ROWS
        limits.check(
            upload,
            max_rows=max_rows,
            max_rows_read=HEADER_SEARCH_ROWS + max_rows,
            max_cells=(HEADER_SEARCH_ROWS + max_rows) * MAX_COLUMNS,
        )
        try:
            book = load_workbook(upload, read_only=True, data_only=True)
        except Exception:  # any unreadable file gets the same answer
            raise limits.unreadable() from None
        try:
            rows = book.active.iter_rows(values_only=True, max_col=MAX_COLUMNS)
            head = list(islice(rows, HEADER_SEARCH_ROWS))
            if not head:
                raise ValidationError(_("文件是空的。"))
            header_index, positions = self.find_header(head)
            below = islice(chain(head[header_index + 1 :], rows), max_rows + 1)
            results = []
            for count, row in enumerate(below, start=1):
                if count > max_rows:
                    raise limits.too_many_rows(max_rows)
                values = [
                    row[position] if position is not None and position < len(row) else None
                    for position in positions
                ]
                if all(importcells.is_blank(value) for value in values):
                    continue
                results.append(RowResult(number=header_index + 1 + count, values=values))
        except ValidationError:
            raise
        except Exception:  # a part of the file that cannot be read, found while reading it
            raise limits.unreadable() from None
        finally:
            book.close()
        self.present = {
            column.field
            for column, position in zip(self.columns, positions, strict=True)
            if position is not None
        }
        return results

    def find_header(self, rows: list) -> tuple[int, list[int | None]]:
        """The first of the first rows that names every required column, and where each
        column is in it (None: an optional column the file leaves out)."""
        required = [column.header for column in self.columns if column.required]
        closest = None  # (columns found, row index, columns missing)
        for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            headers = [importcells.header(value) for value in row]
            missing = [name for name in required if name not in headers]
            if not missing:
                return index, [
                    headers.index(column.header) if column.header in headers else None
                    for column in self.columns
                ]
            found = len(required) - len(missing)
            if found and (closest is None or found > closest[0]):
                closest = (found, index, missing)
        template = _("请使用系统提供的“%(title)s”模板。") % {"title": self.title}
        if closest is None:
            raise ValidationError(
                _(
                    "前 %(n)s 行中没有找到表头。表头应在第 1 至 %(n)s 行之间、数据之上，"
                    "列名为：%(columns)s。"
                )
                % {"n": HEADER_SEARCH_ROWS, "columns": "、".join(required)}
                + template
            )
        _found, index, missing = closest
        raise ValidationError(
            _("第 %(row)s 行是表头，缺少列：%(columns)s。")
            % {"row": index + 1, "columns": "、".join(missing)}
            + template
        )

    def run(self, upload, *, dry_run: bool) -> list[RowResult]:
        """The whole import at once; see `steps()`."""
        return drain(self.steps(upload, dry_run=dry_run))

    def steps(self, upload, *, dry_run: bool) -> Generator[Step, None, list[RowResult]]:
        """Read, then check (and unless a dry run, write) every row, yielding progress.

        Written only if not a dry run and no row failed; a file that cannot be used raises
        ValidationError. Drive it to the end: closing it early rolls everything back.
        """
        yield ("read", 0, 0)
        results = self.read(upload)
        try:
            yield from self.import_rows(results, dry_run=dry_run)
        except IntegrityError:
            raise ValidationError(
                _("导入时数据被他人同时修改，未写入任何数据。请重新试导入。")
            ) from None
        self.mask(results)
        return results

    def mask(self, results: list[RowResult]) -> None:
        """Once the rows are done with, mask the cells of the columns that say so (ID
        numbers), so what is kept for the result page and the error rows holds none."""
        masks = [(index, c.mask) for index, c in enumerate(self.columns) if c.mask]
        for result in results:
            for index, mask in masks:
                typed = importcells.text(result.values[index])
                if typed:
                    result.values[index] = mask(typed)

    def import_rows(self, results: list[RowResult], *, dry_run: bool) -> Generator[Step]:
        """Row by row through `save()`, each in a savepoint, inside one transaction."""
        stage = "check" if dry_run else "write"
        try:
            with transaction.atomic():
                for done, result in enumerate(results, start=1):
                    try:
                        if not result.errors:  # refused while reading: not saved
                            self.row = result
                            with transaction.atomic():
                                result.action = self.save(self.row_data(result))
                    except ValidationError as error:
                        self.add_errors(result, error)
                    except PermissionDenied:
                        result.errors.append((WHOLE_ROW, _("您的角色不能导入这类记录。")))
                    if done % self.progress_every == 0 or done == len(results):
                        yield (stage, done, len(results))
                if dry_run or any(result.errors for result in results):
                    raise ImportFailed
        except ImportFailed:
            pass

    def row_data(self, result: RowResult) -> dict:
        """The row's cells by field, of the columns the file has."""
        return {
            column.field: value
            for column, value in zip(self.columns, result.values, strict=True)
            if column.field in self.present
        }

    def add_errors(self, result: RowResult, error: ValidationError) -> None:
        """A ValidationError as (column header, message) pairs on the row, in column order."""
        headers = {column.field: column.header for column in self.columns}
        messages = getattr(error, "message_dict", {"": error.messages})
        order = list(headers.values())
        pairs = list(result.errors)
        for name, texts in messages.items():
            for text in texts:
                pair = (headers.get(name, WHOLE_ROW), text)
                if pair not in pairs:
                    pairs.append(pair)
        pairs.sort(key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order))
        result.errors[:] = pairs

    def error_workbook(self, results: list[RowResult]) -> bytes:
        """The rows with errors, with their row number in the uploaded file and a column
        saying why, to fix and upload again."""
        workbook = Workbook()
        sheet = workbook.active
        sheet.append([_("原行号"), *[column.header for column in self.columns], _("错误")])
        for result in results:
            if result.errors:
                reasons = "；".join(f"{column}：{text}" for column, text in result.errors)
                sheet.append(text_cells(sheet, [result.number, *result.values, reasons]))
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
