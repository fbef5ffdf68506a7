"""The maintained compliance picture: each household's outstanding obligations, computed once and read many times.

The compliance engine (reviews/queries.py + compliance.py) recomputes a household from its records; for the whole
scheme that is a second of work, too slow for every Scheme overview or My work. So each household's outstanding
obligations (overdue or due within 14 days) are kept in PictureItem, computed for one day.

A household's picture is trusted only when it was computed for today and no change to its records is waiting
(PictureChange, written in the same transaction as the change by reviews/picture_sources.py). Any other household
is computed live for that request, without writing. So a page never shows an item the action before it cleared;
the worker then refreshes the changed households within seconds (`refresh`), and every household each night.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.aggregates import ArrayAgg
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from reviews import compliance, queries
from reviews.models import HouseholdPicture, PictureChange, PictureItem
from sharedlives.db import advisory_lock, id_list

REFRESH_BATCH = 1000  # households per transaction: bounds memory and lock time


def _split(households, on: date) -> tuple[list[int], list[int]]:
    """The households whose picture can be trusted on `on`, and the rest. One query."""
    fresh = Exists(HouseholdPicture.objects.filter(household_id=OuterRef("pk"), computed_for=on)) & ~Exists(
        PictureChange.objects.filter(household_id=OuterRef("pk"))
    )
    trusted, stale = [], []
    for pk, ok in households.annotate(fresh=fresh).values_list("pk", "fresh"):
        (trusted if ok else stale).append(pk)
    return trusted, stale


def _obligation(row: dict, on: date) -> compliance.Obligation:
    return compliance.Obligation(
        rule=row["rule"],
        kind=row["kind"],
        what=row["what"],
        due_on=row["due_on"],
        status=compliance.status_of(row["due_on"], on),
        household_id=row["household_id"],
        household_name=row["household_name"],
        officer_id=row["officer_id"],
        placement_id=row["placement_id"],
        person_name=row["person_name"],
        action=row["action"],
        action_kwargs=tuple((name, value) for name, value in row["action_kwargs"]),
        action_query=row["action_query"],
        responsible=row["responsible"],
    )


_COLUMNS = [f.name for f in PictureItem._meta.concrete_fields if f.name != "id"]


def outstanding(on: date, *, officer=None, overdue_only: bool = False) -> list[compliance.Obligation]:
    """Every obligation overdue or due within 14 days (only overdue ones with `overdue_only`) for an officer's
    households or the whole scheme, as compliance.outstanding orders them. Two queries, plus the live engine's for
    households whose picture is stale."""
    trusted, stale = _split(queries.active_households(officer), on)
    items = PictureItem.objects.filter(household_id__in=id_list(trusted))
    live = queries.obligations(household_ids=stale, on=on) if stale else []
    if overdue_only:
        items = items.filter(due_on__lt=on)
        live = [o for o in live if o.status == compliance.OVERDUE]
    found = [_obligation(row, on) for row in items.values(*_COLUMNS)]
    return compliance.outstanding([*found, *live])


def officer_work(officer, on: date) -> list[compliance.Obligation]:
    """An officer's "My work": overdue first, then due in the next 14 days; what the management team must do is
    theirs."""
    return [o for o in outstanding(on, officer=officer) if o.responsible == "officer"]


class _PictureObligations:
    """Picture items read as Obligations a page at a time: a Paginator counts and slices it in SQL."""

    def __init__(self, items, on: date):
        self.items, self.on = items, on

    def count(self) -> int:
        return self.items.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        return [_obligation(row, self.on) for row in self.items.values(*_COLUMNS)[index]]


def overdue(on: date, *, officer: str = "", rule: str = ""):
    """What is overdue across the scheme, for one officer (a user id, or "none" for households with no officer)
    and one rule if given, oldest first (RPT-4): the items behind the Scheme overview's figures. When every
    household's picture is trusted it is paged in SQL; otherwise the stale households are computed live and merged."""
    households = queries.active_households()
    if officer == "none":
        households = households.filter(allocated_officer__isnull=True)
    elif officer.isdigit():
        households = households.filter(allocated_officer_id=int(officer))
    trusted, stale = _split(households, on)
    items = PictureItem.objects.filter(household_id__in=id_list(trusted), due_on__lt=on)
    if rule:
        items = items.filter(rule=rule)
    items = items.order_by("due_on", "household_name", "id")
    if not stale:
        return _PictureObligations(items, on)
    live = [
        o
        for o in queries.obligations(household_ids=stale, on=on)
        if o.status == compliance.OVERDUE and (not rule or o.rule == rule)
    ]
    found = [_obligation(row, on) for row in items.values(*_COLUMNS)]
    return sorted([*found, *live], key=lambda o: (o.due_on, o.household_name))


@dataclass(frozen=True)
class OverdueCounts:
    total: int
    by_officer: dict[int | None, int]
    by_rule: dict[str, int]  # sorted by rule
    kinds_by_rule: dict[str, list[str]]  # "DBS check", not "DBS check (Sam Ng)"


def overdue_counts(on: date) -> OverdueCounts:
    """The Scheme overview's figures (RPT-4): overdue obligations across the scheme by officer and by rule, counted
    in SQL from the picture (three queries), plus the live engine's for households whose picture is stale."""
    trusted, stale = _split(queries.active_households(), on)
    overdue = PictureItem.objects.filter(household_id__in=id_list(trusted), due_on__lt=on).order_by()
    by_officer = Counter(
        {row["officer_id"]: row["n"] for row in overdue.values("officer_id").annotate(n=Count("pk"))}
    )
    by_rule, kinds = Counter(), defaultdict(set)
    for row in overdue.values("rule").annotate(n=Count("pk"), kinds=ArrayAgg("kind", distinct=True)):
        by_rule[row["rule"]] += row["n"]
        kinds[row["rule"]].update(row["kinds"])
    for o in queries.obligations(household_ids=stale, on=on) if stale else []:
        if o.status == compliance.OVERDUE:
            by_officer[o.officer_id] += 1
            by_rule[o.rule] += 1
            kinds[o.rule].add(o.kind)
    return OverdueCounts(
        total=sum(by_rule.values()),
        by_officer=dict(by_officer),
        by_rule=dict(sorted(by_rule.items())),
        kinds_by_rule={rule: sorted(found) for rule, found in kinds.items()},
    )


# Keeping it up to date ---------------------------------------------------------------------------------------


def _targets(on: date) -> list[int]:
    """Households to recompute: a change waiting, or no picture for `on` (a new day, a new household); and any
    household with a picture it should no longer have (it left the scheme). One query."""
    changed = set(PictureChange.objects.values_list("household_id", flat=True).distinct())
    _, stale = _split(queries.active_households(), on)
    gone = HouseholdPicture.objects.exclude(household_id__in=queries.active_households().values("pk"))
    return sorted(changed | set(stale) | set(gone.values_list("household_id", flat=True)))


def refresh(on: date, household_ids=None) -> int:
    """Recompute the pictures that need it (or those of `household_ids`) for `on`; the number recomputed.

    Under one named lock, so two workers never write the same household at once. The changes are read before
    the records: a change committed after that stays waiting, so its household stays untrusted until next time."""
    targets = sorted(set(household_ids)) if household_ids is not None else _targets(on)
    for start in range(0, len(targets), REFRESH_BATCH):
        _refresh_batch(targets[start : start + REFRESH_BATCH], on)
    if len(targets) >= REFRESH_BATCH:
        # Most of the picture was rewritten: fresh statistics now, not when autovacuum next looks, or PostgreSQL
        # plans the overview's reads for the tables as they were (empty, the first time).
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {PictureItem._meta.db_table}, {HouseholdPicture._meta.db_table}")
    return len(targets)


@transaction.atomic
def _refresh_batch(household_ids: list[int], on: date) -> None:
    advisory_lock("reviews.compliance-picture")
    seen = list(PictureChange.objects.filter(household_id__in=id_list(household_ids)).values_list("pk", flat=True))
    found = compliance.outstanding(queries.obligations(household_ids=household_ids, on=on))
    PictureItem.objects.filter(household_id__in=id_list(household_ids)).delete()
    PictureItem.objects.bulk_create(
        [
            PictureItem(
                household_id=o.household_id,
                household_name=o.household_name,
                officer_id=o.officer_id,
                rule=o.rule,
                kind=o.kind,
                what=o.what,
                due_on=o.due_on,
                placement_id=o.placement_id,
                person_name=o.person_name,
                action=o.action,
                action_kwargs=[list(pair) for pair in o.action_kwargs],
                action_query=o.action_query,
                responsible=o.responsible,
            )
            for o in found
        ],
        batch_size=2000,
    )
    # A household that has left the scheme (or was never approved) keeps no picture: it is not read.
    active = set(queries.active_households(household_ids=household_ids).values_list("pk", flat=True))
    HouseholdPicture.objects.filter(household_id__in=id_list(set(household_ids) - active)).delete()
    now = timezone.now()
    HouseholdPicture.objects.bulk_create(
        [HouseholdPicture(household_id=pk, computed_for=on, computed_at=now) for pk in sorted(active)],
        update_conflicts=True,
        unique_fields=["household_id"],
        update_fields=["computed_for", "computed_at"],
    )
    PictureChange.objects.filter(pk__in=id_list(seen)).delete()
