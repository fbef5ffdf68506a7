"""Every write from referral to ending. Views, admin and demo data call these; they enforce the rules.

Refusals are RuleViolations naming the rule. Capacity (CAR-1) goes through carers.capacity.reserve_place,
which locks the household row so two officers cannot both take its last place.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from carers.capacity import capacity, first_full_day, occupancies, reserve_place
from carers.models import CarerHousehold, HouseholdStatus
from placements.models import (
    AdminPaymentRequest,
    ArrangementKind,
    DaySession,
    EndingReason,
    ExtraIntroductionNights,
    FundingDecision,
    FundingOutcome,
    HousingBenefitClaim,
    Introduction,
    IntroductionKind,
    Match,
    MatchStatus,
    Notice,
    NoticeGivenBy,
    NoticeReason,
    Person,
    Placement,
    ProvisionKind,
    ProvisionRequest,
    Referral,
    ReferralStatus,
    Stay,
)
from sharedlives.dates import financial_year_end, financial_year_start, today
from sharedlives.errors import RuleViolation
from sharedlives.history import correction_reason, refuse_unchanged, save_with_history
from sharedlives.models import ApprovalOutcome, SchemePolicy
from sharedlives.roles import MANAGEMENT_TEAM

MAX_DAY_SERVICE_DAYS = 3  # REF-8


def _save(instance, reason: str, by=None):
    """full_clean, then save with the business action and the acting user in its history (AUD-1)."""
    instance._change_reason = reason
    if by is not None:
        instance._history_user = by
    instance.full_clean()
    instance.save()
    return instance


def _lock(instance):
    return type(instance).objects.select_for_update().get(pk=instance.pk)


def _is_manager(user) -> bool:
    return user is not None and (user.is_superuser or user.groups.filter(name=MANAGEMENT_TEAM).exists())


# People ------------------------------------------------------------------------------------------------


@transaction.atomic
def create_person(*, by, **fields) -> Person:
    if not str(fields.get("cdir_reference", "")).strip():
        raise RuleViolation("REF-1", "Enter the person's case-system (CDir) reference.", field="cdir_reference")
    fields["cdir_reference"] = fields["cdir_reference"].strip().upper()
    if Person.objects.filter(cdir_reference=fields["cdir_reference"]).exists():
        raise RuleViolation("REF-1", "Someone already has this case-system reference.", field="cdir_reference")
    return _save(Person(**fields), "person.created", by=by)


@transaction.atomic
def update_person(person: Person, *, by, **fields) -> Person:
    person = _lock(person)
    for name, value in fields.items():
        setattr(person, name, value)
    return _save(person, "person.updated", by=by)


# Referrals ---------------------------------------------------------------------------------------------


@transaction.atomic
def create_referral(*, person: Person, by, **fields) -> Referral:
    """REF-1: every referral belongs to a person with a case-system reference; REF-3: its type."""
    referral = Referral(person=person, status=ReferralStatus.RECEIVED, **fields)
    if referral.received_on and referral.received_on > today():
        raise RuleViolation("REF-1", "The received date cannot be in the future.", field="received_on")
    _check_day_services(referral)
    return _save(referral, "referral.received", by=by)


def _check_day_services(referral: Referral) -> None:
    days = referral.day_service_days_per_week
    if days and days > MAX_DAY_SERVICE_DAYS and not referral.targeted_need.strip():
        raise RuleViolation(
            "REF-8",
            f"Day services on {days} days a week need a recorded targeted need (usually at most three).",
            field="targeted_need",
        )


@transaction.atomic
def update_referral(referral: Referral, *, by, **fields) -> Referral:
    referral = _lock(referral)
    for name, value in fields.items():
        setattr(referral, name, value)
    if referral.risk_review_due_on and referral.risk_assessment_received_on is None:
        raise RuleViolation(
            "REF-6", "Record when the risk assessment was received.", field="risk_assessment_received_on"
        )
    _check_day_services(referral)
    return _save(referral, "referral.updated", by=by)


@transaction.atomic
def send_to_funding_panel(referral: Referral, *, by) -> Referral:
    referral = _lock(referral)
    if referral.status != ReferralStatus.RECEIVED:
        raise RuleViolation("REF-2", "Only a newly received referral goes to the funding panel.")
    referral.status = ReferralStatus.AWAITING_FUNDING
    return _save(referral, "referral.sent_to_panel", by=by)


@transaction.atomic
def record_funding_decision(
    *, referral: Referral, panel: str, decided_on: date, outcome: str, notes: str = "", by
) -> FundingDecision:
    """REF-2: the panel's decision, date and outcome. Agreed funding opens matching."""
    referral = _lock(referral)
    if decided_on < referral.received_on:
        raise RuleViolation("REF-2", "The panel cannot decide before the referral was received.", field="decided_on")
    if decided_on > today():
        raise RuleViolation("REF-2", "The decision date cannot be in the future.", field="decided_on")
    decision = _save(
        FundingDecision(
            referral=referral, panel=panel, decided_on=decided_on, outcome=outcome, notes=notes, recorded_by=by
        ),
        f"funding.{outcome}",
        by=by,
    )
    if outcome == FundingOutcome.AGREED and referral.status in (
        ReferralStatus.RECEIVED,
        ReferralStatus.AWAITING_FUNDING,
    ):
        referral.status = ReferralStatus.MATCHING
        _save(referral, "referral.funding_agreed", by=by)
    elif outcome != FundingOutcome.AGREED and referral.status == ReferralStatus.RECEIVED:
        referral.status = ReferralStatus.AWAITING_FUNDING
        _save(referral, "referral.awaiting_funding", by=by)
    return decision


@transaction.atomic
def record_emergency_discussion(*, referral: Referral, manager, discussed_on: date, outcome: str, by) -> Referral:
    """REF-5: discussed in person with the management team at the point of referral: who, when, outcome."""
    referral = _lock(referral)
    if not referral.emergency:
        raise RuleViolation("REF-5", "Only an emergency referral needs this discussion.")
    if not _is_manager(manager):
        raise RuleViolation("REF-5", "Choose a member of the management team.", field="manager")
    if not outcome.strip():
        raise RuleViolation("REF-5", "Record the outcome of the discussion.", field="outcome")
    if discussed_on < referral.received_on or discussed_on > today():
        raise RuleViolation("REF-5", "The discussion date is between the referral and today.", field="discussed_on")
    referral.emergency_discussed_with = manager
    referral.emergency_discussed_on = discussed_on
    referral.emergency_discussion_outcome = outcome.strip()
    return _save(referral, "referral.emergency_discussed", by=by)


@transaction.atomic
def put_on_waiting_list(referral: Referral, *, since: date, by) -> Referral:
    """REF-7: no suitable carer found; the person waits."""
    referral = _lock(referral)
    if referral.status not in (ReferralStatus.MATCHING, ReferralStatus.INTRODUCTIONS):
        raise RuleViolation("REF-7", "Only a referral in matching goes on the waiting list.")
    referral.status = ReferralStatus.WAITING_LIST
    referral.waiting_since = since
    referral.still_needed_checked_on = None
    referral.still_needed_checked_with = ""
    for match in referral.matches.filter(status=MatchStatus.PROPOSED):
        match.status = MatchStatus.WITHDRAWN
        match.withdrawn_reason = "Referral went on the waiting list"
        _save(match, "match.withdrawn", by=by)
    return _save(referral, "referral.waiting_list", by=by)


@transaction.atomic
def record_still_needed_check(
    *, referral: Referral, checked_on: date, checked_with: str, still_needed: bool, by
) -> Referral:
    """REF-7: when a vacancy arises, check with the case team that the placement is still needed."""
    referral = _lock(referral)
    if referral.status != ReferralStatus.WAITING_LIST:
        raise RuleViolation("REF-7", "Only a referral on the waiting list needs this check.")
    if not checked_with.strip():
        raise RuleViolation("REF-7", "Say who in the case team you checked with.", field="checked_with")
    if referral.waiting_since and checked_on < referral.waiting_since:
        raise RuleViolation(
            "REF-7", "The check is made after the referral went on the waiting list.", field="checked_on"
        )
    referral.still_needed_checked_on = checked_on
    referral.still_needed_checked_with = checked_with.strip()
    if still_needed:
        referral.status = ReferralStatus.MATCHING
        return _save(referral, "referral.still_needed", by=by)
    referral.status = ReferralStatus.CLOSED
    referral.closed_reason = f"No longer needed (checked with {checked_with.strip()} on {checked_on:%-d %B %Y})"
    return _save(referral, "referral.no_longer_needed", by=by)


@transaction.atomic
def close_referral(referral: Referral, *, reason: str, by) -> Referral:
    referral = _lock(referral)
    if referral.status in (ReferralStatus.PLACED, ReferralStatus.CLOSED):
        raise RuleViolation("REF-1", f"This referral is already {referral.get_status_display().lower()}.")
    if not reason.strip():
        raise RuleViolation("REF-1", "Say why the referral is closed.", field="reason")
    referral.status = ReferralStatus.CLOSED
    referral.closed_reason = reason.strip()
    return _save(referral, "referral.closed", by=by)


# Matching and introductions ----------------------------------------------------------------------------


def _ready_to_match(referral: Referral) -> None:
    if not referral.has_agreed_funding:
        raise RuleViolation("REF-2", "Matching starts once the funding panel has agreed funding.")
    if referral.emergency and referral.emergency_discussed_on is None:
        raise RuleViolation("REF-5", "Discuss this emergency referral in person with the management team first.")
    if referral.status == ReferralStatus.WAITING_LIST:
        raise RuleViolation("REF-7", "Check with the case team that the placement is still needed before matching.")
    if referral.status not in (ReferralStatus.MATCHING, ReferralStatus.INTRODUCTIONS):
        raise RuleViolation("REF-2", f"This referral is {referral.get_status_display().lower()}, not in matching.")


@transaction.atomic
def propose_match(*, referral: Referral, household: CarerHousehold, proposed_on: date, why: str = "", by) -> Match:
    referral = _lock(referral)
    _ready_to_match(referral)
    if household.status != HouseholdStatus.APPROVED:
        raise RuleViolation("CAR-2", f"{household.name} is not an approved household.", field="household")
    if referral.emergency and not household.emergency_approved:
        raise RuleViolation(
            "MAT-4", f"{household.name} is not approved and trained for emergencies.", field="household"
        )
    if referral.matches.filter(household=household).exclude(status=MatchStatus.WITHDRAWN).exists():
        raise RuleViolation("MAT-1", f"{household.name} is already proposed for this referral.", field="household")
    return _save(
        Match(referral=referral, household=household, proposed_on=proposed_on, proposed_by=by, why_suggested=why),
        "match.proposed",
        by=by,
    )


@transaction.atomic
def record_match_agreement(
    *,
    match: Match,
    person_agreed_on: date | None = None,
    person_agreed_by: str = "",
    carer_agreed_on: date | None = None,
    by,
) -> Match:
    """MAT-2: the person (or advocate) and the carer each agree; with both, introductions begin."""
    match = _lock(match)
    if match.status == MatchStatus.WITHDRAWN:
        raise RuleViolation("MAT-2", "This match was withdrawn.")
    if person_agreed_on:
        if not person_agreed_by.strip():
            raise RuleViolation(
                "MAT-2", "Say who agreed: the person, or their advocate by name.", field="person_agreed_by"
            )
        match.person_agreed_on, match.person_agreed_by = person_agreed_on, person_agreed_by.strip()
    if carer_agreed_on:
        match.carer_agreed_on = carer_agreed_on
    for agreed in (match.person_agreed_on, match.carer_agreed_on):
        if agreed and agreed < match.proposed_on:
            raise RuleViolation("MAT-2", "Agreement comes after the match was proposed.")
    if match.both_agreed:
        match.status = MatchStatus.AGREED
        referral = _lock(match.referral)
        if referral.status == ReferralStatus.MATCHING:
            referral.status = ReferralStatus.INTRODUCTIONS
            _save(referral, "referral.introductions", by=by)
    return _save(match, "match.agreed" if match.both_agreed else "match.agreement_recorded", by=by)


@transaction.atomic
def withdraw_match(match: Match, *, reason: str, by) -> Match:
    match = _lock(match)
    if not reason.strip():
        raise RuleViolation("MAT-2", "Say why the match is withdrawn.", field="reason")
    match.status = MatchStatus.WITHDRAWN
    match.withdrawn_reason = reason.strip()
    return _save(match, "match.withdrawn", by=by)


def introduction_nights(match: Match) -> int:
    return sum(i.nights for i in match.introductions.all())


def agreed_extra_nights(match: Match) -> int:
    return sum(
        r.nights_requested
        for r in match.extra_night_requests.all()
        if r.outcome in (ApprovalOutcome.AGREED, ApprovalOutcome.CHANGED)
    )


@transaction.atomic
def record_introduction(
    *, match: Match, kind: str, on: date, nights: int = 0, notes: str = "", extra_reason: str = "", by
) -> Introduction | ExtraIntroductionNights:
    """MAT-3: visits, then usually at most two overnight stays; more need the management team's agreement.

    Beyond the allowance the stay is refused; given `extra_reason`, a request for the extra nights is made
    instead (it waits in the Approvals inbox) and returned. Record the stay again once it is agreed.
    """
    match = _lock(match)
    if match.status == MatchStatus.WITHDRAWN:
        raise RuleViolation("MAT-3", "This match was withdrawn.")
    if kind == IntroductionKind.VISIT:
        nights = 0
    elif nights < 1:
        raise RuleViolation("MAT-3", "An overnight stay is at least one night.", field="nights")
    if on < match.proposed_on:
        raise RuleViolation("MAT-3", "Introductions come after the match is proposed.", field="on")
    allowed = SchemePolicy.current().introduction_overnight_stays + agreed_extra_nights(match)
    after = introduction_nights(match) + nights
    if kind == IntroductionKind.OVERNIGHT and after > allowed:
        over = after - allowed
        if match.extra_night_requests.filter(outcome=ApprovalOutcome.PENDING).exists():
            raise RuleViolation("MAT-3", "A request for more introduction nights is waiting for the management team.")
        if not extra_reason.strip():
            raise RuleViolation(
                "MAT-3",
                f"This takes introductions to {after} overnight stays, {over} over the usual {allowed}: "
                "give the reason and the management team will decide.",
                field="extra_reason",
            )
        return _save(
            ExtraIntroductionNights(
                match=match,
                nights_requested=over,
                reason=extra_reason.strip(),
                submitted_by=by,
                submitted_at=timezone.now(),
            ),
            "introduction.extra_nights_requested",
            by=by,
        )
    return _save(Introduction(match=match, kind=kind, on=on, nights=nights, notes=notes), f"introduction.{kind}", by=by)


@transaction.atomic
def hand_over(*, referral: Referral, officer, on: date, by) -> Referral:
    """REF-4: the referrals officer hands over to the Shared Lives officer of the chosen household."""
    referral = _lock(referral)
    referral.handed_over_to = officer
    referral.handed_over_on = on
    return _save(referral, "referral.handed_over", by=by)


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
) -> Placement:
    """Start a placement: the one way any placement comes to exist (views, admin, demo data).

    Checks REF-2 (agreed funding), REF-5 (emergency discussed), MAT-2 (both agreed), MAT-4 (emergency
    carers), the household approved and with room (CAR-1, under a row lock), and one live-in placement
    at a time. Sets new_to_shared_lives (FEE-2, PLA-5) from the person's history.
    """
    referral = _lock(referral)
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
        _check_day_services(referral)
    first = min([d for d in (match.person_agreed_on, match.carer_agreed_on) if d] + [referral.received_on])
    if starts_on < referral.received_on or starts_on < first:
        raise RuleViolation("MAT-2", "A placement starts after the referral and the agreements.", field="starts_on")
    if moved_from is not None and not move_reason:
        raise RuleViolation("PLA-5", "Say why the person is moving household.", field="move_reason")

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
                return _save(placement, "placement.started", by=by)
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
    _save(referral, "referral.placed", by=by)
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
    placement = _lock(placement)
    if placement.ends_on is not None and placement.ends_on < new_start - timedelta(days=1):
        return  # it had already ended
    if new_start <= placement.starts_on:
        raise RuleViolation("PLA-5", "The move starts after the current placement began.", field="starts_on")
    placement.ends_on = new_start - timedelta(days=1)
    placement.ending_reason = EndingReason.INTERNAL_MOVE
    _save(placement, "placement.ended_for_move", by=by)


@transaction.atomic
def record_moving_day(placement: Placement, *, by, **done_on) -> Placement:
    """PLA-3: tick off the moving-day checklist. HB-1: an application date opens a housing benefit claim."""
    placement = _lock(placement)
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
    placement = _save(placement, "placement.moving_day", by=by)
    if placement.housing_benefit_applied_on and not placement.housing_benefit_claims.exists():
        _save(
            HousingBenefitClaim(placement=placement, applied_on=placement.housing_benefit_applied_on),
            "hb.applied",
            by=by,
        )
    return placement


@transaction.atomic
def record_initial_review_date(placement: Placement, *, held_on: date, by) -> Placement:
    """REV-1 / FEE-3: the date of the 28-day review; the banded fee starts on it. Called by the reviews app."""
    placement = _lock(placement)
    if held_on < placement.starts_on:
        raise RuleViolation("REV-1", "The 28-day review is held after the placement starts.", field="held_on")
    placement.initial_review_on = held_on
    return _save(placement, "placement.initial_review", by=by)


# Short breaks and day support --------------------------------------------------------------------------


def respite_nights_used(placement: Placement, on: date, *, excluding: Stay | None = None) -> int:
    year_start, year_end = financial_year_start(on), financial_year_end(on)
    stays = placement.stays.filter(cancelled=False, starts_on__range=(year_start, year_end))
    if excluding is not None:
        stays = stays.exclude(pk=excluding.pk)
    intro_nights = 0
    if placement.match_id and placement.starts_on >= year_start:
        intro_nights = sum(i.nights for i in placement.match.introductions.all() if year_start <= i.on <= year_end)
    return sum(stay.nights for stay in stays) + intro_nights


@transaction.atomic
def add_stay(*, placement: Placement, starts_on: date, ends_on: date, by) -> Stay:
    """RES-2: a short-break stay from the person's allocation, each with its provision request; CAR-1."""
    placement = _lock(placement)
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
        stay = _save(Stay(placement=placement, starts_on=starts_on, ends_on=ends_on), "stay.booked", by=by)
        _save(
            ProvisionRequest(
                placement=placement,
                stay=stay,
                kind=ProvisionKind.NEW,
                reason=f"Short-break stay, {nights} nights",
                effective_from=starts_on,
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
    placement = _lock(placement)
    if placement.kind != ArrangementKind.DAY_SUPPORT:
        raise RuleViolation("FEE-6", "Day sessions belong to day-support arrangements.")
    if on < placement.starts_on or (placement.ends_on and on > placement.ends_on):
        raise RuleViolation("FEE-6", "The session falls outside the arrangement's dates.", field="on")
    if placement.day_sessions.filter(on=on).exists():
        raise RuleViolation("FEE-6", "There is already a session on this day.", field="on")
    return reserve_place(
        placement.household,
        person_key=f"person-{placement.person_id}",
        starts_on=on,
        ends_on=on,
        create=lambda: _save(
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
    anomaly: str = "",
    anomaly_discussed_with=None,
    anomaly_discussed_on: date | None = None,
) -> ProvisionRequest:
    """PLA-1: new, variation or amendment requests to Brokerage. PLA-2: an anomaly is discussed first."""
    if anomaly.strip():
        if not _is_manager(anomaly_discussed_with) or anomaly_discussed_on is None:
            raise RuleViolation(
                "PLA-2",
                "Discuss the anomaly with a member of the management team first, and record when.",
                field="anomaly_discussed_with",
            )
        if anomaly_discussed_on > submitted_on:
            raise RuleViolation("PLA-2", "The discussion comes before the request.", field="anomaly_discussed_on")
    return _save(
        ProvisionRequest(
            placement=placement,
            kind=kind,
            reason=reason,
            effective_from=effective_from,
            submitted_on=submitted_on,
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
    request = _lock(request)
    if request.submitted_by_id == by.pk:
        raise RuleViolation("AUD-2", "Someone other than the submitter authorises a provision request.")
    if request.authorised_on:
        raise RuleViolation("AUD-2", "This request is already authorised.")
    request.authorised_by, request.authorised_on = by, on
    return _save(request, "provision.authorised", by=by)


# Notice and endings ------------------------------------------------------------------------------------


def notice_end(placement: Placement, *, given_by: str, reason: str, given_on: date) -> tuple[date, bool]:
    """When notice ends, and whether it was given inside the initial period (END-1, END-2, END-5, END-7)."""
    policy = SchemePolicy.current()
    day_28 = placement.starts_on + timedelta(days=policy.initial_period_days - 1)
    within = given_on <= day_28
    if reason in (NoticeReason.CARER_AT_ONCE, NoticeReason.CARER_UNABLE, NoticeReason.EXCEPTIONAL):
        return given_on, within  # END-5, END-7, END-8: no notice period
    if within:
        # END-1: inside the first 28 days the arrangement runs to day 28 at most.
        return max(given_on, day_28), True
    return given_on + timedelta(weeks=policy.notice_weeks_after_initial_period), False  # END-2


@transaction.atomic
def give_notice(
    *,
    placement: Placement,
    given_by: str,
    reason: str,
    given_on: date,
    notes: str = "",
    exceptional_ending: str = "",
    by,
) -> Notice:
    placement = _lock(placement)
    if hasattr(placement, "notice"):
        raise RuleViolation("END-2", "Notice has already been given on this placement.")
    if placement.ends_on is not None:
        raise RuleViolation("END-2", "This placement has already ended.")
    if given_on < placement.starts_on:
        raise RuleViolation("END-1", "Notice cannot be given before the placement started.", field="given_on")
    if given_on > today():
        raise RuleViolation(
            "END-2", "Notice is recorded once given: the date cannot be in the future.", field="given_on"
        )
    if (
        given_by == NoticeGivenBy.PERSON
        and reason != NoticeReason.PERSON_CHOOSES
        and reason != NoticeReason.EXCEPTIONAL
    ):
        raise RuleViolation(
            "END-2", "When the person gives notice, the reason is that they choose to leave.", field="reason"
        )
    if given_by == NoticeGivenBy.CARER and reason == NoticeReason.PERSON_CHOOSES:
        raise RuleViolation("END-3", "Choose the carer's reason for giving notice.", field="reason")
    if reason == NoticeReason.EXCEPTIONAL and exceptional_ending not in (EndingReason.DIED, EndingReason.SAFEGUARDING):
        raise RuleViolation(
            "END-8", "Say whether the person died or was removed for safeguarding.", field="exceptional_ending"
        )
    ends_on, within = notice_end(placement, given_by=given_by, reason=reason, given_on=given_on)
    return _save(
        Notice(
            placement=placement,
            given_by=given_by,
            reason=reason,
            given_on=given_on,
            notice_ends_on=ends_on,
            within_initial_period=within,
            notes=notes,
            recorded_by=by,
            exceptional_ending=exceptional_ending if reason == NoticeReason.EXCEPTIONAL else "",
        ),
        f"notice.{reason}",
        by=by,
    )


_ENDING_FOR_NOTICE = {
    NoticeReason.PERSON_CHOOSES: EndingReason.PERSON_LEFT,
    NoticeReason.CHANGE_OF_NEEDS: EndingReason.CARER_NOTICE,
    NoticeReason.CARER_OTHER: EndingReason.CARER_NOTICE,
    NoticeReason.CARER_AT_ONCE: EndingReason.CARER_ENDED_AT_ONCE,
    NoticeReason.CARER_UNABLE: EndingReason.CARER_UNABLE,
}


@transaction.atomic
def record_move_out(
    *,
    notice: Notice,
    moved_out_on: date,
    belongings_removed_on: date | None = None,
    alternative_found: bool = False,
    rent_decision: str = "",
    by,
) -> Notice:
    """The person moved out (END-3, END-6): the placement ends that day; rent runs until belongings go."""
    notice = _lock(notice)
    placement = _lock(notice.placement)
    if moved_out_on < notice.given_on:
        raise RuleViolation("END-2", "The person cannot move out before notice was given.", field="moved_out_on")
    if belongings_removed_on and belongings_removed_on < moved_out_on:
        raise RuleViolation(
            "END-6", "Belongings are removed on or after the day the person moves out.", field="belongings_removed_on"
        )
    if alternative_found and notice.reason != NoticeReason.CHANGE_OF_NEEDS:
        raise RuleViolation(
            "END-3",
            "An alternative placement ends the notice only for a carer's change-of-needs notice.",
            field="alternative_found",
        )
    if notice.reason == NoticeReason.CARER_UNABLE and not rent_decision.strip():
        raise RuleViolation("END-7", "Record the management team's decision on housing costs.", field="rent_decision")
    if moved_out_on > today():
        raise RuleViolation("END-2", "Record the move once it has happened.", field="moved_out_on")
    notice.moved_out_on = moved_out_on
    notice.belongings_removed_on = belongings_removed_on
    notice.alternative_found = alternative_found
    notice.rent_decision = rent_decision.strip()
    _save(notice, "notice.moved_out", by=by)
    placement.ends_on = moved_out_on
    placement.ending_reason = notice.exceptional_ending or _ENDING_FOR_NOTICE[notice.reason]
    _save(placement, "placement.ended", by=by)
    return notice


@transaction.atomic
def record_belongings_removed(*, notice: Notice, removed_on: date, by) -> Notice:
    """END-6: housing costs continue until the person's belongings are removed."""
    notice = _lock(notice)
    if notice.moved_out_on is None:
        raise RuleViolation("END-6", "Record the move-out first.")
    if removed_on < notice.moved_out_on:
        raise RuleViolation(
            "END-6", "Belongings are removed on or after the day the person moves out.", field="removed_on"
        )
    notice.belongings_removed_on = removed_on
    return _save(notice, "notice.belongings_removed", by=by)


def _check_longer_stay(placement: Placement, first: date, last: date) -> None:
    """A move-out corrected to a later day keeps the person in the household from `first` to `last`: they live
    nowhere else then (PLA-5), the household had not left (PLA-5) and had a place for them (CAR-1)."""
    elsewhere = (
        Placement.objects.filter(person=placement.person_id, kind=ArrangementKind.LIVE_IN, starts_on__lte=last)
        .exclude(pk=placement.pk)
        .exclude(ends_on__lt=first)
        .select_related("household")
        .first()
    )
    if elsewhere is not None:
        raise RuleViolation(
            "PLA-5",
            f"The person lived with {elsewhere.household.name} from {elsewhere.starts_on:%-d %B %Y}: "
            "they cannot have moved out later than that.",
            field="moved_out_on",
        )
    household = CarerHousehold.objects.select_for_update().get(pk=placement.household_id)
    if household.left_on is not None and last > household.left_on:
        raise RuleViolation(
            "PLA-5", f"{household.name} left the scheme on {household.left_on:%-d %B %Y}.", field="moved_out_on"
        )
    key = f"person-{placement.person_id}"
    others = [o for o in occupancies([household.pk], first, last) if o.person_key != key]
    full = first_full_day(others, start=first, end=last, limit=capacity(household))
    if full is not None:
        day, people = full
        raise RuleViolation(
            "CAR-1",
            f"{household.name} already supports {people} {'person' if people == 1 else 'people'} on "
            f"{day:%-d %B %Y}, its limit: the person cannot have stayed until then.",
            field="moved_out_on",
        )


@transaction.atomic
def correct_notice_dates(
    notice: Notice, *, by, reason: str, moved_out_on: date, belongings_removed_on: date | None = None
) -> Notice:
    """A move-out or belongings-removed date entered wrongly, put right (END-1, END-6, AUD-1).

    The same rules as recording them (the move after notice was given and not in the future; belongings removed
    on or after the move); the placement's last day moves with the move-out. A later move-out also needs the
    person to have been nowhere else and the household to have had room (PLA-5, CAR-1). The history of the notice
    and the placement keeps the old dates, who corrected them and why; the fee engine reads the corrected dates.
    """
    notice = _lock(notice)
    placement = _lock(notice.placement)
    if notice.moved_out_on is None:
        raise RuleViolation("END-6", "The move-out is not recorded yet: record it rather than correct it.")
    reason = correction_reason(reason)
    refuse_unchanged(notice, moved_out_on=moved_out_on, belongings_removed_on=belongings_removed_on)
    if moved_out_on < notice.given_on:
        raise RuleViolation("END-2", "The person cannot move out before notice was given.", field="moved_out_on")
    if moved_out_on > today():
        raise RuleViolation("END-2", "Record the move once it has happened.", field="moved_out_on")
    if belongings_removed_on and belongings_removed_on < moved_out_on:
        raise RuleViolation(
            "END-6", "Belongings are removed on or after the day the person moves out.", field="belongings_removed_on"
        )
    if placement.ends_on is not None and moved_out_on > placement.ends_on:
        _check_longer_stay(placement, placement.ends_on + timedelta(days=1), moved_out_on)
    notice.moved_out_on = moved_out_on
    notice.belongings_removed_on = belongings_removed_on
    save_with_history(notice, f"notice.corrected: {reason}", by=by)
    if placement.ends_on != moved_out_on:
        placement.ends_on = moved_out_on
        save_with_history(placement, f"placement.end_corrected: {reason}", by=by)
    return notice


@transaction.atomic
def request_admin_payment(*, notice: Notice, reason: str, by) -> AdminPaymentRequest:
    """END-8: an exceptional ending may earn the carer an administrative payment, once management agrees."""
    if notice.reason != NoticeReason.EXCEPTIONAL:
        raise RuleViolation("END-8", "Only an exceptional ending (death, safeguarding removal) can have this payment.")
    if hasattr(notice, "admin_payment"):
        raise RuleViolation("END-8", "This payment has already been asked for.")
    if not reason.strip():
        raise RuleViolation("END-8", "Say what administrative work the carer did.", field="reason")
    notice.admin_payment_requested = True
    _save(notice, "notice.admin_payment_requested", by=by)
    return _save(
        AdminPaymentRequest(notice=notice, reason=reason.strip(), submitted_by=by, submitted_at=timezone.now()),
        "admin_payment.submitted",
        by=by,
    )


@transaction.atomic
def end_arrangement(placement: Placement, *, ends_on: date, by) -> Placement:
    """A short-break or day-support arrangement comes to its planned end."""
    placement = _lock(placement)
    if placement.is_live_in:
        raise RuleViolation("END-2", "A live-in placement ends through notice.")
    if ends_on < placement.starts_on:
        raise RuleViolation("END-2", "An arrangement cannot end before it starts.", field="ends_on")
    later = (
        placement.stays.filter(cancelled=False, ends_on__gt=ends_on + timedelta(days=1)).exists()
        or placement.day_sessions.filter(cancelled=False, on__gt=ends_on).exists()
    )
    if later:
        raise RuleViolation("END-2", "Cancel the stays or sessions booked after that date first.", field="ends_on")
    placement.ends_on = ends_on
    placement.ending_reason = EndingReason.END_OF_ARRANGEMENT
    return _save(placement, "placement.arrangement_ended", by=by)


# Housing benefit ---------------------------------------------------------------------------------------


@transaction.atomic
def record_housing_benefit_application(*, placement: Placement, applied_on: date, by) -> HousingBenefitClaim:
    placement = _lock(placement)
    if applied_on < placement.starts_on - timedelta(days=60):
        raise RuleViolation("HB-1", "The application is made around moving day.", field="applied_on")
    if placement.housing_benefit_claims.filter(award_confirmed_on__isnull=True, refused_on__isnull=True).exists():
        raise RuleViolation("HB-1", "An application is already waiting for a decision.")
    claim = _save(HousingBenefitClaim(placement=placement, applied_on=applied_on), "hb.applied", by=by)
    if placement.housing_benefit_applied_on is None:
        placement.housing_benefit_applied_on = applied_on
        _save(placement, "placement.moving_day", by=by)
    return claim


@transaction.atomic
def confirm_housing_benefit_award(
    *, claim: HousingBenefitClaim, confirmed_on: date, award_starts_on: date, weekly_amount, by
) -> HousingBenefitClaim:
    """HB-2: the award's start is recorded and a provision variation removes the rent from the payment.

    An award starting before its confirmation is backdated (HB-3): the fee engine recovers the rent the
    scheme paid for those days from the carer's next payment, in full.
    """

    claim = _lock(claim)
    if not claim.outstanding:
        raise RuleViolation("HB-2", "This claim has already been decided.")
    if confirmed_on < claim.applied_on:
        raise RuleViolation("HB-2", "An award is confirmed on or after the application.", field="confirmed_on")
    if confirmed_on > today():
        raise RuleViolation("HB-2", "Record the award once confirmed.", field="confirmed_on")
    if award_starts_on > confirmed_on + timedelta(days=366):
        raise RuleViolation("HB-2", "Check the award's start date.", field="award_starts_on")
    if isinstance(weekly_amount, float) or Decimal(weekly_amount) < 0:
        raise RuleViolation("FEE-8", "Enter the weekly amount in pounds and pence.", field="weekly_amount")
    claim.award_confirmed_on, claim.award_starts_on, claim.weekly_amount = (
        confirmed_on,
        award_starts_on,
        Decimal(weekly_amount),
    )
    variation = _save(
        ProvisionRequest(
            placement=claim.placement,
            kind=ProvisionKind.VARIATION,
            reason=f"Housing benefit awarded from {award_starts_on:%-d %B %Y}: remove the housing payment",
            effective_from=max(award_starts_on, claim.placement.starts_on),
            submitted_on=confirmed_on,
            submitted_by=by,
        ),
        "provision.housing_benefit",
        by=by,
    )
    claim.provision_variation = variation
    return _save(claim, "hb.awarded_backdated" if claim.backdated else "hb.awarded", by=by)


def _housing_benefit_variation(claim: HousingBenefitClaim, award_starts_on: date, *, reason: str, by) -> None:
    """HB-2, PLA-1: Brokerage removes the housing payment from the corrected start. A variation not yet
    authorised is corrected; one already authorised is followed by an amendment with the corrected date."""
    effective_from = max(award_starts_on, claim.placement.starts_on)
    what = f"Housing benefit awarded from {award_starts_on:%-d %B %Y}: remove the housing payment"
    variation = claim.provision_variation
    if variation is not None and variation.authorised_on is None:
        variation = _lock(variation)
        variation.effective_from, variation.reason = effective_from, what
        save_with_history(variation, f"provision.corrected: {reason}", by=by)
        return
    claim.provision_variation = save_with_history(
        ProvisionRequest(
            placement=claim.placement,
            kind=ProvisionKind.AMENDMENT,
            reason=f"Corrected: {what}"[:200],
            effective_from=effective_from,
            submitted_on=today(),
            submitted_by=by,
        ),
        "provision.housing_benefit_corrected",
        by=by,
    )


@transaction.atomic
def correct_housing_benefit(
    claim: HousingBenefitClaim,
    *,
    by,
    reason: str,
    applied_on: date,
    award_confirmed_on: date | None = None,
    award_starts_on: date | None = None,
    weekly_amount=None,
) -> HousingBenefitClaim:
    """A claim's dates (and award's weekly amount) entered wrongly, put right (HB-1, HB-2, AUD-1).

    The same rules as recording them: the application around moving day; an award confirmed on or after it, not
    in the future, starting within a year of its confirmation, in pounds and pence. The award's dates can be
    corrected only on a claim that was awarded (recording an award is its own form). The moving-day checklist's
    application date follows the claim's, and Brokerage is told a corrected award start. The history keeps the
    old values, who corrected them and why; the fee engine reads the corrected dates (HB-2, HB-3).
    """

    claim = _lock(claim)
    placement = _lock(claim.placement)
    claim.placement = placement
    reason = correction_reason(reason)
    awarded = claim.award_confirmed_on is not None
    if not awarded and (award_confirmed_on or award_starts_on or weekly_amount is not None):
        raise RuleViolation("HB-2", "This claim has no award to correct: record the award on its own form.")
    if awarded and (award_confirmed_on is None or award_starts_on is None or weekly_amount is None):
        raise RuleViolation("HB-2", "A confirmed award has a confirmation date, a start date and a weekly amount.")
    if isinstance(weekly_amount, float) or (weekly_amount is not None and Decimal(weekly_amount) < 0):
        raise RuleViolation("FEE-8", "Enter the weekly amount in pounds and pence.", field="weekly_amount")
    weekly_amount = Decimal(weekly_amount) if weekly_amount is not None else None
    refuse_unchanged(
        claim,
        applied_on=applied_on,
        award_confirmed_on=award_confirmed_on,
        award_starts_on=award_starts_on,
        weekly_amount=weekly_amount,
    )
    if applied_on < placement.starts_on - timedelta(days=60):
        raise RuleViolation("HB-1", "The application is made around moving day.", field="applied_on")
    if claim.refused_on is not None and claim.refused_on < applied_on:
        raise RuleViolation("HB-2", "The claim was refused before that date.", field="applied_on")
    if awarded:
        if award_confirmed_on < applied_on:
            raise RuleViolation(
                "HB-2", "An award is confirmed on or after the application.", field="award_confirmed_on"
            )
        if award_confirmed_on > today():
            raise RuleViolation("HB-2", "Record the award once confirmed.", field="award_confirmed_on")
        if award_starts_on > award_confirmed_on + timedelta(days=366):
            raise RuleViolation("HB-2", "Check the award's start date.", field="award_starts_on")
    if applied_on != claim.applied_on and placement.housing_benefit_applied_on == claim.applied_on:
        placement.housing_benefit_applied_on = applied_on  # the moving-day checklist's date is this claim's (HB-1)
        save_with_history(placement, f"placement.housing_benefit_corrected: {reason}", by=by)
    if awarded and award_starts_on != claim.award_starts_on:
        _housing_benefit_variation(claim, award_starts_on, reason=reason, by=by)
    claim.applied_on = applied_on
    claim.award_confirmed_on, claim.award_starts_on, claim.weekly_amount = (
        award_confirmed_on,
        award_starts_on,
        weekly_amount,
    )
    return save_with_history(claim, f"hb.corrected: {reason}", by=by)


@transaction.atomic
def refuse_housing_benefit(*, claim: HousingBenefitClaim, refused_on: date, by) -> HousingBenefitClaim:
    claim = _lock(claim)
    if not claim.outstanding:
        raise RuleViolation("HB-2", "This claim has already been decided.")
    claim.refused_on = refused_on
    return _save(claim, "hb.refused", by=by)
