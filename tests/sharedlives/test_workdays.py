"""Working days over England and Wales bank holidays (used by BAN-2, BAN-3, CHG-1, CHG-2 deadlines)."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from sharedlives.workdays import add_working_days, is_working_day, working_days_between


def test_easter_2026_good_friday_and_easter_monday_are_not_working_days():
    assert not is_working_day(date(2026, 4, 3))  # Good Friday
    assert not is_working_day(date(2026, 4, 6))  # Easter Monday
    assert is_working_day(date(2026, 4, 2))
    assert is_working_day(date(2026, 4, 7))


def test_three_working_days_after_maundy_thursday_2026_is_the_following_thursday__BAN_2():
    # Fri 3 Apr, Sat, Sun, Mon 6 Apr are not working days: Tue 7, Wed 8, Thu 9.
    assert add_working_days(date(2026, 4, 2), 3) == date(2026, 4, 9)


def test_easter_2027():
    assert not is_working_day(date(2027, 3, 26))  # Good Friday
    assert not is_working_day(date(2027, 3, 29))  # Easter Monday
    assert add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)


def test_christmas_2026_boxing_day_on_saturday_is_observed_on_monday():
    assert not is_working_day(date(2026, 12, 25))  # Friday
    assert not is_working_day(date(2026, 12, 28))  # Monday, substitute for Boxing Day
    assert is_working_day(date(2026, 12, 29))
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)


def test_christmas_2027_both_days_at_the_weekend_are_observed_monday_and_tuesday():
    assert not is_working_day(date(2027, 12, 27))
    assert not is_working_day(date(2027, 12, 28))
    assert add_working_days(date(2027, 12, 24), 1) == date(2027, 12, 29)
    assert working_days_between(date(2027, 12, 24), date(2027, 12, 31)) == 3


def test_five_working_days_from_a_friday__CHG_1():
    assert add_working_days(date(2026, 11, 20), 5) == date(2026, 11, 27)


def test_counting_back():
    assert add_working_days(date(2026, 4, 7), -1) == date(2026, 4, 2)
    assert working_days_between(date(2026, 4, 9), date(2026, 4, 2)) == -3


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)), st.integers(0, 40))
def test_adding_then_counting_round_trips(start, days):
    end = add_working_days(start, days)
    assert working_days_between(start, end) == days
    assert days == 0 or is_working_day(end)
    assert end - start >= timedelta(days=days)
