"""Benchmarks of the shared core. Later issues add the fee engine, schedules and compliance here."""

from datetime import date

import pytest

from sharedlives.workdays import add_working_days

pytestmark = pytest.mark.bench


def test_working_day_deadlines_for_a_year_of_reviews(bench):
    days = [date(2026, 1, 1).fromordinal(date(2026, 1, 1).toordinal() + n) for n in range(365)]
    bench(
        "working-day deadlines (3 and 5 days) for 365 review dates",
        0.1,
        lambda: [add_working_days(add_working_days(day, 3), 5) for day in days],
    )
