"""Demo complaints, compliments and a CQC notification for a local `make run` (seed_demo), through
safeguarding/complaints.py. Idempotent: nothing is added once any complaint exists.

A complaint in each state (received this week, acknowledged, responded, escalated to the council, closed), two
compliments, and one notification sent to the CQC (SG-3, SG-4). Dates are relative to today, so the received one
always shows its acknowledgement due.
"""

from datetime import timedelta

from placements.models import Placement
from safeguarding import complaints
from safeguarding.models import Complaint, Incident
from sharedlives.dates import today
from sharedlives.workdays import add_working_days


def build_complaints_demo(*, users) -> str:
    if Complaint.objects.exists():
        return "complaints and notifications: already there"
    officer, manager, manager2 = users["officer"], users["manager"], users["manager2"]
    placements = list(
        Placement.objects.filter(household__allocated_officer=officer, ends_on__isnull=True)
        .select_related("person", "household")
        .order_by("pk")[:5]
    )
    if not placements:
        return "complaints and notifications: no placements to attach them to"
    now = today()

    def placement(n):
        return placements[n % len(placements)]

    def ago(days):
        return now - timedelta(days=days)

    def record(n, days, about, kind="complaint", from_whom="family", name="", by=officer):
        """Received `days` ago; a complaint or concern is acknowledged the day after (on time, SG-3)."""
        received = complaints.record_complaint(
            kind=kind,
            from_whom=from_whom,
            from_name=name,
            about=about,
            received_on=ago(days),
            placement=placement(n),
            by=by,
        )
        if kind == "compliment" or days < 2:
            return received
        return complaints.acknowledge_complaint(received, acknowledged_on=ago(days - 1), by=by)

    def review_and_close(complaint, notes, days, by):
        """The management team reviews and closes it the same day, `days` ago (SG-5)."""
        complaints.review_complaint(complaint, notes=notes, reviewed_on=ago(days), by=by)
        complaints.close_complaint(complaint, closed_on=ago(days), by=by)

    received_on = add_working_days(now, -1)
    complaints.record_complaint(
        kind="complaint",
        from_whom="family",
        from_name="Ann Jones (sister)",
        received_on=received_on,
        about="Two visits home were cancelled this month without anyone telling the family.",
        placement=placement(0),
        by=officer,
    )
    record(1, 6, "The carer's dog frightens the person at mealtimes.", from_whom="person")
    responded = record(
        2,
        30,
        "The day centre transport is often late; the person misses lunch.",
        kind="concern",
        from_whom="professional",
        name="Day centre manager",
    )
    complaints.respond_to_complaint(
        responded,
        response="Agreed a new pick-up time with transport and the carer.",
        outcome="partly",
        learning="Check transport times at each review.",
        responded_on=ago(20),
        by=officer,
    )
    escalated = record(3, 60, "The family disagree with the decision to end the weekend breaks.", name="Mr Begum")
    escalated = complaints.respond_to_complaint(
        escalated,
        response="Explained the funding decision and offered a meeting.",
        outcome="not_upheld",
        responded_on=ago(40),
        by=officer,
    )
    complaints.escalate_complaint(escalated, escalated_to="council", escalated_on=ago(30), by=officer)
    closed = record(4, 90, "Nobody returned the family's calls for a week.", name="Mrs Khan")
    closed = complaints.respond_to_complaint(
        closed,
        response="Apologised; calls now go to the duty officer when the officer is away.",
        outcome="upheld",
        learning="Duty cover for each officer's leave.",
        responded_on=ago(75),
        by=officer,
    )
    review_and_close(closed, "Handled well; the duty rota is in place.", 70, manager2)
    record(0, 14, "The family thank the carer for the lovely birthday party.", kind="compliment")
    thanks = record(
        2,
        45,
        "The social worker praised the support plan's detail.",
        kind="compliment",
        from_whom="professional",
        name="Adult social care",
    )
    review_and_close(thanks, "Shared with the carer.", 44, manager)

    incident = Incident.objects.filter(hospital_admission=True, recorded_in_error=False).order_by("pk").first()
    event_on = ago(25)
    if incident is not None:
        event_on = min(incident.occurred_at.date(), now)
    notification = complaints.record_notification(
        kind="serious_injury",
        event_on=event_on,
        incident=incident,
        person=None if incident else placement(1).person,
        by=officer,
        what_was_sent="Serious injury: fall at home, admitted to hospital overnight.",
    )
    complaints.mark_notification_sent(
        notification,
        what_was_sent=notification.what_was_sent,
        sent_on=min(add_working_days(event_on, 1), now),
        cqc_reference="CQC-DEMO-0001",
        by=manager,
    )
    return "complaints and notifications: 5 complaints (one in each state), 2 compliments, 1 CQC notification sent"
