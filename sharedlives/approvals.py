"""Deciding approvals (AUD-2), and the registry that feeds the management team's Approvals inbox.

The core knows no domain app: each app registers a source of pending approvals in its AppConfig.ready(),
and the inbox asks every source. A source is a callable `(user) -> iterable of PendingApproval`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from sharedlives.errors import RuleViolation
from sharedlives.history import save_with_history
from sharedlives.models import ApprovalOutcome, ApprovalRecord

# Outcomes that settle the approval; RETURNED sends it back to the submitter to change and resubmit.
DECISIONS = {
    ApprovalOutcome.AGREED,
    ApprovalOutcome.CHANGED,
    ApprovalOutcome.RETURNED,
    ApprovalOutcome.REFUSED,
}


@dataclass(frozen=True)
class PendingApproval:
    kind: str
    summary: str
    url: str
    submitted_by: str
    submitted_at: datetime
    due: date | None = None
    rule: str = "AUD-2"


@dataclass(frozen=True, kw_only=True)
class Decided:
    """A decision on something the user asked for: shown to them for DECIDED_DAYS so it has its next step, with the
    reason (always given for a change, a return or a refusal, AUD-2)."""

    what: str
    outcome: str
    colour: str
    reason: str
    decided_on: date
    url: str


DECIDED_DAYS = 14
_OUTCOME_COLOURS = {
    ApprovalOutcome.AGREED: "green",
    ApprovalOutcome.CHANGED: "turquoise",
    ApprovalOutcome.RETURNED: "orange",
    ApprovalOutcome.REFUSED: "red",
}


def decided(record: ApprovalRecord, what: str, url: str) -> Decided:
    """`record`'s decision as the person who asked for it sees it."""
    return Decided(
        what=what,
        outcome=record.get_outcome_display(),
        colour=_OUTCOME_COLOURS.get(record.outcome, "grey"),
        reason=record.decision_reason,
        decided_on=timezone.localdate(record.decided_at),
        url=url,
    )


ApprovalSource = Callable[[object], Iterable[PendingApproval]]
_sources: dict[str, ApprovalSource] = {}


def register_approval_source(kind: str, source: ApprovalSource) -> None:
    _sources[kind] = source


def pending_approvals(user) -> list[PendingApproval]:
    """Every pending approval from every app, oldest due first."""
    items = [item for source in _sources.values() for item in source(user)]
    return sorted(items, key=lambda item: (item.due or date.max, item.submitted_at))


@transaction.atomic
def decide(
    approval: ApprovalRecord, *, by, outcome: str, reason: str = "", changes: dict | None = None
) -> ApprovalRecord:
    """Record the management team's decision on `approval`. AUD-2: never the submitter's own.

    The row is locked first, so two managers deciding at once cannot both succeed. `changes`: other fields the
    decision sets (an agreed band and its start), saved with it as one change in the record's history.
    """
    locked = type(approval).objects.select_for_update().get(pk=approval.pk)
    if outcome not in DECISIONS:
        raise RuleViolation("AUD-2", "Choose agree, change, return or refuse.", field="outcome")
    if locked.submitted_by_id == by.pk:
        raise RuleViolation("AUD-2", "You submitted this, so someone else in the management team must decide it.")
    if not locked.is_pending:
        raise RuleViolation("AUD-2", f"This was already decided ({locked.get_outcome_display().lower()}).")
    if outcome in {ApprovalOutcome.CHANGED, ApprovalOutcome.RETURNED, ApprovalOutcome.REFUSED} and not reason.strip():
        raise RuleViolation("AUD-2", "Give the reason for this decision.", field="decision_reason")
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.outcome = outcome
    locked.decision_reason = reason.strip()
    for name, value in (changes or {}).items():
        setattr(locked, name, value)
    return save_with_history(locked, f"approval.{outcome}", by=by)
