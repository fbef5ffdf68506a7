"""The reports' shared test records: tests/reports/world.py's households and arrangements, with safeguarding records
made through the safeguarding services (the CQC information and Quality reports count them):
  concerns: 1 Mar 2026 (before the period), 10 Jun 2026 (counted), 12 Jul 2026 (marked as recorded in error)
  incident: 1 Sep 2026 10:00 (counted)
  complaints: a complaint received 2 Jun 2026 and a compliment received 3 Jul 2026
  notification to the CQC: abuse, event 10 Jun 2026 (the June concern)
"""

from datetime import date, datetime

import pytest
from django.utils import timezone

from safeguarding import complaints, services
from tests.reports import world


def _concern(placement, raised_on, by):
    return services.raise_concern(
        person=placement.person,
        placement=placement,
        raised_on=raised_on,
        category="neglect",
        description="Medication missed twice.",
        immediate_actions="Spoke to the carer the same day.",
        by=by,
    )


@pytest.fixture
def made(db, officer, second_officer, manager):
    made = world.build(officer, second_officer, manager)
    _concern(made.p1, date(2026, 3, 1), officer)
    june = _concern(made.p1, date(2026, 6, 10), officer)
    mistaken = _concern(made.p1, date(2026, 7, 12), officer)
    services.mark_recorded_in_error(mistaken, reason="Meant for another person", by=manager)
    services.record_incident(
        person=made.p3.person,
        placement=made.p3,
        by=second_officer,
        occurred_at=timezone.make_aware(datetime(2026, 9, 1, 10, 0)),
        location="The garden",
        people_involved="The person and the carer",
        what_happened="Tripped on the step.",
    )
    for kind, received_on in (("complaint", date(2026, 6, 2)), ("compliment", date(2026, 7, 3))):
        complaints.record_complaint(
            kind=kind,
            from_whom="family",
            from_name="Ann Jones (sister)",
            about="Visits home",
            received_on=received_on,
            placement=made.p1,
            by=officer,
        )
    complaints.record_notification(kind="abuse", event_on=date(2026, 6, 10), concern=june, by=officer)
    return made
