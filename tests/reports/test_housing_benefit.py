"""The Housing benefit report (RPT-7, HB-4) against figures worked out by hand from tests/reports/world.py and the
claims below:
  P1 applied 10 Feb 2026, awarded 15 May 2026 from 10 Feb (backdated), £95.00 a week: 94 days to the award
  P2 applied 6 May 2026, refused 20 Jun 2026
  P3 applied 5 Aug 2026, still waiting
and an approved schedule for June 2026 with a £120.00 recovery line for H1 (and a draft one for July with £50.00,
which never counts).
"""

from datetime import date
from decimal import Decimal as D

import pytest
from django.utils import timezone

from funding.models import LineKind, PaymentLine, PaymentSchedule, ScheduleStatus
from placements import services
from reports import housing_benefit
from sharedlives.period import Period
from tests.reports import world


@pytest.fixture
def made(db, officer, second_officer, manager):
    made = world.build(officer, second_officer, manager)
    first = services.record_housing_benefit_application(placement=made.p1, applied_on=date(2026, 2, 10), by=officer)
    services.confirm_housing_benefit_award(
        claim=first,
        confirmed_on=date(2026, 5, 15),
        award_starts_on=date(2026, 2, 10),
        weekly_amount="95.00",
        by=officer,
    )
    second = services.record_housing_benefit_application(placement=made.p2, applied_on=date(2026, 5, 6), by=officer)
    services.refuse_housing_benefit(claim=second, refused_on=date(2026, 6, 20), by=officer)
    services.record_housing_benefit_application(placement=made.p3, applied_on=date(2026, 8, 5), by=second_officer)
    for month, status, amount in ((6, ScheduleStatus.APPROVED, "-120.00"), (7, ScheduleStatus.DRAFT, "-50.00")):
        first, last = date(2026, month, 1), date(2026, month, 30)
        # The recovery as the fee engine writes it (funding/fees.py _recoveries): a negative rent line.
        schedule = PaymentSchedule.objects.create(
            period_start=first,
            period_end=last,
            status=status,
            generated_by=manager,
            approved_by=manager if status == ScheduleStatus.APPROVED else None,
            approved_at=timezone.now(),
        )
        PaymentLine.objects.create(
            schedule=schedule,
            placement=made.p1,
            household=made.h1,
            start=first,
            end=last,
            element="rent",
            amount=D(amount),
            kind=LineKind.RECOVERY,
            explanation="Recovery (HB-3)",
        )
    return made


def test_outstanding_applications_with_days_waiting__RPT_7__HB_4(made):
    # 31 Oct: only P3's, waiting since 5 Aug: 26 + 30 + 31 = 87 days.
    assert housing_benefit.outstanding(world.PERIOD.end) == [
        [made.p3.person.full_name, made.h2.name, "Omar Said", date(2026, 8, 5), 87]
    ]
    # 10 Jun: P1's was awarded 15 May; P2's waits (refused only on 20 Jun), since 6 May: 35 days.
    assert housing_benefit.outstanding(date(2026, 6, 10)) == [
        [made.p2.person.full_name, made.h1.name, "Olivia Hughes", date(2026, 5, 6), 35]
    ]


def test_awards_and_refusals_by_month__RPT_7(made):
    rows = housing_benefit.decisions_by_month(world.PERIOD)
    # May: P1's award, backdated (starts 10 Feb, confirmed 15 May), £95.00, 10 Feb to 15 May = 94 days.
    assert rows[1] == ["May 2026", 1, 1, D("95.00"), D("94.0"), 0]
    assert rows[2] == ["June 2026", 0, 0, D("0.00"), None, 1]  # P2's refusal
    assert sum(row[1] for row in rows) == 1 and sum(row[5] for row in rows) == 1


def test_recoveries_made_count_approved_schedules_only__RPT_7(made):
    rows = housing_benefit.recoveries_by_month(Period(date(2026, 5, 1), date(2026, 7, 31)))
    assert rows == [
        ["May 2026", 0, 0, D("0.00")],
        ["June 2026", 1, 1, D("120.00")],  # the approved schedule's line
        ["July 2026", 0, 0, D("0.00")],  # the draft's £50 is not counted
    ]
