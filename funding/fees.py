"""The fee engine: a placement's facts and the rate cards in, explained payment lines out. Pure: no Django.

Every payment, schedule, statement, CSV and PDF is built from these FeeLines and nothing else (FEE-8).
How each rule reads is written down, with worked examples, in docs/fees.md. In short:

- Live-in: the initial fee from the start while no band applies, paid on the carer's invoice during the
  initial period (FEE-2); the agreed band from its effective date, the date of the 28-day review (FEE-3);
  an internal move carries the band from day one and pays no initial fee (PLA-5).
- Emergency: the emergency night rate if the person was not known to the carer, else the respite night
  rate, until a band applies (FEE-4).
- Short breaks: nights × the night rate per stay (RES-2). Day support: each session's block rate, with the
  uplift for each additional person supported at the same time shared between them (FEE-6).
- Carer break: the long-term carer keeps care and rent but not board and lodging for the break nights; a
  covering short-break household gets the board and its own night fee (RES-3).
- Endings (END-1 … END-8), housing benefit (HB-2, HB-3) and management overrides change which elements
  are paid on which days.
- Weekly rates are pro-rated by days (rate × days ÷ 7); each line is rounded once, to the penny, half up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

CARE = "care_and_support"
BOARD = "board_and_lodging"
RENT = "rent"
ELEMENTS = (CARE, BOARD, RENT)
ELEMENT_LABELS = {CARE: "Care and support", BOARD: "Board and lodging", RENT: "Rent"}

WEEK, NIGHT, SESSION, ONE_OFF, PERCENT = "week", "night", "session", "one_off", "percent"

INITIAL, EMERGENCY, RESPITE_NIGHT = "initial", "emergency", "respite_night"
DAY_BLOCKS = ("day_half", "day_six", "day_full")
UPLIFT = "additional_person_uplift"
ADMIN_PAYMENT = "admin_payment"

LIVE_IN, SHORT_BREAK, DAY_SUPPORT = "live_in", "short_break", "day_support"  # placements.ArrangementKind
# Why an arrangement ends: placements.NoticeReason's values (a test checks the two agree).
PERSON_CHOOSES, CHANGE_OF_NEEDS, CARER_OTHER = "person_chooses", "change_of_needs", "carer_other"
CARER_AT_ONCE, CARER_UNABLE, EXCEPTIONAL = "carer_at_once", "carer_unable", "exceptional"

PENNY = Decimal("0.01")
SEVEN = Decimal(7)
HUNDRED = Decimal(100)


class FeeError(Exception):
    """The facts cannot be priced (no card for a date, a band code missing from the card)."""

    def __init__(self, rule: str, message: str):
        self.rule = rule
        super().__init__(f"{message} ({rule})")


def round_money(amount: Decimal) -> Decimal:
    # The one rounding rule (sharedlives.money.round_money); repeated here so this module needs no Django.
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def financial_year_start(day: date) -> date:
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


# Rate cards ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardRate:
    code: str
    element: str
    unit: str
    amount: Decimal
    label: str = ""


@dataclass(frozen=True)
class CardVersion:
    """A published rate card (or a correction of one) in force from `effective_from` within its year."""

    year_start: date
    effective_from: date
    label: str
    rates: dict[tuple[str, str], CardRate]
    card_id: int | None = None
    by_code: dict[str, list[CardRate]] = field(default_factory=dict, init=False, compare=False, repr=False)

    def __post_init__(self):
        by_code: dict[str, list[CardRate]] = {}
        for (code, _), rate in self.rates.items():
            by_code.setdefault(code, []).append(rate)
        object.__setattr__(self, "by_code", by_code)

    def rate(self, code: str, element: str) -> CardRate | None:
        return self.rates.get((code, element))

    def elements(self, code: str) -> list[CardRate]:
        return self.by_code.get(code, [])


class RateCards:
    """Every published card version; answers "which card prices this day?" (FEE-1, FEE-7)."""

    def __init__(self, versions: Iterable[CardVersion]):
        self._by_day: dict[date, CardVersion] = {}
        self._by_year: dict[date, list[CardVersion]] = {}
        for version in versions:
            self._by_year.setdefault(version.year_start, []).append(version)
        for year in self._by_year.values():
            year.sort(key=lambda v: v.effective_from)

    def boundaries(self) -> list[date]:
        """Every day a different card starts pricing: 1 April of each year and each correction's date."""
        return sorted({v.effective_from for year in self._by_year.values() for v in year} | set(self._by_year))

    def for_day(self, day: date) -> CardVersion:
        cached = self._by_day.get(day)
        if cached is not None:
            return cached
        self._by_day[day] = found = self._find(day)
        return found

    def _find(self, day: date) -> CardVersion:
        versions = self._by_year.get(financial_year_start(day), [])
        chosen = None
        for version in versions:
            if version.effective_from <= day:
                chosen = version
        if chosen is None:
            year = financial_year_start(day)
            raise FeeError(
                "FEE-1", f"No published rate card for {year.year}/{str(year.year + 1)[-2:]} covers {day:%-d %B %Y}"
            )
        return chosen


# Facts -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BandFact:
    code: str  # "band_3"
    effective_from: date  # the 28-day review date (FEE-3), or the move date for a carried-over band (PLA-5)
    source: str = "the 28-day review"  # what set the date, for the line's explanation (FEE-8)


@dataclass(frozen=True)
class StayFact:
    starts_on: date  # first night
    ends_on: date  # the day the person goes home


@dataclass(frozen=True)
class DaySessionFact:
    on: date
    block: str  # "day_half" | "day_six" | "day_full"
    people_together: int = 1


@dataclass(frozen=True)
class CarerBreakFact:
    starts_on: date  # first night of the break
    ends_on: date  # the carer is back
    cover_payee: str | None = None  # the covering short-break household, if any


@dataclass(frozen=True)
class EndingFact:
    reason: str  # NoticeReason: person_chooses, change_of_needs, carer_other, carer_at_once, carer_unable, exceptional
    given_on: date
    notice_ends_on: date
    within_initial_period: bool
    moved_out_on: date | None = None
    belongings_removed_on: date | None = None
    alternative_found: bool = False


@dataclass(frozen=True)
class HousingBenefitFact:
    award_starts_on: date
    confirmed_on: date


@dataclass(frozen=True)
class OverrideFact:
    """A management decision that changes a default ("subject to circumstances", END-1, END-7)."""

    element: str
    starts_on: date
    ends_on: date
    pay: bool
    reason: str


@dataclass(frozen=True)
class PlacementFacts:
    placement_id: int
    payee: str  # the household paid, by reference
    kind: str
    starts_on: date
    ends_on: date | None = None
    new_to_shared_lives: bool = True
    emergency: bool = False
    person_known_to_carer: bool = False
    initial_period_days: int = 28
    bands: tuple[BandFact, ...] = ()
    stays: tuple[StayFact, ...] = ()
    sessions: tuple[DaySessionFact, ...] = ()
    carer_breaks: tuple[CarerBreakFact, ...] = ()
    ending: EndingFact | None = None
    housing_benefit: tuple[HousingBenefitFact, ...] = ()
    admin_payment_on: date | None = None
    overrides: tuple[OverrideFact, ...] = ()

    @property
    def initial_period_end(self) -> date:
        return self.starts_on + timedelta(days=self.initial_period_days - 1)


# Lines -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeeLine:
    placement_id: int
    payee: str
    start: date
    end: date
    element: str
    rate_code: str
    rate: Decimal
    unit: str
    quantity: Decimal
    amount: Decimal
    rules: tuple[str, ...]
    explanation: str
    card: str = ""
    kind: str = "fee"  # "fee", "recovery", "one_off"
    paid_on_invoice: bool = False


@dataclass(frozen=True)
class _DayCharge:
    """What one element earns on one day, before days are joined into lines."""

    payee: str
    element: str
    code: str
    unit: str
    rate: Decimal
    card: str
    rules: tuple[str, ...]
    note: str
    kind: str = "fee"
    paid_on_invoice: bool = False
    share: Decimal = Decimal(1)  # day support: the person's share of an uplifted session


def _days(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def _money_text(amount: Decimal) -> str:
    sign = "−" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


Run = tuple[date, date, "_DayCharge"]


def _join(placement_id: int, runs: Iterable[Run]) -> list[FeeLine]:
    """Join runs of days with the same charge into one line; price it; round once (FEE-8)."""
    lines: list[FeeLine] = []

    def close(charge: _DayCharge, start: date, end: date, days: int) -> None:
        count = Decimal(days)
        if charge.unit == WEEK:
            amount = round_money(charge.rate * count / SEVEN)
            sum_text = f"{_money_text(charge.rate)} a week × {days} days ÷ 7"
        elif charge.unit in (NIGHT, SESSION):
            amount = round_money(charge.rate * count * charge.share)
            per = "night" if charge.unit == NIGHT else "session"
            share = "" if charge.share == 1 else f" × {charge.share.normalize():f}"
            sum_text = f"{_money_text(charge.rate)} a {per} × {days}{share}"
        else:  # one-off
            amount = round_money(charge.rate)
            sum_text = f"{_money_text(charge.rate)} once"
        explanation = f"{ELEMENT_LABELS[charge.element]}: {sum_text} = {_money_text(amount)}. {charge.note}".strip()
        lines.append(
            FeeLine(
                placement_id=placement_id,
                payee=charge.payee,
                start=start,
                end=end,
                element=charge.element,
                rate_code=charge.code,
                rate=charge.rate,
                unit=charge.unit,
                quantity=count,
                amount=amount,
                rules=charge.rules,
                explanation=explanation,
                card=charge.card,
                kind=charge.kind,
                paid_on_invoice=charge.paid_on_invoice,
            )
        )

    open_runs: dict[_DayCharge, list] = {}
    for start, end, charge in sorted(runs, key=lambda run: run[0]):
        days = (end - start).days + 1
        current = open_runs.get(charge)
        # Runs join while they follow on; sessions of one kind in the period make one line (sessions × rate).
        if current is not None and (
            charge.unit == SESSION or (charge.unit != ONE_OFF and current[1] == start - timedelta(days=1))
        ):
            current[1] = end
            current[2] += days
            continue
        if current is not None:
            close(charge, *current)
        open_runs[charge] = [start, end, days]
    for charge, current in open_runs.items():
        close(charge, *current)
    return sorted(lines, key=lambda line: (line.start, ELEMENTS.index(line.element), line.kind, line.payee))


# The engine ------------------------------------------------------------------------------------------


def price(facts: PlacementFacts, cards: RateCards, start: date, end: date) -> list[FeeLine]:
    """Every line the placement earns from `start` to `end` inclusive, plus recoveries confirmed in it."""
    if end < start:
        return []
    if facts.kind == LIVE_IN:
        charges = _live_in(facts, cards, start, end)
    elif facts.kind == SHORT_BREAK:
        charges = _short_breaks(facts, cards, start, end)
    elif facts.kind == DAY_SUPPORT:
        charges = _day_support(facts, cards, start, end)
    else:
        raise FeeError("REF-3", f"Unknown arrangement type {facts.kind!r}")
    charges += _admin_payment(facts, cards, start, end)
    lines = _join(facts.placement_id, charges)
    return lines + _recoveries(facts, cards, start, end)


def total(lines: Iterable[FeeLine]) -> Decimal:
    return sum((line.amount for line in lines), Decimal("0.00"))


def _band_on(facts: PlacementFacts, day: date) -> BandFact | None:
    chosen = None
    for band in sorted(facts.bands, key=lambda b: b.effective_from):
        if band.effective_from <= day:
            chosen = band
    return chosen


def _base_code(facts: PlacementFacts, day: date) -> tuple[str, tuple[str, ...], str, bool]:
    """The rate that prices this day of a live-in placement: code, rules, note, paid on invoice."""
    band = _band_on(facts, day)
    if band is not None:
        if not facts.new_to_shared_lives and band.effective_from <= facts.starts_on:
            return (
                band.code,
                ("PLA-5", "FEE-3"),
                "Band carried over on an internal move; no initial fee (PLA-5).",
                False,
            )
        return band.code, ("FEE-3",), f"Band from {band.source} on {band.effective_from:%-d %b %Y} (FEE-3).", False
    if facts.emergency:
        if facts.person_known_to_carer:
            return RESPITE_NIGHT, ("FEE-4",), "Emergency, person known to the carer: respite rate (FEE-4).", False
        return EMERGENCY, ("FEE-4",), "Emergency, person not known to the carer: emergency rate (FEE-4).", False
    if facts.new_to_shared_lives:
        on_invoice = day <= facts.initial_period_end
        note = (
            "Initial placement fee, paid on the carer's invoice (FEE-2)."
            if on_invoice
            else ("Initial placement fee continues until the band from the 28-day review applies (FEE-2, FEE-3).")
        )
        return INITIAL, ("FEE-2",), note, on_invoice
    raise FeeError("PLA-5", f"Placement {facts.placement_id} moved household without a band to carry over")


# How each ending pays each element: (the last day paid, the rule, why). The table in docs/fees.md, as data.
# The days: "stopped" the day the carer stopped (the move, or the notice); "given" the notice day; "day_28" the end of
# the initial period; "moved" the day the person moved out; "stay_end" the move or the notice end, whichever is first;
# "belongings" the day the person's belongings were removed.
_AT_ONCE = ("stopped", "END-5", "The carer ended the placement at once: all funding stops (END-5).")
ENDING_TERMS: dict[str, dict[str, tuple[str, str, str]]] = {
    CARER_AT_ONCE: {CARE: _AT_ONCE, BOARD: _AT_ONCE, RENT: _AT_ONCE},
    CARER_UNABLE: {
        CARE: ("given", "END-7", "Carer unable to care: payments stop (END-7)."),
        BOARD: ("given", "END-7", "Carer unable to care: household contributions stop (END-7)."),
        RENT: ("given", "END-7", "Carer unable to care: rent as the management team decides (END-7)."),
    },
    "person_chooses_within_initial_period": {
        CARE: ("day_28", "END-1", "Person left inside the first 28 days: care paid to day 28 (END-1)."),
        BOARD: ("moved", "END-1", "Board and lodging stops when the person leaves (END-1)."),
        RENT: ("belongings", "END-6", "Rent continues until belongings are removed (END-1, END-6)."),
    },
}
# Every other ending (END-2 the person's notice, END-3 / END-4 the carer's, END-8 exceptional): paid while the person
# stays, up to the notice end; rent until their belongings are removed.
_NOTICE_RULES = {PERSON_CHOOSES: "END-2", EXCEPTIONAL: "END-8"}


def _ending_terms(ending: EndingFact) -> dict[str, tuple[str, str, str]]:
    if ending.reason == PERSON_CHOOSES and ending.within_initial_period:
        return ENDING_TERMS["person_chooses_within_initial_period"]
    if ending.reason in ENDING_TERMS:
        return ENDING_TERMS[ending.reason]
    rule = _NOTICE_RULES.get(ending.reason, "END-3" if ending.alternative_found else "END-4")
    while_staying = ("stay_end", rule, f"Paid while the person stays, up to the notice end ({rule}).")
    belongings = ("belongings", "END-6", "Rent continues until the person's belongings are removed (END-6).")
    return {CARE: while_staying, BOARD: while_staying, RENT: belongings}


def _ending_day(day: str, ending: EndingFact, facts: PlacementFacts) -> date | None:
    moved = ending.moved_out_on
    match day:
        case "stopped":
            return moved or ending.given_on
        case "given":
            return ending.given_on
        case "day_28":
            return facts.initial_period_end
        case "moved":
            return moved
        case "stay_end":
            return min(moved, ending.notice_ends_on) if moved else ending.notice_ends_on
        case "belongings":
            return ending.belongings_removed_on
    raise ValueError(day)


def _element_last_days(facts: PlacementFacts) -> tuple[dict[str, date | None], dict[str, tuple[str, str]]]:
    """The last day each element is paid (None: open), and why, from the ending and housing benefit facts."""
    last: dict[str, date | None] = {element: facts.ends_on for element in ELEMENTS}
    why: dict[str, tuple[str, str]] = {}
    ending = facts.ending
    if ending is not None:
        for element, (day, rule, text) in _ending_terms(ending).items():
            last[element] = _ending_day(day, ending, facts)
            why[element] = (rule, text)
    confirmed = [hb for hb in facts.housing_benefit]
    if confirmed:
        award = min(confirmed, key=lambda hb: hb.confirmed_on)
        stop = award.confirmed_on - timedelta(days=1)
        if last[RENT] is None or stop < last[RENT]:
            last[RENT] = stop
            why[RENT] = ("HB-2", f"Housing benefit confirmed on {award.confirmed_on:%-d %b %Y}: rent stops (HB-2).")
    return last, why


def _override(facts: PlacementFacts, element: str, day: date) -> OverrideFact | None:
    for override in facts.overrides:
        if override.element == element and override.starts_on <= day <= override.ends_on:
            return override
    return None


def _break_on(facts: PlacementFacts, day: date) -> CarerBreakFact | None:
    for carer_break in facts.carer_breaks:
        if carer_break.starts_on <= day < carer_break.ends_on:
            return carer_break
    return None


def _segment_starts(facts: PlacementFacts, cards: RateCards, last: dict[str, date | None], first: date, final: date):
    """Every day on which what is paid may change; between two of them every day is priced the same."""
    days = {first}
    days |= {band.effective_from for band in facts.bands}
    days.add(facts.initial_period_end + timedelta(days=1))
    days |= set(cards.boundaries())
    days |= {stop + timedelta(days=1) for stop in last.values() if stop is not None}
    for carer_break in facts.carer_breaks:
        days |= {carer_break.starts_on, carer_break.ends_on}
    for override in facts.overrides:
        days |= {override.starts_on, override.ends_on + timedelta(days=1)}
    if facts.ending and facts.ending.moved_out_on:
        days |= {facts.ending.moved_out_on, facts.ending.moved_out_on + timedelta(days=1)}
    return sorted(day for day in days if first <= day <= final)


def _live_in(facts: PlacementFacts, cards: RateCards, start: date, end: date) -> list[Run]:
    last, why = _element_last_days(facts)
    open_end = max((d for d in last.values() if d is not None), default=None)
    if any(d is None for d in last.values()):
        open_end = end
    first_day = max(start, facts.starts_on)
    last_day = min(end, open_end) if open_end else end
    overrides_end = max((o.ends_on for o in facts.overrides if o.pay), default=None)
    if overrides_end:
        last_day = max(last_day, min(end, overrides_end))
    if last_day < first_day:
        return []
    starts = _segment_starts(facts, cards, last, first_day, last_day)
    runs: list[Run] = []
    for index, day in enumerate(starts):
        segment_end = starts[index + 1] - timedelta(days=1) if index + 1 < len(starts) else last_day
        runs += [(day, segment_end, charge) for charge in _live_in_day(facts, cards, day, last, why)]
    return runs


def _live_in_day(facts: PlacementFacts, cards: RateCards, day: date, last, why) -> list[_DayCharge]:
    """What each element of a live-in placement earns on `day`, and who is paid."""
    card = cards.for_day(day)
    code, rules, note, on_invoice = _base_code(facts, day)
    rates = card.elements(code)
    if not rates:
        raise FeeError("FEE-1", f"The {card.label} card has no rate {code!r}")
    carer_break = _break_on(facts, day)
    charges = []
    for rate in rates:
        element = rate.element
        override = _override(facts, element, day)
        stop = last[element]
        paid = stop is None or day <= stop
        line_rules, line_note = rules, note
        if override is not None:
            paid = override.pay
            line_rules = (*rules, "AUD-2")
            line_note = f"{note} Management decision: {override.reason}."
        elif element in why and stop is not None and day <= stop:
            line_rules = (*rules, why[element][0])
        if not paid:
            continue
        payee = facts.payee
        if element == BOARD and carer_break is not None:
            if carer_break.cover_payee is None:
                continue  # RES-3: no board and lodging to the long-term carer during their break
            payee = carer_break.cover_payee
            line_rules = (*line_rules, "RES-3")
            line_note = "Carer's break: board and lodging goes to the covering short-break carer (RES-3)."
        if rate.unit == NIGHT and facts.ending and facts.ending.moved_out_on == day:
            continue  # a night rate pays for nights: none on the day the person leaves
        charges.append(
            _DayCharge(
                payee,
                element,
                code,
                rate.unit,
                rate.amount,
                card.label,
                line_rules,
                line_note,
                paid_on_invoice=on_invoice,
            )
        )
    if carer_break is not None and carer_break.cover_payee is not None:
        cover_rate = card.rate(RESPITE_NIGHT, CARE)
        if cover_rate is not None:
            charges.append(
                _DayCharge(
                    carer_break.cover_payee,
                    CARE,
                    RESPITE_NIGHT,
                    cover_rate.unit,
                    cover_rate.amount,
                    card.label,
                    ("RES-3",),
                    "Covering a carer's break: the short-break night fee (RES-3).",
                    paid_on_invoice=True,
                )
            )
    return charges


def _short_breaks(facts: PlacementFacts, cards: RateCards, start: date, end: date) -> list[Run]:
    charges = []
    for stay in facts.stays:
        for night in _days(max(start, stay.starts_on), min(end, stay.ends_on - timedelta(days=1))):
            card = cards.for_day(night)
            for rate in card.elements(RESPITE_NIGHT):
                charges.append(
                    (
                        night,
                        night,
                        _DayCharge(
                            facts.payee,
                            rate.element,
                            RESPITE_NIGHT,
                            rate.unit,
                            rate.amount,
                            card.label,
                            ("RES-2",),
                            f"Short-break stay from {stay.starts_on:%-d %b %Y} (RES-2).",
                            paid_on_invoice=True,
                        ),
                    )
                )
    return sorted(charges, key=lambda c: c[0])


def _day_support(facts: PlacementFacts, cards: RateCards, start: date, end: date) -> list[Run]:
    charges = []
    for session in facts.sessions:
        if not start <= session.on <= end:
            continue
        card = cards.for_day(session.on)
        rate = card.rate(session.block, CARE)
        if rate is None:
            raise FeeError("FEE-6", f"The {card.label} card has no rate for {session.block!r}")
        people = max(session.people_together, 1)
        share = Decimal(1)
        note = "Day support block (FEE-6)."
        if people > 1:
            uplift = card.rate(UPLIFT, CARE)
            percent = uplift.amount if uplift else Decimal(0)
            # The session earns the block rate plus the uplift for each additional person; each person's
            # placement pays an equal share of it.
            share = (Decimal(1) + percent / HUNDRED * (people - 1)) / people
            note = f"{people} people together: block rate + {percent.normalize():f}% for each extra person, shared (FEE-6)."
        charges.append(
            (
                session.on,
                session.on,
                _DayCharge(
                    facts.payee, CARE, session.block, SESSION, rate.amount, card.label, ("FEE-6",), note, share=share
                ),
            )
        )
    return sorted(charges, key=lambda c: c[0])


def _admin_payment(facts: PlacementFacts, cards: RateCards, start: date, end: date) -> list[Run]:
    on = facts.admin_payment_on
    if on is None or not start <= on <= end:
        return []
    card = cards.for_day(on)
    rate = card.rate(ADMIN_PAYMENT, CARE)
    if rate is None:
        raise FeeError("END-8", f"The {card.label} card has no exceptional-ending payment")
    return [
        (
            on,
            on,
            _DayCharge(
                facts.payee,
                CARE,
                ADMIN_PAYMENT,
                ONE_OFF,
                rate.amount,
                card.label,
                ("END-8",),
                "Exceptional ending: administrative payment agreed by the management team (END-8).",
                kind="one_off",
            ),
        )
    ]


def _recoveries(facts: PlacementFacts, cards: RateCards, start: date, end: date) -> list[FeeLine]:
    """HB-3: rent paid for days a backdated award covers is recovered, in full, when the award is confirmed."""
    lines = []
    for award in facts.housing_benefit:
        if not start <= award.confirmed_on <= end or award.award_starts_on >= award.confirmed_on:
            continue
        unaffected = replace(facts, housing_benefit=())
        first = max(award.award_starts_on, facts.starts_on)
        paid_rent = [
            line
            for line in price(unaffected, cards, first, award.confirmed_on - timedelta(days=1))
            if line.element == RENT and line.kind == "fee"
        ]
        for line in paid_rent:
            lines.append(
                FeeLine(
                    placement_id=facts.placement_id,
                    payee=line.payee,
                    start=line.start,
                    end=line.end,
                    element=RENT,
                    rate_code=line.rate_code,
                    rate=line.rate,
                    unit=line.unit,
                    quantity=line.quantity,
                    amount=-line.amount,
                    rules=("HB-3",),
                    explanation=(
                        f"Recovery: housing benefit backdated to {award.award_starts_on:%-d %b %Y} covers rent "
                        f"already paid, {_money_text(line.amount)}, recovered in full (HB-3)."
                    ),
                    card=line.card,
                    kind="recovery",
                )
            )
    return lines


@dataclass
class ScheduleTotals:
    by_element: dict[str, Decimal] = field(default_factory=dict)
    total: Decimal = Decimal("0.00")


def summarise(lines: Iterable[FeeLine]) -> ScheduleTotals:
    totals = ScheduleTotals()
    for line in lines:
        totals.by_element[line.element] = totals.by_element.get(line.element, Decimal("0.00")) + line.amount
        totals.total += line.amount
    return totals
