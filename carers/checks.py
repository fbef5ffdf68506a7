# PLACEHOLDER: replaced by the i13-core branch at merge
"""Reads that load a household's facts and ask carers.requirements for its gaps (SAFE-1, SAFE-3).

Placeholder: every household is safe until the i13-core branch brings the real reads.
"""

from datetime import date

from carers.requirements import Gap


def household_gaps(household, start: date, end: date) -> list[Gap]:
    """Every required item the household lacks on any day from start to end inclusive. [] = safe on every day."""
    return []


def gaps_by_household(household_ids, on: date, *, warn_days: int = 90) -> dict[int, list[Gap]]:
    """For lists: missing/expired on `on`, plus 'expiring' within warn_days."""
    return {}
