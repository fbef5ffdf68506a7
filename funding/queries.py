"""Reads the funding pages and other apps share."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from funding.banding import decision_due
from funding.models import BandingAssessment, PaymentLine, PaymentSchedule, ScheduleStatus
from sharedlives.approvals import PendingApproval
from sharedlives.models import ApprovalOutcome


def pending_bandings(user) -> list[PendingApproval]:
    """Bandings waiting for the management team, due five working days after submission (BAN-3)."""
    waiting = BandingAssessment.objects.filter(outcome=ApprovalOutcome.PENDING).select_related(
        "placement__person", "placement__household", "submitted_by"
    )
    return [
        PendingApproval(
            kind="Banding",
            summary=f"{a.get_proposed_band_display()} proposed for {a.placement.person.full_name} "
            f"with {a.placement.household.name}",
            url=reverse("funding:decide_banding", kwargs={"assessment_pk": a.pk}),
            submitted_by=a.submitted_by.get_full_name() or a.submitted_by.username,
            submitted_at=a.submitted_at,
            due=decision_due(timezone.localdate(a.submitted_at)),
            rule="BAN-3",
        )
        for a in waiting
    ]


# A household's payment history --------------------------------------------------------------------------------

PAID = (ScheduleStatus.APPROVED, ScheduleStatus.EXPORTED)  # what was (or will certainly be) paid: never changed


def may_see_payments(user, household) -> bool:
    """Who sees what a household is paid: those who see payment schedules and statements (finance, the
    management team), and the household's own Shared Lives officer."""
    if user.has_perm("funding.view_paymentschedule"):
        return True
    return (
        household.allocated_officer_id is not None
        and household.allocated_officer_id == user.pk
        and (user.has_perm("funding.view_fees"))
    )


@dataclass
class HistorySchedule:
    schedule: PaymentSchedule
    lines: list[PaymentLine] = field(default_factory=list)
    total: Decimal = Decimal("0.00")


@dataclass
class HistoryMonth:
    month: date  # its first day
    total: Decimal
    schedules: list[HistorySchedule] = field(default_factory=list)


def payment_months(household) -> list[HistoryMonth]:
    """Every month in which an approved (or exported) schedule paid the household, latest first, with its total:
    one query, summed in PostgreSQL (Decimal all the way)."""
    rows = (
        PaymentLine.objects.filter(household=household, schedule__status__in=PAID)
        .annotate(month=TruncMonth("schedule__period_start"))
        .values("month")
        .annotate(total=Sum("amount"))
        .order_by("-month")
    )
    return [HistoryMonth(month=row["month"], total=row["total"]) for row in rows]


def fill_months(household, months: list[HistoryMonth]) -> list[HistoryMonth]:
    """The lines of the given months (a page of them), by schedule: one query however many schedules and lines."""
    if not months:
        return months
    by_month = {m.month: m for m in months}
    lines = (
        PaymentLine.objects.filter(household=household, schedule__status__in=PAID)
        .annotate(month=TruncMonth("schedule__period_start"))
        .filter(month__in=list(by_month))
        .select_related("schedule", "placement__person")
        .order_by("-schedule__period_start", "schedule_id", "placement_id", "start", "element", "pk")
    )
    current: dict[int, HistorySchedule] = {}
    for line in lines:
        entry = current.get(line.schedule_id)
        if entry is None:
            entry = current[line.schedule_id] = HistorySchedule(line.schedule)
            by_month[line.month].schedules.append(entry)
        entry.lines.append(line)
        entry.total += line.amount
    return months
