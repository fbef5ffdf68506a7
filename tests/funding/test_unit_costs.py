"""Unit costs (RPT-5) against hand-computed figures, on schedules generated and approved by the real services.

The 2026/27 example card (tests/conftest.py `cards`): initial fee care £364.93, band 1 care £251.47, band 2 care
£308.20 a week; board and lodging £51.00, rent £79.40 a week; a full day of day support £72.45. A weekly line is
rate × days ÷ 7, rounded once (FEE-8). The period is 8 May to 30 June 2026; May and June are approved.
"""

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from funding import banding, schedules, unit_costs
from funding.models import BandingPurpose, BandingTool, PaymentLine
from placements.models import ArrangementKind, DaySession
from placements.services.endings import end_arrangement
from tests.carers.factories import approved_household
from tests.placements.factories import started_placement
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db
D = Decimal
FIRST, LAST = date(2026, 5, 8), date(2026, 6, 30)
CARE, BOARD, RENT = "care_and_support", "board_and_lodging", "rent"


def _levels(score_each):
    tool = BandingTool.objects.get(active=True)
    return {d.pk: d.levels.get(score=score_each).pk for d in tool.domains.all()}


def _band(placement, review_date, band, purpose, officer, manager):
    assessment = banding.submit_banding(
        placement=placement,
        review_date=review_date,
        levels=_levels(0),
        proposed_band=band,
        proposal_reason="" if band == "band_1" else "Needs have grown",
        purpose=purpose,
        by=officer,
    )
    banding.decide_banding(assessment, by=manager, outcome="agreed")


@pytest.fixture
def paid(cards, finance_admin, manager, officer):
    """P1: live-in from 20 May (starts inside the period), no band yet (initial fee). P2: day support in the same
    household (a household with two placements), full days on 12 May and 2 June, ended on 10 June (ends inside the
    period). P3: live-in since 2 March, band 1 from its 28-day review on 30 March, band 2 from 15 June (a band change
    mid-period). May and June approved; July generated and left a draft."""
    home = approved_household(offers_short_breaks=True, offers_day_support=True)
    p1 = started_placement(starts_on=date(2026, 5, 20), household=home)
    p2 = started_placement(starts_on=date(2026, 4, 1), household=home, kind=ArrangementKind.DAY_SUPPORT)
    for on in (date(2026, 5, 12), date(2026, 6, 2)):
        DaySession.objects.create(placement=p2, on=on, block="full_day")
    end_arrangement(p2, ends_on=date(2026, 6, 10), by=manager)
    p3 = started_placement(starts_on=date(2026, 3, 2))
    _band(p3, date(2026, 3, 30), "band_1", BandingPurpose.INITIAL_REVIEW, officer, manager)
    _band(p3, date(2026, 6, 15), "band_2", BandingPurpose.CHANGE_OF_NEEDS, officer, manager)
    for start, end in [(date(2026, 5, 1), date(2026, 5, 31)), (date(2026, 6, 1), date(2026, 6, 30))]:
        made = schedules.generate_schedule(period_start=start, period_end=end, by=finance_admin)
        schedules.approve_schedule(made, by=manager)
    schedules.generate_schedule(period_start=date(2026, 7, 1), period_end=date(2026, 7, 31), by=finance_admin)
    return p1, p2, p3


def _rows():
    return {(row.kind, row.band): row for row in unit_costs.unit_costs(FIRST, LAST)}


def test_unit_costs_per_type_and_band_from_approved_lines__RPT_5(paid):
    """RPT-5: cost per arrangement-week by type and band and element, with the arrangements and weeks behind it."""
    rows = _rows()
    assert list(rows) == [
        ("live_in", ""),
        ("live_in", "band_1"),
        ("live_in", "band_2"),
        ("live_in", None),
        ("day_support", ""),
        ("day_support", None),
    ]
    # P1, no agreed band (the initial fee), 20 May to 30 June = 12 + 30 = 42 days, all inside the period.
    # Care: May 364.93 × 12 ÷ 7 = 625.59; June 1-16 364.93 × 16 ÷ 7 = 834.13, 17-30 364.93 × 14 ÷ 7 = 729.86: 2189.58.
    # Board: 51.00 × 12 ÷ 7 = 87.43, × 16 ÷ 7 = 116.57, × 14 ÷ 7 = 102.00: 306.00. Rent: 136.11 + 181.49 + 158.80 = 476.40.
    initial = rows[("live_in", "")]
    assert (initial.arrangements, initial.paid_days, initial.weeks) == (1, D("42"), D("6.00"))
    assert initial.amounts == {CARE: D("2189.58"), BOARD: D("306.00"), RENT: D("476.40")}
    # 2189.58 × 7 ÷ 42 = 364.93; 306.00 ÷ 6 = 51.00; 476.40 ÷ 6 = 79.40; 2971.98 ÷ 6 = 495.33.
    assert [initial.per_week(CARE), initial.per_week(BOARD), initial.per_week(RENT), initial.total_per_week] == [
        D("364.93"),
        D("51.00"),
        D("79.40"),
        D("495.33"),
    ]
    # P3 at band 1: the May line (1-31 May) counts 24 of its 31 days; then 1-14 June.
    # Care: 251.47 × 31 ÷ 7 = 1113.65, × 24 ÷ 31 = 862.1806…; + 251.47 × 14 ÷ 7 = 502.94: 1365.1206… = 1365.12.
    # Board: 225.86 × 24 ÷ 31 = 174.8593… + 102.00 = 276.86. Rent: 351.63 × 24 ÷ 31 = 272.2309… + 158.80 = 431.03.
    band_1 = rows[("live_in", "band_1")]
    assert (band_1.arrangements, band_1.paid_days, band_1.weeks) == (1, D("38"), D("5.43"))
    assert band_1.amounts == {CARE: D("1365.12"), BOARD: D("276.86"), RENT: D("431.03")}
    # 1365.12 × 7 ÷ 38 = 251.4694… ; 276.86 × 7 ÷ 38 = 51.0005…; 431.03 × 7 ÷ 38 = 79.4003…; 2073.01 × 7 ÷ 38 = 381.8703…
    assert [band_1.per_week(CARE), band_1.per_week(BOARD), band_1.per_week(RENT), band_1.total_per_week] == [
        D("251.47"),
        D("51.00"),
        D("79.40"),
        D("381.87"),
    ]
    # P3 at band 2, 15-30 June (16 days): 308.20 × 16 ÷ 7 = 704.46; 51.00 × 16 ÷ 7 = 116.57; 79.40 × 16 ÷ 7 = 181.49.
    band_2 = rows[("live_in", "band_2")]
    assert (band_2.arrangements, band_2.paid_days) == (1, D("16"))
    assert band_2.amounts == {CARE: D("704.46"), BOARD: D("116.57"), RENT: D("181.49")}
    assert band_2.total_per_week == D("438.60")  # 1002.52 × 7 ÷ 16 = 438.6025
    # Live-in, every band: 2 arrangements (P3 counted once), 42 + 38 + 16 = 96 days; amounts summed before rounding:
    # care 2189.58 + 1365.1206… + 704.46 = 4259.16; board 306.00 + 276.8593… + 116.57 = 699.43;
    # rent 476.40 + 431.0309… + 181.49 = 1088.92; total 6047.51 × 7 ÷ 96 = 440.9642…
    live_in = rows[("live_in", None)]
    assert (live_in.arrangements, live_in.paid_days, live_in.weeks) == (2, D("96"), D("13.71"))
    assert live_in.amounts == {CARE: D("4259.16"), BOARD: D("699.43"), RENT: D("1088.92")}
    assert live_in.total_per_week == D("440.96")
    # P2, day support: two full days of 72.45 (a paid day is a session); 144.90 × 7 ÷ 2 = 507.15 a week of sessions.
    days = rows[("day_support", None)]
    assert (days.arrangements, days.paid_days, days.amount, days.total_per_week) == (
        1,
        D("2"),
        D("144.90"),
        D("507.15"),
    )


def test_draft_lines_are_left_out_and_approval_brings_them_in__RPT_5(paid, finance_admin, manager):
    """RPT-5: only approved (or exported) schedules count: July's draft adds nothing until it is approved."""
    july = date(2026, 7, 31)
    before = {(row.kind, row.band): row.amount for row in unit_costs.unit_costs(FIRST, july)}
    assert before == {key: row.amount for key, row in _rows().items()}
    draft = PaymentLine.objects.filter(schedule__status="draft").first().schedule
    schedules.approve_schedule(draft, by=manager)
    after = {(row.kind, row.band): row.amount for row in unit_costs.unit_costs(FIRST, july)}
    # July adds P1's 31 days at the initial fee (364.93 × 31 ÷ 7 = 1616.12; 51.00 × 31 ÷ 7 = 225.86; 79.40 × 31 ÷ 7 = 351.63) and P3's
    # at band 2 (308.20 × 31 ÷ 7 = 1364.89; + 225.86 + 351.63).
    assert after[("live_in", "")] - before[("live_in", "")] == D("2193.61")
    assert after[("live_in", "band_2")] - before[("live_in", "band_2")] == D("1942.38")


def test_unit_costs_page_table_csv_and_constant_queries__RPT_5(paid, manager_client):
    url = (
        reverse("funding:unit_costs")
        + "?from_day=8&from_month=5&from_year=2026&to_day=30&to_month=6&to_year=2026"
    )
    page = manager_client.get(url)
    assert page.status_code == 200
    assert "£440.96" in page.content.decode() and "£507.15" in page.content.decode()
    csv_url = reverse("funding:unit_costs_csv") + "?" + url.split("?", 1)[1]
    answer = manager_client.get(csv_url)
    text = b"".join(answer.streaming_content).decode()
    assert "Live-in,All bands,2," in text and ",440.96" in text
    assert text.splitlines()[0].startswith("Arrangement type,Band,Arrangements")
    xlsx = manager_client.get(reverse("funding:unit_costs_xlsx") + "?" + url.split("?", 1)[1])
    body = b"".join(xlsx.streaming_content)
    assert xlsx.status_code == 200 and xlsx["Content-Type"].endswith("spreadsheetml.sheet") and body[:2] == b"PK"
    with zipfile.ZipFile(io.BytesIO(body)) as workbook:
        assert "xl/worksheets/sheet1.xml" in workbook.namelist()
        assert b"440.96" in workbook.read("xl/worksheets/sheet1.xml")  # live-in, all bands, a number


def test_unit_costs_query_count_is_constant__RPT_5(cards, manager_client, finance_admin):
    from funding.models import PaymentSchedule

    placement = started_placement(starts_on=date(2026, 5, 4))
    schedule = PaymentSchedule.objects.create(
        period_start=date(2026, 5, 1), period_end=date(2026, 5, 31), status="approved", generated_by=finance_admin
    )

    def add_rows(n):
        for _ in range(n):
            PaymentLine.objects.create(
                schedule=schedule,
                placement=placement,
                household=placement.household,
                start=date(2026, 5, 4),
                end=date(2026, 5, 10),
                element=CARE,
                rate_code="band_1",
                unit="week",
                quantity=7,
                amount=D("251.47"),
                explanation="test line",
            )

    count = assert_constant_queries(manager_client, reverse("funding:unit_costs"), add_rows, at_most=12)
    assert count <= 12  # the session, the user and permissions, the navigation, and one query for the figures


@pytest.mark.parametrize(
    "query",
    [
        "from_day=31&from_month=2&from_year=2026&to_day=1&to_month=3&to_year=2026",
        "from_day=1&from_month=6&from_year=2026&to_day=1&to_month=5&to_year=2026",
        "from_day=x&from_month=&from_year=99999&to_day=1&to_month=13&to_year=2026",
        "from_day=1&from_month=1&from_year=1990&to_day=1&to_month=1&to_year=2026",
    ],
)
def test_period_chooser_refuses_junk_clearly__RPT_5(manager_client, query):
    for name in ("funding:unit_costs", "funding:unit_costs_csv", "funding:business_case"):
        page = manager_client.get(f"{reverse(name)}?{query}")
        assert page.status_code == 200
        assert "There is a problem" in page.content.decode()


@pytest.mark.parametrize(("who", "status"), [("officer_client", 403), ("manager_client", 200), ("finance_client", 200)])
def test_unit_costs_for_the_management_team_and_finance_only__RPT_5(request, who, status):
    client = request.getfixturevalue(who)
    assert client.get(reverse("funding:unit_costs")).status_code == status
    assert client.get(reverse("funding:unit_costs_csv")).status_code == status


def test_arrangements_running_by_type_and_primary_support_need__RPT_6(paid):
    """RPT-6's "current arrangements by type, need and band": on 30 June 2026 P1 and P3 run (live-in; P2's day
    support ended on 10 June). The factory's people have a learning disability; P3's person is changed to mental ill
    health here: live-in 1 + 1."""
    p1, p2, p3 = paid
    person = p3.person
    person.primary_support_need = "mental_health"
    person.save()
    assert unit_costs.arrangements_by_need_on(date(2026, 6, 30)) == [
        ("Live-in", "Learning disability", 1),
        ("Live-in", "Mental ill health", 1),
    ]
    # 20 May: all three run; P2 is day support.
    assert unit_costs.arrangements_by_need_on(date(2026, 5, 20)) == [
        ("Day support", "Learning disability", 1),
        ("Live-in", "Learning disability", 1),
        ("Live-in", "Mental ill health", 1),
    ]


def test_demand_is_the_referrals_open_today_by_type__RPT_6(db, referrals_officer):
    """Two live-in referrals received, one short-break referral on the waiting list; a placed referral (the
    factory's started placement) is not open: live-in 2 (0 waiting), short breaks 1 (1 waiting), day support 0."""
    from placements.models import ReferralStatus
    from tests.placements.factories import referral

    referral(by=referrals_officer)
    referral(by=referrals_officer)
    waiting = referral(by=referrals_officer, kind=ArrangementKind.SHORT_BREAK)
    waiting.status = ReferralStatus.WAITING_LIST
    waiting.save()
    started_placement()
    assert unit_costs.demand() == [("Live-in", 2, 0), ("Short breaks", 1, 1), ("Day support", 0, 0)]
