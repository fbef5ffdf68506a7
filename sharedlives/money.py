"""Money is exact (FEE-8): Decimal in, Decimal out, one rounding rule for the whole system."""

from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")


def round_money(amount: Decimal) -> Decimal:
    """Round to the penny, half up: the one rounding rule (FEE-8). Refuses floats outright."""
    if isinstance(amount, float):
        raise TypeError("money must be a Decimal, never a float (FEE-8)")
    if not isinstance(amount, Decimal):
        amount = Decimal(amount)
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal | int | None) -> str:
    """£1,234.50 (negative as −£12.00), for pages, CSV and PDFs alike."""
    if amount is None:
        return ""
    if isinstance(amount, float):
        raise TypeError("money must be a Decimal, never a float (FEE-8)")
    rounded = round_money(Decimal(amount))
    sign = "−" if rounded < 0 else ""
    return f"{sign}£{abs(rounded):,.2f}"
