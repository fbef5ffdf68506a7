"""Housing benefit (RPT-7, HB-4), for senior management: the applications outstanding on the period's last day with
days waiting, the decisions each month (awards, backdated awards, refusals) and the recoveries made through carers'
payments (HB-3). Each figure one SQL query.

An application is *outstanding on* a date when it was made by then and neither awarded nor refused by then. A
recovery is a "Recovery" line of an approved (or exported) payment schedule: the rent paid for days a backdated award
covers, taken back in full from the carer's next payment; counted in the month its schedule starts.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import TruncMonth

from funding.models import LineKind, PaymentLine, ScheduleStatus
from placements.models import HousingBenefitClaim
from reports.tables import Table, one_place
from sharedlives.charts import bar_chart
from sharedlives.period import Period


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else "Not allocated"


def outstanding(day: date) -> list[list]:
    """Applications waiting for a decision on `day`, longest first, with days waiting. One query."""
    claims = (
        HousingBenefitClaim.objects.filter(applied_on__lte=day)
        .filter(Q(award_confirmed_on__isnull=True) | Q(award_confirmed_on__gt=day))
        .filter(Q(refused_on__isnull=True) | Q(refused_on__gt=day))
        .select_related("placement__person", "placement__household__allocated_officer")
        .order_by("applied_on", "pk")
    )
    return [
        [
            claim.placement.person.full_name,
            claim.placement.household.name,
            _name(claim.placement.household.allocated_officer),
            claim.applied_on,
            (day - claim.applied_on).days,
        ]
        for claim in claims
    ]


def decisions_by_month(period: Period) -> list[list]:
    """Each month: awards confirmed, of them backdated (HB-3), their weekly amounts, the average days from application
    to award, and refusals. Two queries."""
    awards = {
        row["month"]: row
        for row in HousingBenefitClaim.objects.filter(
            award_confirmed_on__gte=period.start, award_confirmed_on__lte=period.end
        )
        .annotate(month=TruncMonth("award_confirmed_on"))
        .values("month")
        .annotate(
            awards=Count("pk"),
            backdated=Count("pk", filter=Q(award_starts_on__lt=F("award_confirmed_on"))),
            weekly=Sum("weekly_amount"),
            days=Avg(F("award_confirmed_on") - F("applied_on")),
        )
        .order_by()
    }
    refused = dict(
        HousingBenefitClaim.objects.filter(refused_on__gte=period.start, refused_on__lte=period.end)
        .annotate(month=TruncMonth("refused_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("month", "n")
    )
    none = {"awards": 0, "backdated": 0, "weekly": None, "days": None}
    rows = []
    for month in period.months():
        row = awards.get(month, none)
        days = one_place(row["days"].days + row["days"].seconds / 86400) if row["days"] is not None else None
        rows.append(
            [
                f"{month:%B %Y}",
                row["awards"],
                row["backdated"],
                row["weekly"] or Decimal("0.00"),
                days,
                refused.get(month, 0),
            ]
        )
    return rows


def recoveries_by_month(period: Period) -> list[list]:
    """Recovery lines of approved payment schedules starting in the period, by the schedule's month: how many and
    how much was taken back (a positive amount). One query."""
    found = {
        row["month"]: row
        for row in PaymentLine.objects.filter(
            kind=LineKind.RECOVERY,
            schedule__status__in=[ScheduleStatus.APPROVED, ScheduleStatus.EXPORTED],
            schedule__period_start__gte=period.start,
            schedule__period_start__lte=period.end,
        )
        .annotate(month=TruncMonth("schedule__period_start"))
        .values("month")
        .annotate(lines=Count("pk"), households=Count("household", distinct=True), amount=Sum("amount"))
        .order_by()
    }
    rows = []
    for month in period.months():
        row = found.get(month)
        rows.append(
            [f"{month:%B %Y}", row["lines"], row["households"], -row["amount"]]
            if row
            else [f"{month:%B %Y}", 0, 0, Decimal("0.00")]
        )
    return rows


def tables(period: Period) -> list[Table]:
    day = period.end
    waiting = outstanding(day)
    months = decisions_by_month(period)
    return [
        Table(
            f"Applications outstanding on {day:%-d %B %Y}",
            ["Person", "Household", "Shared Lives officer", "Applied on", "Days waiting"],
            waiting,
            note="Made by the date and neither awarded nor refused by it, longest waiting first (HB-4).",
            none="No application was waiting for a decision.",
            figures_from=3,
        ),
        Table(
            "Decisions by month",
            [
                "Month",
                "Awards",
                "Of them backdated",
                "Weekly amounts awarded (£)",
                "Average days from application to award",
                "Refusals",
            ],
            months,
            note="A backdated award starts before it was confirmed: the rent paid for those days is recovered in "
            "full from the carer's next payment (HB-3).",
            chart=bar_chart(
                "Awards by month",
                [(row[0][:3], row[0], [row[1], row[5]]) for row in months],
                series=["Awards", "Refusals"],
                label_heading="Month",
                description=f"Bar chart of housing benefit awards and refusals each month, {period.label}: "
                f"{sum(r[1] for r in months)} awards and {sum(r[5] for r in months)} refusals. "
                "The table below has every month.",
                table_below=True,
            ),
        ),
        Table(
            "Recoveries made through carers' payments",
            ["Month", "Recovery lines", "Households", "Recovered (£)"],
            recoveries_by_month(period),
            note="Recovery lines of approved payment schedules, in the month the schedule starts (HB-3).",
        ),
    ]
