"""The working-day deadlines of complaints and CQC notifications (SG-3, SG-4). Pure: no Django, so the compliance
engine (reviews/compliance.py) and the pages read the same dates.

- SG-3: a complaint is acknowledged within the scheme's number of working days of receipt (SchemePolicy, default 3)
  and answered within its number (default 20). Receipt day never counts: 3 working days after a Friday is the
  Wednesday. Compliments have no deadlines.
- SG-4: a notification to the CQC is due "without delay": the next working day after the event is known.
"""

from datetime import date

from sharedlives.workdays import add_working_days

NOTIFICATION_WORKING_DAYS = 1  # SG-4: without delay, tracked as the next working day


def acknowledgement_due(received_on: date, working_days: int) -> date:
    """SG-3: the last day the complaint may be acknowledged on time (overdue from the day after)."""
    return add_working_days(received_on, working_days)


def response_due(received_on: date, working_days: int) -> date:
    """SG-3: the last day the complaint may be answered on time (overdue from the day after)."""
    return add_working_days(received_on, working_days)


def notification_due(event_on: date) -> date:
    """SG-4: the next working day after the event happened or became known."""
    return add_working_days(event_on, NOTIFICATION_WORKING_DAYS)
