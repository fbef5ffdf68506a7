"""Housing benefit (HB-1 … HB-4): the application on moving day, the award and its variation, refusals."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from placements.models import (
    HousingBenefitClaim,
    Placement,
    ProvisionCause,
    ProvisionKind,
    ProvisionRequest,
)
from sharedlives.dates import today
from sharedlives.db import lock
from sharedlives.errors import RuleViolation
from sharedlives.history import correction_reason, refuse_unchanged, save_with_history

# Housing benefit ---------------------------------------------------------------------------------------


@transaction.atomic
def record_housing_benefit_application(*, placement: Placement, applied_on: date, by) -> HousingBenefitClaim:
    placement = lock(placement)
    if applied_on < placement.starts_on - timedelta(days=60):
        raise RuleViolation("HB-1", "The application is made around moving day.", field="applied_on")
    if placement.housing_benefit_claims.filter(award_confirmed_on__isnull=True, refused_on__isnull=True).exists():
        raise RuleViolation("HB-1", "An application is already waiting for a decision.")
    claim = save_with_history(HousingBenefitClaim(placement=placement, applied_on=applied_on), "hb.applied", by=by)
    if placement.housing_benefit_applied_on is None:
        placement.housing_benefit_applied_on = applied_on
        save_with_history(placement, "placement.moving_day", by=by)
    return claim


@transaction.atomic
def confirm_housing_benefit_award(
    *, claim: HousingBenefitClaim, confirmed_on: date, award_starts_on: date, weekly_amount, by
) -> HousingBenefitClaim:
    """HB-2: the award's start is recorded and a provision variation removes the rent from the payment.

    An award starting before its confirmation is backdated (HB-3): the fee engine recovers the rent the
    scheme paid for those days from the carer's next payment, in full.
    """

    claim = lock(claim)
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
    variation = save_with_history(
        ProvisionRequest(
            placement=claim.placement,
            kind=ProvisionKind.VARIATION,
            cause=ProvisionCause.HOUSING_BENEFIT,
            raised_on=confirmed_on,
            reason=f"Housing benefit awarded from {award_starts_on:%-d %B %Y}: remove the housing payment",
            effective_from=max(award_starts_on, claim.placement.starts_on),
            submitted_on=confirmed_on,
            submitted_by=by,
        ),
        "provision.housing_benefit",
        by=by,
    )
    claim.provision_variation = variation
    return save_with_history(claim, "hb.awarded_backdated" if claim.backdated else "hb.awarded", by=by)


def _housing_benefit_variation(claim: HousingBenefitClaim, award_starts_on: date, *, reason: str, by) -> None:
    """HB-2, PLA-1: Brokerage removes the housing payment from the corrected start. A variation not yet
    authorised is corrected; one already authorised is followed by an amendment with the corrected date."""
    effective_from = max(award_starts_on, claim.placement.starts_on)
    what = f"Housing benefit awarded from {award_starts_on:%-d %B %Y}: remove the housing payment"
    variation = claim.provision_variation
    if variation is not None and variation.authorised_on is None:
        variation = lock(variation)
        variation.effective_from, variation.reason = effective_from, what
        save_with_history(variation, f"provision.corrected: {reason}", by=by)
        return
    claim.provision_variation = save_with_history(
        ProvisionRequest(
            placement=claim.placement,
            kind=ProvisionKind.AMENDMENT,
            cause=ProvisionCause.HOUSING_BENEFIT,
            raised_on=today(),
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

    claim = lock(claim)
    placement = lock(claim.placement)
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
    claim = lock(claim)
    if not claim.outstanding:
        raise RuleViolation("HB-2", "This claim has already been decided.")
    claim.refused_on = refused_on
    return save_with_history(claim, "hb.refused", by=by)
