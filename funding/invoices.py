"""Carers' invoices (FEE-2): recorded with the amount the fee engine expects, so a difference shows at once."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from funding import fees, schedules
from funding.models import CarerInvoice
from placements.models import Placement
from sharedlives.dates import today
from sharedlives.errors import RuleViolation
from sharedlives.history import save_with_history

PENNY = Decimal("0.01")


@transaction.atomic
def record_invoice(
    *, placement: Placement, period_start: date, period_end: date, amount: Decimal, received_on: date, by
) -> CarerInvoice:
    """FEE-2: the carer invoices the initial period (and respite); it is checked against the expected amount."""
    if isinstance(amount, float):
        raise RuleViolation("FEE-8", "Amounts are exact pounds and pence.", field="amount")
    amount = Decimal(amount)
    if amount < 0 or amount != amount.quantize(PENNY):
        raise RuleViolation("FEE-8", "Enter the amount in pounds and pence, not negative.", field="amount")
    if period_end < period_start:
        raise RuleViolation("FEE-2", "The invoice's period ends on or after it starts.", field="period_end")
    if period_start < placement.starts_on:
        raise RuleViolation(
            "FEE-2", "The invoice's period starts on or after the placement starts.", field="period_start"
        )
    if received_on > today():
        raise RuleViolation("FEE-2", "The date the invoice was received cannot be in the future.", field="received_on")
    try:
        expected = schedules.expected_invoice_amount(placement, period_start, period_end)
    except fees.FeeError as error:
        raise RuleViolation(error.rule, str(error).rsplit(" (", 1)[0]) from error
    invoice = CarerInvoice(
        household_id=placement.household_id,
        placement=placement,
        period_start=period_start,
        period_end=period_end,
        amount=amount,
        received_on=received_on,
        expected_amount=expected,
        recorded_by=by,
    )
    return save_with_history(invoice, "invoice.recorded", by=by)
