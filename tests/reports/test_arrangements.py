"""The Arrangements report (RPT-1, RPT-2) against figures worked out by hand from tests/reports/world.py.

Over 1 Apr - 31 Oct 2026: P1, P2, P3 (live-in) and P4 (short break) were on for at least a day; P5 and P6 ended on
31 Mar, the day before, so never count. On 31 Oct: P1 and P3 only (P2 ended 2 Aug, P4 ended 15 Sep).
"""

from datetime import date
from decimal import Decimal as D

import pytest

from reports import arrangements
from sharedlives.period import Period
from tests.reports import world


@pytest.fixture
def made(db, officer, second_officer, manager):
    return world.build(officer, second_officer, manager)


def test_arrangements_by_type_with_shares_and_average_length__RPT_1__RPT_2(made):
    # On 31 Oct: live-in P1, P3 = 2 of 2 (100%). Over: live-in P1, P2, P3 = 3 of 4 (75%), short breaks P4 = 1 (25%).
    # Ended in the period: P2 4 May-2 Aug = 28 + 30 + 31 + 2 = 91 days; P4 26 Jan-15 Sep = 6 + 28 + 31 + 30 + 31
    # + 30 + 31 + 31 + 15 = 233 days; together (91 + 233) / 2 = 162.0.
    assert arrangements.by_type(world.PERIOD) == [
        ["Live-in", 2, D("100.0"), 3, D("75.0"), 1, D("91.0")],
        ["Short breaks", 0, D("0.0"), 1, D("25.0"), 1, D("233.0")],
        ["Day support", 0, D("0.0"), 0, D("0.0"), 0, None],
        ["All arrangements", 2, D("100.0"), 4, D("100.0"), 2, D("162.0")],
    ]


def test_arrangements_by_primary_support_need__RPT_1(made):
    # P1 learning disability; P2 and P3 (one person) mental ill health; P4 physical. On the date P1 and P3.
    rows = arrangements._labelled(
        arrangements._counted("person__primary_support_need", world.PERIOD), arrangements.SupportNeed.choices, "-"
    )
    assert rows == [
        ["Learning disability", 1, 1],
        ["Mental ill health", 1, 2],
        ["Physical disability", 0, 1],
        ["All arrangements", 2, 4],
    ]


def test_arrangements_by_band_on_the_date_follow_a_change_and_a_move__RPT_1(made):
    # 31 Oct: P1 was re-banded to Band 3 from 1 Jul; P3 keeps the Band 1 agreed for P2, which it moved from.
    assert arrangements.by_band(world.PERIOD) == [["Band 1", 1], ["Band 3", 1], ["All arrangements", 2]]
    # 15 Jun: P1 still Band 2 (the change is from 1 Jul); P2 Band 1 from 1 Jun; P4 a short break, not banded.
    mid_june = Period(date(2026, 4, 1), date(2026, 6, 15))
    assert arrangements.by_band(mid_june) == [
        ["Band 1", 1],
        ["Band 2", 1],
        ["No agreed band", 1],
        ["All arrangements", 3],
    ]


def test_arrangements_by_area_and_officer__RPT_1(made):
    # H1 (Winchester, Olivia Hughes): P1, P2. H2 (Andover, Omar Said): P3, P4. On the date: P1 and P3.
    by_area = arrangements._labelled(arrangements._counted("household__area", world.PERIOD), [], "-")
    assert by_area == [["Andover", 1, 2], ["Winchester", 1, 2], ["All arrangements", 2, 4]]
    assert arrangements.by_officer(world.PERIOD) == [
        ["Olivia Hughes", 1, 2],
        ["Omar Said", 1, 2],
        ["All arrangements", 2, 4],
    ]


def test_starts_and_endings_by_month_with_reasons__RPT_1(made):
    # Starts in the period: P2 (May), P3 (Aug: the move). Endings: P2 (Aug, the move), P4 (Sep, planned end).
    months, reasons = arrangements.by_month(world.PERIOD)
    assert months == [
        ["April 2026", 0, 0],
        ["May 2026", 1, 0],
        ["June 2026", 0, 0],
        ["July 2026", 0, 0],
        ["August 2026", 1, 1],
        ["September 2026", 0, 1],
        ["October 2026", 0, 0],
    ]
    assert reasons == [
        ["Moved to another Shared Lives household", 1],
        ["The arrangement came to its planned end", 1],
        ["All endings", 2],
    ]
