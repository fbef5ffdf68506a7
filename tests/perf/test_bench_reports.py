"""Issue 16's speed targets on the national data (composition/national.py: 6,000 households, 9,400 placements) with a
year of monthly payment schedules made and approved through the real services: each report for 12 months under 1 s;
every carer's tax statement for the year under 30 s as the background job. Run by `make bench` (about five minutes:
the data and twelve schedules are built first)."""

import calendar
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from composition import national
from funding import schedules, tax_runs, unit_costs
from funding.models import PaymentLine
from reports import arrangements, capacity, cqc, housing_benefit, quality
from sharedlives.period import Period
from tests.jobs import run_queued_jobs

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]
YEAR = Period(date(2025, 11, 1), date(2026, 10, 31))


def _months():
    """November 2025 to October 2026: (first day, last day) of each month."""
    for n in range(12):
        year, month = 2025 + (10 + n) // 12, (10 + n) % 12 + 1
        yield date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def test_reports_and_tax_statements_on_national_data(bench):
    national.build(say=lambda *_: None, ids_file="/tmp/national-ids-reports.json")
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    finance, approver = users.get(username="national-finance-1"), users.get(username="national-finance-2")
    for first, last in _months():
        if first == date(2026, 10, 1):
            schedule = schedules.PaymentSchedule.objects.get(period_start=first)  # the builder's October
        else:
            schedule = schedules.generate_schedule(period_start=first, period_end=last, by=finance)
        schedules.approve_schedule(schedule, by=approver)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    lines = PaymentLine.objects.count()
    note = f"{lines:,} payment lines in 12 approved schedules"
    for name, build in [
        ("arrangements", arrangements.tables),
        ("carers and capacity", capacity.tables),
        ("housing benefit", housing_benefit.tables),
        ("quality", quality.tables),
        ("CQC information", cqc.tables),
    ]:
        bench(f"reports: {name}, 12 months, national data", 1.0, lambda build=build: build(YEAR), note=note)
    bench(
        "reports: unit costs, 12 months, national data",
        1.0,
        lambda: unit_costs.unit_costs(YEAR.start, YEAR.end),
        note=note,
    )

    tax_runs.save_relief_year(  # 2026/27's figures are not published yet: 2025/26's, for the timing only
        tax_year=2026,
        fixed_amount=Decimal("19690.00"),
        weekly_amount_adult=Decimal("495.00"),
        source="Benchmark only: 2025/26's figures",
        by=finance,
    )
    run = tax_runs.request_run(tax_year=2026, by=finance)
    bench(
        "tax statements: every carer for a tax year (the background job)",
        30.0,
        run_queued_jobs,
        repeat=1,
        note=f"{lines:,} payment lines",
    )
    run.refresh_from_db()
    assert run.status == "done" and run.progress_done == run.progress_total > 9000
