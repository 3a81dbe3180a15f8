from functools import cached_property

from django.core.exceptions import ValidationError

from organizations.choices import Role
from organizations.imports import Column, Importer

from .models import Cadre, CadreCategory
from .services import cadre_create


class CadreImporter(Importer):
    """干部名册: a row per cadre, each through `cadre_create` (a county has a few thousand)."""

    title = "干部名册"
    allowed_roles = (Role.COUNTY_STAFF,)  # cadres are the county's to keep
    columns = [
        Column("姓名", "name", ""),
        Column("所在单位编码", "organization", "组织体系中的组织编码。"),
        Column("职务", "post_title", "如：党委书记。"),
        Column("类别", "category", "干部类别名称，如：党政主要负责同志。"),
        Column("手机号码", "phone", "11 位手机号码。", required=False),
        Column("出生年份", "birth_year", "四位数字，如 1978。"),
    ]

    @cached_property
    def categories(self) -> dict[str, CadreCategory]:
        return {category.name: category for category in CadreCategory.objects.all()}

    def save(self, data: dict) -> str:
        organization = self.organization(data["organization"])
        category = self.categories.get(str(data["category"] or "").strip())
        if category is None:
            raise ValidationError({"category": f"应为以下之一：{'、'.join(self.categories)}。"})
        name = str(data["name"] or "").strip()
        post = str(data["post_title"] or "").strip()
        if Cadre.objects.filter(name=name, organization=organization, post_title=post).exists():
            raise ValidationError("同一单位已有同名同职务的干部（重复行）。")
        try:
            birth_year = int(data["birth_year"])
        except (TypeError, ValueError):
            raise ValidationError({"birth_year": "出生年份应为四位数字。"}) from None
        cadre_create(
            user=self.user,
            name=name,
            organization=organization,
            post_title=post,
            category=category,
            phone=str(data["phone"] or "").strip(),
            birth_year=birth_year,
        )
        return "新增"
