"""The CQC information report (RPT-8) against figures worked out by hand from tests/reports/world.py and these
records, made through the safeguarding services:
  concerns: 1 Mar 2026 (before the period), 10 Jun 2026 (counted), 12 Jul 2026 (marked as recorded in error)
  incident: 1 Sep 2026 10:00 (counted)
  complaints: a complaint received 2 Jun 2026 and a compliment received 3 Jul 2026
  notification to the CQC: abuse, event 10 Jun 2026 (the June concern)
(the `made` fixture, tests/reports/conftest.py)
"""

from reports import cqc
from tests.reports import world


def test_people_supported_by_type_count_people_not_arrangements__RPT_8(made):
    # On 31 Oct: P1's and P3's people (live-in). Over the period: live-in P1's person and P2/P3's one person (the
    # move: counted once) = 2; short breaks P4's = 1; all 3.
    assert cqc.people_supported(world.PERIOD) == [
        ["Live-in", 2, 2],
        ["Short breaks", 0, 1],
        ["Day support", 0, 0],
        ["All people supported", 2, 3],
    ]


def test_new_arrangements_and_endings_show_moves_apart__RPT_8(made):
    # Started: P2 (May), P3 (Aug, the move); ended: P2 (the move), P4 (planned end).
    assert cqc.arrangements_started_and_ended(world.PERIOD) == [
        ["New arrangements", 2],
        ["of which moves between Shared Lives households", 1],
        ["Arrangements ended", 2],
        ["of which moves between Shared Lives households", 1],
    ]


def test_notifications_complaints_and_safeguarding_in_the_period__RPT_8(made):
    tables = {table.title: table.rows for table in cqc.tables(world.PERIOD)}
    assert tables["Carers approved"] == [["Approved households", 3], ["Carers in them", 4]]
    assert ["Abuse or an allegation of abuse", 1] in tables["Notifications to the CQC"]
    assert tables["Notifications to the CQC"][-1] == ["All", 1]
    assert tables["Complaints, concerns and compliments"] == [
        ["Complaint", 1],
        ["Concern", 0],
        ["Compliment", 1],
        ["All", 2],
    ]
    # The June concern only: March's is before the period, July's was recorded in error.
    assert tables["Safeguarding"] == [
        ["Safeguarding concerns raised", 1],
        ["of which referred to the council", 0],
        ["Incidents and accidents", 1],
    ]
