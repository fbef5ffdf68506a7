"""Dates that every app reads the same way: expiry status, financial years."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

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


# Sensible bounds for every date a person types (in forms), and a wider fence for every date stored (the model
# field and a CHECK constraint): a typo such as 9999 is refused with a message saying what is allowed, and can
# never be stored to take a page down afterwards.
EARLIEST_STORED = date(1900, 1, 1)
LATEST_STORED = date(2099, 12, 31)
EARLIEST_EVENT = date(1950, 1, 1)


def years_after(day: date, years: int) -> date:
    """The same day `years` later (28 February for 29 February in a year without one)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def long_date(day: date | datetime | None) -> str:
    """27 March 2026, as GOV.UK writes a date; a moment in time by its UK date; "" for none."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class DateKind:
    """What a date is about, and so which dates are sensible for it, seen from `on` (today)."""

    name: str
    earliest: Callable[[date], date]
    latest: Callable[[date], date]
    too_late: str  # said when the date is after `latest`; {latest} is filled in

    def bounds(self, on: date) -> tuple[date, date]:
        return self.earliest(on), self.latest(on)


PAST = DateKind(
    "past", lambda on: EARLIEST_EVENT, lambda on: on, "The date must be today or in the past."
)  # something that has happened: a review held, a check issued, a notice given
PLANNED = DateKind(
    "planned",
    lambda on: EARLIEST_EVENT,
    lambda on: years_after(on, 5),
    "The date must be no more than 5 years from today, so by {latest}.",
)  # may lie ahead: a start, an end, a stay, a due date
EXPIRY = DateKind(
    "expiry",
    lambda on: EARLIEST_EVENT,
    lambda on: years_after(on, 10),
    "An expiry date must be no more than 10 years from today, so by {latest}.",
)  # when a check, a policy or training runs out
BIRTH = DateKind(
    "birth", lambda on: EARLIEST_STORED, lambda on: on, "A date of birth must be today or in the past."
)
DATE_KINDS = {kind.name: kind for kind in (PAST, PLANNED, EXPIRY, BIRTH)}


def date_problem(value: date, kind: DateKind, on: date | None = None) -> str:
    """Why `value` is not a sensible date of this kind today, in words that say what is allowed; "" if it is."""
    earliest, latest = kind.bounds(on or today())
    if value < earliest:
        return f"The date must be on or after {long_date(earliest)}."
    if value > latest:
        return kind.too_late.format(latest=long_date(latest))
    return ""
