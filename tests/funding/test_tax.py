"""Carers' tax: the Qualifying Care Relief statement (TAX-1), against hand-computed figures.

2025/26 runs 6 April 2025 (a Sunday) to 5 April 2026 (a Sunday). Its weeks run Monday 7 April 2025 to Sunday
5 April 2026 (52 weeks): the week holding 6 April 2025 also holds 5 April 2025, so it is 2024/25's (BIM52765).
HMRC's 2025/26 figures (seeded): fixed amount £19,690.00, weekly amount per adult £495.00.
"""

import importlib
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from carers.models import CarerRole
from funding import tax, tax_runs
from funding.models import PaymentLine, PaymentSchedule, QualifyingCareReliefYear, TaxStatementRun
from placements.models import ArrangementKind, DaySession, Placement, Stay
from tests.carers.factories import CarerFactory, HouseholdFactory
from tests.factories import UserFactory
from tests.jobs import run_queued_jobs
from tests.placements.factories import referral
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db
SEED = importlib.import_module("funding.migrations.0008_seed_qualifying_care_relief")


@pytest.fixture(autouse=True)
def hmrc_figures(db):
    """The data migration's rows (a flush by another module's transactional test removes them from a reused DB)."""
    SEED.seed(django_apps, None)


def place(household, kind, starts_on, ends_on=None):
    made = referral(kind=kind)
    return Placement.objects.create(
        person=made.person,
        household=household,
        referral=made,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        ending_reason="arrangement_end" if ends_on else "",
        created_by=UserFactory(),
    )


def schedule(start, end, status, *lines):
    made = PaymentSchedule.objects.create(period_start=start, period_end=end, status=status, generated_by=UserFactory())
    for household, line_start, line_end, amount in lines:
        PaymentLine.objects.create(
            schedule=made,
            household=household,
            start=line_start,
            end=line_end,
            element="care",
            amount=Decimal(amount),
            explanation="test line",
        )
    return made


@pytest.fixture
def household():
    """Two carers (main and joint); the scheme records no share, so each has half (TAX-1)."""
    home = HouseholdFactory()
    CarerFactory(household=home, role=CarerRole.MAIN, first_name="Ann", last_name="Ash")
    CarerFactory(household=home, role=CarerRole.JOINT, first_name="Ben", last_name="Ash")
    return home


def figures(year=2025):
    return QualifyingCareReliefYear.objects.get(tax_year=year)


def statement_of(household, year=2025):
    return tax.statement(household.carers.get(role=CarerRole.MAIN).pk, figures(year))


def test_two_carers_mid_week_start_short_breaks_and_an_ending__TAX_1(household):
    """TAX-1: weeks per person, receipts from approved lines only, halves for two carers."""
    # Wednesday 9 July 2025, open-ended: weeks of Mon 7 Jul 2025 .. Mon 30 Mar 2026 = 266 days / 7 + 1 = 39.
    place(household, ArrangementKind.LIVE_IN, date(2025, 7, 9))
    # Started before the year, ended Sunday 31 August 2025: weeks of Mon 7 Apr .. Mon 25 Aug = 140 / 7 + 1 = 21.
    place(household, ArrangementKind.LIVE_IN, date(2024, 1, 1), date(2025, 8, 31))
    # Short breaks in three separate weeks (28 Apr, 9 Jun, 1 Sep) = 3; a cancelled stay does not count.
    breaks = place(household, ArrangementKind.SHORT_BREAK, date(2025, 4, 1))
    for first, home in [((2025, 5, 2), (2025, 5, 4)), ((2025, 6, 10), (2025, 6, 12)), ((2025, 9, 1), (2025, 9, 3))]:
        Stay.objects.create(placement=breaks, starts_on=date(*first), ends_on=date(*home))
    Stay.objects.create(placement=breaks, starts_on=date(2025, 11, 3), ends_on=date(2025, 11, 5), cancelled=True)
    schedule(
        date(2025, 3, 1), date(2025, 4, 5), "approved", (household, date(2025, 3, 6), date(2025, 4, 5), "100.00")
    )  # wholly before 6 April 2025: outside the tax year
    schedule(
        date(2025, 4, 6), date(2025, 4, 30), "approved", (household, date(2025, 4, 1), date(2025, 4, 30), "3000.00")
    )
    schedule(
        date(2025, 5, 1), date(2025, 5, 31), "approved", (household, date(2025, 5, 1), date(2025, 5, 31), "4000.00")
    )
    schedule(
        date(2025, 6, 1), date(2025, 6, 30), "exported", (household, date(2025, 6, 1), date(2025, 6, 30), "1234.57")
    )
    schedule(date(2025, 7, 1), date(2025, 7, 31), "draft", (household, date(2025, 7, 1), date(2025, 7, 31), "9999.00"))

    s = statement_of(household)

    assert sorted(p.weeks for p in s.people) == [3, 21, 39]
    assert s.weeks_of_care == 63
    # The April line 1-30 April counts for 6-30 April: 3000.00 × 25 / 30 = 2500.00; the draft is left out.
    assert [row.in_year for row in s.schedules] == [Decimal("2500.00"), Decimal("4000.00"), Decimal("1234.57")]
    assert s.household_receipts == Decimal("7734.57")  # 2500.00 + 4000.00 + 1234.57
    assert s.carers_in_household == 2
    assert s.receipts == Decimal("3867.29")  # 7734.57 / 2 = 3867.285, half up
    assert s.weekly_total == Decimal("31185.00")  # 63 × 495.00
    assert s.fixed_share == Decimal("9845.00")  # 19690.00 / 2
    assert s.weekly_share == Decimal("15592.50")  # 31185.00 / 2
    assert s.qualifying_amount == Decimal("25437.50")  # 9845.00 + 15592.50
    assert s.within_limit and s.over_limit == Decimal("0.00")


def test_receipts_over_the_limit_and_day_sessions__TAX_1():
    """TAX-1: one carer, one day session (1 week); receipts above the qualifying amount show by how much."""
    home = HouseholdFactory()
    CarerFactory(household=home)
    days = place(home, ArrangementKind.DAY_SUPPORT, date(2025, 4, 1))
    DaySession.objects.create(placement=days, on=date(2025, 10, 15), block="full_day")
    schedule(date(2025, 4, 6), date(2025, 4, 30), "approved", (home, date(2025, 4, 6), date(2025, 4, 30), "20200.00"))
    s = statement_of(home)
    assert [p.weeks for p in s.people] == [1]
    # 19690.00 + 1 × 495.00 = 20185.00; receipts 20200.00 are 15.00 over.
    assert s.qualifying_amount == Decimal("20185.00")
    assert s.over_limit == Decimal("15.00") and not s.within_limit


def test_week_boundaries_6_april_on_sunday_and_monday__TAX_1():
    """TAX-1: 6 April 2025 is a Sunday (weeks from Mon 7 April, 52); 6 April 2026 a Monday (from that day, 53:
    5 April 2027 is a Monday, and its week belongs to 2026/27)."""
    assert (tax.TaxYear(2025).first_week, tax.TaxYear(2025).last_care_day) == (date(2025, 4, 7), date(2026, 4, 5))
    assert tax.TaxYear(2025).weeks == 52
    assert (tax.TaxYear(2026).first_week, tax.TaxYear(2026).last_care_day) == (date(2026, 4, 6), date(2027, 4, 11))
    assert tax.TaxYear(2026).weeks == 53


def test_care_on_sunday_6_april_2025_belongs_to_the_year_before__TAX_1():
    """TAX-1: a placement ending Sunday 6 April 2025 has no week in 2025/26 (its week holds 5 April 2025)."""
    home = HouseholdFactory()
    CarerFactory(household=home)
    place(home, ArrangementKind.LIVE_IN, date(2025, 1, 6), date(2025, 4, 6))
    assert statement_of(home).people == []
    # 2024/25: weeks of Mon 6 Jan .. Mon 31 Mar 2025 (the week holding 5 and 6 April) = 84 / 7 + 1 = 13.
    assert [p.weeks for p in statement_of(home, 2024).people] == [13]


def test_a_stay_crossing_5_and_6_april_counts_a_week_in_each_year__TAX_1():
    """TAX-1: nights of 3, 4, 5 April 2026 (week of Mon 30 March, 2025/26) and 6, 7 April (week of Mon 6 April,
    2026/27): one week in each year."""
    QualifyingCareReliefYear.objects.create(
        tax_year=2026, fixed_amount=Decimal("20000.00"), weekly_amount_adult=Decimal("500.00"), source="test"
    )
    home = HouseholdFactory()
    CarerFactory(household=home)
    breaks = place(home, ArrangementKind.SHORT_BREAK, date(2026, 1, 5))
    Stay.objects.create(placement=breaks, starts_on=date(2026, 4, 3), ends_on=date(2026, 4, 8))
    assert [p.weeks for p in statement_of(home, 2025).people] == [1]
    assert [p.weeks for p in statement_of(home, 2026).people] == [1]
    assert statement_of(home, 2026).qualifying_amount == Decimal("20500.00")  # 20000.00 + 1 × 500.00


@pytest.mark.parametrize(
    "persona,status",
    [("referrals_officer", 403), ("officer", 403), ("manager", 200), ("finance_admin", 200)],
    indirect=["persona"],
)
def test_statement_pages_are_for_finance_and_management__TAX_1(client, persona, status, household):
    """TAX-1: the statement, its PDF and CSV answer finance and the management team only."""
    client.force_login(persona)
    carer = household.carers.get(role=CarerRole.MAIN)
    for name in ("tax_statement", "tax_statement_pdf", "tax_statement_csv"):
        assert client.get(reverse(f"funding:{name}", args=[2025, carer.pk])).status_code == status


def test_statement_page_pdf_and_csv_say_it_is_not_advice__TAX_1(client, finance_admin, household):
    """TAX-1: the page explains each figure and says it is information, not tax advice; PDF and CSV download."""
    place(household, ArrangementKind.LIVE_IN, date(2025, 7, 9))
    client.force_login(finance_admin)
    carer = household.carers.get(role=CarerRole.MAIN)
    page = client.get(reverse("funding:tax_statement", args=[2025, carer.pk])).content.decode()
    assert "not tax advice" in page and "39 × £495.00 = £19,305.00" in page and "£9,845.00" in page
    pdf = client.get(reverse("funding:tax_statement_pdf", args=[2025, carer.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    csv = b"".join(client.get(reverse("funding:tax_statement_csv", args=[2025, carer.pk])).streaming_content)
    assert "Fixed amount share,19690.00 ÷ 2,9845.00" in csv.decode()
    assert client.get(reverse("funding:tax_statement", args=[2031, carer.pk])).status_code == 404


def test_statement_query_count_is_constant__TAX_1(client, finance_admin, household):
    """TAX-1: the statement's queries do not grow with the people placed or the lines paid."""
    client.force_login(finance_admin)
    carer = household.carers.get(role=CarerRole.MAIN)
    url = reverse("funding:tax_statement", args=[2025, carer.pk])
    calls = []

    def add_rows(n):
        calls.append(n)
        month = len(calls)  # January 2026, then February: schedules never overlap
        paid = schedule(date(2026, month, 1), date(2026, month, 28), "approved")
        for _ in range(n):
            place(household, ArrangementKind.LIVE_IN, date(2025, 5, 5))
            PaymentLine.objects.create(
                schedule=paid,
                household=household,
                start=date(2026, month, 1),
                end=date(2026, month, 28),
                element="care",
                amount=Decimal("10.00"),
                explanation="test line",
            )

    assert_constant_queries(client, url, add_rows, at_most=12)


def test_every_carers_statement_is_produced_in_the_background__TAX_1(client, finance_admin, manager, household):
    """TAX-1: finance queues the run (POST), the job fills it with progress; the results link to each PDF."""
    place(household, ArrangementKind.LIVE_IN, date(2025, 7, 9))
    client.force_login(finance_admin)
    assert client.get(reverse("funding:tax_run_create")).status_code == 200
    response = client.post(reverse("funding:tax_run_create"), {"tax_year": "2025"})
    run = TaxStatementRun.objects.get()
    assert response.status_code == 302 and run.status == "queued" and run.results.count() == 0
    assert "Waiting for the background worker" in client.get(reverse("funding:tax_run", args=[run.pk])).content.decode()
    assert run_queued_jobs() == 1
    run.refresh_from_db()
    assert run.status == "done" and run.progress_done == run.progress_total >= 2
    ann = run.results.get(carer__first_name="Ann")
    assert (ann.weeks_of_care, ann.qualifying_amount) == (39, Decimal("19497.50"))  # 9845.00 + 39 × 495.00 / 2
    client.force_login(manager)
    page = client.get(reverse("funding:tax_run", args=[run.pk])).content.decode()
    assert reverse("funding:tax_statement_pdf", args=[2025, ann.carer_id]) in page
    assert client.post(reverse("funding:tax_run_create"), {"tax_year": "2025"}).status_code == 403


def test_figures_form_refuses_negative_amounts_and_a_second_row_for_a_year__TAX_1(client, finance_admin):
    """TAX-1: the admin form names each problem in the error summary; one row per tax year."""
    client.force_login(finance_admin)
    url = reverse("funding:tax_year_create")
    negative = {"tax_year": "2027", "fixed_amount": "-1", "weekly_amount_adult": "495", "source": "HMRC"}
    page = client.post(url, negative).content.decode()
    assert "govuk-error-summary" in page and "£0.00 or more" in page
    again = {"tax_year": "2025", "fixed_amount": "1", "weekly_amount_adult": "1", "source": "HMRC"}
    assert "already has its figures" in client.post(url, again).content.decode()
    assert "2000 to 2100" in client.post(url, again | {"tax_year": "1999"}).content.decode()
    assert QualifyingCareReliefYear.objects.filter(tax_year__in=[1999, 2027]).count() == 0
    good = {"tax_year": "2026", "fixed_amount": "£20,010.00", "weekly_amount_adult": "505", "source": "test"}
    assert client.post(url, good).status_code == 302
    relief = QualifyingCareReliefYear.objects.get(tax_year=2026)
    assert relief.fixed_amount == Decimal("20010.00") and relief.history.first().history_user == finance_admin
    edit = reverse("funding:tax_year_edit", args=[relief.pk])
    assert client.post(edit, good | {"fixed_amount": "20020"}).status_code == 302
    relief.refresh_from_db()
    assert relief.fixed_amount == Decimal("20020.00") and relief.tax_year == 2026


def test_seeded_figures_are_hmrcs__TAX_1():
    """TAX-1: SI 2025/51 for 2025/26; BIM52765 for 2023/24 and 2024/25 (the data migration's rows)."""
    got = {r.tax_year: (r.fixed_amount, r.weekly_amount_adult) for r in QualifyingCareReliefYear.objects.all()}
    assert got == {
        2023: (Decimal("18140.00"), Decimal("450.00")),
        2024: (Decimal("19360.00"), Decimal("485.00")),
        2025: (Decimal("19690.00"), Decimal("495.00")),
    }
    assert tax_runs.CHUNK > 0


def test_run_page_query_count_is_constant__TAX_1(client, finance_admin):
    """TAX-1: the run's list of carers costs the same queries with 1 carer as with 30."""
    from funding.models import TaxStatementResult

    client.force_login(finance_admin)
    run = TaxStatementRun.objects.create(tax_year=2025, requested_by=finance_admin, status="done")

    def add_rows(n):
        for _ in range(n):
            TaxStatementResult.objects.create(
                run=run,
                carer=CarerFactory(),
                receipts=Decimal("1.00"),
                qualifying_amount=Decimal("2.00"),
                weeks_of_care=1,
            )

    assert_constant_queries(client, reverse("funding:tax_run", args=[run.pk]), add_rows, at_most=12)
