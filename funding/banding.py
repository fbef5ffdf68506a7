"""The banding tool and its decision (BAN-1 … BAN-5, FEE-3, PLA-5, PLA-6, AUD-2)."""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from funding import fees
from funding.facts import facts_for, placements_for_pricing
from funding.models import (
    BAND_CODES,
    BandingAnswer,
    BandingAssessment,
    BandingPurpose,
    BandingTool,
    RateCode,
)
from funding.ratecards import engine_cards
from placements.models import ArrangementKind, MoveReason, Placement
from placements.services import record_band_variation_sent, record_initial_review_date, request_band_variation
from sharedlives.approvals import decide
from sharedlives.errors import RuleViolation
from sharedlives.history import save_with_history
from sharedlives.models import ApprovalOutcome, SchemePolicy
from sharedlives.money import format_money
from sharedlives.workdays import add_working_days

SUBMIT_WITHIN_WORKING_DAYS = 3  # BAN-2
DECIDE_WITHIN_WORKING_DAYS = 5  # BAN-3


def active_tool() -> BandingTool:
    tool = BandingTool.objects.filter(active=True).order_by("-version").first()
    if tool is None:
        raise RuleViolation("BAN-1", "No banding tool is set up: an administrator adds one in the admin.")
    return tool


def suggested_band(tool: BandingTool, total_score: int) -> str:
    """The highest band whose threshold the score reaches."""
    band = None
    for threshold in tool.thresholds.order_by("minimum_score"):
        if total_score >= threshold.minimum_score:
            band = threshold.band
    return band or RateCode.BAND_1


def submission_due(review_date: date) -> date:
    """BAN-2: presented to the management team within three working days of the review."""
    return add_working_days(review_date, SUBMIT_WITHIN_WORKING_DAYS)


def decision_due(submitted_on: date) -> date:
    """BAN-3: decided within five working days of submission."""
    return add_working_days(submitted_on, DECIDE_WITHIN_WORKING_DAYS)


RE_BANDINGS = (BandingPurpose.CHANGE_OF_NEEDS, BandingPurpose.EMERGENCY_REVIEW)


def purpose_now(placement: Placement, on: date) -> str:
    """Why a banding done today would be done: the 28-day review (BAN-1), the emergency reassessment after 28 days
    (BAN-5), a move for increased needs (PLA-6), or else a change of needs."""
    if emergency_reassessment_due(placement, on):
        return BandingPurpose.EMERGENCY_REVIEW
    if placement.move_reason == MoveReason.NEEDS_INCREASED and not placement.banding_assessments.exists():
        return BandingPurpose.INTERNAL_MOVE
    if placement.initial_review_on is not None:
        return BandingPurpose.CHANGE_OF_NEEDS
    return BandingPurpose.INITIAL_REVIEW


def review_date_to_offer(placement: Placement, purpose: str) -> date | None:
    """FEE-3: only the first banding is dated by the 28-day review; a re-banding by its own assessment, so it never
    silently pays back to an old review."""
    return placement.initial_review_on if purpose == BandingPurpose.INITIAL_REVIEW else None


def default_effective_from(placement: Placement, purpose: str, review_date: date) -> date:
    """When an agreed band is paid from, unless the management team sets another date with a reason.

    The first band starts on the 28-day review (FEE-3); a re-banding on its own assessment date; a new placement
    after an internal move for increased needs on the move (PLA-6).
    """
    return placement.starts_on if purpose == BandingPurpose.INTERNAL_MOVE else review_date


def _current_band_start(placement: Placement) -> date | None:
    bands = agreed_bands(placement)
    return bands[-1][1] if bands else None


def check_rebanding_date(placement: Placement, purpose: str, review_date: date) -> None:
    """FEE-3: a re-banding takes effect from its own assessment, never silently from an earlier review."""
    current = _current_band_start(placement)
    if purpose in RE_BANDINGS and current is not None and review_date <= current:
        raise RuleViolation(
            "FEE-3",
            f"A re-banding takes effect from the date of its own assessment: enter the day this assessment was "
            f"done, after {current.day} {current:%B %Y} when the current band started.",
            field="review_date",
        )


@transaction.atomic
def submit_banding(
    *,
    placement: Placement,
    review_date: date,
    levels: dict[int, int],
    proposed_band: str,
    proposal_reason: str = "",
    purpose: str = BandingPurpose.INITIAL_REVIEW,
    by,
) -> BandingAssessment:
    """BAN-1: the officer completes the tool at the review and submits the proposed band (BAN-2 clock starts)."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.kind != ArrangementKind.LIVE_IN:
        raise RuleViolation("BAN-1", "Banding is for live-in placements.")
    if review_date < placement.starts_on:
        raise RuleViolation("BAN-1", "The review is after the placement started.", field="review_date")
    if review_date > timezone.localdate():
        raise RuleViolation("BAN-1", "The review date cannot be in the future.", field="review_date")
    if placement.banding_assessments.filter(outcome=ApprovalOutcome.PENDING).exists():
        raise RuleViolation("BAN-2", "A banding for this placement is already waiting for the management team.")
    check_rebanding_date(placement, purpose, review_date)
    tool = active_tool()
    domains = list(tool.domains.prefetch_related("levels"))
    answers = []
    for domain in domains:
        level_id = levels.get(domain.pk)
        level = next((lv for lv in domain.levels.all() if lv.pk == level_id), None)
        if level is None:
            raise RuleViolation("BAN-1", f"Choose a level for {domain.name.lower()}.", field=f"domain_{domain.pk}")
        answers.append((domain, level))
    total_score = sum(level.score for _, level in answers)
    suggestion = suggested_band(tool, total_score)
    if proposed_band not in BAND_CODES:
        raise RuleViolation("BAN-1", "Choose the band you propose.", field="proposed_band")
    if proposed_band != suggestion and not proposal_reason.strip():
        raise RuleViolation(
            "BAN-1",
            f"The tool suggests {RateCode(suggestion).label}: give the reason for proposing another band.",
            field="proposal_reason",
        )
    assessment = BandingAssessment(
        placement=placement,
        tool=tool,
        purpose=purpose,
        review_date=review_date,
        total_score=total_score,
        suggested_band=suggestion,
        proposed_band=proposed_band,
        proposal_reason=proposal_reason.strip(),
        effective_from=default_effective_from(placement, purpose, review_date),
        submitted_by=by,
        submitted_at=timezone.now(),
    )
    save_with_history(assessment, "banding.submitted", by=by)
    for domain, level in answers:
        save_with_history(BandingAnswer(assessment=assessment, domain=domain, level=level), "banding.answered", by=by)
    if purpose == BandingPurpose.INITIAL_REVIEW and placement.initial_review_on is None:
        record_initial_review_date(placement, held_on=review_date, by=by)
    return assessment


@transaction.atomic
def decide_banding(
    assessment: BandingAssessment,
    *,
    by,
    outcome: str,
    band: str = "",
    reason: str = "",
    effective_from: date | None = None,
    effective_reason: str = "",
) -> BandingAssessment:
    """BAN-3: the management team agrees, changes (with a reason) or returns it; never the submitter (AUD-2).

    The band is paid from the assessment's own date (FEE-3); for a re-banding the management team may set another
    day, with the reason, which the fee lines then name.
    """
    if outcome == ApprovalOutcome.CHANGED:
        if band not in BAND_CODES:
            raise RuleViolation("BAN-3", "Choose the band you agree instead.", field="band")
        if band == assessment.proposed_band:
            raise RuleViolation("BAN-3", "That is the proposed band: agree it instead.", field="band")
    if outcome not in (ApprovalOutcome.AGREED, ApprovalOutcome.CHANGED, ApprovalOutcome.RETURNED):
        raise RuleViolation("BAN-3", "Agree, change or return the banding.", field="outcome")
    changes = {}
    if outcome in (ApprovalOutcome.AGREED, ApprovalOutcome.CHANGED):
        changes["decided_band"] = band if outcome == ApprovalOutcome.CHANGED else assessment.proposed_band
        changes |= _effective_date(assessment, effective_from, effective_reason)
    decided = decide(assessment, by=by, outcome=outcome, reason=reason, changes=changes)
    if decided.agreed_band:
        # PLA-1, BAN-4: the agreed band's provision variation to Brokerage, to be sent.
        request_band_variation(
            placement=decided.placement,
            band=RateCode(decided.agreed_band).label,
            effective_from=decided.effective_from or decided.placement.starts_on,
            by=by,
        )
    return decided


def _effective_date(assessment: BandingAssessment, chosen: date | None, reason: str) -> dict:
    placement = assessment.placement
    default = assessment.effective_from or default_effective_from(placement, assessment.purpose, assessment.review_date)
    if chosen is None or chosen == default:
        return {"effective_from": default, "effective_reason": ""}
    if assessment.purpose == BandingPurpose.INITIAL_REVIEW:
        raise RuleViolation(
            "FEE-3", "The first band starts on the date of the 28-day review, not another day.", field="effective_from"
        )
    if chosen < placement.starts_on:
        raise RuleViolation("FEE-3", "The band cannot start before the placement did.", field="effective_from")
    if not reason.strip():
        raise RuleViolation(
            "FEE-3", "Give the reason the band starts on another day than the assessment.", field="effective_reason"
        )
    return {"effective_from": chosen, "effective_reason": reason.strip()}


@transaction.atomic
def record_band_sent(
    assessment: BandingAssessment,
    *,
    sent_to_area_team_on: date | None = None,
    provision_variation_on: date | None = None,
    by,
) -> BandingAssessment:
    """BAN-4: the agreed band goes to the funding area team, then a provision variation to Brokerage."""
    assessment = BandingAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.agreed_band is None:
        raise RuleViolation("BAN-4", "Only an agreed band is sent on.")
    if sent_to_area_team_on:
        if sent_to_area_team_on < timezone.localdate(assessment.decided_at):
            raise RuleViolation("BAN-4", "The band is sent after it was agreed.", field="sent_to_area_team_on")
        assessment.sent_to_area_team_on = sent_to_area_team_on
    if provision_variation_on:
        if not assessment.sent_to_area_team_on:
            raise RuleViolation(
                "BAN-4",
                "Send the band to the area team before the provision variation.",
                field="provision_variation_on",
            )
        assessment.provision_variation_on = provision_variation_on
        record_band_variation_sent(placement=assessment.placement, sent_on=provision_variation_on, by=by)
    return save_with_history(assessment, "banding.sent_on", by=by)


def effective_from(assessment: BandingAssessment) -> date:
    """The day an agreed band is paid from (set when it was submitted, or by the management team)."""
    return assessment.effective_from or default_effective_from(
        assessment.placement, assessment.purpose, assessment.review_date
    )


def agreed_bands(placement: Placement) -> list[tuple[str, date]]:
    """(band, effective from) for every agreed banding of this placement, oldest first (FEE-3)."""
    agreed = [(a.agreed_band, effective_from(a), a.pk) for a in placement.banding_assessments.all() if a.agreed_band]
    return [(band, day) for band, day, _ in sorted(agreed, key=lambda row: (row[1], row[2]))]


@dataclass(frozen=True)
class MoneyEffect:
    """What agreeing `band` from `starts_on` changes in what the household is paid (FEE-3, FEE-8)."""

    band: str
    starts_on: date
    back_pay: Decimal  # the difference for the days from starts_on to `until`, already lived
    until: date | None  # None: the band starts today or later, so nothing is owed back
    per_week: Decimal  # the difference for a week from then on
    problem: str = ""  # why it could not be worked out (no rate card for those dates)

    @property
    def text(self) -> str:
        if self.problem:
            return f"The money effect cannot be worked out: {self.problem}"
        label = RateCode(self.band).label if self.band in RateCode.values else self.band
        start = f"{self.starts_on.day} {self.starts_on:%B %Y}"
        parts = [f"{label} from {start}"]
        if self.until is not None:
            verb = "adds" if self.back_pay >= 0 else "takes off"
            window = f"{start} to {self.until.day} {self.until:%B %Y}"
            parts.append(f"{verb} {format_money(abs(self.back_pay))} for {window}, paid as an adjustment")
        change = "more" if self.per_week >= 0 else "less"
        parts.append(f"then {format_money(abs(self.per_week))} a week {change}")
        return ", ".join(parts) + " (FEE-3)."


def money_effect(placement: Placement, *, band: str, starts_on: date, on: date) -> MoneyEffect:
    """Price the placement with and without the band from `starts_on`, with the fee engine, and compare."""
    [facts] = facts_for(placements_for_pricing(Placement.objects.filter(pk=placement.pk)))
    banded = replace(facts, bands=(*facts.bands, fees.BandFact(band, starts_on, "this banding")))
    cards = engine_cards()

    def difference(start: date, end: date) -> Decimal:
        return fees.total(fees.price(banded, cards, start, end)) - fees.total(fees.price(facts, cards, start, end))

    until = on if starts_on < on else None
    try:
        back_pay = difference(starts_on, on) if until else Decimal("0.00")
        week_from = max(starts_on, on)
        per_week = difference(week_from, week_from + timedelta(days=6))
    except fees.FeeError as error:
        return MoneyEffect(band, starts_on, Decimal("0.00"), until, Decimal("0.00"), problem=str(error))
    return MoneyEffect(band, starts_on, back_pay, until, per_week)


def emergency_reassessment_due(placement: Placement, on: date) -> bool:
    """BAN-5: after 28 days of an emergency placement, reassess with a view to the right band."""
    days = SchemePolicy.current().initial_period_days
    return (
        placement.emergency
        and placement.is_current(on)
        and (on - placement.starts_on).days >= days
        and not any(a.agreed_band for a in placement.banding_assessments.all())
    )
