"""Management decisions that change a fee default ("subject to circumstances": END-1, END-7, AUD-2)."""

from datetime import date

from django.db import transaction

from funding.models import Element, FeeOverride
from placements.models import Placement
from sharedlives import roles
from sharedlives.dates import today
from sharedlives.errors import RuleViolation


@transaction.atomic
def record_override(
    *, placement: Placement, element: str, starts_on: date, ends_on: date, pay: bool, reason: str, by
) -> FeeOverride:
    """Pay or stop one element of a placement's fee between two dates. Only the management team decides."""
    if roles.role_of(by) != roles.MANAGEMENT_TEAM and not by.is_superuser:
        raise RuleViolation("AUD-2", "Only the management team changes what a placement is paid.")
    if element not in Element.values:
        raise RuleViolation("FEE-5", "Choose care and support, board and lodging or rent.", field="element")
    if ends_on < starts_on:
        raise RuleViolation("AUD-2", "The decision ends on or after the day it starts.", field="ends_on")
    if ends_on < placement.starts_on:
        raise RuleViolation("AUD-2", "The decision covers days of the placement.", field="ends_on")
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
    override._change_reason = "override.decided"
    override.full_clean()
    override.save()
    return override
