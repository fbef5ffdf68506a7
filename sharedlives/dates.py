"""Dates that every app reads the same way: expiry status, financial years."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone


def today() -> date:
    return timezone.localdate()


@dataclass(frozen=True)
class ExpiryStatus:
    key: str
    label: str
    colour: str


EXPIRED = ExpiryStatus("expired", "Expired", "red")
DUE_30 = ExpiryStatus("due_30", "Due in 30 days", "orange")
DUE_90 = ExpiryStatus("due_90", "Due in 90 days", "yellow")
CURRENT = ExpiryStatus("current", "Current", "green")
NO_EXPIRY = ExpiryStatus("none", "No expiry", "grey")


def expiry_status(expires: date | None, on: date | None = None) -> ExpiryStatus:
    """Expired (red), due within 30 days (orange), within 90 days (yellow), otherwise current (green)."""
    if expires is None:
        return NO_EXPIRY
    on = on or today()
    if expires < on:
        return EXPIRED
    if expires <= on + timedelta(days=30):
        return DUE_30
    if expires <= on + timedelta(days=90):
        return DUE_90
    return CURRENT


def financial_year_start(on: date) -> date:
    """1 April of the financial year `on` falls in (FEE-1, RES-1)."""
    return date(on.year if on.month >= 4 else on.year - 1, 4, 1)


def financial_year_end(on: date) -> date:
    return date(financial_year_start(on).year + 1, 3, 31)


def financial_year_label(on: date) -> str:
    start = financial_year_start(on).year
    return f"{start}/{str(start + 1)[-2:]}"
