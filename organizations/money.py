"""Money is Decimal yuan with two places, shown as ¥1,234.50 everywhere."""

from decimal import Decimal


def yuan(value) -> str:
    return f"¥{Decimal(value):,.2f}"
