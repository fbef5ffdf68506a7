"""A carer's Qualifying Care Relief statement for a tax year (TAX-1): reads only, aggregated in SQL.

How it computes (docs/tax.md says the same, with HMRC's sources):
- receipts: the household's lines on approved (or exported) payment schedules, for days in the tax year (a line
  crossing 6 April or 5 April counts for its days in the year), split equally between the household's carers;
- weeks of care: per person, the weeks (Monday to Sunday) with at least one day of care; the week in which the tax
  year ends belongs to it, so the year's weeks run from the first Monday on or after 6 April to the Sunday on or
  after the next 5 April (BIM52765). A day of care is a day of a live-in placement, a night of a stay (the day the
  person goes home is not a night) or a day session;
- qualifying amount: the carer's share of the fixed amount plus their share of (weekly amount × weeks, per person).
Each carer's shares are rounded once, to the penny, with the one rounding rule (sharedlives/money.py).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Count

from carers.models import Carer
from funding.models import PaymentLine, PaymentSchedule, QualifyingCareReliefYear, ScheduleStatus
from placements.models import DaySession, Person, Placement, Stay
from sharedlives.money import round_money

ZERO = Decimal("0.00")
PAID = [ScheduleStatus.APPROVED.value, ScheduleStatus.EXPORTED.value]


@dataclass(frozen=True)
class TaxYear:
    start: int  # 2025 for 2025/26

    @property
    def first_day(self) -> date:
        return date(self.start, 4, 6)

    @property
    def last_day(self) -> date:
        return date(self.start + 1, 4, 5)

    @property
    def label(self) -> str:
        return f"{self.start}/{str(self.start + 1)[-2:]}"

    @property
    def first_week(self) -> date:
        """The first Monday on or after 6 April: a week holding 5 April belongs to the year before."""
        return self.first_day + timedelta(days=(7 - self.first_day.weekday()) % 7)

    @property
    def last_care_day(self) -> date:
        """The Sunday ending the week that holds 5 April: that week belongs to this year (BIM52765)."""
        return self.last_day + timedelta(days=6 - self.last_day.weekday())

    @property
    def weeks(self) -> int:
        return (self.last_care_day - self.first_week).days // 7 + 1


@dataclass(frozen=True)
class ScheduleReceipts:
    period_start: date
    period_end: date
    lines: int
    on_schedule: Decimal  # the household's lines on the schedule
    in_year: Decimal  # the part for days in the tax year, rounded once


@dataclass(frozen=True)
class PersonWeeks:
    name: str
    kinds: str
    first_day: date
    last_day: date
    weeks: int
    amount: Decimal  # weeks × the weekly amount per adult


@dataclass
class Statement:
    carer: Carer
    year: TaxYear
    figures: QualifyingCareReliefYear
    carers_in_household: int
    schedules: list[ScheduleReceipts] = field(default_factory=list)
    people: list[PersonWeeks] = field(default_factory=list)

    @property
    def household(self):
        return self.carer.household

    @property
    def household_receipts(self) -> Decimal:
        return sum((row.in_year for row in self.schedules), ZERO)

    def _share(self, amount: Decimal) -> Decimal:
        return round_money(amount / max(self.carers_in_household, 1))

    @property
    def receipts(self) -> Decimal:
        return self._share(self.household_receipts)

    @property
    def weeks_of_care(self) -> int:
        return sum(person.weeks for person in self.people)

    @property
    def weekly_total(self) -> Decimal:
        return sum((person.amount for person in self.people), ZERO)

    @property
    def fixed_share(self) -> Decimal:
        return self._share(self.figures.fixed_amount)

    @property
    def weekly_share(self) -> Decimal:
        return self._share(self.weekly_total)

    @property
    def qualifying_amount(self) -> Decimal:
        return self.fixed_share + self.weekly_share

    @property
    def over_limit(self) -> Decimal:
        """How far receipts exceed the qualifying amount (0 when within it)."""
        return max(self.receipts - self.qualifying_amount, ZERO)

    @property
    def within_limit(self) -> bool:
        return self.receipts <= self.qualifying_amount


def figures_for(year: int) -> QualifyingCareReliefYear | None:
    return QualifyingCareReliefYear.objects.filter(tax_year=year).first()


def carers_with_counts():
    """Carers with their household and how many carers the household has (one query)."""
    return Carer.objects.select_related("household").annotate(
        carers_in_household=Count("household__carers", distinct=True)
    )


def in_period(value: str) -> str:
    """SQL: the part of payment line `l`'s `value` for its days from %(first)s to %(last)s, in proportion to days:
    a line crossing an edge of the period counts only its days inside it (unit costs, RPT-5, share this)."""
    return f'{value} * (LEAST(l."end", %(last)s) - GREATEST(l.start, %(first)s) + 1) / (l."end" - l.start + 1)'


def _receipts(household_ids: list[int], year: TaxYear) -> dict[int, list[ScheduleReceipts]]:
    """Per household, per paid schedule: the lines' total and the part for days in the tax year (one query)."""
    line, schedule = PaymentLine._meta.db_table, PaymentSchedule._meta.db_table
    sql = f"""
        SELECT l.household_id, s.period_start, s.period_end, COUNT(*), SUM(l.amount),
               SUM({in_period("l.amount")})
          FROM {line} l JOIN {schedule} s ON s.id = l.schedule_id
         WHERE s.status = ANY(%(paid)s) AND l.household_id = ANY(%(ids)s)
           AND l.start <= %(last)s AND l."end" >= %(first)s
         GROUP BY l.household_id, s.id, s.period_start, s.period_end
         ORDER BY l.household_id, s.period_start, s.id"""
    params = {"first": year.first_day, "last": year.last_day, "paid": PAID, "ids": household_ids}
    found: dict[int, list[ScheduleReceipts]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for household_id, start, end, lines, total, in_year in cursor.fetchall():
            row = ScheduleReceipts(start, end, lines, round_money(total), round_money(in_year))
            found.setdefault(household_id, []).append(row)
    return found


def _weeks(household_ids: list[int], year: TaxYear, weekly: Decimal) -> dict[int, list[PersonWeeks]]:
    """Per household, per person: the distinct Monday-to-Sunday weeks with a day of care (one query)."""
    placement, stay, session, person = (m._meta.db_table for m in (Placement, Stay, DaySession, Person))
    sql = f"""
        WITH care AS (
            SELECT p.household_id, p.person_id, p.kind, p.starts_on AS d1, COALESCE(p.ends_on, %(last)s) AS d2
              FROM {placement} p
             WHERE p.kind = 'live_in' AND p.household_id = ANY(%(ids)s)
               AND p.starts_on <= %(last)s AND COALESCE(p.ends_on, %(last)s) >= %(first)s
            UNION ALL
            SELECT p.household_id, p.person_id, p.kind, s.starts_on, s.ends_on - 1
              FROM {stay} s JOIN {placement} p ON p.id = s.placement_id
             WHERE NOT s.cancelled AND p.household_id = ANY(%(ids)s)
               AND s.starts_on <= %(last)s AND s.ends_on - 1 >= %(first)s
            UNION ALL
            SELECT p.household_id, p.person_id, p.kind, d."on", d."on"
              FROM {session} d JOIN {placement} p ON p.id = d.placement_id
             WHERE NOT d.cancelled AND p.household_id = ANY(%(ids)s) AND d."on" BETWEEN %(first)s AND %(last)s
        )
        SELECT c.household_id, pe.first_name || ' ' || pe.last_name, string_agg(DISTINCT c.kind, ','),
               MIN(GREATEST(c.d1, %(first)s)), MAX(LEAST(c.d2, %(last)s)), COUNT(DISTINCT w.week)
          FROM care c JOIN {person} pe ON pe.id = c.person_id
          CROSS JOIN LATERAL generate_series(date_trunc('week', GREATEST(c.d1, %(first)s)::timestamp),
                                             date_trunc('week', LEAST(c.d2, %(last)s)::timestamp),
                                             interval '1 week') AS w(week)
         GROUP BY c.household_id, c.person_id, pe.first_name, pe.last_name
         ORDER BY c.household_id, pe.last_name, pe.first_name, c.person_id"""
    params = {"first": year.first_week, "last": year.last_care_day, "ids": household_ids}
    labels = dict(Placement._meta.get_field("kind").choices)
    found: dict[int, list[PersonWeeks]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for household_id, name, kinds, first, last, weeks in cursor.fetchall():
            kind_text = ", ".join(labels.get(kind, kind) for kind in kinds.split(","))
            row = PersonWeeks(name, kind_text, first, last, weeks, round_money(weekly * weeks))
            found.setdefault(household_id, []).append(row)
    return found


def statements(carers: list[Carer], figures: QualifyingCareReliefYear) -> list[Statement]:
    """The statements of these carers (annotated by carers_with_counts), in two queries whatever their number."""
    year = TaxYear(figures.tax_year)
    ids = sorted({carer.household_id for carer in carers})
    receipts = _receipts(ids, year)
    weeks = _weeks(ids, year, figures.weekly_amount_adult)
    return [
        Statement(
            carer=carer,
            year=year,
            figures=figures,
            carers_in_household=carer.carers_in_household,
            schedules=receipts.get(carer.household_id, []),
            people=weeks.get(carer.household_id, []),
        )
        for carer in carers
    ]


def statement(carer_pk: int, figures: QualifyingCareReliefYear) -> Statement | None:
    carer = carers_with_counts().filter(pk=carer_pk).first()
    return statements([carer], figures)[0] if carer else None
