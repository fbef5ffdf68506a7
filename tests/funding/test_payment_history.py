"""A household's payment history (funding:payment_history): approved and exported schedules' lines by month, with
totals and the statements; who may see it; a fixed number of queries however many schedules."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from funding import schedules
from funding.models import LineKind, PaymentLine, PaymentSchedule, ScheduleStatus
from sharedlives.money import format_money
from tests.carers.factories import approved_household
from tests.pages import app_url
from tests.placements.factories import started_placement
from tests.querycount import assert_constant_queries

url = app_url("funding")

D = Decimal


@pytest.fixture
def household(officer):
    return approved_household(officer=officer, name="The Okafor family")


@pytest.fixture
def paid(cards, household, finance_admin, manager):
    """September 2026 approved, October approved and sent to the payments team, November still a draft."""
    started_placement(household=household, starts_on=date(2026, 9, 7))
    made = {}
    for month, end in [(9, 30), (10, 31), (11, 30)]:
        made[month] = schedules.generate_schedule(
            period_start=date(2026, month, 1), period_end=date(2026, month, end), by=finance_admin
        )
    schedules.approve_schedule(made[9], by=manager)
    schedules.approve_schedule(made[10], by=manager)
    schedules.mark_exported(made[10], by=finance_admin)
    return made


def household_total(schedule, household) -> Decimal:
    """What the statement of that schedule says the household is paid: the sum of its lines."""
    return schedule.lines.filter(household=household).aggregate(total=Sum("amount"))["total"]


def month_headings(page: str) -> list[str]:
    return [chunk.split('"', 1)[0] for chunk in page.split('data-month="')[1:]]


def test_history_shows_approved_and_exported_months_with_totals(manager_client, paid, household):
    page = manager_client.get(url("payment_history", household.pk)).content.decode()
    assert month_headings(page) == ["2026-10", "2026-09"]  # latest first; November's draft is left out
    september, october = household_total(paid[9], household), household_total(paid[10], household)
    assert september > 0 and october > 0
    assert f'<span class="app-month-total">{format_money(september)}</span>' in page
    assert f'<span class="app-month-total">{format_money(october)}</span>' in page
    assert f'id="overall-total"><strong>{format_money(september + october)}</strong>' in page
    for schedule in (paid[9], paid[10]):
        assert url("statement", schedule.pk, household.pk) in page
        assert url("statement_pdf", schedule.pk, household.pk) in page
    assert url("statement", paid[11].pk, household.pk) not in page


def test_history_of_a_household_never_paid(manager_client, household):
    page = manager_client.get(url("payment_history", household.pk)).content.decode()
    assert 'id="no-payments"' in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("officer", 200),  # the household's own officer
        ("second_officer", 403),
        ("manager", 200),
        ("finance_admin", 200),
        ("referrals_officer", 403),
    ],
    indirect=["persona"],
)
def test_who_sees_the_payment_history(client, household, persona, status):
    client.force_login(persona)
    assert client.get(url("payment_history", household.pk)).status_code == status
    page = client.get(reverse("carers:household_detail", args=[household.pk])).content.decode()
    assert (url("payment_history", household.pk) in page) == (status == 200)


def test_the_households_officer_reads_approved_statements_but_not_drafts(officer_client, paid, household):
    assert officer_client.get(url("statement", paid[9].pk, household.pk)).status_code == 200
    assert officer_client.get(url("statement_pdf", paid[10].pk, household.pk)).status_code == 200
    assert officer_client.get(url("statement", paid[11].pk, household.pk)).status_code == 403  # a draft


def test_another_officer_reads_no_statement(client, second_officer, paid, household):
    client.force_login(second_officer)
    assert client.get(url("statement", paid[9].pk, household.pk)).status_code == 403


def test_history_pages_by_twelve_months(manager_client, manager, household):
    _approved_months(household, manager, 14)
    first = manager_client.get(url("payment_history", household.pk)).content.decode()
    second = manager_client.get(url("payment_history", household.pk) + "?page=2").content.decode()
    assert len(month_headings(first)) == 12 and len(month_headings(second)) == 2
    # 14 months of two lines of £100.10 each: £2,802.80 in all, on both pages
    assert 'id="overall-total"><strong>£2,802.80</strong>' in first and "£2,802.80" in second


def _approved_months(household, by, n, start=date(2020, 1, 1)):
    """n approved monthly schedules (one after the other) each paying the household two lines of £100.10."""
    existing = PaymentSchedule.objects.count()
    made = []
    for index in range(existing, existing + n):
        first = date(start.year + index // 12, index % 12 + 1, 1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        schedule = PaymentSchedule.objects.create(
            period_start=first, period_end=last, status=ScheduleStatus.APPROVED, generated_by=by, approved_by=by
        )
        made += [
            PaymentLine(
                schedule=schedule,
                household=household,
                start=first,
                end=last,
                element="care_and_support",
                rate_code="band_1",
                rate=D("100.10"),
                unit="one_off",
                quantity=D("1"),
                amount=D("100.10"),
                explanation="Care and support: test line.",
                kind=LineKind.FEE,
            )
            for _ in range(2)
        ]
    PaymentLine.objects.bulk_create(made)


def test_history_queries_do_not_grow_with_schedules(manager_client, manager, household):
    """1 schedule or 30 (across pages): the same queries."""
    count = assert_constant_queries(
        manager_client,
        url("payment_history", household.pk),
        lambda n: _approved_months(household, manager, n),
        at_most=8,
    )
    # 8: session, user, household, the user's and the groups' permissions, the months with their totals, the
    # page's lines (with schedule and person), the header's role (the session is renewed once a minute, not here)
    assert count == 8
