"""Every write about a safeguarding concern or an incident that carries a rule (SG-1, SG-2, SG-5, SAFE-4, AUD-2).

Any officer raises and records; the management team reviews and closes, never the person who raised the record
(AUD-2, SG-5). An allegation against a household puts it on hold in the same transaction (SAFE-4, through
carers.services), until the management team lifts the hold with a reason. Nothing is deleted: a record made by
mistake is marked recorded in error, with a reason.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from carers import services as carer_services
from carers.gates import under_safeguarding_hold
from carers.models import CarerHousehold, HoldReason, HouseholdStatus
from placements.models import EndingReason
from safeguarding.models import (
    Incident,
    IncidentAction,
    RecordStatus,
    SafeguardingConcern,
    SafeguardingRecord,
)
from sharedlives.dates import today as today_
from sharedlives.db import lock
from sharedlives.errors import RuleViolation
from sharedlives.history import save_with_history
from sharedlives.roles import is_manager

CONCERN_EDITABLE = [
    "category",
    "description",
    "immediate_actions",
    "alleged_carer",
    "alleged_member",
    "alleged_other",
]


def _require_manager(user, rule: str, what: str) -> None:
    if not is_manager(user):
        raise RuleViolation(rule, f"Only the management team can {what}.")


def _require_open(record: SafeguardingRecord, what: str) -> None:
    if record.recorded_in_error:
        raise RuleViolation("SG-5", f"This record was marked as recorded in error, so it cannot {what}.")
    if record.status == RecordStatus.CLOSED:
        raise RuleViolation("SG-5", f"This record is closed, so it cannot {what}.")


def _not_the_author(record: SafeguardingRecord, user, what: str) -> None:
    """AUD-2, SG-5: the person who raised a record does not review or close it."""
    if record.author_id == user.pk:
        raise RuleViolation("AUD-2", f"Another member of the management team must {what}: you raised this record.")


def _decision(record: SafeguardingRecord, *, by, step: str, done: str, what: str) -> SafeguardingRecord:
    """The record, locked, for a management team decision (`step` "review", `done` "reviewed"; `what` "an incident"):
    refused when it is closed or recorded in error, when the user is not on the management team, or raised it
    (SG-5, AUD-2)."""
    record = lock(record)
    _require_open(record, f"be {done}")
    _require_manager(by, "SG-5", f"{step} {what}")
    _not_the_author(record, by, f"{step} it")
    return record


def _save_review(
    record: SafeguardingRecord, *, notes: str, by, reviewed_on: date | None, event: str, raised_on: date | None = None
) -> SafeguardingRecord:
    """SG-5: the management team's review notes on a record _decision locked; a concern's is not before `raised_on`."""
    if not notes.strip():
        raise RuleViolation("SG-5", "Write what the management team decided.", field="notes")
    reviewed_on = reviewed_on or today_()
    if raised_on is not None and reviewed_on < raised_on:
        raise RuleViolation("SG-5", "The review cannot be before the concern was raised.", field="reviewed_on")
    record.status = RecordStatus.REVIEWED
    record.reviewed_by = by
    record.reviewed_on = reviewed_on
    record.review_notes = notes.strip()
    return save_with_history(record, event, by=by)


def _save_closed(record: SafeguardingRecord, *, by, closed_on: date | None, event: str) -> SafeguardingRecord:
    """SG-5: a record _decision locked, closed by the management team."""
    record.status = RecordStatus.CLOSED
    record.closed_by = by
    record.closed_on = closed_on or today_()
    return save_with_history(record, event, by=by)


def _edit(record: SafeguardingRecord, fields: dict, *, editable: list[str], by, who: str) -> SafeguardingRecord:
    """The record, locked, with `fields` set: only the `editable` ones, while it is open, by its author (`who` raised
    or recorded it) or the management team (SG-6)."""
    record = lock(record)
    _require_open(record, "be edited")
    if record.author_id != by.pk and not is_manager(by):
        raise RuleViolation("SG-6", f"Only the person who {who}, or the management team, can edit it.")
    for name, value in fields.items():
        if name not in editable:
            raise ValueError(f"{name} is not editable here")
        setattr(record, name, value)
    return record


# Concerns (SG-1, SAFE-4) ---------------------------------------------------------------------------------------


def _place_safeguarding_hold(household: CarerHousehold, *, details: str, by) -> bool:
    """Put the household on a safeguarding hold (SAFE-4); True if this concern placed it, False if it was held already
    or is not approved (an applicant, a household that left: the concern is recorded all the same)."""
    household = lock(household)
    if under_safeguarding_hold(household):
        return False
    if household.status == HouseholdStatus.ON_HOLD:  # on hold for another reason: the hold becomes safeguarding's
        household = carer_services.resume(household, by=by)
    if household.status != HouseholdStatus.APPROVED:
        return False  # an applicant or a household that left takes no arrangements anyway: the concern is recorded
    carer_services.put_on_hold(household, by=by, reason=details, hold_reason=HoldReason.SAFEGUARDING)
    return True


@transaction.atomic
def raise_concern(
    *,
    person,
    raised_on: date,
    category: str,
    description: str,
    immediate_actions: str,
    by,
    household=None,
    placement=None,
    allegation_against_household: bool = False,
    alleged_carer=None,
    alleged_member=None,
    alleged_other: str = "",
    put_on_hold: bool = False,
) -> SafeguardingConcern:
    """SG-1: a concern about a person. An allegation against a household always puts it on hold (SAFE-4); a concern
    about a household that is not an allegation may be held too, when the officer asks."""
    if placement is not None:
        if placement.person_id != person.pk:
            raise RuleViolation("SG-1", "Choose one of this person's placements.", field="placement")
        household = household or placement.household
        if placement.household_id != household.pk:
            raise RuleViolation("SG-1", "The placement is with another household.", field="household")
    if allegation_against_household and household is None:
        raise RuleViolation("SAFE-4", "Choose the household the allegation is about.", field="household")
    if put_on_hold and household is None:
        raise RuleViolation("SAFE-4", "Choose the household to put on hold.", field="household")
    concern = SafeguardingConcern(
        person=person,
        household=household,
        placement=placement,
        allegation_against_household=allegation_against_household,
        alleged_carer=alleged_carer,
        alleged_member=alleged_member,
        alleged_other=alleged_other.strip(),
        raised_on=raised_on,
        raised_by=by,
        category=category,
        description=description.strip(),
        immediate_actions=immediate_actions.strip(),
    )
    if (allegation_against_household or put_on_hold) and _place_safeguarding_hold(
        household, details=f"Safeguarding concern raised {raised_on:%-d %B %Y}", by=by
    ):
        concern.hold_placed_on = raised_on
    return save_with_history(concern, "concern.raised", by=by)


@transaction.atomic
def edit_concern(concern: SafeguardingConcern, *, by, **fields) -> SafeguardingConcern:
    """The person who raised it, or the management team, puts the details right while it is open."""
    stripped = {name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}
    concern = _edit(concern, stripped, editable=CONCERN_EDITABLE, by=by, who="raised the concern")
    return save_with_history(concern, "concern.edited", by=by)


@transaction.atomic
def review_concern(
    concern: SafeguardingConcern, *, notes: str, by, reviewed_on: date | None = None
) -> SafeguardingConcern:
    """SG-5: the management team reviews a concern within one working day of it being raised (not its raiser)."""
    concern = _decision(concern, by=by, step="review", done="reviewed", what="a safeguarding concern")
    return _save_review(
        concern, notes=notes, by=by, reviewed_on=reviewed_on, event="concern.reviewed", raised_on=concern.raised_on
    )


@transaction.atomic
def record_council_referral(
    concern: SafeguardingConcern,
    *,
    by,
    referred_on: date | None = None,
    reference: str = "",
    no_referral_reason: str = "",
) -> SafeguardingConcern:
    """SG-1: the referral to the council's safeguarding team (date and reference), or the management team's reason
    for not referring."""
    concern = lock(concern)
    _require_open(concern, "be changed")
    if referred_on is None and not no_referral_reason.strip():
        raise RuleViolation("SG-1", "Enter the date it was referred to the council.", field="referred_on")
    if referred_on is not None and no_referral_reason.strip():
        raise RuleViolation(
            "SG-1", "Give a referral date or a reason for not referring, not both.", field="referred_on"
        )
    if referred_on is None:
        _require_manager(by, "SG-1", "decide that a concern is not referred to the council")
    elif referred_on < concern.raised_on:
        raise RuleViolation("SG-1", "The referral cannot be before the concern was raised.", field="referred_on")
    concern.council_referred_on = referred_on
    concern.council_reference = reference.strip()
    concern.no_referral_reason = no_referral_reason.strip()
    return save_with_history(concern, "concern.referred" if referred_on else "concern.not_referred", by=by)


@transaction.atomic
def record_outcome(concern: SafeguardingConcern, *, outcome: str, lessons_learned: str = "", by) -> SafeguardingConcern:
    """SG-1: the outcome of the council's enquiry (or the scheme's own) and the lessons learned."""
    concern = lock(concern)
    _require_open(concern, "be changed")
    if not outcome.strip():
        raise RuleViolation("SG-1", "Write the outcome of the enquiry.", field="outcome")
    concern.outcome = outcome.strip()
    concern.lessons_learned = lessons_learned.strip()
    return save_with_history(concern, "concern.outcome", by=by)


@transaction.atomic
def lift_hold(concern: SafeguardingConcern, *, reason: str, by, lifted_on: date | None = None) -> SafeguardingConcern:
    """SAFE-4: only the management team lifts a safeguarding hold, with a reason; the household resumes unless
    another open concern still holds it."""
    concern = lock(concern)
    _require_manager(by, "SAFE-4", "lift a safeguarding hold")
    if concern.hold_placed_on is None or concern.hold_lifted_on is not None:
        raise RuleViolation("SAFE-4", "This concern has no hold in place.")
    if not reason.strip():
        raise RuleViolation("SAFE-4", "Say why the hold is lifted.", field="reason")
    lifted_on = lifted_on or today_()
    others = (
        SafeguardingConcern.objects.filter(
            household_id=concern.household_id, hold_placed_on__isnull=False, hold_lifted_on__isnull=True
        )
        .exclude(pk=concern.pk)
        .exclude(recorded_in_error=True)
    )
    concern.hold_lifted_on = lifted_on
    concern.hold_lifted_by = by
    concern.hold_lift_reason = reason.strip()
    save_with_history(concern, "concern.hold_lifted", by=by)
    household = lock(concern.household)
    if not others.exists() and under_safeguarding_hold(household):
        carer_services.resume(household, by=by, reason=reason.strip())
    return concern


@transaction.atomic
def close_concern(concern: SafeguardingConcern, *, by, closed_on: date | None = None) -> SafeguardingConcern:
    """SG-5, AUD-2: the management team closes a reviewed concern once the council referral (or the reason for none)
    and the outcome are recorded; never the person who raised it. A hold is lifted separately, with its reason."""
    concern = _decision(concern, by=by, step="close", done="closed", what="a safeguarding concern")
    if concern.reviewed_on is None:
        raise RuleViolation("SG-5", "Record the management team's review before closing the concern.")
    if concern.council_referred_on is None and not concern.no_referral_reason:
        raise RuleViolation("SG-1", "Record the council referral, or why it was not referred, before closing.")
    if not concern.outcome:
        raise RuleViolation("SG-1", "Record the outcome before closing the concern.")
    return _save_closed(concern, by=by, closed_on=closed_on, event="concern.closed")


@transaction.atomic
def link_ending(concern: SafeguardingConcern, *, ending, by) -> SafeguardingConcern:
    """END-8: a placement ended for a safeguarding reason links to its concern (and so to the exceptional ending's
    administrative payment decision on the ending)."""
    concern = lock(concern)
    if ending.placement_id is None or ending.placement.person_id != concern.person_id:
        raise RuleViolation("END-8", "Choose an ending of this person's placement.", field="ending")
    if ending.exceptional_ending != EndingReason.SAFEGUARDING:
        raise RuleViolation("END-8", "Choose a placement ended as a safeguarding removal.", field="ending")
    concern.ending = ending
    return save_with_history(concern, "concern.ending_linked", by=by)


# Incidents (SG-2) ----------------------------------------------------------------------------------------------


@transaction.atomic
def record_incident(*, person, by, household=None, placement=None, **fields) -> Incident:
    """SG-2: when and where, who, what happened, injury, medical attention and hospital admission; whether the family
    was told (the compliance engine flags it until they are, when the person was taken ill or into hospital)."""
    if placement is not None:
        if placement.person_id != person.pk:
            raise RuleViolation("SG-2", "Choose one of this person's placements.", field="placement")
        household = household or placement.household
    incident = Incident(person=person, household=household, placement=placement, recorded_by=by, **fields)
    _check_incident(incident)
    return save_with_history(incident, "incident.recorded", by=by)


INCIDENT_EDITABLE = [
    "occurred_at",
    "location",
    "people_involved",
    "what_happened",
    "injury",
    "medical_attention",
    "medical_attention_details",
    "hospital_admission",
    "taken_ill",
    "family_informed_on",
    "family_informed_who",
]


def _check_incident(incident: Incident) -> None:
    if incident.occurred_at > timezone.now():
        raise RuleViolation("SG-2", "The incident cannot be in the future.", field="occurred_at")
    if incident.family_informed_on and incident.family_informed_on < timezone.localtime(incident.occurred_at).date():
        raise RuleViolation(
            "SG-2", "The family cannot be told before the incident happened.", field="family_informed_on"
        )
    if incident.family_informed_on and not incident.family_informed_who.strip():
        raise RuleViolation(
            "SG-2", "Say who in the family (or which representative) was told.", field="family_informed_who"
        )


@transaction.atomic
def edit_incident(incident: Incident, *, by, **fields) -> Incident:
    """The person who recorded it, or the management team, completes or corrects it while it is open (e.g. the day
    the family was told, SG-2)."""
    incident = _edit(incident, fields, editable=INCIDENT_EDITABLE, by=by, who="recorded the incident")
    _check_incident(incident)
    return save_with_history(incident, "incident.edited", by=by)


@transaction.atomic
def add_incident_action(incident: Incident, *, action: str, owner, due_on: date, by) -> IncidentAction:
    """SG-2: a follow-up action, with its owner and due date (SG-5 counts it overdue after that)."""
    incident = lock(incident)
    _require_open(incident, "take new actions")
    if not action.strip():
        raise RuleViolation("SG-2", "Say what is to be done.", field="action")
    created = IncidentAction(incident=incident, action=action.strip(), owner=owner, due_on=due_on, recorded_by=by)
    return save_with_history(created, "incident.action_added", by=by)


@transaction.atomic
def complete_incident_action(action: IncidentAction, *, by, done_on: date | None = None) -> IncidentAction:
    action = lock(action)
    if action.done_on is not None:
        raise RuleViolation("SG-2", "This action is already done.")
    done_on = done_on or today_()
    action.done_on = done_on
    action.done_by = by
    return save_with_history(action, "incident.action_done", by=by)


@transaction.atomic
def review_incident(incident: Incident, *, notes: str, by, reviewed_on: date | None = None) -> Incident:
    incident = _decision(incident, by=by, step="review", done="reviewed", what="an incident")
    return _save_review(incident, notes=notes, by=by, reviewed_on=reviewed_on, event="incident.reviewed")


@transaction.atomic
def close_incident(incident: Incident, *, by, closed_on: date | None = None) -> Incident:
    """SG-5, AUD-2: closed by the management team, not by whoever recorded it, once reviewed, with every follow-up
    action done and the family told if the person was taken ill or into hospital (SG-2)."""
    incident = _decision(incident, by=by, step="close", done="closed", what="an incident")
    if incident.reviewed_on is None:
        raise RuleViolation("SG-5", "Record the management team's review before closing the incident.")
    if incident.family_must_be_told and incident.family_informed_on is None:
        raise RuleViolation("SG-2", "Record when the family or representative was told before closing.")
    if incident.actions.filter(done_on__isnull=True, recorded_in_error=False).exists():
        raise RuleViolation("SG-2", "Every follow-up action must be done before the incident is closed.")
    return _save_closed(incident, by=by, closed_on=closed_on, event="incident.closed")


# Recorded in error (any record) ---------------------------------------------------------------------------------


@transaction.atomic
def mark_recorded_in_error(record: SafeguardingRecord, *, reason: str, by) -> SafeguardingRecord:
    """Nothing is deleted: the management team marks a record made by mistake, with a reason. A concern whose hold is
    still in place has it lifted first (SAFE-4)."""
    record = lock(record)
    _require_manager(by, "SG-5", "mark a safeguarding record as recorded in error")
    if record.recorded_in_error:
        raise RuleViolation("SG-5", "This record is already marked as recorded in error.")
    if not reason.strip():
        raise RuleViolation("SG-5", "Say why it was recorded in error.", field="reason")
    if isinstance(record, SafeguardingConcern) and record.hold_placed_on and not record.hold_lifted_on:
        raise RuleViolation("SAFE-4", "Lift the household's hold (with its reason) first.")
    record.recorded_in_error = True
    record.recorded_in_error_reason = reason.strip()
    record.recorded_in_error_by = by
    record.recorded_in_error_at = timezone.now()
    return save_with_history(record, f"{record._meta.model_name}.recorded_in_error", by=by)
