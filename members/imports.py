from collections.abc import Generator

from django.core.exceptions import ValidationError

from organizations.imports import Cells, Column, Importer, RowResult, Step
from organizations.imports import cells as importcells

from .choices import Education, MemberCategory
from .services import CREATED, members_import


class MemberImporter(Importer):
    """党员名册: a row per member; an ID number already in scope updates that member.

    Every row is read into the fields `member_create` takes, then all rows go to
    `members_import` at once, which checks them with the same rules and writes in batches.
    """

    title = "党员名册"
    columns = [
        Column("姓名", "name", ""),
        Column(
            "身份证号码",
            "id_number",
            "18 位，校验位正确；性别和出生日期由此得出。请把这一列设为文本格式。",
            mask=importcells.masked_id_number,
        ),
        Column("手机号码", "phone", "11 位手机号码。", required=False),
        Column("民族", "ethnicity", "如：汉族。空着按汉族。", required=False),
        Column("学历", "education", "研究生、大学本科、大学专科、中专、高中、初中及以下。"),
        Column("所在党支部编码", "organization", "组织体系中的组织编码，须是党支部。"),
        Column("党员类别", "category", "在职、离退休、流动、县直机关。"),
        Column("入党日期", "joined_on", "如 2010-07-01，也可写作 2010.7.1 或 2010年7月1日。"),
        Column("转正日期", "full_member_on", "预备党员空着。", required=False),
    ]

    def fields(self, data: dict) -> tuple[dict, dict]:
        """The cells of one row as `member_create`'s keyword arguments, and every cell's
        error. An optional column the file leaves out is not among the arguments (empty on
        a new member, kept on a known one); an unreadable cell is passed empty, its own
        error standing for whatever the service says about it."""
        cells = Cells()
        fields = {
            "name": cells("name", importcells.free_text, data["name"]) or "",
            "id_number": cells("id_number", importcells.id_number, data["id_number"]) or "",
            "education": cells(
                "education", self.choice, data["education"], Education.choices, "education"
            ),
            "organization": cells("organization", self.organization, data["organization"]),
            "category": cells(
                "category", self.choice, data["category"], MemberCategory.choices, "category"
            ),
            "joined_on": cells("joined_on", self.date, data["joined_on"], "joined_on"),
        }
        if "phone" in data:
            fields["phone"] = cells("phone", importcells.mobile, data["phone"]) or ""
        if "ethnicity" in data:
            fields["ethnicity"] = (
                cells("ethnicity", importcells.free_text, data["ethnicity"]) or "汉族"
            )
        if "full_member_on" in data:
            fields["full_member_on"] = cells(
                "full_member_on", self.date, data["full_member_on"], "full_member_on"
            )
        return fields, cells.errors

    def import_rows(self, results: list[RowResult], *, dry_run: bool) -> Generator[Step]:
        """Every row goes to the service, so it reports what it finds beside the cells that
        could not be read, and counts the same rows as the page."""
        rows, unreadable = [], []
        for result in results:
            fields, errors = self.fields(self.row_data(result))
            rows.append(fields)
            unreadable.append(errors)
        outcomes = yield from members_import(
            user=self.user, rows=rows, dry_run=dry_run or any(unreadable)
        )
        for result, outcome, errors in zip(results, outcomes, unreadable, strict=True):
            if errors:
                self.add_errors(result, ValidationError(errors))
            if isinstance(outcome, ValidationError):
                said = getattr(outcome, "message_dict", {"": outcome.messages})
                self.add_errors(
                    result,
                    ValidationError(
                        {name: texts for name, texts in said.items() if name not in errors}
                    ),
                )
            elif not errors:
                result.action = "新增" if outcome == CREATED else "更新"
