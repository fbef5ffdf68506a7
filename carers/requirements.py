"""What a household lacks, and from which day (SAFE-1, SAFE-3). Pure: facts in, gaps out; no Django, no ORM.

carers/checks.py loads the facts (the scheme's requirements and the records held) in a fixed number of queries and
calls `check`; every gate and every page reads its answer, so they always agree.

Readings:
- A record is held from the day it was done (issued, completed, signed, started) to its expiry date inclusive: on
  the expiry date it still counts, the next day it is lacking (as sharedlives.dates.expiry_status reads it).
- A requirement with renewal months caps a record at that many months from the day it was done (the day before
  the same date, months later): a DBS check not on the update service, the property check. A DBS check on the DBS
  update service is held until its recorded next status check (`renewal_due_on`), not capped.
- Several records for the same thing join up: a renewal that starts the day after the last one ends leaves no gap.
- The property health and safety check is recorded by a review (reviews, REV-3), an app above this one: its date is
  passed in by whoever knows it (reviews/compliance, the Checks panel). When it is not passed (`None`, e.g. the
  gates), the property-check requirement is skipped, never reported as missing.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

ONE_DAY = timedelta(days=1)
HOUSEHOLD = "The household"


@dataclass(frozen=True)
class Gap:
    rule: str  # "SAFE-1" or the specific rule: "CAR-6" (DBS), "CAR-5" (insurance), "CAR-7" (training), "CAR-8"
    item: str  # plain words: "Enhanced DBS check with the adults' barred list"
    who: str  # "Grace Okafor" (a carer / member / support carer) or "The household"
    lacking_from: date  # first day in the asked range on which it is missing or expired
    kind: str  # "missing" | "expired" | "expiring" (expiring only from the listing function, never from gate checks)
    record: str  # URL name of the page that clears it, e.g. "carers:record_dbs"
    query: str = ""  # that page's query string choosing the person (and course) already, e.g. "carer=3"


@dataclass(frozen=True)
class Rule:
    """One requirement of the scheme (carers.models.Requirement)."""

    label: str
    who: str  # carer | member | support_carer | household
    what: str  # dbs | training | insurance | agreement | property_check
    rule: str = "SAFE-1"
    course_id: int | None = None
    insurance_kind: str = ""
    renewal_months: int | None = None
    arrangement_kind: str = ""  # "" = every arrangement


class Period(NamedTuple):
    """A record held from `start` to `end` inclusive; end None: it does not expire. A tuple: lists build tens of
    thousands of them (the scheme-wide Checks report)."""

    start: date
    end: date | None = None
    capped: bool = True  # False: the requirement's renewal months do not apply (DBS on the update service)
    version: str = ""  # the carer agreement's version (CAR-8)


@dataclass(frozen=True)
class Person:
    who: str  # carer | member | support_carer
    id: int
    name: str
    dbs: tuple[Period, ...] = ()
    training: Mapping[int, tuple[Period, ...]] = field(default_factory=dict)  # course id -> records
    agreed: tuple[Period, ...] = ()  # a support carer's prior agreement by the scheme (CAR-6)
    born: date | None = None  # a household member's date of birth: their requirements apply from 16 (SAFE-1)


@dataclass(frozen=True)
class Household:
    id: int
    people: tuple[Person, ...] = ()
    insurance: Mapping[str, tuple[Period, ...]] = field(default_factory=dict)  # kind -> policies
    agreements: tuple[Period, ...] = ()
    property_checks: tuple[Period, ...] | None = None  # None: not known here; the requirement is skipped
    agreement_version: str = ""  # the scheme's current carer agreement version (CAR-8); "": any version counts


@dataclass(frozen=True)
class Line:
    """One requirement for one person (or the household): held until when, or the gap. For the Checks panel."""

    rule: str
    item: str
    who: str
    held_until: date | None  # the last day covered from the start of the range; None: no expiry or not held
    held: bool  # held on the first day of the range
    gap: Gap | None


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 Jan + 1 month = 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


MEMBER_AGE = 16  # SAFE-1: household members aged 16 or over need a DBS check


def birthday(born: date, years: int) -> date:
    """The day someone reaches `years`; born on 29 February: 1 March in a year that has none."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 3, 1)


def _required_from(person: Person | None) -> date | None:
    """The first day a requirement applies to this person: a household member's 16th birthday."""
    if person is None or person.who != "member" or person.born is None:
        return None
    return birthday(person.born, MEMBER_AGE)


def _end(period: Period, months: int | None) -> date | None:
    if months is None or not period.capped:
        return period.end
    cap = add_months(period.start, months) - ONE_DAY
    return cap if period.end is None else min(period.end, cap)


def held_through(period: Period, months: int | None, first: date, last: date) -> bool:
    """One record alone covers first..last (capped by the requirement's renewal months)."""
    if period.start > first:
        return False
    held_until = _end(period, months)
    return held_until is None or held_until >= last


def cover(
    periods: tuple[Period, ...] | list[Period], months: int | None, start: date, end: date
) -> tuple[date | None, date | None, bool]:
    """(first day from start to end not covered or None, last day covered from start or None if open-ended, ever
    held before that day). Periods join when one starts by the day after the previous one ends."""
    if len(periods) == 1:
        spans = [(periods[0].start, _end(periods[0], months))]
    else:
        spans = sorted(((p.start, _end(p, months)) for p in periods), key=lambda s: s[0])
    cursor = start
    for first, last in spans:
        if first > cursor:
            break
        if last is None:
            return None, None, True
        cursor = max(cursor, last + ONE_DAY)
    covered_to = cursor - ONE_DAY if cursor > start else None
    if cursor > end:
        return None, covered_to, True
    return cursor, covered_to, any(first <= cursor for first, _ in spans)


RECORD = {
    "dbs": "carers:record_dbs",
    "training": "carers:record_training",
    "insurance": "carers:record_insurance",
    "agreement": "carers:record_agreement",
    "support_agreement": "carers:support_carer_edit",
    "property_check": "reviews:record_review",
}


def _periods(rule: Rule, household: Household, person: Person | None) -> tuple[Period, ...] | None:
    if rule.what == "dbs":
        return person.dbs
    if rule.what == "training":
        return person.training.get(rule.course_id, ())
    if rule.what == "agreement":
        if person:
            return person.agreed
        current = normalised_version(household.agreement_version)
        if not current:
            return household.agreements
        return tuple(p for p in household.agreements if normalised_version(p.version) == current)
    if rule.what == "insurance":
        return household.insurance.get(rule.insurance_kind, ())
    if rule.what == "property_check":
        return household.property_checks
    return ()


def normalised_version(words: str) -> str:
    """A carer agreement's version compared without case or spacing: "2026 V1" is "2026 v1"."""
    return " ".join(words.split()).casefold()


def _label(rule: Rule, household: Household, person: Person | None) -> str:
    if rule.what == "agreement" and person is None and household.agreement_version.strip():
        return f"{rule.label}, version {household.agreement_version.strip()}"
    return rule.label


PERSON_KEY = {"carer": "carer", "support_carer": "support", "member": "member"}  # the DBS form's person choice


def _record(rule: Rule, person: Person | None) -> tuple[str, str]:
    if rule.what == "agreement" and person:
        return RECORD["support_agreement"], f"support_carer={person.id}"
    if rule.what == "property_check":
        return RECORD["property_check"], "kind=health_safety"
    query = ""
    if rule.what == "dbs" and person:
        query = f"person={PERSON_KEY[person.who]}-{person.id}"
    elif rule.what == "training" and person:
        query = f"carer={person.id}&course={rule.course_id}"
    elif rule.what == "insurance":
        query = f"kind={rule.insurance_kind}"
    return RECORD[rule.what], query


def applies(rule: Rule, arrangement_kind: str | None) -> bool:
    return not rule.arrangement_kind or rule.arrangement_kind == arrangement_kind


def _assess(rules, household: Household, start: date, end: date, arrangement_kind, warn_days):
    """(rule, person or None, first day lacking or None, last day held or None, kind) for each requirement that
    applies to each person it applies to. One pass over each person's records, warnings included."""
    by_who: dict[str, list[Person]] = {"household": [None]}
    for person in household.people:
        by_who.setdefault(person.who, []).append(person)
    for rule in rules:
        if rule.arrangement_kind and rule.arrangement_kind != arrangement_kind:
            continue
        subjects = by_who.get(rule.who, ())
        for person in subjects:
            periods = _periods(rule, household, person)
            if periods is None:
                continue  # not known at this layer (the property check at a gate)
            # A household member under 16 on every day asked about needs nothing yet; one turning 16 within the
            # range needs it from their birthday (SAFE-1).
            first = start
            required_from = _required_from(person)
            if required_from is not None:
                if required_from > end:
                    continue
                first = max(start, required_from)
            # Where a record runs out does not depend on the end asked for: look once, as far as the warning goes.
            last = end if warn_days is None else end + timedelta(days=warn_days + 1)
            if len(periods) == 1 and held_through(periods[0], rule.renewal_months, first, last):
                # The usual case, one record held from before the range past the range (and the warning).
                yield rule, person, None, _end(periods[0], rule.renewal_months), ""
                continue
            lacking, held_until, was_held = cover(periods, rule.renewal_months, first, last)
            if lacking is None:
                kind = ""
            elif lacking <= end:
                kind = "expired" if was_held else "missing"
            elif held_until is not None:
                kind = "expiring"
            else:
                lacking, kind = None, ""
            yield rule, person, lacking, held_until, kind


def _gap(rule: Rule, household: Household, person: Person | None, lacking: date, kind: str) -> Gap:
    record, query = _record(rule, person)
    label = _label(rule, household, person)
    return Gap(rule.rule, label, person.name if person else HOUSEHOLD, lacking, kind, record, query)


def check(
    rules: Iterable[Rule],
    household: Household,
    start: date,
    end: date,
    *,
    arrangement_kind: str | None = None,
    warn_days: int | None = None,
) -> list[Line]:
    """SAFE-1: every requirement that applies, for each person it applies to, held or not on start..end inclusive.

    With warn_days (lists, the Checks panel: start == end == today), a requirement held today whose expiry date is
    within warn_days (on or before end + warn_days, as sharedlives.dates.expiry_status reads it) gives an "expiring"
    gap; gates leave it None and see only "missing" and "expired".
    """
    return [
        Line(
            rule.rule,
            _label(rule, household, person),
            person.name if person else HOUSEHOLD,
            held_until,
            lacking != start,
            _gap(rule, household, person, lacking, kind) if lacking else None,
        )
        for rule, person, lacking, held_until, kind in _assess(
            rules, household, start, end, arrangement_kind, warn_days
        )
    ]


def gaps(
    rules: Iterable[Rule],
    household: Household,
    start: date,
    end: date,
    *,
    arrangement_kind: str | None = None,
    warn_days: int | None = None,
) -> list[Gap]:
    """SAFE-1: only what is lacking (as `check`), without the lines for what is held."""
    return [
        _gap(rule, household, person, lacking, kind)
        for rule, person, lacking, _, kind in _assess(rules, household, start, end, arrangement_kind, warn_days)
        if lacking
    ]
