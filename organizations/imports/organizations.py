"""The organization tree from a spreadsheet: new codes added under their parents, known
codes' contacts kept up to date."""

from collections.abc import Generator

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from ..choices import OrganizationKind, Role, Sector
from ..models import Organization, phone_validator
from ..services import organization_create, organization_update_contact, placement_check
from . import Cells, Column, Importer, RowResult, Step
from . import cells as importcells


class ParentCycle(Exception):
    """Rows of the file whose parents lead back to themselves."""


class OrganizationImporter(Importer):
    """组织体系: a new code adds an organization under its parent; a known code updates its
    secretary, phone and households.

    Rows are taken parent first, so a parent may be anywhere in the file. A known code's
    name, kind, sector and parent are not changed by an import: renaming or moving an
    organization changes what every record under it belongs to, so it stays a step of its
    own in the organization admin (`organization_move`). The dry run says so on the row.
    """

    title = "组织体系"
    columns = [
        Column("名称", "name", ""),
        Column("组织编码", "code", "2 至 32 位字母、数字或连字符，不能重复。"),
        Column("组织类别", "kind", "乡镇党委、党委、党总支、党支部等。"),
        Column("所属领域", "sector", "农村、城市社区、机关、医疗卫生等。"),
        Column(
            "上级组织编码",
            "parent",
            "新建组织时必填；上级可以是本文件中的其他行。已有组织的上级不会因导入而改变。",
            required=False,
        ),
        Column("书记", "secretary_name", "", required=False),
        Column("联系电话", "contact_phone", "手机或带区号的固定电话。", required=False),
        Column("覆盖户数", "households_covered", "非负整数。", required=False),
    ]

    def __init__(self, user):
        super().__init__(user)
        self.rows_by_code: dict[str, RowResult] = {}

    def import_rows(self, results: list[RowResult], *, dry_run: bool) -> Generator[Step]:
        yield from super().import_rows(self.parents_first(results), dry_run=dry_run)

    def parents_first(self, results: list[RowResult]) -> list[RowResult]:
        """The rows ordered so that a row whose parent is another row comes after it.

        Rows whose parents lead back to themselves are refused under 上级组织编码.
        """
        for result in results:
            self.rows_by_code.setdefault(self.cell_code(result, "code"), result)
        ordered, placed, visiting = [], set(), set()

        def place(result: RowResult) -> None:
            if id(result) in placed:
                return
            if id(result) in visiting:
                raise ParentCycle
            visiting.add(id(result))
            parent_row = self.rows_by_code.get(self.cell_code(result, "parent"))
            if parent_row is not None and parent_row is not result:
                place(parent_row)
            visiting.discard(id(result))
            placed.add(id(result))
            ordered.append(result)

        for result in results:
            try:
                place(result)
            except ParentCycle:
                self.add_errors(
                    result,
                    ValidationError(
                        {"parent": _("本文件中的上级链条出现循环（互为上级），请核对。")}
                    ),
                )
                visiting.clear()
                placed.add(id(result))
                ordered.append(result)
        return ordered

    def cell_code(self, result: RowResult, field_name: str) -> str:
        position = [column.field for column in self.columns].index(field_name)
        return importcells.normalise(importcells.text(result.values[position]))

    def save(self, data: dict) -> str:
        code = importcells.normalise(importcells.text(data["code"]))
        existing = self.organizations.get(code)
        cells = Cells()
        contact = {}
        if "secretary_name" in self.present:
            contact["secretary_name"] = (
                cells("secretary_name", importcells.free_text, data["secretary_name"]) or ""
            )
        if "contact_phone" in self.present:
            contact["contact_phone"] = cells(
                "contact_phone", importcells.phone, data["contact_phone"], phone_validator
            )
        if "households_covered" in self.present:
            households = cells(
                "households_covered",
                importcells.whole_number,
                data["households_covered"],
                _("覆盖户数应为非负整数。"),
            )
            contact["households_covered"] = households or 0
        if existing is not None:
            cells.raise_if_any()
            self.note_unchanged(existing, data)
            organization_update_contact(
                organization=existing,
                user=self.user,
                **{
                    "secretary_name": existing.secretary_name,
                    "contact_phone": existing.contact_phone,
                    "households_covered": existing.households_covered,
                    **contact,
                },
            )
            return "更新"
        if not self.user.may_write or self.user.role == Role.BRANCH_SECRETARY:
            raise PermissionDenied
        kind = cells("kind", self.choice, data["kind"], OrganizationKind.choices, "kind")
        sector = cells("sector", self.choice, data["sector"], Sector.choices, "sector")
        parent = cells("parent", self.parent, data.get("parent"))
        if parent is not None and kind is not None:
            try:
                placement_check(kind=kind, parent=parent)
            except ValidationError as error:
                cells.errors.setdefault("parent", []).extend(error.messages)
        name = cells("name", importcells.free_text, data["name"]) or ""
        fields = {"name": name, "code": code, "kind": kind}
        fields = {**fields, "sector": sector, **contact}
        self.field_errors(cells, fields)
        cells.raise_if_any()
        organization = organization_create(parent=parent, user=self.user, **fields)
        self.organizations[code] = organization
        return "新增"

    @staticmethod
    def field_errors(cells: Cells, fields: dict) -> None:
        """What `organization_create`'s full_clean would say about the cells that could be
        read, said now beside the others (it checks them again when it saves)."""
        readable = {name: value for name, value in fields.items() if name not in cells.errors}
        try:
            Organization(**readable).full_clean(
                exclude=["path", "depth", "numchild", "township", *cells.errors]
            )
        except ValidationError as error:
            for name, texts in error.message_dict.items():
                cells.errors.setdefault(name, []).extend(texts)

    def parent(self, value) -> Organization:
        code = importcells.normalise(importcells.text(value))
        if not code:
            raise ValidationError(_("新建组织须填写上级组织编码。"))
        row = self.rows_by_code.get(code)
        if code not in self.organizations and row is not None and row.errors:
            raise ValidationError(
                _("上级组织（本文件第 %(row)s 行）有错误，未能新建。") % {"row": row.number}
            )
        return self.organization(code, "parent")

    def note_unchanged(self, existing: Organization, data: dict) -> None:
        """Say on the row which typed values differ from the organization and stay as
        they are."""
        differ = {}
        name = importcells.text(data["name"])
        if name and name != existing.name:
            differ["name"] = (existing.name, name)
        for field_name, choices in (("kind", OrganizationKind), ("sector", Sector)):
            typed = importcells.text(data[field_name])
            code = self.choice_code(typed, choices.choices, field_name)
            if typed and code != getattr(existing, field_name):
                differ[field_name] = (choices(getattr(existing, field_name)).label, typed)
        parent_code = importcells.normalise(importcells.text(data.get("parent")))
        current = Organization.objects.get_parent(existing)
        if parent_code and parent_code != (current.code if current else ""):
            differ["parent"] = (current.code if current else "", parent_code)
        headers = {column.field: column.header for column in self.columns}
        self.row.notes = [
            (
                headers[field_name],
                _("不会修改：现为“%(now)s”，表中为“%(typed)s”。") % {"now": now, "typed": typed},
            )
            for field_name, (now, typed) in differ.items()
        ]
