"""Personal data shown masked by default (notice-era rules on party members' files)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARACTERS = "10X98765432"
# ASCII digits only: \d would also take "４" or "٤", so one person's number could be stored
# twice in different digits and slip past the uniqueness constraint. \Z: no trailing newline.
ID_PATTERN = re.compile(r"^[0-9]{17}[0-9X]\Z")
# The provinces of GB/T 2260: the first two digits of every resident ID number's region.
PROVINCE_CODES = frozenset(
    str(code)
    for code in (
        *range(11, 16),
        *range(21, 24),
        *range(31, 38),
        *range(41, 47),
        *range(50, 55),
        *range(61, 66),
        71,
        81,
        82,
    )
)

mobile_validator = RegexValidator(
    r"^1[3-9][0-9]{9}\Z", _("请填写 11 位大陆手机号码（1 开头，第二位为 3 至 9）")
)


def id_number_check_character(first_17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first_17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARACTERS[total % 11]


def parse_id_number(value: str) -> tuple[datetime.date, str]:
    """Check an 18-digit resident ID number; return the birth date and gender it encodes.

    Gender is "male" for an odd 17th digit, "female" for an even one (GB 11643).
    """
    value = (value or "").strip().upper()
    if not ID_PATTERN.match(value):
        raise ValidationError(_("身份证号码应为 18 位，前 17 位为数字，最后一位为数字或 X。"))
    if value[:2] not in PROVINCE_CODES:
        raise ValidationError(_("身份证号码前两位（地区码）不是有效的省级代码，请核对。"))
    if id_number_check_character(value[:17]) != value[17]:
        raise ValidationError(_("身份证号码校验位不正确，请核对。"))
    try:
        birth_date = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(_("身份证号码中的出生日期不存在，请核对。")) from None
    if birth_date.year < 1900 or birth_date > timezone.localdate():
        raise ValidationError(_("身份证号码中的出生日期不合理，请核对。"))
    gender = "male" if int(value[16]) % 2 else "female"
    return birth_date, gender


def validate_id_number(value: str) -> None:
    parse_id_number(value)


def mask_id_number(value: str) -> str:
    """4107**********1234: region kept for orientation, the last four for telling apart."""
    if not value:
        return ""
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"


def mask_phone(value: str) -> str:
    """138****5678."""
    if not value:
        return ""
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


def build_id_number(region: str, birth_date: datetime.date, sequence: int) -> str:
    """A well-formed ID number (for demo data and tests): sequence's last digit odd = male."""
    first_17 = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
    return first_17 + id_number_check_character(first_17)


class MaskedPersonalData:
    """For models with `id_number` and/or `phone`: the masked forms every page shows."""

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(getattr(self, "id_number", ""))

    @property
    def masked_phone(self) -> str:
        return mask_phone(getattr(self, "phone", ""))
