"""Money is Decimal yuan with two places, shown as ¥1,234.50 (-¥500.00) everywhere.

`parse_yuan` reads what a clerk types into a money box: ASCII or full-width digits,
thousands separators in their places (so the app's own ¥1,234.50 can be typed back), an
optional leading ¥/￥ or trailing 元, spaces around. Nothing else is money: not `1e3`,
`1_000`, `+3`, `.5`, `4.`, nor digits of other scripts, which Python's Decimal and `\\d`
would all accept.
"""

import re
from decimal import Decimal

# Full-width digits, point, comma and minus, as a Chinese input method types them.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－￥", "0123456789.,-¥")
_AMOUNT = re.compile(r"(?P<whole>[1-9][0-9]{0,2}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<cents>[0-9]+))?")


class MoneyFormatError(ValueError):
    """Not an amount (`code` "invalid"), or one with more than two decimals
    ("max_decimal_places")."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse_yuan(text) -> Decimal:
    """'¥1,234.50', '１２３４.５' or '300元' → Decimal; anything else: MoneyFormatError.

    A minus sign is read, so that "-3" can be refused as not more than zero rather than
    as not a number; whether an amount is positive and small enough is the caller's rule.
    """
    value = str(text).translate(_FULL_WIDTH).strip()
    sign, value = ("-", value[1:]) if value.startswith("-") else ("", value)
    value = value.removeprefix("¥").removesuffix("元").strip()
    if not sign and value.startswith("-"):
        sign, value = "-", value[1:]
    match = _AMOUNT.fullmatch(value)
    if match is None:
        raise MoneyFormatError("invalid")
    cents = match["cents"] or ""
    if len(cents) > 2:
        raise MoneyFormatError("max_decimal_places")
    whole = match["whole"].replace(",", "")
    return Decimal(f"{sign}{whole}.{cents.ljust(2, '0')}")


def yuan(value) -> str:
    """¥1,234.50; a negative amount (a reversal) as -¥500.00."""
    amount = Decimal(value)
    return f"{'-' if amount < 0 else ''}¥{abs(amount):,.2f}"
