"""Working days in England and Wales: no weekends, no bank holidays. Pure, no Django.

Every deadline in RULES.md that counts working days (BAN-2, BAN-3, CHG-1, CHG-2) uses these.
Bank holidays come from the `holidays` package, offline. It lists Christmas Day and Boxing Day on
their real dates even when they fall at a weekend, next to the observed weekday; both are non-working
here, and the weekend date is a weekend anyway.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.UK(subdiv="ENG", years=year).keys())


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def add_working_days(start: date, days: int) -> date:
    """The working day `days` working days after `start` (before it, when negative).

    `start` itself never counts: three working days after a Friday review is the Wednesday.
    """
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    day = start
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days after `start`, up to and including `end` (negative if end < start)."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
