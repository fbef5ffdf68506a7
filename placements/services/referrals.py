"""People, referrals, the funding panel, the waiting list, matching and introductions (REF-1 … REF-8, MAT-1 … MAT-3)."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from carers.gates import require_safe
from carers.models import CarerHousehold, HouseholdStatus
from carers.queries import officers
from carers.services import allocate_officer
from placements.models import (
    ExtraIntroductionNights,
    FundingDecision,
    FundingOutcome,
    Introduction,
    IntroductionKind,
    Match,
    MatchStatus,
    Person,
    Referral,
    ReferralStatus,
)
from sharedlives.dates import today
from sharedlives.db import lock
from sharedlives.errors import RuleViolation
from sharedlives.history import save_with_history, user_name
from sharedlives.models import ApprovalOutcome, SchemePolicy
from sharedlives.roles import is_manager

MAX_DAY_SERVICE_DAYS = 3  # REF-8


# People ------------------------------------------------------------------------------------------------


@transaction.atomic
def create_person(*, by, **fields) -> Person:
    if not str(fields.get("cdir_reference", "")).strip():
        raise RuleViolation("REF-1", "Enter the person's case-system (CDir) reference.", field="cdir_reference")
    fields["cdir_reference"] = fields["cdir_reference"].strip().upper()
    if Person.objects.filter(cdir_reference=fields["cdir_reference"]).exists():
        raise RuleViolation("REF-1", "Someone already has this case-system reference.", field="cdir_reference")
    return save_with_history(Person(**fields), "person.created", by=by)


@transaction.atomic
def update_person(person: Person, *, by, **fields) -> Person:
    person = lock(person)
    for name, value in fields.items():
        setattr(person, name, value)
    return save_with_history(person, "person.updated", by=by)


# Referrals ---------------------------------------------------------------------------------------------


@transaction.atomic
def create_referral(*, person: Person, by, **fields) -> Referral:
    """REF-1: every referral belongs to a person with a case-system reference; REF-3: its type."""
    referral = Referral(person=person, status=ReferralStatus.RECEIVED, **fields)
    if referral.received_on and referral.received_on > today():
        raise RuleViolation("REF-1", "The received date cannot be in the future.", field="received_on")
    check_day_services(referral)
    return save_with_history(referral, "referral.received", by=by)


def check_day_services(referral: Referral) -> None:
    days = referral.day_service_days_per_week
    if days and days > MAX_DAY_SERVICE_DAYS and not referral.targeted_need.strip():
        raise RuleViolation(
            "REF-8",
            f"Day services on {days} days a week need a recorded targeted need (usually at most three).",
            field="targeted_need",
        )


@transaction.atomic
def update_referral(referral: Referral, *, by, **fields) -> Referral:
    referral = lock(referral)
    for name, value in fields.items():
        setattr(referral, name, value)
    if referral.risk_review_due_on and referral.risk_assessment_received_on is None:
        raise RuleViolation(
            "REF-6", "Record when the risk assessment was received.", field="risk_assessment_received_on"
        )
    check_day_services(referral)
    return save_with_history(referral, "referral.updated", by=by)


@transaction.atomic
def send_to_funding_panel(referral: Referral, *, by) -> Referral:
    referral = lock(referral)
    if referral.status != ReferralStatus.RECEIVED:
        raise RuleViolation("REF-2", "Only a newly received referral goes to the funding panel.")
    referral.status = ReferralStatus.AWAITING_FUNDING
    return save_with_history(referral, "referral.sent_to_panel", by=by)


@transaction.atomic
def record_funding_decision(
    *, referral: Referral, panel: str, decided_on: date, outcome: str, notes: str = "", by
) -> FundingDecision:
    """REF-2: the panel's decision, date and outcome. Agreed funding opens matching."""
    referral = lock(referral)
    if decided_on < referral.received_on:
        raise RuleViolation("REF-2", "The panel cannot decide before the referral was received.", field="decided_on")
    if decided_on > today():
        raise RuleViolation("REF-2", "The decision date cannot be in the future.", field="decided_on")
    decision = save_with_history(
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
        save_with_history(referral, "referral.funding_agreed", by=by)
    elif outcome != FundingOutcome.AGREED and referral.status == ReferralStatus.RECEIVED:
        referral.status = ReferralStatus.AWAITING_FUNDING
        save_with_history(referral, "referral.awaiting_funding", by=by)
    return decision


@transaction.atomic
def record_emergency_discussion(*, referral: Referral, manager, discussed_on: date, outcome: str, by) -> Referral:
    """REF-5: discussed in person with the management team at the point of referral: who, when, outcome."""
    referral = lock(referral)
    if not referral.emergency:
        raise RuleViolation("REF-5", "Only an emergency referral needs this discussion.")
    if not is_manager(manager):
        raise RuleViolation("REF-5", "Choose a member of the management team.", field="manager")
    if not outcome.strip():
        raise RuleViolation("REF-5", "Record the outcome of the discussion.", field="outcome")
    if discussed_on < referral.received_on or discussed_on > today():
        raise RuleViolation("REF-5", "The discussion date is between the referral and today.", field="discussed_on")
    referral.emergency_discussed_with = manager
    referral.emergency_discussed_on = discussed_on
    referral.emergency_discussion_outcome = outcome.strip()
    return save_with_history(referral, "referral.emergency_discussed", by=by)


@transaction.atomic
def put_on_waiting_list(referral: Referral, *, since: date, by) -> Referral:
    """REF-7: no suitable carer found; the person waits."""
    referral = lock(referral)
    if referral.status not in (ReferralStatus.MATCHING, ReferralStatus.INTRODUCTIONS):
        raise RuleViolation("REF-7", "Only a referral in matching goes on the waiting list.")
    referral.status = ReferralStatus.WAITING_LIST
    referral.waiting_since = since
    referral.still_needed_checked_on = None
    referral.still_needed_checked_with = ""
    for match in referral.matches.filter(status=MatchStatus.PROPOSED):
        match.status = MatchStatus.WITHDRAWN
        match.withdrawn_reason = "Referral went on the waiting list"
        save_with_history(match, "match.withdrawn", by=by)
    return save_with_history(referral, "referral.waiting_list", by=by)


@transaction.atomic
def record_still_needed_check(
    *, referral: Referral, checked_on: date, checked_with: str, still_needed: bool, by
) -> Referral:
    """REF-7: when a vacancy arises, check with the case team that the placement is still needed."""
    referral = lock(referral)
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
        return save_with_history(referral, "referral.still_needed", by=by)
    referral.status = ReferralStatus.CLOSED
    referral.closed_reason = f"No longer needed (checked with {checked_with.strip()} on {checked_on:%-d %B %Y})"
    return save_with_history(referral, "referral.no_longer_needed", by=by)


@transaction.atomic
def close_referral(referral: Referral, *, reason: str, by) -> Referral:
    referral = lock(referral)
    if referral.status in (ReferralStatus.PLACED, ReferralStatus.CLOSED):
        raise RuleViolation("REF-1", f"This referral is already {referral.get_status_display().lower()}.")
    if not reason.strip():
        raise RuleViolation("REF-1", "Say why the referral is closed.", field="reason")
    referral.status = ReferralStatus.CLOSED
    referral.closed_reason = reason.strip()
    return save_with_history(referral, "referral.closed", by=by)


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
    referral = lock(referral)
    _ready_to_match(referral)
    if household.status != HouseholdStatus.APPROVED:
        raise RuleViolation("CAR-2", f"{household.name} is not an approved household.", field="household")
    if referral.emergency and not household.emergency_approved:
        raise RuleViolation(
            "MAT-4", f"{household.name} is not approved and trained for emergencies.", field="household"
        )
    if referral.matches.filter(household=household).exclude(status=MatchStatus.WITHDRAWN).exists():
        raise RuleViolation("MAT-1", f"{household.name} is already proposed for this referral.", field="household")
    require_safe(household, start=proposed_on, end=None, action="this match", by=by)  # SAFE-2, SAFE-4
    return save_with_history(
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
    match = lock(match)
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
        referral = lock(match.referral)
        if referral.status == ReferralStatus.MATCHING:
            referral.status = ReferralStatus.INTRODUCTIONS
            save_with_history(referral, "referral.introductions", by=by)
    return save_with_history(match, "match.agreed" if match.both_agreed else "match.agreement_recorded", by=by)


@transaction.atomic
def withdraw_match(match: Match, *, reason: str, by) -> Match:
    match = lock(match)
    if not reason.strip():
        raise RuleViolation("MAT-2", "Say why the match is withdrawn.", field="reason")
    match.status = MatchStatus.WITHDRAWN
    match.withdrawn_reason = reason.strip()
    return save_with_history(match, "match.withdrawn", by=by)


def introduction_nights(match: Match) -> int:
    """MAT-3: the overnight stays that count: within the allowance, or agreed beyond it."""
    return sum(i.nights for i in match.introductions.counted())


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
    """MAT-2: only once the person (or their advocate) and the carer have both agreed to the match. MAT-3: visits,
    then usually at most two overnight stays; more need the management team's agreement.

    Beyond the allowance the stay is refused; given `extra_reason`, the stay is recorded with a request for the
    extra nights (it waits in the Approvals inbox), and the request is returned. The stay shows under the match's
    introductions at once, and counts once the management team agrees.
    """
    match = lock(match)
    if match.status == MatchStatus.WITHDRAWN:
        raise RuleViolation("MAT-3", "This match was withdrawn.")
    if not match.both_agreed:
        raise RuleViolation(
            "MAT-2", "Introductions start once the person (or their advocate) and the carer have both agreed."
        )
    if kind == IntroductionKind.VISIT:
        nights = 0
    elif nights < 1:
        raise RuleViolation("MAT-3", "An overnight stay is at least one night.", field="nights")
    if on < match.proposed_on:
        raise RuleViolation("MAT-3", "Introductions come after the match is proposed.", field="on")
    if kind == IntroductionKind.OVERNIGHT:  # SAFE-2, SAFE-4: every day of the stay, the morning after included
        require_safe(match.household, start=on, end=on + timedelta(days=nights), action="this overnight stay", by=by)
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
        request = save_with_history(
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
        save_with_history(
            Introduction(match=match, kind=kind, on=on, nights=nights, notes=notes, extra_nights=request),
            "introduction.overnight_waiting",
            by=by,
        )
        return request
    return save_with_history(
        Introduction(match=match, kind=kind, on=on, nights=nights, notes=notes), f"introduction.{kind}", by=by
    )


@transaction.atomic
def hand_over(*, referral: Referral, officer, on: date, by) -> Referral:
    """REF-4: the referrals officer hands over to the Shared Lives officer the chosen carer is allocated to, who
    is then the placement's officer (CAR-3: My work, the overview and the digest follow the allocation). Another
    officer is refused, unless a manager hands over: then the household is re-allocated, in its history."""
    referral = lock(referral)
    if officer is None or not officers().filter(pk=officer.pk).exists():
        raise RuleViolation("REF-4", "Hand over to a Shared Lives officer.", field="officer")
    if on < referral.received_on or on > today():
        raise RuleViolation("REF-4", "The hand-over is between the referral and today.", field="on")
    referral.handed_over_to = officer
    referral.handed_over_on = on
    referral = save_with_history(referral, "referral.handed_over", by=by)
    household = chosen_household(referral)
    if household is not None and household.allocated_officer_id != officer.pk:
        # Re-allocating a household moves everyone placed there (CAR-3): the management team's call, not a
        # side effect of a referrals officer's hand-over.
        if not by.has_perm("carers.allocate_officer"):
            raise RuleViolation(
                "REF-4",
                f"{household.name} is allocated to {user_name(household.allocated_officer)}: hand over to them, "
                "or ask the management team to re-allocate the household first.",
                field="officer",
            )
        allocate_officer(household, officer=officer, by=by)
    return referral


def chosen_household(referral: Referral):
    """The placed household, or during introductions the agreed match's; None before a match is agreed."""
    placement = referral.placements.select_related("household__allocated_officer").order_by("-starts_on", "-pk").first()
    if placement is not None:
        return placement.household
    agreed = (
        referral.matches.filter(status=MatchStatus.AGREED)
        .select_related("household__allocated_officer")
        .order_by("-pk")
        .first()
    )
    return agreed.household if agreed else None
