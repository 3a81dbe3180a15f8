"""Cells of a clerk's spreadsheet read as what they unambiguously mean.

Headers with spaces or a note in brackets, dates typed as 1990.1.1 or 1990年1月1日 or kept
as Excel dates, phones with spaces, dashes or +86, full-width digits: each is read as the
one value it can only mean, in ASCII. What could mean two things is refused with a message
saying how to write it. Every function raises a ValidationError without a field name; the
importer puts it under the cell's column.
"""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from ..personal import mask_id_number, mobile_validator

BRACKETED = re.compile(r"[(\[【〔].*?(?:[)\]】〕]|\Z)")
DATE = re.compile(
    r"(?P<year>[0-9]{4})\s*[-/.年]\s*(?P<month>[0-9]{1,2})\s*[-/.月]\s*(?P<day>[0-9]{1,2})\s*日?"
    r"(?:\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?"
)
COMPACT_DATE = re.compile(r"(?P<year>[0-9]{4})(?P<month>[0-9]{2})(?P<day>[0-9]{2})")
LAST_EXCEL_SERIAL = 2958465  # 9999-12-31
CHINA_PREFIX = re.compile(r"^(?:\+?86|0086)(?=1[0-9]{10}$)")


def normalise(value) -> str:
    """Text in ASCII where Unicode has an ASCII form (full-width digits, letters, brackets,
    the ideographic space), stripped."""
    return unicodedata.normalize("NFKC", str(value)).strip()


def header(value) -> str:
    """ "姓 名", "身份证号码（18位）", "*手机号码(选填)" → 姓名, 身份证号码, 手机号码."""
    text = BRACKETED.sub("", normalise(value or ""))
    return re.sub(r"[\s*]", "", text)


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value) -> str:
    """A cell as text: numbers without Excel's ".0"."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


FORMULA_STARTS = ("=", "+", "-", "@")


def free_text(value) -> str:
    """A name, post, place or duty as typed; refused when it starts as a formula does
    (= + - @, full-width too), which a spreadsheet would run when the text is exported and
    opened. Refused rather than changed, so what is stored is what the clerk typed."""
    typed = text(value)
    if normalise(typed).startswith(FORMULA_STARTS):
        raise ValidationError(
            _("文字不能以 = + - @ 开头（表格软件会把它当作公式执行），请删去开头的符号。")
        )
    return typed


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def id_number(value) -> str:
    """The ID number in ASCII capitals. A number cell has lost its digits: Excel keeps 15."""
    if _is_number(value):
        raise ValidationError(
            _(
                "身份证号码被 Excel 存成了数字，末几位已经丢失。请把这一列设为“文本”格式，"
                "再重新填写号码（或在号码前加英文单引号 '）。"
            )
        )
    return re.sub(r"\s", "", normalise(text(value))).upper()


def masked_id_number(typed: str) -> str:
    """An ID number cell as an import keeps it once checked: 4107**********1234, and one too
    short to mask that way all stars."""
    return mask_id_number(typed) if len(typed) > 8 else "*" * len(typed)


def mobile(value) -> str:
    """An 11-digit mobile number from "137 1234 5678", "137-1234-5678", "+86 13712345678"."""
    number = re.sub(r"[\s\-()]", "", normalise(text(value)))
    number = CHINA_PREFIX.sub("", number)
    if number:
        mobile_validator(number)
    return number


def phone(value, validator: RegexValidator) -> str:
    """A mobile (as `mobile`) or a landline with its area code, kept as typed."""
    typed = re.sub(r"\s", "", normalise(text(value)))
    number = CHINA_PREFIX.sub("", re.sub(r"[\-()]", "", typed))
    if re.fullmatch(r"1[0-9]{10}", number):
        return number
    typed = re.sub(r"^\((0[0-9]{2,3})\)", r"\1-", typed)
    if typed:
        validator(typed)
    return typed


def date(value) -> datetime.date | None:
    """2020-01-31, 2020/1/31, 2020.1.31, 2020年1月31日, 20200131, an Excel date or serial."""
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    wrong = ValidationError(
        _("日期格式应为 2020-01-31（也可写作 2020/1/31、2020.1.31 或 2020年1月31日）。")
    )
    if _is_number(value):
        if float(value).is_integer() and COMPACT_DATE.fullmatch(str(int(value))):
            return _day(COMPACT_DATE.fullmatch(str(int(value))), wrong)
        if 1 <= value <= LAST_EXCEL_SERIAL:
            return from_excel(value).date()
        raise wrong
    typed = normalise(value)
    match = DATE.fullmatch(typed) or COMPACT_DATE.fullmatch(typed)
    if match is None:
        raise wrong
    return _day(match, wrong)


def _day(match: re.Match, wrong: ValidationError) -> datetime.date:
    try:
        return datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        raise wrong from None


def whole_number(value, message: str) -> int | None:
    """A non-negative whole number from 320, 320.0 or "３２０"; None for a blank cell."""
    if is_blank(value):
        return None
    if _is_number(value) and float(value).is_integer():
        return int(value)
    typed = normalise(text(value))
    if not re.fullmatch(r"[0-9]+", typed):
        raise ValidationError(message)
    return int(typed)
