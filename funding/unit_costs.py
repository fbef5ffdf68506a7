"""Unit costs (RPT-5): what a week of each arrangement type and band actually cost over a period, by element.

Read only, in SQL, one query whatever the number of lines (docs/rules.md, RPT-5). How it counts:
- only lines of approved or exported schedules (what was paid, never recomputed by the fee engine), linked to an
  arrangement (a recovery carried between schedules is cash flow, not a cost, and has no arrangement);
- a line crossing an edge of the period counts only its days inside it, in proportion (as the tax statement does:
  funding.tax.in_period);
- band: the band the line was paid at (its rate code, band_1 … band_6); otherwise the band agreed for the
  arrangement on the line's first day; otherwise "no agreed band" (the initial fee, emergency, short breaks, days);
- paid days: per arrangement and band, the most days any one element was paid for (a line's quantity: days of a
  weekly rate, nights of a stay, sessions of day support; fee lines only, so recoveries and adjustments change the
  cost but not the days); arrangement-weeks = paid days ÷ 7;
- cost per week = amount ÷ arrangement-weeks, per element and in total, each rounded once (sharedlives.money).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Q

from funding.fees import BOARD, CARE, ELEMENTS, RENT
from funding.models import BAND_CODES, BandingAssessment, PaymentLine, PaymentSchedule, RateCode
from funding.tax import PAID, ZERO, in_period
from placements.models import ArrangementKind, Placement, Referral, ReferralStatus, SupportNeed
from sharedlives.money import round_money

SEVEN = Decimal(7)
NO_BAND = ""
BAND_LABELS = dict(RateCode.choices) | {NO_BAND: "No agreed band"}
KIND_LABELS = dict(ArrangementKind.choices)
AGREED = ["agreed", "changed"]  # sharedlives.models.ApprovalOutcome: a band the management team agreed


@dataclass(frozen=True)
class UnitCost:
    """One row: an arrangement type and band (band None: every band of the type), with the counts behind it."""

    kind: str
    band: str | None
    arrangements: int
    lines: int
    paid_days: Decimal
    amounts: dict[str, Decimal]  # per element, for the days in the period, rounded once

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def band_label(self) -> str:
        return "All bands" if self.band is None else BAND_LABELS.get(self.band, self.band)

    @property
    def weeks(self) -> Decimal:
        return round_money(self.paid_days / SEVEN)

    @property
    def amount(self) -> Decimal:
        return sum(self.amounts.values(), ZERO)

    def per_week(self, element: str | None = None) -> Decimal | None:
        """Cost per arrangement-week, of one element or in total; None when nothing was paid by the day."""
        if not self.paid_days:
            return None
        amount = self.amount if element is None else self.amounts[element]
        return round_money(amount * SEVEN / self.paid_days)

    @property
    def care_per_week(self):
        return self.per_week(CARE)

    @property
    def board_per_week(self):
        return self.per_week(BOARD)

    @property
    def rent_per_week(self):
        return self.per_week(RENT)

    @property
    def total_per_week(self):
        return self.per_week()


def _band_on(placement: str, day: str) -> str:
    """SQL: the band agreed for arrangement `placement` on `day` (the latest agreed banding in force), or ''."""
    banding = BandingAssessment._meta.db_table
    in_force = "COALESCE(b.effective_from, b.review_date)"
    return f"""COALESCE((
        SELECT COALESCE(NULLIF(b.decided_band, ''), b.proposed_band) FROM {banding} b
         WHERE b.placement_id = {placement} AND b.outcome = ANY(%(agreed)s) AND {in_force} <= {day}
         ORDER BY {in_force} DESC, b.id DESC LIMIT 1), '')"""


def _sql() -> str:
    line, schedule, placement = (m._meta.db_table for m in (PaymentLine, PaymentSchedule, Placement))
    by_element = ", ".join(f"SUM(amount) FILTER (WHERE element = '{e}')" for e in ELEMENTS)
    days_by_element = ", ".join(f"SUM(days) FILTER (WHERE element = '{e}')" for e in ELEMENTS)
    return f"""
        WITH paid AS (
            SELECT l.placement_id, p.kind, l.element, {in_period("l.amount")} AS amount,
                   CASE WHEN l.kind = 'fee' AND l.unit <> 'one_off' THEN {in_period("l.quantity")} ELSE 0 END AS days,
                   CASE WHEN l.rate_code = ANY(%(bands)s) THEN l.rate_code
                        ELSE {_band_on("l.placement_id", "l.start")} END AS band
              FROM {line} l JOIN {schedule} s ON s.id = l.schedule_id JOIN {placement} p ON p.id = l.placement_id
             WHERE s.status = ANY(%(paid)s) AND l.start <= %(last)s AND l."end" >= %(first)s
        ), per_arrangement AS (
            SELECT kind, band, placement_id, COUNT(*) AS lines, ARRAY[{by_element}] AS amounts,
                   GREATEST({days_by_element}) AS days
              FROM paid GROUP BY kind, band, placement_id
        )
        SELECT kind, band, GROUPING(band) = 1, COUNT(DISTINCT placement_id), SUM(lines), COALESCE(SUM(days), 0),
               {", ".join(f"SUM(amounts[{i + 1}])" for i in range(len(ELEMENTS)))}
          FROM per_arrangement
         GROUP BY GROUPING SETS ((kind, band), (kind))
         ORDER BY kind, GROUPING(band), band"""


def unit_costs(first: date, last: date) -> list[UnitCost]:
    """Every type and band paid for between `first` and `last` (inclusive), then each type's total (one query)."""
    params = {
        "first": first,
        "last": last,
        "paid": PAID,
        "agreed": AGREED,
        "bands": [code.value for code in BAND_CODES],
    }
    rows = []
    with connection.cursor() as cursor:
        cursor.execute(_sql(), params)
        for kind, band, all_bands, arrangements, lines, days, *amounts in cursor.fetchall():
            rows.append(
                UnitCost(
                    kind=kind,
                    band=None if all_bands else band,
                    arrangements=arrangements,
                    lines=int(lines),
                    paid_days=Decimal(days),
                    amounts={e: round_money(a or ZERO) for e, a in zip(ELEMENTS, amounts, strict=True)},
                )
            )
    return sorted(rows, key=_order)


def _order(row: UnitCost):
    kinds = list(KIND_LABELS)
    bands = [NO_BAND, *(code.value for code in BAND_CODES)]
    return (
        kinds.index(row.kind) if row.kind in kinds else len(kinds),
        row.band is None,
        bands.index(row.band) if row.band in bands else len(bands),
    )


def by_type(rows: list[UnitCost]) -> dict[str, UnitCost]:
    """Each type's all-bands row: the unit cost the business case compares (RPT-6)."""
    return {row.kind: row for row in rows if row.band is None}


@dataclass(frozen=True)
class Current:
    """Arrangements running on a day, by type and the band agreed on it (RPT-6's "current arrangements")."""

    kind: str
    band: str
    people: int

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def band_label(self) -> str:
        return BAND_LABELS.get(self.band, self.band)


def arrangements_on(day: date) -> list[Current]:
    """Arrangements started by `day` and not ended before it, by type and band (one query)."""
    placement = Placement._meta.db_table
    sql = f"""
        SELECT kind, band, COUNT(*) FROM (
            SELECT p.kind, {_band_on("p.id", "%(day)s")} AS band FROM {placement} p
             WHERE p.starts_on <= %(day)s AND (p.ends_on IS NULL OR p.ends_on >= %(day)s)) running
         GROUP BY kind, band"""
    with connection.cursor() as cursor:
        cursor.execute(sql, {"day": day, "agreed": AGREED})
        rows = [Current(kind, band, people) for kind, band, people in cursor.fetchall()]
    return sorted(rows, key=lambda row: _order(UnitCost(row.kind, row.band, 0, 0, ZERO, {})))


def arrangements_by_need_on(day: date) -> list[tuple[str, str, int]]:
    """Arrangements running on `day` by type and the person's primary support need (RPT-6): (type label, need
    label, people), most first. One query."""
    needs = dict(SupportNeed.choices)
    running = (
        Placement.objects.filter(starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .values("kind", "person__primary_support_need")
        .annotate(people=Count("pk"))
        .order_by()
    )
    rows = [
        (
            KIND_LABELS.get(r["kind"], r["kind"]),
            needs.get(r["person__primary_support_need"], "Not recorded"),
            r["people"],
        )
        for r in running
    ]
    return sorted(rows, key=lambda row: (row[0], -row[2], row[1]))


def demand() -> list[tuple[str, int, int]]:
    """RPT-6's demand: referrals open today (received, awaiting funding, matching, introductions, waiting list) by
    type: (type label, open, of them on the waiting list). One query."""
    from placements.queries import BOARD_STAGES

    rows = (
        Referral.objects.filter(status__in=BOARD_STAGES)
        .values("kind")
        .annotate(open=Count("pk"), waiting=Count("pk", filter=Q(status=ReferralStatus.WAITING_LIST)))
        .order_by()
    )
    found = {r["kind"]: (r["open"], r["waiting"]) for r in rows}
    return [(label, *found.get(kind, (0, 0))) for kind, label in ArrangementKind.choices]
