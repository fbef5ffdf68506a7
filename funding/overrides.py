"""Management decisions that change a fee default ("subject to circumstances": END-1, END-7, AUD-2)."""

from datetime import date

from django.db import transaction

from funding.models import Element, FeeOverride
from placements.models import Placement
from sharedlives import roles
from sharedlives.dates import today
from sharedlives.errors import RuleViolation
from sharedlives.history import correction_reason, refuse_unchanged, save_with_history


def _check_decision(*, placement: Placement, starts_on: date, ends_on: date, by) -> None:
    """What recording and correcting a decision both check: who decides, and that its dates make sense."""
    if roles.role_of(by) != roles.MANAGEMENT_TEAM and not by.is_superuser:
        raise RuleViolation("AUD-2", "Only the management team changes what a placement is paid.")
    if ends_on < starts_on:
        raise RuleViolation("AUD-2", "The decision ends on or after the day it starts.", field="ends_on")
    if ends_on < placement.starts_on:
        raise RuleViolation("AUD-2", "The decision covers days of the placement.", field="ends_on")


@transaction.atomic
def record_override(
    *, placement: Placement, element: str, starts_on: date, ends_on: date, pay: bool, reason: str, by
) -> FeeOverride:
    """Pay or stop one element of a placement's fee between two dates. Only the management team decides."""
    _check_decision(placement=placement, starts_on=starts_on, ends_on=ends_on, by=by)
    if element not in Element.values:
        raise RuleViolation("FEE-5", "Choose care and support, board and lodging or rent.", field="element")
    if not reason.strip():
        raise RuleViolation("AUD-2", "Give the reason for the decision.", field="reason")
    override = FeeOverride(
        placement=placement,
        element=element,
        starts_on=starts_on,
        ends_on=ends_on,
        pay=pay,
        reason=reason.strip(),
        decided_by=by,
        decided_on=today(),
    )
    return save_with_history(override, "override.decided", by=by)


@transaction.atomic
def correct_override(
    override: FeeOverride, *, by, reason: str, starts_on: date, ends_on: date, pay: bool
) -> FeeOverride:
    """A decision's dates, or whether it pays, entered wrongly and put right (AUD-1, AUD-2).

    The same checks as recording it (only the management team; dates in order and within the placement), under
    a row lock; the history keeps the old values, who corrected them and why. The fee engine reads the corrected
    dates from then on; a schedule already approved gets the difference as an adjustment on the next one.
    """
    override = FeeOverride.objects.select_for_update().select_related("placement").get(pk=override.pk)
    _check_decision(placement=override.placement, starts_on=starts_on, ends_on=ends_on, by=by)
    reason = correction_reason(reason)
    refuse_unchanged(override, starts_on=starts_on, ends_on=ends_on, pay=pay)
    override.starts_on, override.ends_on, override.pay = starts_on, ends_on, pay
    return save_with_history(override, f"override.corrected: {reason}", by=by)
