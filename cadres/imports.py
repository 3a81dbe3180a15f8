import re
from functools import cached_property

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from organizations.imports import Cells, Column, Importer
from organizations.imports import cells as importcells
from organizations.policy import POLICY, Action

from .choices import Management
from .models import Cadre, CadreCategory
from .services import cadre_create

# 管理权限 as a clerk writes it ("乡管", "乡管干部（乡镇党委管理）", the code); what is in
# brackets after the name is a note.
MANAGEMENT_WORDS = {
    "县管": Management.COUNTY,
    "县管干部": Management.COUNTY,
    "乡管": Management.TOWNSHIP,
    "乡管干部": Management.TOWNSHIP,
    "市管": Management.HIGHER,
    "市管干部": Management.HIGHER,
    "上级管理": Management.HIGHER,
    **{code: code for code in Management.values},
}


class CadreImporter(Importer):
    """干部名册: a row per cadre, each through `cadre_create` (a county has a few thousand)."""

    title = "干部名册"
    # Cadres are the county's to keep: the roles of the policy's rule (the import machinery
    # asks roles; `cadre_create` asks the policy again for each row).
    allowed_roles = tuple(POLICY[Action.CADRE_EDIT].roles)
    columns = [
        Column("姓名", "name", ""),
        Column("所在单位编码", "organization", "组织体系中的组织编码。"),
        Column("职务", "post_title", "如：党委书记。"),
        Column("类别", "category", "干部类别名称，如：党政主要负责同志。"),
        Column("手机号码", "phone", "11 位手机号码。", required=False),
        Column("出生年份", "birth_year", "四位数字，如 1978。"),
        Column(
            "管理权限",
            "management",
            "县管、乡管或市管；不填为县管。",
            required=False,
        ),
    ]

    @cached_property
    def categories(self) -> dict[str, CadreCategory]:
        return {category.name: category for category in CadreCategory.objects.all()}

    def save(self, data: dict) -> str:
        cells = Cells()
        organization = cells("organization", self.organization, data["organization"])
        category = cells("category", self.category, data["category"])
        phone = cells("phone", importcells.mobile, data.get("phone")) or ""
        birth_year = cells(
            "birth_year", importcells.whole_number, data["birth_year"], _("出生年份应为四位数字。")
        )
        if birth_year is None and "birth_year" not in cells.errors:
            cells.errors["birth_year"] = [_("出生年份应为四位数字。")]
        management = (
            cells("management", self.management, data.get("management")) or Management.COUNTY
        )
        name = cells("name", importcells.free_text, data["name"])
        post = cells("post_title", importcells.free_text, data["post_title"])
        cells.raise_if_any()
        if Cadre.objects.filter(name=name, organization=organization, post_title=post).exists():
            raise ValidationError(_("同一单位已有同名同职务的干部（重复行）。"))
        cadre_create(
            user=self.user,
            name=name,
            organization=organization,
            post_title=post,
            category=category,
            phone=phone,
            birth_year=birth_year,
            management=management,
        )
        return "新增"

    def management(self, value) -> str:
        """管理权限 as a clerk writes it (县管, 乡管, 市管) or by its full name; blank is 县管."""
        if not importcells.text(value):
            return Management.COUNTY
        typed = "".join(importcells.normalise(value).split())
        code = MANAGEMENT_WORDS.get(re.split(r"[（(]", typed)[0])
        if code is None:
            raise ValidationError(_("应为县管、乡管或市管。"))
        return code

    def category(self, value) -> CadreCategory:
        category = self.categories.get(importcells.text(value))
        if category is None:
            raise ValidationError(
                _("应为以下之一：%(allowed)s。") % {"allowed": "、".join(self.categories)}
            )
        return category
