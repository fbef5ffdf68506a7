"""Capacity of a household (CAR-1): who is there on which days, and the guard that keeps it to three.

The carers app does not know placements, stays or day sessions: the placements app registers an
*occupancy source* in its AppConfig.ready(). A source answers, for some households and a date range,
which people are supported when. Counting is by distinct people per day: a person on a short break on
Tuesday and another at day support on Tuesday are two people that day.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from sharedlives.errors import RuleViolation
from sharedlives.models import SchemePolicy


@dataclass(frozen=True)
class Occupancy:
    """A person supported by a household from `starts_on` to `ends_on` (inclusive; None: open-ended)."""

    household_id: int
    person_key: str
    kind: str  # "live-in", "short break", "day support"
    starts_on: date
    ends_on: date | None
    days: frozenset[date] | None = None  # day support: only these days within the span


OccupancySource = Callable[[Iterable[int], date, date], Iterable[Occupancy]]
_sources: dict[str, OccupancySource] = {}


def register_occupancy_source(name: str, source: OccupancySource) -> None:
    _sources[name] = source


def occupancies(household_ids: Iterable[int], start: date, end: date) -> list[Occupancy]:
    ids = list(household_ids)
    return [o for source in _sources.values() for o in source(ids, start, end)]


def _days_present(occupancy: Occupancy, start: date, end: date) -> set[date]:
    first = max(occupancy.starts_on, start)
    last = min(occupancy.ends_on or end, end)
    if occupancy.days is not None:
        return {d for d in occupancy.days if first <= d <= last}
    return {first + timedelta(days=n) for n in range((last - first).days + 1)} if first <= last else set()


def people_by_day(household_id: int, start: date, end: date) -> dict[date, set[str]]:
    present: dict[date, set[str]] = defaultdict(set)
    for occupancy in occupancies([household_id], start, end):
        for day in _days_present(occupancy, start, end):
            present[day].add(occupancy.person_key)
    return present


def occupancy(household, on: date, until: date | None = None) -> int:
    """The most people the household supports on any one day from `on` to `until` (CAR-1)."""
    by_day = people_by_day(household.pk, on, until or on)
    return max((len(people) for people in by_day.values()), default=0)


def capacity(household) -> int:
    return min(household.approved_places, SchemePolicy.current().people_per_household)


def has_vacancy(household, on: date, until: date | None = None) -> bool:
    return occupancy(household, on, until) < capacity(household)


def occupancy_on(household_ids: Iterable[int], on: date) -> dict[int, int]:
    """People supported on one day, for many households at once (lists, matching)."""
    counted: dict[int, set[str]] = defaultdict(set)
    for o in occupancies(household_ids, on, on):
        if _days_present(o, on, on):
            counted[o.household_id].add(o.person_key)
    return {household_id: len(people) for household_id, people in counted.items()}


@transaction.atomic
def reserve_place(household, *, person_key: str, starts_on: date, ends_on: date | None, create: Callable):
    """The hard guard (CAR-1): lock the household, check every day of the span, then `create()`.

    Two officers placing people into the last place at once queue on the row lock; the second sees the
    first's placement and is refused. `create` runs inside the same transaction and returns its result.
    """
    from carers.models import CarerHousehold, HouseholdStatus

    locked = CarerHousehold.objects.select_for_update().get(pk=household.pk)
    if locked.status != HouseholdStatus.APPROVED:
        raise RuleViolation("CAR-2", f"{locked.name} is not an approved household ({locked.get_status_display()}).")
    # Open-ended placements are checked over the next year, long enough to meet every booked stay.
    horizon = ends_on or (starts_on + timedelta(days=366))
    by_day = people_by_day(locked.pk, starts_on, horizon)
    limit = capacity(locked)
    for day in sorted(by_day):
        people = by_day[day] - {person_key}
        if len(people) >= limit:
            raise RuleViolation(
                "CAR-1",
                f"{locked.name} already supports {len(people)} "
                f"{'person' if len(people) == 1 else 'people'} on {day:%-d %B %Y}, its limit.",
            )
    return create()
