"""The Carers and capacity report (RPT-8, RPT-3) against figures worked out by hand from tests/reports/world.py.

On 31 Oct 2026 H1, H2 and H3 are approved; H4 left on 30 Sep. Today (after the world's last date) the live-in
arrangements are P1 (H1) and P3 (H2).
"""

from datetime import date

import pytest

from reports import capacity
from sharedlives.dates import today
from tests.reports import world


@pytest.fixture
def made(db, officer, second_officer, manager):
    return world.build(officer, second_officer, manager)


def test_approved_households_and_their_carers_on_the_date__RPT_8(made):
    # H1 (two carers, 3 places, 2 rooms) + H2 (one carer, 2 places, 1 room) + H3 (one carer, 1 place, 1 room).
    assert capacity.households(world.PERIOD.end) == [
        ["Approved households", 3],
        ["Carers in them", 4],
        ["Places they are approved for", 6],
        ["Rooms for people who stay", 4],
    ]
    # On 29 Sep H4 (one carer, 1 place, 1 room) had not yet left; H3 was approved 1 Jun.
    assert capacity.households(date(2026, 9, 29))[:2] == [["Approved households", 4], ["Carers in them", 5]]


def test_places_offered_and_used_by_type__RPT_8(made):
    # Live-in offered by H1, H2, H3 (3 + 2 + 1 places), used by P1 and P3; short breaks and day support by H1 and
    # H2 (3 + 2); P4 (short break) ended 15 Sep, so none used on 31 Oct.
    assert capacity.places_by_type(world.PERIOD.end) == [
        ["Live-in", 3, 6, 2],
        ["Short breaks", 2, 5, 0],
        ["Day support", 2, 5, 0],
    ]


def test_vacancies_today_are_the_places_free_of_live_in__RPT_8(made):
    # H1 3 places - P1 = 2; H2 2 places - P3 = 1; H3 1 place, nobody = 1: 4 places in 3 households.
    assert capacity.vacancies(today()) == [["Places free today", 4], ["Households with a place free", 3]]


def test_households_with_no_arrangement_for_ninety_days__RPT_8(made):
    # On 31 Oct: H3, approved 1 Jun (152 days before), never used. H1 and H2 have P1 and P3; H4 has left.
    assert capacity.idle(world.PERIOD.end) == [[made.h3.name, "Winchester", "Olivia Hughes", date(2026, 6, 1), None]]
    # On 14 Dec 2026 H2's P4 ended 15 Sep (90 days before is 16 Sep) but P3 runs on, so still only H3.
    assert [row[0] for row in capacity.idle(date(2026, 12, 14))] == [made.h3.name]


def test_households_recruited_and_leaving_by_month__RPT_8(made):
    # H3 approved in June (one carer); H4 left in September (one carer).
    rows = capacity.recruited_and_leaving(world.PERIOD)
    assert rows[2] == ["June 2026", 1, 1, 0, 0]
    assert rows[5] == ["September 2026", 0, 0, 1, 1]
    assert sum(row[1] + row[3] for row in rows) == 2


def test_caseloads_against_the_guide__RPT_3(made):
    # Olivia Hughes: H1 and H3 (H3 on probation until 1 Jun 2027); Omar Said: H2 (H4 has left). Guide: 20.
    rows = capacity.caseload_rows(today())
    assert ["Olivia Hughes", 2, 1, 20, ""] in rows
    assert ["Omar Said", 1, 0, 20, ""] in rows
