"""Every write about a complaint, concern or compliment (SG-3) and a statutory notification to the CQC (SG-4).

Kept apart from safeguarding/services.py (concerns and incidents) and sharing its rules: any officer records; the
management team reviews and closes, never whoever recorded it (AUD-2, SG-5); nothing is deleted (a record made by
mistake is marked recorded in error through services.mark_recorded_in_error).

- SG-3: a complaint (or a concern raised as a complaint) is acknowledged and answered within the scheme's working-day
  limits (SchemePolicy, 3 and 20 by default: safeguarding/deadlines.py), with the outcome and learning; it may be
  escalated to the council's complaints procedure or the Ombudsman. Compliments are recorded too, with no deadlines.
- SG-4: a notification to the CQC is due the next working day after the event is known; the record keeps what was
  sent, when and by whom. What qualifies (a concern, an incident, an ending) is `notification_prompt`.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from placements.models import EndingReason
from safeguarding import deadlines
from safeguarding.models import (
    Complaint,
    ComplaintFrom,
    ComplaintKind,
    ConcernCategory,
    EscalatedTo,
    NotificationKind,
    RecordStatus,
    StatutoryNotification,
)
from safeguarding.services import _not_the_author, _require_manager, _require_open
from sharedlives.dates import today as today_
from sharedlives.db import lock
from sharedlives.errors import RuleViolation
from sharedlives.history import save_with_history
from sharedlives.models import SchemePolicy

# Complaints, concerns and compliments (SG-3) ---------------------------------------------------------------------


@dataclass(frozen=True)
class ComplaintDeadlines:
    acknowledge_by: date | None
    respond_by: date | None


def complaint_deadlines(complaint: Complaint, policy: SchemePolicy | None = None) -> ComplaintDeadlines:
    """SG-3: the acknowledgement and response due dates from the scheme policy; none for a compliment."""
    if complaint.kind == ComplaintKind.COMPLIMENT:
        return ComplaintDeadlines(None, None)
    policy = policy or SchemePolicy.current()
    return ComplaintDeadlines(
        deadlines.acknowledgement_due(complaint.received_on, policy.complaint_acknowledgement_days),
        deadlines.response_due(complaint.received_on, policy.complaint_response_days),
    )


def complaint_stage(complaint: Complaint) -> str:
    """Where a complaint is: received, acknowledged, responded, escalated, closed (or recorded in error)."""
    if complaint.recorded_in_error:
        return "Recorded in error"
    if complaint.status == RecordStatus.CLOSED:
        return "Closed"
    if complaint.escalated_to != EscalatedTo.NONE:
        return "Escalated"
    if complaint.responded_on:
        return "Responded"
    if complaint.acknowledged_on:
        return "Acknowledged"
    return "Received"


def _not_future(day: date, field: str, what: str, rule: str = "SG-3") -> None:
    if day > today_():
        raise RuleViolation(rule, f"{what} cannot be in the future.", field=field)


def _not_before_receipt(complaint: Complaint, day: date, field: str, what: str) -> None:
    if day < complaint.received_on:
        raise RuleViolation("SG-3", f"{what} cannot be before the complaint was received.", field=field)


def _not_a_compliment(complaint: Complaint, what: str) -> None:
    if complaint.kind == ComplaintKind.COMPLIMENT:
        raise RuleViolation("SG-3", f"A compliment is recorded and closed; it is not {what}.")


@transaction.atomic
def record_complaint(
    *,
    kind: str,
    from_whom: str,
    about: str,
    received_on: date,
    by,
    from_name: str = "",
    person=None,
    household=None,
    placement=None,
) -> Complaint:
    """SG-3: who it is from, what it is about and when it was received; the deadlines run from receipt."""
    if not about.strip():
        raise RuleViolation("SG-3", "Say what it is about.", field="about")
    _not_future(received_on, "received_on", "The date received")
    if placement is not None:
        if person is not None and placement.person_id != person.pk:
            raise RuleViolation("SG-3", "Choose one of this person's placements.", field="placement")
        person = person or placement.person
        household = household or placement.household
    if from_whom == ComplaintFrom.ANONYMOUS:
        from_name = ""
    complaint = Complaint(
        kind=kind,
        from_whom=from_whom,
        from_name=from_name.strip(),
        about=about.strip(),
        received_on=received_on,
        person=person,
        household=household,
        placement=placement,
        recorded_by=by,
    )
    return save_with_history(complaint, f"{kind}.recorded", by=by)


@transaction.atomic
def acknowledge_complaint(complaint: Complaint, *, by, acknowledged_on: date | None = None) -> Complaint:
    """SG-3: the complainant is told it was received (within the policy's working days)."""
    complaint = lock(complaint)
    _require_open(complaint, "be acknowledged")
    _not_a_compliment(complaint, "acknowledged")
    if complaint.acknowledged_on is not None:
        raise RuleViolation("SG-3", "This complaint is already acknowledged.")
    acknowledged_on = acknowledged_on or today_()
    _not_future(acknowledged_on, "acknowledged_on", "The acknowledgement")
    _not_before_receipt(complaint, acknowledged_on, "acknowledged_on", "The acknowledgement")
    complaint.acknowledged_on = acknowledged_on
    return save_with_history(complaint, "complaint.acknowledged", by=by)


@transaction.atomic
def respond_to_complaint(
    complaint: Complaint, *, response: str, outcome: str, by, learning: str = "", responded_on: date | None = None
) -> Complaint:
    """SG-3: the response, with the outcome (upheld, partly, not upheld) and the learning. A response sent before
    any acknowledgement acknowledges it too."""
    complaint = lock(complaint)
    _require_open(complaint, "be answered")
    _not_a_compliment(complaint, "answered")
    if not response.strip():
        raise RuleViolation("SG-3", "Say what the response was.", field="response")
    if not outcome:
        raise RuleViolation("SG-3", "Choose the outcome.", field="outcome")
    responded_on = responded_on or today_()
    _not_future(responded_on, "responded_on", "The response")
    _not_before_receipt(complaint, responded_on, "responded_on", "The response")
    if complaint.acknowledged_on and responded_on < complaint.acknowledged_on:
        raise RuleViolation("SG-3", "The response cannot be before the acknowledgement.", field="responded_on")
    complaint.acknowledged_on = complaint.acknowledged_on or responded_on
    complaint.responded_on = responded_on
    complaint.response = response.strip()
    complaint.outcome = outcome
    complaint.learning = learning.strip()
    return save_with_history(complaint, "complaint.responded", by=by)


@transaction.atomic
def escalate_complaint(complaint: Complaint, *, escalated_to: str, by, escalated_on: date | None = None) -> Complaint:
    """SG-3: a complainant not satisfied with the response goes to the council's complaints procedure, then the
    Ombudsman."""
    complaint = lock(complaint)
    _require_open(complaint, "be escalated")
    _not_a_compliment(complaint, "escalated")
    if escalated_to not in (EscalatedTo.COUNCIL, EscalatedTo.OMBUDSMAN):
        raise RuleViolation("SG-3", "Choose where it was escalated to.", field="escalated_to")
    if complaint.responded_on is None:
        raise RuleViolation("SG-3", "Record the scheme's response before the complaint is escalated.")
    if complaint.escalated_to == escalated_to:
        raise RuleViolation("SG-3", "It is already escalated there.", field="escalated_to")
    escalated_on = escalated_on or today_()
    _not_future(escalated_on, "escalated_on", "The escalation")
    if escalated_on < complaint.responded_on:
        raise RuleViolation("SG-3", "The escalation cannot be before the response.", field="escalated_on")
    complaint.escalated_to = escalated_to
    complaint.escalated_on = escalated_on
    return save_with_history(complaint, "complaint.escalated", by=by)


@transaction.atomic
def review_complaint(complaint: Complaint, *, notes: str, by, reviewed_on: date | None = None) -> Complaint:
    """SG-5, AUD-2: the management team reviews it, not whoever recorded it."""
    complaint = lock(complaint)
    _require_open(complaint, "be reviewed")
    _require_manager(by, "SG-5", "review a complaint")
    _not_the_author(complaint, by, "review it")
    if not notes.strip():
        raise RuleViolation("SG-5", "Write what the management team decided.", field="notes")
    complaint.status = RecordStatus.REVIEWED
    complaint.reviewed_by = by
    complaint.reviewed_on = reviewed_on or today_()
    complaint.review_notes = notes.strip()
    return save_with_history(complaint, "complaint.reviewed", by=by)


@transaction.atomic
def close_complaint(complaint: Complaint, *, by, closed_on: date | None = None) -> Complaint:
    """SG-3, SG-5, AUD-2: closed by the management team (not whoever recorded it) once reviewed and, for a
    complaint or concern, answered. An escalated complaint may be closed: the council or Ombudsman takes it on."""
    complaint = lock(complaint)
    _require_open(complaint, "be closed")
    _require_manager(by, "SG-5", "close a complaint")
    _not_the_author(complaint, by, "close it")
    if complaint.reviewed_on is None:
        raise RuleViolation("SG-5", "Record the management team's review before closing it.")
    if complaint.kind != ComplaintKind.COMPLIMENT and complaint.responded_on is None:
        raise RuleViolation("SG-3", "Record the response and its outcome before closing the complaint.")
    complaint.status = RecordStatus.CLOSED
    complaint.closed_by = by
    complaint.closed_on = closed_on or today_()
    return save_with_history(complaint, "complaint.closed", by=by)


# Statutory notifications to the CQC (SG-4) -----------------------------------------------------------------------


@dataclass(frozen=True)
class Prompt:
    """A record that should be notified to the CQC: which kind, and when the event became known."""

    kind: str
    event_on: date
    why: str

    @property
    def kind_label(self) -> str:
        return NotificationKind(self.kind).label

    @property
    def due_on(self) -> date:
        return deadlines.notification_due(self.event_on)


def concern_prompt(concern) -> Prompt | None:
    """SG-4: abuse or an allegation of abuse (every Care Act category but self-neglect)."""
    if concern.recorded_in_error or concern.category == ConcernCategory.SELF_NEGLECT:
        return None
    return Prompt(NotificationKind.ABUSE, concern.raised_on, "an allegation or concern of abuse")


def incident_prompt(incident) -> Prompt | None:
    """SG-4: a serious injury (a hospital admission, or an injury needing medical attention)."""
    if incident.recorded_in_error:
        return None
    if incident.hospital_admission or (incident.injury.strip() and incident.medical_attention):
        day = timezone.localtime(incident.occurred_at).date()
        return Prompt(NotificationKind.SERIOUS_INJURY, day, "a serious injury")
    return None


def ending_prompt(notice) -> Prompt | None:
    """SG-4: the death of a person using the service; a safeguarding removal is an allegation of abuse."""
    if notice.exceptional_ending == EndingReason.DIED:
        return Prompt(NotificationKind.DEATH, notice.given_on, "the person died")
    if notice.exceptional_ending == EndingReason.SAFEGUARDING:
        return Prompt(NotificationKind.ABUSE, notice.given_on, "of a safeguarding removal")
    return None


@transaction.atomic
def record_notification(
    *,
    kind: str,
    event_on: date,
    by,
    person=None,
    concern=None,
    incident=None,
    ending=None,
    what_was_sent: str = "",
) -> StatutoryNotification:
    """SG-4: a notification to make, due the next working day after the event is known. Any officer records it;
    the management team (the registered manager) records it sent. One notification of a kind per record."""
    if kind not in NotificationKind.values:
        raise RuleViolation("SG-4", "Choose what is being notified.", field="kind")
    _not_future(event_on, "event_on", "The event", rule="SG-4")
    sources = [source for source in (concern, incident, ending) if source is not None]
    if len(sources) > 1:
        raise RuleViolation("SG-4", "A notification is about one concern, incident or ending.")
    source_person = (
        concern.person if concern else incident.person if incident else ending.placement.person if ending else None
    )
    person = person or source_person
    if source_person is not None and person.pk != source_person.pk:
        raise RuleViolation("SG-4", "The notification is about the record's person.", field="person")
    if sources:
        field = "concern" if concern else "incident" if incident else "ending"
        already = StatutoryNotification.objects.filter(kind=kind, recorded_in_error=False, **{field: sources[0]})
        if already.exists():
            raise RuleViolation("SG-4", "This has already been recorded as a notification to the CQC.", field="kind")
    notification = StatutoryNotification(
        kind=kind,
        event_on=event_on,
        due_on=deadlines.notification_due(event_on),
        person=person,
        concern=concern,
        incident=incident,
        ending=ending,
        what_was_sent=what_was_sent.strip(),
        recorded_by=by,
    )
    return save_with_history(notification, "notification.recorded", by=by)


@transaction.atomic
def mark_notification_sent(
    notification: StatutoryNotification, *, what_was_sent: str, by, sent_on: date | None = None, cqc_reference=""
) -> StatutoryNotification:
    """SG-4: the registered manager (the management team) records what was sent to the CQC, when, and its
    reference; the notification is then closed."""
    notification = lock(notification)
    _require_open(notification, "be sent")
    _require_manager(by, "SG-4", "record a notification to the CQC as sent")
    if notification.sent_on is not None:
        raise RuleViolation("SG-4", "This notification is already recorded as sent.")
    if not what_was_sent.strip():
        raise RuleViolation("SG-4", "Say what was sent to the CQC.", field="what_was_sent")
    sent_on = sent_on or today_()
    _not_future(sent_on, "sent_on", "The date sent", rule="SG-4")
    if sent_on < notification.event_on:
        raise RuleViolation("SG-4", "It cannot be sent before the event.", field="sent_on")
    notification.sent_on = sent_on
    notification.sent_by = by
    notification.what_was_sent = what_was_sent.strip()
    notification.cqc_reference = cqc_reference.strip()
    notification.status = RecordStatus.CLOSED
    notification.closed_by = by
    notification.closed_on = sent_on
    return save_with_history(notification, "notification.sent", by=by)
