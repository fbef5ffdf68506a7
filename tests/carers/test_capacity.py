"""Capacity (CAR-1): at most three people at any one time, guarded by a row lock on real PostgreSQL."""

import threading
from datetime import date

import pytest
from django.db import connection

from carers import capacity
from carers.models import CarerHousehold
from sharedlives.errors import RuleViolation
from tests.carers.factories import HouseholdFactory, approved_household
from tests.concurrency import run_together
from tests.testapp.models import SampleOccupant


def _place(household, key, starts_on, ends_on=None, kind="live-in"):
    return capacity.reserve_place(
        household,
        person_key=key,
        starts_on=starts_on,
        ends_on=ends_on,
        create=lambda: SampleOccupant.objects.create(
            household=household, person_key=key, kind=kind, starts_on=starts_on, ends_on=ends_on
        ),
    )


def test_a_fourth_person_is_refused__CAR_1(db):
    household = approved_household()
    for key in ("amy", "ben", "cal"):
        _place(household, key, date(2026, 5, 1))
    with pytest.raises(RuleViolation) as refused:
        _place(household, "dee", date(2026, 6, 1), date(2026, 6, 3), kind="short break")
    assert refused.value.rule == "CAR-1"
    assert "already supports 3 people" in refused.value.message


def test_any_combination_of_types_counts_per_day__CAR_1(db):
    household = approved_household()
    _place(household, "amy", date(2026, 5, 1))  # live-in
    _place(household, "ben", date(2026, 6, 1), date(2026, 6, 7), kind="short break")
    _place(household, "cal", date(2026, 6, 5), date(2026, 6, 5), kind="day support")
    # 6 and 7 June are full (amy, ben and... no: cal only on the 5th). The 5th is full.
    with pytest.raises(RuleViolation):
        _place(household, "dee", date(2026, 6, 5), date(2026, 6, 5), kind="day support")
    _place(household, "dee", date(2026, 6, 6), date(2026, 6, 6), kind="day support")
    assert capacity.occupancy(household, date(2026, 6, 5)) == 3
    assert capacity.occupancy(household, date(2026, 6, 8)) == 1
    assert capacity.occupancy(household, date(2026, 6, 1), date(2026, 6, 30)) == 3


def test_a_later_open_ended_placement_meets_a_booked_short_break__CAR_1(db):
    household = approved_household(approved_places=2)
    _place(household, "amy", date(2026, 5, 1))
    _place(household, "ben", date(2026, 8, 1), date(2026, 8, 14), kind="short break")
    with pytest.raises(RuleViolation) as refused:
        _place(household, "cal", date(2026, 7, 1))
    assert "1 August 2026" in refused.value.message


def test_household_places_never_exceed_the_policy__CAR_1(db):
    household = approved_household(approved_places=1)
    assert capacity.capacity(household) == 1
    assert capacity.has_vacancy(household, date(2026, 5, 1))
    _place(household, "amy", date(2026, 5, 1))
    assert not capacity.has_vacancy(household, date(2026, 5, 1))
    assert capacity.occupancy_on([household.pk], date(2026, 5, 2)) == {household.pk: 1}


def test_an_unapproved_household_takes_nobody__CAR_2(db):
    household = HouseholdFactory()
    with pytest.raises(RuleViolation) as refused:
        _place(household, "amy", date(2026, 5, 1))
    assert refused.value.rule == "CAR-2"


@pytest.mark.django_db(transaction=True)
def test_many_officers_racing_for_the_last_place_only_one_wins__CAR_1():
    """Eight threads try to place a person into a household with one place left; exactly one succeeds."""
    household = approved_household()
    _place(household, "amy", date(2026, 5, 1))
    _place(household, "ben", date(2026, 5, 1))
    outcomes = []
    barrier = threading.Barrier(8)

    def attempt(n):
        try:
            barrier.wait()
            _place(CarerHousehold.objects.get(pk=household.pk), f"person-{n}", date(2026, 6, 1))
            outcomes.append("placed")
        except RuleViolation as refusal:
            outcomes.append(refusal.rule)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["CAR-1"] * 7 + ["placed"]
    assert SampleOccupant.objects.filter(household=household).count() == 3


def test_an_open_ended_placement_meets_stays_booked_more_than_a_year_ahead__CAR_1(db):
    """Three short breaks booked 400 days out, then a live-in start: the fourth person is refused on that day."""
    household = approved_household()
    far = date(2027, 7, 5)  # 400 days after 1 June 2026
    for key in ("amy", "ben", "cal"):
        _place(household, key, far, date(2027, 7, 8), kind="short break")
    with pytest.raises(RuleViolation) as refused:
        _place(household, "dee", date(2026, 6, 1))
    assert refused.value.rule == "CAR-1" and "already supports 3 people on 5 July 2027" in refused.value.message


def test_a_person_booked_twice_on_one_day_counts_once__CAR_1(db):
    household = approved_household()
    _place(household, "amy", date(2026, 6, 1), date(2026, 6, 10), kind="short break")
    _place(household, "amy", date(2026, 6, 5), date(2026, 6, 5), kind="day support")
    _place(household, "ben", date(2026, 6, 1))
    _place(household, "cal", date(2026, 6, 1))  # amy, ben and cal: three people, not four
    with pytest.raises(RuleViolation):
        _place(household, "dee", date(2026, 6, 10), date(2026, 6, 10), kind="day support")
    _place(household, "dee", date(2026, 6, 11), date(2026, 6, 11), kind="day support")  # amy has gone home


@pytest.mark.django_db(transaction=True)
def test_racing_for_a_far_future_place_only_one_wins__CAR_1():
    """Two people booked 400 days out; at once, two officers start open-ended placements today and two book short
    breaks on that far day. The far day has one place left: exactly one of the four goes ahead."""
    household = approved_household()
    far = date(2027, 7, 5)
    for key in ("amy", "ben"):
        _place(household, key, far, date(2027, 7, 8), kind="short break")
    fresh = CarerHousehold.objects.get
    outcomes = run_together(
        lambda: _place(fresh(pk=household.pk), "cal", date(2026, 6, 1)),
        lambda: _place(fresh(pk=household.pk), "dee", date(2026, 6, 1)),
        lambda: _place(fresh(pk=household.pk), "eve", far, far, kind="short break"),
        lambda: _place(fresh(pk=household.pk), "fay", far, far, kind="short break"),
    )
    assert outcomes == ["CAR-1", "CAR-1", "CAR-1", "done"]
    assert SampleOccupant.objects.filter(household=household).count() == 3
