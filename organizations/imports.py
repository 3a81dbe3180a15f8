"""Excel imports with a dry run: every row goes through the same service as the form.

An importer names its columns and turns one row into a service call (`save()`), or hands
all rows to a service that takes many at once (`import_rows()`, as members do). All rows run
inside one transaction, rolled back on a dry run or when any row fails, so an import writes
everything or nothing. Errors come back by row and column, in Chinese. `steps()` yields
progress while it works, for the page's progress bar; `run()` is the same without it.
"""

import datetime
import io
from collections.abc import Generator
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment

from .choices import OrganizationKind, Role, Sector
from .models import Organization
from .services import organization_create, organization_update_contact


@dataclass
class Column:
    header: str
    field: str
    note: str
    required: bool = True


@dataclass
class RowResult:
    number: int
    values: list
    action: str = ""
    errors: list = field(default_factory=list)  # (column header, message)


class ImportFailed(Exception):
    """Raised inside the transaction to roll it back."""


Step = tuple[str, int, int]  # ("read" | "check" | "write", rows done, rows)


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

    @cached_property
    def organizations(self) -> dict[str, Organization]:
        return {org.code: org for org in Organization.objects.visible_to(self.user)}

    def save(self, data: dict) -> str:
        """Create or update one record through its service; return "新增" or "更新"."""
        raise NotImplementedError

    # Helpers for importers -------------------------------------------------------------
    def organization(self, code: str) -> Organization:
        organization = self.organizations.get(str(code or "").strip())
        if organization is None:
            raise ValidationError({"organization": "组织编码不存在或不在您的工作范围内。"})
        return organization

    @staticmethod
    def date(value, field_name: str):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value).strip().replace("/", "-"))
        except ValueError:
            raise ValidationError({field_name: "日期格式应为 2020-01-31。"}) from None

    def choice(self, value, choices, field_name: str) -> str:
        """The code of the choice typed as its code or its label (labels looked up once)."""
        if field_name not in self.choice_codes:
            codes = self.choice_codes[field_name] = {}
            for code, label in choices:
                codes.setdefault(code, code)
                codes.setdefault(str(label), code)
        code = self.choice_codes[field_name].get(str(value or "").strip())
        if code is None:
            allowed = "、".join(str(label) for _, label in choices)
            raise ValidationError({field_name: f"应为以下之一：{allowed}。"})
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
        try:
            sheet = load_workbook(upload, read_only=True, data_only=True).active
            rows = list(sheet.iter_rows(values_only=True))
        except Exception:  # any unreadable file gets the same answer
            raise ValidationError(
                "无法读取该文件，请使用系统提供的 Excel 模板（.xlsx）。"
            ) from None
        if not rows:
            raise ValidationError("文件是空的。")
        headers = [str(value or "").strip() for value in rows[0]]
        missing = [column.header for column in self.columns if column.header not in headers]
        if missing:
            raise ValidationError(
                f"缺少列：{'、'.join(missing)}。请使用系统提供的“{self.title}”模板。"
            )
        positions = [headers.index(column.header) for column in self.columns]
        results = []
        for number, row in enumerate(rows[1:], start=2):
            values = [row[position] if position < len(row) else None for position in positions]
            if all(value in (None, "") for value in values):
                continue
            results.append(RowResult(number=number, values=values))
        return results

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
        return results

    def import_rows(self, results: list[RowResult], *, dry_run: bool) -> Generator[Step]:
        """Row by row through `save()`, each in a savepoint, inside one transaction."""
        stage = "check" if dry_run else "write"
        try:
            with transaction.atomic():
                for done, result in enumerate(results, start=1):
                    try:
                        with transaction.atomic():
                            result.action = self.save(self.row_data(result))
                    except ValidationError as error:
                        self.add_errors(result, error)
                    except PermissionDenied:
                        result.errors.append(("（整行）", "您的角色不能导入这类记录。"))
                    if done % self.progress_every == 0 or done == len(results):
                        yield (stage, done, len(results))
                if dry_run or any(result.errors for result in results):
                    raise ImportFailed
        except ImportFailed:
            pass

    def row_data(self, result: RowResult) -> dict:
        return {
            column.field: value for column, value in zip(self.columns, result.values, strict=True)
        }

    def add_errors(self, result: RowResult, error: ValidationError) -> None:
        """A service's ValidationError as (column header, message) pairs on the row."""
        headers = {column.field: column.header for column in self.columns}
        messages = getattr(error, "message_dict", {"": error.messages})
        for name, texts in messages.items():
            for text in texts:
                result.errors.append((headers.get(name, "（整行）"), text))

    def error_workbook(self, results: list[RowResult]) -> bytes:
        """The rows with errors, plus a column saying why, to fix and upload again."""
        workbook = Workbook()
        sheet = workbook.active
        sheet.append([*[column.header for column in self.columns], "错误"])
        for result in results:
            if result.errors:
                reasons = "；".join(f"{column}：{text}" for column, text in result.errors)
                sheet.append([*result.values, reasons])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


class OrganizationImporter(Importer):
    """组织体系: a new code adds an organization under its parent; a known code updates its
    secretary, phone and households. Parents may be rows earlier in the same file."""

    title = "组织体系"
    columns = [
        Column("名称", "name", ""),
        Column("组织编码", "code", "2 至 32 位字母、数字或连字符，不能重复。"),
        Column("组织类别", "kind", "乡镇党委、党委、党总支、党支部等。"),
        Column("所属领域", "sector", "农村、城市社区、机关、医疗卫生等。"),
        Column("上级组织编码", "parent", "新建组织时必填。", required=False),
        Column("书记", "secretary_name", "", required=False),
        Column("联系电话", "contact_phone", "手机或带区号的固定电话。", required=False),
        Column("覆盖户数", "households_covered", "非负整数。", required=False),
    ]

    def save(self, data: dict) -> str:
        code = str(data["code"] or "").strip()
        try:
            households = int(data["households_covered"] or 0)
        except (TypeError, ValueError):
            raise ValidationError({"households_covered": "覆盖户数应为整数。"}) from None
        contact = {
            "secretary_name": str(data["secretary_name"] or "").strip(),
            "contact_phone": str(data["contact_phone"] or "").strip(),
            "households_covered": households,
        }
        existing = self.organizations.get(code)
        if existing is not None:
            organization_update_contact(organization=existing, user=self.user, **contact)
            return "更新"
        if not self.user.may_write or self.user.role == Role.BRANCH_SECRETARY:
            raise PermissionDenied
        organization = organization_create(
            parent=self.organization(data["parent"]),
            user=self.user,
            name=str(data["name"] or "").strip(),
            code=code,
            kind=self.choice(data["kind"], OrganizationKind.choices, "kind"),
            sector=self.choice(data["sector"], Sector.choices, "sector"),
            **contact,
        )
        self.organizations[code] = organization
        return "新增"
