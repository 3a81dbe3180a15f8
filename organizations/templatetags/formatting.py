"""Display helpers shared by every app's templates."""

import re

from django import template
from django.utils.translation import get_language

from organizations import money

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


_LABELS: dict = {}


@register.filter
def label(row, field_name: str) -> str:
    """`row.get_<field>_display()` with the labels of each model field looked up once per
    language, not built anew for every cell (a list shows 50 rows of several)."""
    key = (type(row), field_name, get_language())
    table = _LABELS.get(key)
    if table is None:
        choices = row._meta.get_field(field_name).flatchoices
        table = _LABELS[key] = {value: str(text) for value, text in choices}
    value = getattr(row, field_name)
    return table.get(value, value)
