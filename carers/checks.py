"""Reads for "safe to place" (SAFE-1, SAFE-2, SAFE-3): load the facts, ask the pure carers/requirements.py.

Eight queries whatever the number of households: the active requirements (with the policy's agreement version),
carers, support carers, household members, training records, DBS checks, insurance policies and carer agreements.

The property health and safety check is a review (reviews, REV-3), in an app above this one: callers that know it
pass `property_checks={household_id: date of the latest check}` (reviews/compliance, the Checks panel); without it
(the gates) the property-check requirement is skipped. Household members (carers.models.HouseholdMember) are passed
with their date of birth: the "member" requirements apply from their 16th birthday (SAFE-1).
"""

import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q, Subquery
from django.urls import reverse

from carers import requirements as req
from carers.checks_narrowing import households_to_check
from carers.models import (
    ACTIVE_STATUSES,
    Carer,
    CarerAgreement,
    CarerHousehold,
    DbsCheck,
    HouseholdMember,
    InsurancePolicy,
    Requirement,
    SupportCarer,
    TrainingRecord,
)
from carers.requirements import Gap
from sharedlives.db import id_list
from sharedlives.models import SchemePolicy

__all__ = ["Gap", "gap_url", "gaps_by_household", "household_gaps", "household_lines", "property_checks"]

WARNING_DAYS = (90, 30, 7)  # SAFE-3: the default of SchemePolicy.check_warning_days (policy)

# The app that records property checks (reviews: the 1:1 health and safety review, REV-3) registers where they are
# read, as placements registers its occupancy (carers/capacity.py): household ids -> date of the latest check.
PropertyCheckSource = Callable[[list[int]], dict[int, date]]
_property_check_sources: dict[str, PropertyCheckSource] = {}


def register_property_check_source(name: str, source: PropertyCheckSource) -> None:
    _property_check_sources[name] = source


def property_checks(household_ids: Iterable[int]) -> dict[int, date] | None:
    """The latest property check per household from the registered source; None when no app records them."""
    if not _property_check_sources:
        return None
    ids = list(household_ids)
    found: dict[int, date] = {}
    for source in _property_check_sources.values():
        for pk, on in source(ids).items():
            found[pk] = max(on, found.get(pk, on))
    return found


def _rules() -> tuple[list[req.Rule], str]:
    """The active requirements and the scheme policy's current carer agreement version (CAR-8), in one query."""
    version = SchemePolicy.objects.order_by("pk").values("carer_agreement_version")[:1]
    found = list(
        Requirement.objects.filter(active=True)
        .annotate(agreement_version=Subquery(version))
        .order_by("who", "what", "label")
    )
    rules = [
        req.Rule(
            label=r.label,
            who=r.who,
            what=r.what,
            rule=r.rule,
            course_id=r.course_id,
            insurance_kind=r.insurance_kind,
            renewal_months=r.renewal_months,
            arrangement_kind=r.arrangement_kind,
        )
        for r in found
    ]
    return rules, (found[0].agreement_version or "") if found else ""


@contextmanager
def _no_cyclic_gc():
    """Scheme-wide reads build a hundred thousand small tuples, none in a reference cycle: Python's cycle collector
    would otherwise walk the growing heap again and again while they are made (plain reference counting still
    frees them). Switched back on afterwards, as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _rows(queryset) -> list[tuple]:
    """All the rows of a values_list query at once: iterating a queryset fetches them a hundred at a time, which
    costs more than the query itself for the scheme-wide report's hundred thousand rows."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # no households asked about: no query, as the queryset itself would do
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _facts(
    household_ids: Iterable[int],
    property_checks: Mapping[int, date] | None,
    *,
    needs: Mapping[int, set[tuple[str, str]]] | None = None,
    agreement_version="",
) -> dict[int, req.Household]:
    """The facts for household_ids. `needs`: for scheme-wide reads, the kinds of requirement ((who, what)) the
    narrowing query found could be lacking in each household; only the records those kinds read are loaded (the
    others are not checked: `_rules_for`). Tuples, not dicts (values_list): a scheme reads tens of thousands."""
    ids = list(household_ids)
    if not ids:
        return {}

    def within(wanted) -> object:
        """The households whose needed kinds include one `wanted((who, what))` is true of, as one parameter."""
        if needs is None:
            return id_list(ids)
        return id_list(pk for pk in ids if any(wanted(kind) for kind in needs[pk]))

    def who(name):
        return lambda kind: kind[0] == name

    training: dict[int, dict[int, list[req.Period]]] = {}  # carer -> course -> records; plain dicts: the fastest
    period = req.Period
    for carer_id, course_id, completed_on, expires_on in _rows(
        TrainingRecord.objects.filter(carer__household_id__in=within(lambda kind: kind == ("carer", "training")))
        .order_by()
        .values_list("carer_id", "course_id", "completed_on", "expires_on")
    ):
        courses = training.get(carer_id)
        if courses is None:
            training[carer_id] = {course_id: [period(completed_on, expires_on)]}
        elif course_id in courses:
            courses[course_id].append(period(completed_on, expires_on))
        else:
            courses[course_id] = [period(completed_on, expires_on)]
    dbs = defaultdict(list)
    for carer_id, support_carer_id, member_id, issued_on, renewal_due_on, on_update_service in _rows(
        DbsCheck.objects.filter(
            Q(carer__household_id__in=within(lambda kind: kind == ("carer", "dbs")))
            | Q(support_carer__household_id__in=within(lambda kind: kind == ("support_carer", "dbs")))
            | Q(member__household_id__in=within(lambda kind: kind == ("member", "dbs")))
        )
        .order_by()
        .values_list("carer_id", "support_carer_id", "member_id", "issued_on", "renewal_due_on", "on_update_service")
    ):
        if carer_id:
            key = ("carer", carer_id)
        elif support_carer_id:
            key = ("support_carer", support_carer_id)
        else:
            key = ("member", member_id)
        dbs[key].append(req.Period(issued_on, renewal_due_on, not on_update_service))
    people = defaultdict(list)
    for pk, household_id, first_name, last_name in _rows(
        Carer.objects.filter(household_id__in=within(who("carer"))).values_list(
            "pk", "household_id", "first_name", "last_name"
        )
    ):
        people[household_id].append(
            req.Person(
                "carer",
                pk,
                f"{first_name} {last_name}",
                dbs=tuple(dbs[("carer", pk)]),
                training=training.get(pk, {}),
            )
        )
    for pk, household_id, first_name, last_name, agreed_on in _rows(
        SupportCarer.objects.filter(household_id__in=within(who("support_carer"))).values_list(
            "pk", "household_id", "first_name", "last_name", "scheme_agreement_on"
        )
    ):
        people[household_id].append(
            req.Person(
                "support_carer",
                pk,
                f"{first_name} {last_name}",
                dbs=tuple(dbs[("support_carer", pk)]),
                agreed=(req.Period(agreed_on),) if agreed_on else (),
            )
        )
    for pk, household_id, first_name, last_name, born in _rows(
        HouseholdMember.objects.filter(household_id__in=within(who("member"))).values_list(
            "pk", "household_id", "first_name", "last_name", "date_of_birth"
        )
    ):
        people[household_id].append(
            req.Person("member", pk, f"{first_name} {last_name}", dbs=tuple(dbs[("member", pk)]), born=born)
        )
    insurance = defaultdict(lambda: defaultdict(list))
    for household_id, kind, starts_on, expires_on in _rows(
        InsurancePolicy.objects.filter(
            household_id__in=within(lambda kind: kind == ("household", "insurance"))
        ).values_list("household_id", "kind", "starts_on", "expires_on")
    ):
        insurance[household_id][kind].append(req.Period(starts_on, expires_on))
    agreements = defaultdict(list)
    for household_id, signed_on, version in _rows(
        CarerAgreement.objects.filter(
            household_id__in=within(lambda kind: kind == ("household", "agreement"))
        ).values_list("household_id", "signed_on", "version")
    ):
        agreements[household_id].append(req.Period(signed_on, version=version))

    return {
        pk: req.Household(
            pk,
            people=tuple(people[pk]),
            insurance={kind: tuple(periods) for kind, periods in insurance[pk].items()},
            agreements=tuple(agreements[pk]),
            property_checks=_property_periods(property_checks, pk),
            agreement_version=agreement_version,
        )
        for pk in ids
    }


def _property_periods(property_checks: Mapping[int, date] | None, pk: int) -> tuple[req.Period, ...] | None:
    if property_checks is None:
        return None  # not known to the caller: the requirement is skipped
    return (req.Period(property_checks[pk]),) if property_checks.get(pk) else ()


def _rules_for(rules, could_lack: dict[int, set[tuple[str, str]]] | None):
    """household id -> the requirements to check there: only the kinds the narrowing query found could be lacking
    (with the property check, which it does not read), or every requirement without it."""
    if could_lack is None:
        return lambda pk: rules
    subsets = {}

    def rules_for(pk):
        kinds = frozenset(could_lack[pk])
        if kinds not in subsets:
            subsets[kinds] = [r for r in rules if (r.who, r.what) in kinds or r.what == "property_check"]
        return subsets[kinds]

    return rules_for


def _horizon(on: date, warn_days: int | None) -> date:
    """The first day a record must still be held for nothing to show (carers/requirements.py `_assess`)."""
    return on if warn_days is None else on + timedelta(days=warn_days + 1)


def _property_only(rules, property_checks, ids, on, warn_days) -> dict[int, list[Gap]]:
    """The property check's gaps alone (SAFE-1), for households whose other requirements are each met by one
    record held through the warning horizon (the narrowing query said so): nothing else can be lacking there."""
    if property_checks is None:
        return {}
    property_rules = [r for r in rules if r.what == "property_check" and not r.arrangement_kind]
    horizon = _horizon(on, warn_days)
    answer = {}
    for pk in ids:
        checked = property_checks.get(pk)
        if checked and all(
            req.held_through(req.Period(checked), r.renewal_months, on, horizon) for r in property_rules
        ):
            continue  # the usual case, held through the warning horizon: as req.gaps would find, and sooner
        household = req.Household(pk, property_checks=_property_periods(property_checks, pk))
        if found := req.gaps(property_rules, household, on, on, warn_days=warn_days):
            answer[pk] = found
    return answer


def _pk(household) -> int:
    return household if isinstance(household, int) else household.pk


def household_gaps(
    household,
    start: date,
    end: date,
    *,
    arrangement_kind: str | None = None,
    property_checks: Mapping[int, date] | None = None,
) -> list[Gap]:
    """Every required item the household (its carers, members 16+, support carers, the household itself) lacks
    on any day from start to end inclusive. [] = safe on every day (SAFE-1, SAFE-2). Eight queries."""
    pk = _pk(household)
    rules, version = _rules()
    facts = _facts([pk], property_checks, agreement_version=version)[pk]
    return req.gaps(rules, facts, start, end, arrangement_kind=arrangement_kind)


def gaps_by_household(
    household_ids,
    on: date,
    *,
    warn_days: int = 90,
    property_checks: Mapping[int, date] | None = None,
    scope=None,
) -> dict[int, list[Gap]]:
    """For lists, the Checks panel/report and compliance: missing/expired on `on`, plus 'expiring' within warn_days
    (SAFE-3). Households with nothing lacking are left out. Eight queries whatever the number of households, nine
    with `scope` (scheme-wide: the narrowing query first)."""
    rules, version = _rules()
    ids = list(household_ids)
    answer = {}
    if scope is not None:  # scheme-wide: only the households that could lack something other are loaded
        horizon = _horizon(on, warn_days)
        could_lack = households_to_check(scope, rules, on, horizon, version)
        answer = _property_only(rules, property_checks, [pk for pk in ids if pk not in could_lack], on, warn_days)
        ids = [pk for pk in ids if pk in could_lack]
    rules_for = _rules_for(rules, could_lack if scope is not None else None)
    with _no_cyclic_gc():
        needs = could_lack if scope is not None else None
        for pk, facts in _facts(ids, property_checks, needs=needs, agreement_version=version).items():
            found = req.gaps(rules_for(pk), facts, on, on, warn_days=warn_days)
            if found:
                answer[pk] = found
    return answer


def households_lacking(households, on: date) -> set[int]:
    """SAFE-3, the households list's "Checks incomplete": of a query of households, those missing a check or
    holding an expired one today (the property check included when its source is registered). Ten queries: the
    narrowing query first, so only the households that could lack something are read."""
    ids = list(households.values_list("pk", flat=True))
    return set(
        gaps_by_household(ids, on, warn_days=None, property_checks=property_checks(ids), scope=households.values("pk"))
    )


def next_expiries(household_ids, on: date) -> dict[int, tuple[date, str]]:
    """SAFE-3, the households list's "Next expiry": the earliest last day a held check still counts, and which.
    Nine queries for a page of households."""
    ids = list(household_ids)
    rules, version = _rules()
    found = {}
    for pk, facts in _facts(ids, property_checks(ids), agreement_version=version).items():
        ends = [
            (line.held_until, line.item) for line in req.check(rules, facts, on, on) if line.held and line.held_until
        ]
        if ends:
            found[pk] = min(ends)
    return found


@dataclass(frozen=True)
class ReportRow:
    household_id: int
    reference: str
    household_name: str
    officer: str
    gap: Gap


def checks_report(on: date, *, warn_days: int = WARNING_DAYS[0]) -> list[ReportRow]:
    """SAFE-3, the management team's Checks report: every gap in approved or on-hold households, and every check
    expiring within warn_days, most urgent first (missing or expired, then by the day it lacks). Eleven queries."""
    active = CarerHousehold.objects.filter(status__in=ACTIVE_STATUSES)
    households = list(
        active.values("pk", "reference", "name", "allocated_officer__first_name", "allocated_officer__last_name")
    )
    ids = [h["pk"] for h in households]
    found = gaps_by_household(
        ids, on, warn_days=warn_days, property_checks=property_checks(ids), scope=active.values("pk")
    )
    rows = [
        ReportRow(
            h["pk"],
            h["reference"],
            h["name"],
            f"{h['allocated_officer__first_name'] or ''} {h['allocated_officer__last_name'] or ''}".strip(),
            gap,
        )
        for h in households
        for gap in found.get(h["pk"], [])
    ]
    rows.sort(key=lambda r: (r.gap.kind == "expiring", r.gap.lacking_from, r.household_name, r.gap.item))
    return rows


def household_lines(
    household, on: date, *, checks: Mapping[int, date] | None = None, warn_days: int = WARNING_DAYS[0]
) -> list[req.Line]:
    """The Checks panel (SAFE-3): each requirement for each person, held until when, or its gap (expiring within
    the first warning window, 90 days). Nine queries with the property checks' source."""
    pk = _pk(household)
    if checks is None:
        checks = property_checks([pk])
    rules, version = _rules()
    facts = _facts([pk], checks, agreement_version=version)[pk]
    return req.check(rules, facts, on, on, warn_days=warn_days)


def warning(gap: Gap | None, on: date) -> str:
    """SAFE-3: "red" for missing or expired, "yellow" for an expiry within 90, 30 or 7 days; "" when held."""
    if gap is None:
        return ""
    return "yellow" if gap.kind == "expiring" else "red"


def warning_window(gap: Gap, on: date, windows: Iterable[int] = WARNING_DAYS) -> int | None:
    """The smallest warning window (policy: 7, 30 or 90 days) an expiring item falls in."""
    days = (gap.lacking_from - on).days - 1  # days left to the expiry date
    return min((w for w in windows if days <= w), default=None)


def gap_url(household_id: int, gap: Gap) -> str:
    """The link to the form that clears a gap, with the person (and course) chosen already."""
    if gap.record == "carers:support_carer_edit":
        support_carer = int(gap.query.split("=")[1])
        return reverse(gap.record, kwargs={"household_pk": household_id, "support_carer_pk": support_carer})
    url = reverse(gap.record, kwargs={"household_pk": household_id})
    return f"{url}?{gap.query}" if gap.query else url
