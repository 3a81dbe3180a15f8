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
# "2000 只", "50桶": a number and the measure word after it ("N95" is a name, not 95 of it).
_QUANTITY = re.compile(
    r"(?<![\dA-Za-z.])(\d+(?:\.\d+)?)\s*(公斤|千克|[只个把桶套顶箱瓶盒件包袋副台支双张份斤升吨米罐条块辆卷片粒])"
)


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
    """ "2 人" for people. For things, the quantities the items state ("测温枪 10 把" →
    "10 把"; two items → "2000 只、50 桶"), so the column cannot contradict the items;
    the bare count where they state none. A reversal takes back what it reverses, as its
    amount does; nothing stated: —."""
    sign = "-" if entry.is_reversal else ""
    if entry.use not in PEOPLE_USES:
        stated = _QUANTITY.findall(entry.beneficiaries)
        if stated:
            return "、".join(f"{sign}{number} {unit}" for number, unit in stated)
    count = entry.beneficiary_count
    if not count:
        return "—"
    if entry.use in PEOPLE_USES:
        return _("%(sign)s%(count)s 人") % {"sign": sign, "count": count}
    return f"{sign}{count}"


def notice_rows(entries) -> list[NoticeRow]:
    return [
        NoticeRow(
            entry=entry,
            beneficiaries=public_beneficiaries(entry),
            quantity=public_quantity(entry),
        )
        for entry in entries
    ]
