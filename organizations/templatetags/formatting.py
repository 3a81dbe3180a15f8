"""Display helpers shared by every app's templates."""

import re

from django import template

from organizations import money
from organizations.exports import choice_label

register = template.Library()

CHINESE_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


@register.filter
def yuan(value) -> str:
    """¥1,234.50 (money is Decimal yuan with two places)."""
    if value is None or value == "":
        return "—"
    return money.yuan(value)


@register.filter
def mask_names(text: str) -> str:
    """张三、李四 → 张*、李*: people's names on a posted notice show only the surname."""
    parts = re.split(r"([、，,；;：:\s]+)", text or "")
    return "".join(
        part[0] + "*" * (len(part) - 1) if CHINESE_NAME.match(part) else part for part in parts
    )


@register.filter
def label(row, field_name: str):
    """`row.get_<field>_display()` without building the choices per cell (a list shows 50
    rows of several): `exports.choice_label`, the export columns' own."""
    return choice_label(row, field_name)
