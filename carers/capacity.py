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

from carers.models import CarerHousehold, HouseholdStatus
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


def capacity(household, people_per_household: int | None = None) -> int:
    """CAR-1: the household's approved places, at most the policy's limit (read once by callers of many)."""
    limit = people_per_household if people_per_household is not None else SchemePolicy.current().people_per_household
    return min(household.approved_places, limit)


def has_vacancy(household, on: date, until: date | None = None) -> bool:
    return occupancy(household, on, until) < capacity(household)


def occupancy_on(household_ids: Iterable[int], on: date) -> dict[int, int]:
    """People supported on one day, for many households at once (lists, matching)."""
    counted: dict[int, set[str]] = defaultdict(set)
    for o in occupancies(household_ids, on, on):
        if _days_present(o, on, on):
            counted[o.household_id].add(o.person_key)
    return {household_id: len(people) for household_id, people in counted.items()}


def _merged(spans: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Overlapping or touching spans of one person joined: a person counts once however they are booked."""
    merged: list[tuple[date, date]] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def first_full_day(occupied: list[Occupancy], *, start: date, end: date, limit: int) -> tuple[date, int] | None:
    """The first day from `start` to `end` (date.max: for ever) on which `limit` people or more are supported.

    A sweep over the days people arrive and leave, so an open-ended placement is checked against every stay booked
    however far ahead, without walking the days one by one.
    """
    spans: dict[str, list[tuple[date, date]]] = defaultdict(list)
    for o in occupied:
        days = sorted(o.days) if o.days is not None else None
        for first, last in [(d, d) for d in days] if days is not None else [(o.starts_on, o.ends_on or date.max)]:
            first, last = max(first, start), min(last, end)
            if first <= last:
                spans[o.person_key].append((first, last))
    changes: dict[date, int] = defaultdict(int)
    for person_spans in spans.values():
        for first, last in _merged(person_spans):
            changes[first] += 1
            if last < date.max:
                changes[last + timedelta(days=1)] -= 1
    present = 0
    for day in sorted(changes):
        present += changes[day]
        if present >= limit:
            return day, present
    return None


@transaction.atomic
def reserve_place(household, *, person_key: str, starts_on: date, ends_on: date | None, create: Callable):
    """The hard guard (CAR-1): lock the household, check every day of the span, then `create()`.

    Two officers placing people into the last place at once queue on the row lock; the second sees the
    first's placement and is refused. An open-ended placement is checked against everything booked from its
    start on, however far ahead. `create` runs inside the same transaction and returns its result.
    """

    locked = CarerHousehold.objects.select_for_update().get(pk=household.pk)
    if locked.status != HouseholdStatus.APPROVED:
        raise RuleViolation("CAR-2", f"{locked.name} is not an approved household ({locked.get_status_display()}).")
    end = ends_on or date.max
    others = [o for o in occupancies([locked.pk], starts_on, end) if o.person_key != person_key]
    full = first_full_day(others, start=starts_on, end=end, limit=capacity(locked))
    if full is not None:
        day, people = full
        raise RuleViolation(
            "CAR-1",
            f"{locked.name} already supports {people} {'person' if people == 1 else 'people'} on "
            f"{day:%-d %B %Y}, its limit.",
        )
    return create()
