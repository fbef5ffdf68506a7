"""The Quality report (RPT-4, SG-6) against figures worked out by hand from the records in tests/reports/conftest.py
(`made`) and daily overdue counts made here. The period is 1 April to 31 October 2026 (world.PERIOD): seven months."""

from datetime import date

from reports import quality
from reviews.models import OverdueSnapshot
from tests.reports import world

APRIL_TO_OCTOBER = ["April 2026", "May 2026", "June 2026", "July 2026", "August 2026", "September 2026", "October 2026"]


def test_safeguarding_records_by_month_leave_out_those_made_in_error__SG_6(made):
    # June: the concern of 10 Jun, the complaint of 2 Jun, the notification about 10 Jun. July: the compliment (the
    # concern of 12 Jul was recorded in error). September: the incident of 1 Sep. March's concern is before the period.
    assert quality.safeguarding_by_month(world.PERIOD) == [
        ["April 2026", 0, 0, 0, 0, 0],
        ["May 2026", 0, 0, 0, 0, 0],
        ["June 2026", 1, 0, 1, 0, 1],
        ["July 2026", 0, 0, 0, 1, 0],
        ["August 2026", 0, 0, 0, 0, 0],
        ["September 2026", 0, 1, 0, 0, 0],
        ["October 2026", 0, 0, 0, 0, 0],
    ]


def test_the_overdue_count_by_month_is_its_last_counted_day__RPT_4(db):
    for taken_on, overdue, by_rule in [
        (date(2026, 3, 31), 9, {"REV-2": 9}),  # before the period
        (date(2026, 6, 15), 7, {"REV-2": 7}),
        (date(2026, 6, 30), 5, {"REV-2": 3, "REV-5": 2}),  # June's last counted day
        (date(2026, 8, 31), 3, {"CAR-6": 3}),
    ]:
        OverdueSnapshot.objects.create(taken_on=taken_on, overdue=overdue, by_rule=by_rule)
    assert quality.overdue_by_month(world.PERIOD) == [
        ["April 2026", 0, None],
        ["May 2026", 0, None],
        ["June 2026", 2, 5],
        ["July 2026", 0, None],
        ["August 2026", 1, 3],
        ["September 2026", 0, None],
        ["October 2026", 0, None],
    ]
    # By rule: June's last count (30 Jun) and August's; the rules of counts in the period only (not March's).
    assert quality.overdue_by_rule_by_month(world.PERIOD) == (
        ["CAR-6", "REV-2", "REV-5"],
        [
            ["April 2026", None, None, None],
            ["May 2026", None, None, None],
            ["June 2026", 0, 3, 2],
            ["July 2026", None, None, None],
            ["August 2026", 3, 0, 0],
            ["September 2026", None, None, None],
            ["October 2026", None, None, None],
        ],
    )


def test_overdue_today_by_rule_and_officer_add_up__RPT_4(made):
    """The same overdue items counted two ways (the compliance picture, computed live here)."""
    by_rule, by_officer = quality.overdue_today()
    assert sum(row[2] for row in by_rule) == sum(row[1] for row in by_officer) > 0
    titles = [table.title for table in quality.tables(world.PERIOD)]
    assert titles[2:] == [
        "Overdue count by month",
        "Overdue by rule, month by month",
        "Safeguarding, incidents, complaints and notifications by month",
    ]
