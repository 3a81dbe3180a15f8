from collections.abc import Generator

from django.core.exceptions import ValidationError

from organizations.imports import Column, Importer, RowResult, Step

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
        Column("身份证号码", "id_number", "18 位，校验位正确；性别和出生日期由此得出。"),
        Column("手机号码", "phone", "11 位手机号码。", required=False),
        Column("民族", "ethnicity", "如：汉族。空着按汉族。", required=False),
        Column("学历", "education", "研究生、大学本科、大学专科、中专、高中、初中及以下。"),
        Column("所在党支部编码", "organization", "组织体系中的组织编码，须是党支部。"),
        Column("党员类别", "category", "在职、离退休、流动、县直机关。"),
        Column("入党日期", "joined_on", "如 2010-07-01。"),
        Column("转正日期", "full_member_on", "预备党员空着。", required=False),
    ]

    def fields(self, data: dict) -> dict:
        """The cells of one row as `member_create`'s keyword arguments."""
        return {
            "name": str(data["name"] or "").strip(),
            "id_number": str(data["id_number"] or "").strip().upper(),
            "phone": str(data["phone"] or "").strip(),
            "ethnicity": str(data["ethnicity"] or "汉族").strip(),
            "education": self.choice(data["education"], Education.choices, "education"),
            "organization": self.organization(data["organization"]),
            "category": self.choice(data["category"], MemberCategory.choices, "category"),
            "joined_on": self.date(data["joined_on"], "joined_on"),
            "full_member_on": self.date(data["full_member_on"], "full_member_on"),
        }

    def import_rows(self, results: list[RowResult], *, dry_run: bool) -> Generator[Step]:
        readable, rows = [], []
        for result in results:
            try:
                rows.append(self.fields(self.row_data(result)))
            except ValidationError as error:
                self.add_errors(result, error)
            else:
                readable.append(result)
        outcomes = yield from members_import(
            user=self.user, rows=rows, dry_run=dry_run or len(readable) < len(results)
        )
        for result, outcome in zip(readable, outcomes, strict=True):
            if isinstance(outcome, ValidationError):
                self.add_errors(result, outcome)
            else:
                result.action = "新增" if outcome == CREATED else "更新"
