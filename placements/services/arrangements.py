"""Starting a placement (REF-2, REF-5, MAT-2, MAT-4, CAR-1), the moving day (PLA-3), the 28-day review date, short-break
stays and day sessions (RES-2, FEE-6) and provision requests to Brokerage (PLA-1, PLA-2)."""

from datetime import date, timedelta

from django.db import IntegrityError, transaction

from carers.capacity import reserve_place
from carers.gates import require_safe
from carers.models import HouseholdStatus
from placements.models import (
    ArrangementKind,
    DaySession,
    EndingReason,
    HousingBenefitClaim,
    Match,
    Person,
    Placement,
    ProvisionCause,
    ProvisionKind,
    ProvisionRequest,
    Referral,
    ReferralStatus,
    Stay,
)
from placements.services.referrals import check_day_services
from sharedlives.dates import financial_year_end, financial_year_start, today
from sharedlives.db import lock
from sharedlives.errors import RuleViolation
from sharedlives.history import save_with_history
from sharedlives.roles import is_manager

# Starting a placement ----------------------------------------------------------------------------------


@transaction.atomic
def start_placement(
    *,
    referral: Referral,
    match: Match,
    starts_on: date,
    by,
    person_known_to_carer: bool = False,
    placement_agreement_signed_on: date | None = None,
    licence_agreement_signed_on: date | None = None,
    respite_allocation_nights: int | None = None,
    moved_from: Placement | None = None,
    move_reason: str = "",
    provision_sent_on: date | None = None,
    provision_reference: str = "",
) -> Placement:
    """Start a placement: the one way any placement comes to exist (views, admin, demo data).

    PLA-1: a live-in or day-support placement raises its new-provision request to Brokerage, "to be sent" (a due
    item on the officer's My work) unless `provision_sent_on` (and its reference) say it already went. A
    short-break arrangement's requests are its stays'.

    Checks REF-2 (agreed funding), REF-5 (emergency discussed), MAT-2 (both agreed), MAT-4 (emergency
    carers), the household approved and with room (CAR-1, under a row lock), and one live-in placement
    at a time. Sets new_to_shared_lives (FEE-2, PLA-5) from the person's history.
    """
    referral = lock(referral)
    household = match.household
    if match.referral_id != referral.pk:
        raise RuleViolation("MAT-2", "That match belongs to another referral.")
    if not referral.has_agreed_funding:
        raise RuleViolation("REF-2", "No placement starts without an agreed funding panel decision.")
    if referral.emergency and referral.emergency_discussed_on is None:
        raise RuleViolation("REF-5", "Discuss this emergency referral in person with the management team first.")
    if not match.both_agreed:
        raise RuleViolation("MAT-2", "The person (or their advocate) and the carer must both agree to the match first.")
    if referral.emergency and not household.emergency_approved:
        raise RuleViolation("MAT-4", f"{household.name} is not approved and trained for emergencies.")
    if referral.kind == ArrangementKind.LIVE_IN:
        check_day_services(referral)
    first = min([d for d in (match.person_agreed_on, match.carer_agreed_on) if d] + [referral.received_on])
    if starts_on < referral.received_on or starts_on < first:
        raise RuleViolation("MAT-2", "A placement starts after the referral and the agreements.", field="starts_on")
    if moved_from is not None and not move_reason:
        raise RuleViolation("PLA-5", "Say why the person is moving household.", field="move_reason")
    if provision_reference.strip() and provision_sent_on is None:
        raise RuleViolation(
            "PLA-1", "Enter the date the new-provision request was sent, with its reference.", field="provision_sent_on"
        )

    # SAFE-2, SAFE-4: the household is safe on the start day (stays and sessions are checked on their own days)
    require_safe(household, start=starts_on, end=None, action="this placement", by=by)

    person = referral.person
    new_to_shared_lives = not Placement.objects.filter(person=person).exists()

    def create() -> Placement:
        placement = Placement(
            person=person,
            household=household,
            referral=referral,
            match=match,
            kind=referral.kind,
            emergency=referral.emergency,
            person_known_to_carer=person_known_to_carer,
            starts_on=starts_on,
            new_to_shared_lives=new_to_shared_lives and moved_from is None,
            moved_from=moved_from,
            move_reason=move_reason if moved_from else "",
            placement_agreement_signed_on=placement_agreement_signed_on,
            licence_agreement_signed_on=licence_agreement_signed_on,
            respite_allocation_nights=respite_allocation_nights,
            created_by=by,
        )
        try:
            with transaction.atomic():
                return save_with_history(placement, "placement.started", by=by)
        except IntegrityError as clash:  # the exclusion constraint: one live-in placement at a time
            raise RuleViolation(
                "PLA-5", "This person already has a live-in placement on some of these dates.", field="starts_on"
            ) from clash

    if moved_from is not None:
        _end_for_move(moved_from, starts_on, by)
    if referral.kind == ArrangementKind.LIVE_IN:
        _no_overlapping_live_in(person, starts_on, exclude=moved_from)
        placement = reserve_place(
            household, person_key=f"person-{person.pk}", starts_on=starts_on, ends_on=None, create=create
        )
    else:
        # Short breaks and day support take places stay by stay and session by session.
        if household.status != HouseholdStatus.APPROVED:
            raise RuleViolation("CAR-2", f"{household.name} is not an approved household.")
        placement = create()
    if referral.handed_over_on is None and household.allocated_officer_id:
        referral.handed_over_to_id = household.allocated_officer_id
        referral.handed_over_on = starts_on
    referral.status = ReferralStatus.PLACED
    save_with_history(referral, "referral.placed", by=by)
    if placement.kind != ArrangementKind.SHORT_BREAK:
        raise_provision_request(
            placement=placement,
            kind=ProvisionKind.NEW,
            cause=ProvisionCause.START,
            reason=f"New {placement.get_kind_display().lower()} placement with {household.name}",
            effective_from=starts_on,
            sent_on=provision_sent_on,
            reference=provision_reference,
            by=by,
        )
    return placement


def _no_overlapping_live_in(person: Person, starts_on: date, exclude: Placement | None) -> None:
    clash = Placement.objects.filter(person=person, kind=ArrangementKind.LIVE_IN, starts_on__lte=starts_on).exclude(
        ends_on__lt=starts_on
    )
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    current = clash.first()
    if current is not None:
        raise RuleViolation(
            "PLA-5",
            f"{person.full_name} already lives with {current.household.name} from {current.starts_on:%-d %B %Y}: "
            "end that placement or record an internal move.",
            field="starts_on",
        )


def _end_for_move(placement: Placement, new_start: date, by) -> None:
    placement = lock(placement)
    if placement.ends_on is not None and placement.ends_on < new_start - timedelta(days=1):
        return  # it had already ended
    if new_start <= placement.starts_on:
        raise RuleViolation("PLA-5", "The move starts after the current placement began.", field="starts_on")
    placement.ends_on = new_start - timedelta(days=1)
    placement.ending_reason = EndingReason.INTERNAL_MOVE
    save_with_history(placement, "placement.ended_for_move", by=by)
    request_ending_variation(placement, last_day=placement.ends_on, by=by)  # PLA-1


@transaction.atomic
def record_moving_day(placement: Placement, *, by, **done_on) -> Placement:
    """PLA-3: tick off the moving-day checklist. HB-1: an application date opens a housing benefit claim."""
    placement = lock(placement)
    allowed = {
        "placement_agreement_signed_on",
        "licence_agreement_signed_on",
        "housing_benefit_applied_on",
        "all_about_me_shared_on",
        "case_note_flagged_on",
    }
    for name, value in done_on.items():
        if name not in allowed:
            raise ValueError(name)
        if value and value < placement.starts_on - timedelta(days=60):
            raise RuleViolation("PLA-3", "That date is long before the placement started.", field=name)
        setattr(placement, name, value)
    placement = save_with_history(placement, "placement.moving_day", by=by)
    if placement.housing_benefit_applied_on and not placement.housing_benefit_claims.exists():
        save_with_history(
            HousingBenefitClaim(placement=placement, applied_on=placement.housing_benefit_applied_on),
            "hb.applied",
            by=by,
        )
    return placement


@transaction.atomic
def record_initial_review_date(placement: Placement, *, held_on: date | None, by) -> Placement:
    """REV-1 / FEE-3: the date of the 28-day review; the banded fee starts on it. Called by the reviews app; None
    when the only 28-day review was recorded in error."""
    placement = lock(placement)
    if held_on is not None and held_on < placement.starts_on:
        raise RuleViolation("REV-1", "The 28-day review is held after the placement starts.", field="held_on")
    placement.initial_review_on = held_on
    return save_with_history(placement, "placement.initial_review", by=by)


# Short breaks and day support --------------------------------------------------------------------------


def respite_nights_used(placement: Placement, on: date, *, excluding: Stay | None = None) -> int:
    year_start, year_end = financial_year_start(on), financial_year_end(on)
    stays = placement.stays.filter(cancelled=False, starts_on__range=(year_start, year_end))
    if excluding is not None:
        stays = stays.exclude(pk=excluding.pk)
    intro_nights = 0
    if placement.match_id and placement.starts_on >= year_start:
        intro_nights = sum(i.nights for i in placement.match.introductions.counted() if year_start <= i.on <= year_end)
    return sum(stay.nights for stay in stays) + intro_nights


@transaction.atomic
def add_stay(*, placement: Placement, starts_on: date, ends_on: date, by) -> Stay:
    """RES-2: a short-break stay from the person's allocation, each with its provision request; CAR-1."""
    placement = lock(placement)
    if placement.kind != ArrangementKind.SHORT_BREAK:
        raise RuleViolation("RES-2", "Stays belong to short-break arrangements.")
    if ends_on <= starts_on:
        raise RuleViolation("RES-2", "A stay ends after it starts: at least one night.", field="ends_on")
    if starts_on < placement.starts_on or (placement.ends_on and ends_on > placement.ends_on):
        raise RuleViolation("RES-2", "The stay falls outside the arrangement's dates.", field="starts_on")
    if financial_year_start(starts_on) != financial_year_start(ends_on - timedelta(days=1)):
        raise RuleViolation("RES-2", "Split a stay that crosses 1 April into two.", field="ends_on")
    if placement.stays.filter(cancelled=False, starts_on__lt=ends_on, ends_on__gt=starts_on).exists():
        raise RuleViolation("RES-2", "This stay overlaps another stay.", field="starts_on")
    nights = (ends_on - starts_on).days
    # SAFE-2, SAFE-4: every day of the stay, the day the person goes home included
    require_safe(placement.household, start=starts_on, end=ends_on, action="this stay", by=by)
    if placement.respite_allocation_nights is not None:
        used = respite_nights_used(placement, starts_on)
        if used + nights > placement.respite_allocation_nights:
            raise RuleViolation(
                "RES-2",
                f"This stay takes {placement.person.full_name} to {used + nights} nights this year, over the "
                f"allocation of {placement.respite_allocation_nights} (trial nights count, MAT-3).",
                field="ends_on",
            )

    def create() -> Stay:
        stay = save_with_history(Stay(placement=placement, starts_on=starts_on, ends_on=ends_on), "stay.booked", by=by)
        save_with_history(
            ProvisionRequest(
                placement=placement,
                stay=stay,
                kind=ProvisionKind.NEW,
                cause=ProvisionCause.STAY,
                reason=f"Short-break stay, {nights} nights",
                effective_from=starts_on,
                raised_on=today(),
                submitted_on=today(),
                submitted_by=by,
            ),
            "provision.stay",
            by=by,
        )
        return stay

    # A stay occupies the nights from its first to the one before the person goes home.
    return reserve_place(
        placement.household,
        person_key=f"person-{placement.person_id}",
        starts_on=starts_on,
        ends_on=ends_on - timedelta(days=1),
        create=create,
    )


@transaction.atomic
def add_day_session(
    *, placement: Placement, on: date, block: str, people_supported_together: int = 1, by
) -> DaySession:
    """FEE-6: day support in blocks; CAR-1 counts the person on that day."""
    placement = lock(placement)
    if placement.kind != ArrangementKind.DAY_SUPPORT:
        raise RuleViolation("FEE-6", "Day sessions belong to day-support arrangements.")
    if on < placement.starts_on or (placement.ends_on and on > placement.ends_on):
        raise RuleViolation("FEE-6", "The session falls outside the arrangement's dates.", field="on")
    if placement.day_sessions.filter(on=on).exists():
        raise RuleViolation("FEE-6", "There is already a session on this day.", field="on")
    require_safe(placement.household, start=on, end=on, action="this day session", by=by)  # SAFE-2, SAFE-4
    return reserve_place(
        placement.household,
        person_key=f"person-{placement.person_id}",
        starts_on=on,
        ends_on=on,
        create=lambda: save_with_history(
            DaySession(placement=placement, on=on, block=block, people_supported_together=people_supported_together),
            "day_session.booked",
            by=by,
        ),
    )


# Provision requests ------------------------------------------------------------------------------------


@transaction.atomic
def submit_provision_request(
    *,
    placement: Placement,
    kind: str,
    reason: str,
    effective_from: date,
    submitted_on: date,
    by,
    reference: str = "",
    anomaly: str = "",
    anomaly_discussed_with=None,
    anomaly_discussed_on: date | None = None,
) -> ProvisionRequest:
    """PLA-1: new, variation or amendment requests to Brokerage. PLA-2: an anomaly is discussed first."""
    if anomaly.strip():
        if not is_manager(anomaly_discussed_with) or anomaly_discussed_on is None:
            raise RuleViolation(
                "PLA-2",
                "Discuss the anomaly with a member of the management team first, and record when.",
                field="anomaly_discussed_with",
            )
        if anomaly_discussed_on > submitted_on:
            raise RuleViolation("PLA-2", "The discussion comes before the request.", field="anomaly_discussed_on")
    return save_with_history(
        ProvisionRequest(
            placement=placement,
            kind=kind,
            reason=reason,
            effective_from=effective_from,
            raised_on=submitted_on,
            submitted_on=submitted_on,
            reference=reference.strip(),
            submitted_by=by,
            anomaly=anomaly.strip(),
            anomaly_discussed_with=anomaly_discussed_with if anomaly.strip() else None,
            anomaly_discussed_on=anomaly_discussed_on if anomaly.strip() else None,
        ),
        f"provision.{kind}",
        by=by,
    )


@transaction.atomic
def authorise_provision_request(request: ProvisionRequest, *, by, on: date) -> ProvisionRequest:
    request = lock(request)
    if request.submitted_by_id == by.pk:
        raise RuleViolation("AUD-2", "Someone other than the submitter authorises a provision request.")
    if request.authorised_on:
        raise RuleViolation("AUD-2", "This request is already authorised.")
    request.authorised_by, request.authorised_on = by, on
    return save_with_history(request, "provision.authorised", by=by)


def raise_provision_request(
    *,
    placement: Placement,
    kind: str,
    cause: str,
    reason: str,
    effective_from: date,
    by,
    sent_on: date | None = None,
    reference: str = "",
) -> ProvisionRequest:
    """PLA-1: a decision's request to Brokerage, "to be sent" until the officer records it sent (then a due item
    on their My work); `sent_on` when it already went. Called inside the deciding service's transaction."""
    if sent_on is not None and sent_on > today():
        raise RuleViolation("PLA-1", "The request is recorded once sent: not a future date.", field="provision_sent_on")
    return save_with_history(
        ProvisionRequest(
            placement=placement,
            kind=kind,
            cause=cause,
            reason=reason[:200],
            effective_from=effective_from,
            raised_on=today(),
            submitted_on=sent_on,
            reference=reference.strip(),
            submitted_by=by,
        ),
        f"provision.{kind}.{'sent' if sent_on else 'to_send'}",
        by=by,
    )


@transaction.atomic
def request_band_variation(*, placement: Placement, band: str, effective_from: date, by) -> ProvisionRequest:
    """PLA-1, BAN-4: an agreed band goes to Brokerage as a provision variation. Called by funding when a banding
    is agreed; a variation for an earlier band not yet sent is replaced in place (one request, the latest band)."""
    placement = lock(placement)
    waiting = placement.provision_requests.filter(cause=ProvisionCause.BAND_CHANGE, submitted_on__isnull=True).first()
    reason = f"{band} agreed from {effective_from:%-d %B %Y}"
    if waiting is not None:
        waiting.reason, waiting.effective_from = reason, effective_from
        return save_with_history(waiting, "provision.variation.band_changed_again", by=by)
    return raise_provision_request(
        placement=placement,
        kind=ProvisionKind.VARIATION,
        cause=ProvisionCause.BAND_CHANGE,
        reason=reason,
        effective_from=effective_from,
        by=by,
    )


@transaction.atomic
def record_provision_sent(request: ProvisionRequest, *, sent_on: date, reference: str = "", by) -> ProvisionRequest:
    """PLA-1: the officer sent the request to Brokerage; it leaves their My work."""
    request = lock(request)
    if request.submitted_on is not None:
        raise RuleViolation("PLA-1", f"This request was already sent on {request.submitted_on:%-d %B %Y}.")
    if request.no_longer_needed_on is not None:
        raise RuleViolation("PLA-1", f"This request is no longer needed: {request.no_longer_needed_reason}")
    if request.cause == ProvisionCause.BAND_CHANGE:
        raise RuleViolation(
            "BAN-4", "An agreed band's variation is recorded where the band was sent on (the placement's bandings)."
        )
    if sent_on > today():
        raise RuleViolation("PLA-1", "The request is recorded once sent: not a future date.", field="sent_on")
    if request.raised_on and sent_on < request.raised_on:
        raise RuleViolation("PLA-1", "The request is sent on or after the day it was raised.", field="sent_on")
    request.submitted_on, request.reference = sent_on, reference.strip()
    return save_with_history(request, "provision.sent", by=by)


def record_band_variation_sent(*, placement: Placement, sent_on: date, by) -> None:
    """BAN-4: the agreed band's variation recorded sent on the banding page marks its request sent too."""
    for request in placement.provision_requests.filter(cause=ProvisionCause.BAND_CHANGE, submitted_on__isnull=True):
        request = lock(request)
        request.submitted_on = sent_on
        save_with_history(request, "provision.sent", by=by)


def request_ending_variation(placement: Placement, *, last_day: date, by) -> ProvisionRequest:
    """PLA-1: an ending goes to Brokerage as a provision variation (the provision stops after `last_day`). One per
    ending: a variation not yet sent follows a corrected date; one already sent is followed by an amendment."""
    reason = f"Placement ends: last day {last_day:%-d %B %Y}"
    # Only the requests since the last withdrawn notice: Brokerage was told the provision continues after that.
    withdrawn = placement.provision_requests.filter(cause=ProvisionCause.NOTICE_WITHDRAWN).order_by("-pk").first()
    requests = list(
        placement.provision_requests.filter(
            cause=ProvisionCause.ENDING, no_longer_needed_on__isnull=True, pk__gt=withdrawn.pk if withdrawn else 0
        ).order_by("-pk")
    )
    waiting = next((r for r in requests if r.submitted_on is None), None)
    if waiting is not None:
        waiting = lock(waiting)
        waiting.reason, waiting.effective_from = reason, last_day
        return save_with_history(waiting, "provision.variation.ending_moved", by=by)
    if requests and requests[0].effective_from == last_day:
        return requests[0]
    return raise_provision_request(
        placement=placement,
        kind=ProvisionKind.AMENDMENT if requests else ProvisionKind.VARIATION,
        cause=ProvisionCause.ENDING,
        reason=reason,
        effective_from=last_day,
        by=by,
    )


def undo_ending_variation(placement: Placement, *, reason: str, on: date, by) -> ProvisionRequest | None:
    """END-2, PLA-1: the notice was withdrawn. An ending variation not yet sent is no longer needed (kept, not
    sent); one already sent is followed by an amendment telling Brokerage the provision continues."""
    withdrawn = placement.provision_requests.filter(cause=ProvisionCause.NOTICE_WITHDRAWN).order_by("-pk").first()
    requests = placement.provision_requests.filter(
        cause=ProvisionCause.ENDING, no_longer_needed_on__isnull=True, pk__gt=withdrawn.pk if withdrawn else 0
    ).order_by("-pk")
    sent = None
    for request in requests:
        request = lock(request)
        if request.submitted_on is None:
            request.no_longer_needed_on, request.no_longer_needed_reason = on, f"Notice withdrawn: {reason}"[:200]
            save_with_history(request, "provision.no_longer_needed", by=by)
        elif sent is None:
            sent = request
    if sent is None:
        return None
    return raise_provision_request(
        placement=placement,
        kind=ProvisionKind.AMENDMENT,
        cause=ProvisionCause.NOTICE_WITHDRAWN,
        reason=f"Notice withdrawn: the provision continues after {sent.effective_from:%-d %B %Y}",
        effective_from=on,
        by=by,
    )
