"""Every write about a carer household that carries a rule. Views, admin and demo data call these."""

from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from carers.capacity import occupancy
from carers.gates import require_safe
from carers.models import (
    ACTIVE_STATUSES,
    BreakCover,
    Carer,
    CarerAgreement,
    CarerBreak,
    CarerHousehold,
    ChecksOverride,
    DbsCheck,
    ExtraRespiteRequest,
    HoldReason,
    HouseholdMember,
    HouseholdStatus,
    InsurancePolicy,
    SupportCarer,
    TrainingRecord,
)
from carers.queries import respite_nights_used
from sharedlives.dates import financial_year_end, financial_year_start, today
from sharedlives.errors import RuleViolation
from sharedlives.history import correction_reason, refuse_unchanged, save_with_history
from sharedlives.models import ApprovalOutcome, SchemePolicy
from sharedlives.roles import is_manager


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last_day in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last_day))
        except ValueError:
            continue
    raise ValueError(day)


def _next_reference() -> str:
    """The next SL-nnnn from the reference sequence, skipping any number already given by hand or by an import.

    A sequence never hands the same number to two requests, however many arrive at once.
    """
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT nextval('carers_household_reference_seq')")
            reference = f"SL-{cursor.fetchone()[0]:04d}"
            if not CarerHousehold.objects.filter(reference=reference).exists():
                return reference


@transaction.atomic
def create_household(*, by, **fields) -> CarerHousehold:
    """A new applicant household. The reference is the next SL-nnnn unless one is given."""
    fields.setdefault("reference", _next_reference())
    if fields.get("status", HouseholdStatus.APPLICANT) not in (
        HouseholdStatus.APPLICANT,
        HouseholdStatus.IN_ASSESSMENT,
    ):
        raise RuleViolation("CAR-2", "A new household starts as an applicant; approve it once assessed.")
    household = CarerHousehold(**fields)
    _check_places(household)
    return save_with_history(household, "household.created", by=by)


def _check_places(household: CarerHousehold) -> None:
    limit = SchemePolicy.current().people_per_household
    if household.approved_places > limit:
        raise RuleViolation(
            "CAR-1", f"A household supports at most {limit} people at any one time.", field="approved_places"
        )


@transaction.atomic
def update_household(household: CarerHousehold, *, by, **fields) -> CarerHousehold:
    """Change the given fields only, on a freshly locked row: a stale copy never overwrites a status change."""
    household = CarerHousehold.objects.select_for_update().get(pk=household.pk)
    for name, value in fields.items():
        setattr(household, name, value)
    _check_places(household)
    return save_with_history(household, "household.updated", by=by)


@transaction.atomic
def approve_household(household: CarerHousehold, *, approved_on: date, officer, by) -> CarerHousehold:
    """CAR-2: approved households start 12 months' probation with more frequent support; CAR-3: one officer."""
    household = CarerHousehold.objects.select_for_update().get(pk=household.pk)
    if household.status not in (HouseholdStatus.APPLICANT, HouseholdStatus.IN_ASSESSMENT):
        raise RuleViolation(
            "CAR-2",
            f"Only an applicant household can be approved; this one is {household.get_status_display().lower()}.",
        )
    if officer is None:
        raise RuleViolation("CAR-3", "Choose the Shared Lives officer the household is allocated to.", field="officer")
    if approved_on > today():
        raise RuleViolation("CAR-2", "The approval date cannot be in the future.", field="approved_on")
    if not household.carers.exists():
        raise RuleViolation("CAR-2", "Add the household's carers before approving it.")
    require_safe(household, start=approved_on, end=None, action="approving the household", by=by)
    household.status = HouseholdStatus.APPROVED
    household.approved_on = approved_on
    household.probation_ends_on = _add_months(approved_on, SchemePolicy.current().probation_months)
    household.more_frequent_support = True
    household.allocated_officer = officer
    return save_with_history(household, "household.approved", by=by)


@transaction.atomic
def allocate_officer(household: CarerHousehold, *, officer, by) -> CarerHousehold:
    """CAR-3: exactly one allocated officer; a re-allocation is recorded in the household's history."""
    household = CarerHousehold.objects.select_for_update().get(pk=household.pk)
    if officer is None and household.status in ACTIVE_STATUSES:
        raise RuleViolation("CAR-3", "An approved household always has an allocated officer.", field="officer")
    household.allocated_officer = officer
    return save_with_history(household, "household.reallocated", by=by)


@transaction.atomic
def put_on_hold(
    household: CarerHousehold, *, by, reason: str = "", hold_reason: str = HoldReason.OTHER
) -> CarerHousehold:
    """On hold: still approved and on the caseload, not offered for matching. A safeguarding hold (SAFE-4) also
    stops new arrangements and break cover (carers.gates); existing arrangements continue."""
    household = CarerHousehold.objects.select_for_update().get(pk=household.pk)
    if household.status != HouseholdStatus.APPROVED:
        raise RuleViolation("CAR-2", "Only an approved household can be put on hold.")
    if hold_reason not in HoldReason.values:
        raise RuleViolation("SAFE-4", "Choose why the household is on hold.", field="hold_reason")
    if hold_reason == HoldReason.SAFEGUARDING and not reason.strip():
        raise RuleViolation("SAFE-4", "Say briefly what the safeguarding concern is about.", field="reason")
    household.status = HouseholdStatus.ON_HOLD
    household.hold_reason = hold_reason
    household.hold_details = reason.strip()
    kind = " (safeguarding)" if hold_reason == HoldReason.SAFEGUARDING else ""
    return save_with_history(household, f"household.on_hold{kind}: {reason.strip()}".strip(": "), by=by)


@transaction.atomic
def resume(household: CarerHousehold, *, by, reason: str = "") -> CarerHousehold:
    """Off hold. A safeguarding hold (SAFE-4) is lifted only by the management team, with a reason."""
    household = CarerHousehold.objects.select_for_update().get(pk=household.pk)
    if household.status != HouseholdStatus.ON_HOLD:
        raise RuleViolation("CAR-2", "Only a household on hold can be resumed.")
    if household.hold_reason == HoldReason.SAFEGUARDING:
        if not is_manager(by):
            raise RuleViolation("SAFE-4", "Only the management team can lift a safeguarding hold.")
        if not reason.strip():
            raise RuleViolation("SAFE-4", "Say why the safeguarding hold is lifted.", field="reason")
    household.status = HouseholdStatus.APPROVED
    household.hold_reason = ""
    household.hold_details = ""
    return save_with_history(household, f"household.resumed: {reason.strip()}".strip(": "), by=by)


@transaction.atomic
def start_assessment(household: CarerHousehold, *, by) -> CarerHousehold:
    household = CarerHousehold.objects.select_for_update().get(pk=household.pk)
    if household.status != HouseholdStatus.APPLICANT:
        raise RuleViolation("CAR-2", "Only an applicant household can start its assessment.")
    household.status = HouseholdStatus.IN_ASSESSMENT
    return save_with_history(household, "household.assessment_started", by=by)


def _check_leaving_date(household: CarerHousehold, left_on: date) -> None:
    """What recording and correcting a leaving date both check: not before approval, and nobody placed after it
    (PLA-5), asking every occupancy source (carers/capacity.py)."""

    if household.approved_on and left_on < household.approved_on:
        raise RuleViolation("PLA-5", "The leaving date cannot be before the approval date.", field="left_on")
    placed = occupancy(household, left_on + timedelta(days=1), left_on + timedelta(days=366))
    if placed:
        raise RuleViolation(
            "PLA-5",
            f"{household.name} still supports {placed} {'person' if placed == 1 else 'people'} after "
            f"{left_on:%-d %B %Y}: end or move those placements first.",
            field="left_on",
        )


@transaction.atomic
def record_leaving(household: CarerHousehold, *, left_on: date, reason: str, notes: str = "", by) -> CarerHousehold:
    """The household leaves; its whole record stays. Anyone still placed must be moved or ended first (PLA-5)."""
    household = CarerHousehold.objects.select_for_update().get(pk=household.pk)
    if household.status == HouseholdStatus.LEFT:
        raise RuleViolation("PLA-5", "This household has already left.")
    _check_leaving_date(household, left_on)
    household.status = HouseholdStatus.LEFT
    household.left_on = left_on
    household.leaving_reason = reason
    household.leaving_notes = notes
    household.more_frequent_support = False
    return save_with_history(household, f"household.left: {reason}", by=by)


@transaction.atomic
def correct_leaving_date(household: CarerHousehold, *, by, reason: str, left_on: date) -> CarerHousehold:
    """A leaving date entered wrongly, put right (PLA-5, AUD-1): the same checks as recording it, under the
    household's row lock; the history keeps the old date, who corrected it and why."""
    household = CarerHousehold.objects.select_for_update().get(pk=household.pk)
    if household.status != HouseholdStatus.LEFT:
        raise RuleViolation("PLA-5", "This household has not left the scheme: record its leaving instead.")
    reason = correction_reason(reason)
    refuse_unchanged(household, left_on=left_on)
    _check_leaving_date(household, left_on)
    household.left_on = left_on
    return save_with_history(household, f"household.leaving_corrected: {reason}", by=by)


@transaction.atomic
def add_carer(household: CarerHousehold, *, by, **fields) -> Carer:
    if household.status == HouseholdStatus.LEFT:
        raise RuleViolation("CAR-2", "This household has left the scheme.")
    return save_with_history(Carer(household=household, **fields), "carer.added", by=by)


@transaction.atomic
def update_carer(carer: Carer, *, by, **fields) -> Carer:
    carer = Carer.objects.select_for_update().get(pk=carer.pk)
    for name, value in fields.items():
        setattr(carer, name, value)
    return save_with_history(carer, "carer.updated", by=by)


@transaction.atomic
def record_training(*, carer: Carer, course, completed_on: date, expires_on: date | None = None, notes: str = "", by):
    """CAR-7: a course completed. Without an expiry date, the course's renewal period sets it."""
    if completed_on > today():
        raise RuleViolation("CAR-7", "The completion date cannot be in the future.", field="completed_on")
    if expires_on is None and course.renewal_months:
        expires_on = _add_months(completed_on, course.renewal_months)
    if expires_on is not None and expires_on <= completed_on:
        raise RuleViolation("CAR-7", "The expiry date must be after the completion date.", field="expires_on")
    record = TrainingRecord(carer=carer, course=course, completed_on=completed_on, expires_on=expires_on, notes=notes)
    return save_with_history(record, "training.recorded", by=by)


@transaction.atomic
def record_dbs_check(
    *,
    carer: Carer | None = None,
    support_carer: SupportCarer | None = None,
    member: HouseholdMember | None = None,
    certificate_number: str,
    issued_on: date,
    renewal_due_on: date,
    on_update_service: bool = False,
    by,
) -> DbsCheck:
    if [carer, support_carer, member].count(None) != 2:
        raise RuleViolation(
            "CAR-6", "Choose the carer, support carer or household member the DBS check is for.", field="person"
        )
    if issued_on > today():
        raise RuleViolation("CAR-6", "The issue date cannot be in the future.", field="issued_on")
    if renewal_due_on <= issued_on:
        raise RuleViolation("CAR-6", "The renewal date must be after the issue date.", field="renewal_due_on")
    check = DbsCheck(
        carer=carer,
        support_carer=support_carer,
        member=member,
        certificate_number=certificate_number.strip(),
        issued_on=issued_on,
        renewal_due_on=renewal_due_on,
        on_update_service=on_update_service,
    )
    return save_with_history(check, "dbs.recorded", by=by)


@transaction.atomic
def record_insurance(*, household: CarerHousehold, by, **fields) -> InsurancePolicy:
    policy = InsurancePolicy(household=household, **fields)
    if policy.expires_on <= policy.starts_on:
        raise RuleViolation("CAR-5", "The expiry date must be after the start date.", field="expires_on")
    return save_with_history(policy, "insurance.recorded", by=by)


@transaction.atomic
def record_agreement(*, household: CarerHousehold, version: str, signed_on: date, by) -> CarerAgreement:
    if signed_on > today():
        raise RuleViolation("CAR-8", "The signing date cannot be in the future.", field="signed_on")
    return save_with_history(
        CarerAgreement(household=household, version=version, signed_on=signed_on), "agreement.recorded", by=by
    )


@transaction.atomic
def add_member(*, household: CarerHousehold, by, **fields) -> HouseholdMember:
    """SAFE-1: someone else living in the household; from 16 they need a DBS check."""
    return save_with_history(HouseholdMember(household=household, **fields), "member.added", by=by)


@transaction.atomic
def update_member(member: HouseholdMember, *, by, **fields) -> HouseholdMember:
    member = HouseholdMember.objects.select_for_update().get(pk=member.pk)
    for name, value in fields.items():
        setattr(member, name, value)
    return save_with_history(member, "member.updated", by=by)


def add_support_carer(*, household: CarerHousehold, by, **fields) -> SupportCarer:
    return save_with_history(SupportCarer(household=household, **fields), "support_carer.added", by=by)


@transaction.atomic
def update_support_carer(support_carer: SupportCarer, *, by, **fields) -> SupportCarer:
    support_carer = SupportCarer.objects.select_for_update().get(pk=support_carer.pk)
    for name, value in fields.items():
        setattr(support_carer, name, value)
    return save_with_history(support_carer, "support_carer.updated", by=by)


def support_carer_can_cover(support_carer: SupportCarer, starts_on: date, ends_on: date) -> str | None:
    """None if the support carer may cover these dates (CAR-6), else the reason they may not."""
    if not support_carer.scheme_agreement_on or support_carer.scheme_agreement_on > starts_on:
        return f"{support_carer.full_name} has no scheme agreement in place before {starts_on:%-d %B %Y}."
    # Reads dbs_checks.all(), so a page that prefetched them asks no more queries.
    current_dbs = any(c.issued_on <= starts_on and c.renewal_due_on >= ends_on for c in support_carer.dbs_checks.all())
    if not current_dbs:
        return f"{support_carer.full_name} has no DBS check covering {starts_on:%-d %B} to {ends_on:%-d %B %Y}."
    return None


@transaction.atomic
def record_break(
    *,
    household: CarerHousehold,
    starts_on: date,
    ends_on: date,
    cover: str,
    cover_household=None,
    cover_support_carer=None,
    cover_provider: str = "",
    notes: str = "",
    extra_reason: str = "",
    by,
) -> CarerBreak:
    """RES-1: nights beyond the year's allocation need the management team's agreement (an ExtraRespiteRequest).

    RES-3 (who is paid what during the break) is the fee engine's; CAR-6 is checked here for support carers.
    """
    household = CarerHousehold.objects.select_for_update().get(pk=household.pk)
    if ends_on <= starts_on:
        raise RuleViolation("RES-1", "A break ends after it starts: at least one night.", field="ends_on")
    if financial_year_start(starts_on) != financial_year_start(ends_on - timedelta(days=1)):
        raise RuleViolation(
            "RES-1",
            f"A break is counted in one financial year: record the nights up to {financial_year_end(starts_on):%-d %B %Y} "
            "and the rest as a second break.",
            field="ends_on",
        )
    if cover == BreakCover.SUPPORT_CARER:
        if cover_support_carer is None or cover_support_carer.household_id != household.pk:
            raise RuleViolation("CAR-6", "Choose one of this household's support carers.", field="cover_support_carer")
        refusal = support_carer_can_cover(cover_support_carer, starts_on, ends_on)
        if refusal:
            raise RuleViolation("CAR-6", refusal, field="cover_support_carer")
        # SAFE-2, CAR-6: the support carer's own checks on every day of the break
        require_safe(
            household,
            start=starts_on,
            end=ends_on,
            action=f"cover by {cover_support_carer.full_name}",
            by=by,
            people={cover_support_carer.full_name},
        )
    if cover == BreakCover.SHORT_BREAK_HOUSEHOLD:
        if cover_household is None or cover_household.pk == household.pk:
            raise RuleViolation(
                "RES-3", "Choose the short-break household covering the break.", field="cover_household"
            )
        if cover_household.status != HouseholdStatus.APPROVED or not cover_household.offers_short_breaks:
            raise RuleViolation(
                "RES-3", f"{cover_household.name} is not an approved short-break household.", field="cover_household"
            )
        # SAFE-2, SAFE-4: the covering household is safe on every day of the break
        require_safe(cover_household, start=starts_on, end=ends_on, action=f"cover by {cover_household.name}", by=by)
    overlapping = household.breaks.filter(cancelled=False, starts_on__lt=ends_on, ends_on__gt=starts_on)
    if overlapping.exists():
        raise RuleViolation("RES-1", "This break overlaps another break already recorded.", field="starts_on")

    carer_break = save_with_history(
        CarerBreak(
            household=household,
            starts_on=starts_on,
            ends_on=ends_on,
            cover=cover,
            cover_household=cover_household if cover == BreakCover.SHORT_BREAK_HOUSEHOLD else None,
            cover_support_carer=cover_support_carer if cover == BreakCover.SUPPORT_CARER else None,
            cover_provider=cover_provider if cover == BreakCover.OTHER_PROVIDER else "",
            notes=notes,
        ),
        "break.recorded",
        by=by,
    )
    allocation = SchemePolicy.current().respite_nights_per_year
    used = respite_nights_used(household, starts_on, include_pending=True, excluding=carer_break)
    over = used + carer_break.nights - allocation
    if over > 0:
        if not extra_reason.strip():
            raise RuleViolation(
                "RES-1",
                f"This break takes the household {over} {'night' if over == 1 else 'nights'} over its "
                f"{allocation}-night allocation: give the reason, for the management team to agree.",
                field="extra_reason",
            )
        save_with_history(
            ExtraRespiteRequest(
                carer_break=carer_break,
                nights_over_allocation=min(over, carer_break.nights),
                reason=extra_reason.strip(),
                submitted_by=by,
                submitted_at=timezone.now(),
            ),
            "extra_respite.submitted",
            by=by,
        )
    return carer_break


@transaction.atomic
def cancel_break(carer_break: CarerBreak, *, by) -> CarerBreak:
    carer_break.cancelled = True
    return save_with_history(carer_break, "break.cancelled", by=by)


OVERRIDE_DAYS = 14  # the usual length of an override of missing checks (SAFE-2)
OVERRIDE_MAX_DAYS = 90


@transaction.atomic
def request_checks_override(
    *, household: CarerHousehold, reason: str, starts_on: date, days: int = OVERRIDE_DAYS, by
) -> ChecksOverride:
    """SAFE-2: an officer asks the management team to let the household take arrangements for `days` days from
    `starts_on` although a required check is missing. It waits in the Approvals inbox; someone else decides (AUD-2)."""
    household = CarerHousehold.objects.select_for_update().get(pk=household.pk)
    if household.status == HouseholdStatus.LEFT:
        raise RuleViolation("SAFE-2", "This household has left the scheme.")
    if not reason.strip():
        raise RuleViolation(
            "SAFE-2", "Give the reason for the override and the plan to record what is missing.", field="reason"
        )
    if not 1 <= days <= OVERRIDE_MAX_DAYS:
        raise RuleViolation("SAFE-2", f"An override lasts from 1 to {OVERRIDE_MAX_DAYS} days.", field="days")
    if starts_on < today():
        raise RuleViolation("SAFE-2", "An override starts today or later.", field="starts_on")
    if household.checks_overrides.filter(outcome=ApprovalOutcome.PENDING).exists():
        raise RuleViolation("AUD-2", "An override for this household is already waiting for the management team.")
    return save_with_history(
        ChecksOverride(
            household=household,
            reason=reason.strip(),
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=days - 1),
            submitted_by=by,
            submitted_at=timezone.now(),
        ),
        "checks_override.submitted",
        by=by,
    )
