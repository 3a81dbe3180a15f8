"""What the posted 公示 shows of each entry: people by surname only, things as written,
and the 人数或数量 column in the unit of what it counts."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from organizations.templatetags.formatting import mask_names

from .choices import PEOPLE_USES
from .models import Expenditure

_COLON = re.compile(r"[：:]")
_UNIT = r"\s*([^\s\d、，,；;。.:：（）()]{1,2})"


@dataclass(frozen=True)
class NoticeRow:
    entry: Expenditure
    beneficiaries: str
    quantity: str

    @property
    def amount(self) -> Decimal:
        return self.entry.amount


def public_beneficiaries(entry: Expenditure) -> str:
    """慰问/补助 name people: "慰问一线党员：王强、赵敏" → "慰问一线党员：王*、赵*" (the
    words before a colon say what was done, they are no one's name). Items are shown as
    typed: "测温枪 10 把" is not a person."""
    if entry.use not in PEOPLE_USES:
        return entry.beneficiaries
    parts = _COLON.split(entry.beneficiaries, maxsplit=1)
    if len(parts) == 1:
        return mask_names(entry.beneficiaries)
    head = entry.beneficiaries[: len(parts[0]) + 1]
    return head + mask_names(parts[1])


def public_quantity(entry: Expenditure) -> str:
    """ "2 人" for people; for things the count in the unit the items give ("10 把"), or
    the bare count. A reversal takes its count back, as its amount does; none stated: —."""
    count = entry.beneficiary_count
    if not count:
        return "—"
    sign = "-" if entry.is_reversal else ""
    if entry.use in PEOPLE_USES:
        return _("%(sign)s%(count)s 人") % {"sign": sign, "count": count}
    stated = re.search(rf"(?<!\d){count}{_UNIT}", entry.beneficiaries)
    unit = f" {stated.group(1)}" if stated else ""
    return f"{sign}{count}{unit}"


def notice_rows(entries) -> list[NoticeRow]:
    return [
        NoticeRow(
            entry=entry,
            beneficiaries=public_beneficiaries(entry),
            quantity=public_quantity(entry),
        )
        for entry in entries
    ]
