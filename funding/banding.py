"""The banding tool and its decision (BAN-1 … BAN-5, FEE-3, PLA-5, PLA-6, AUD-2)."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from funding.models import (
    BAND_CODES,
    BandingAnswer,
    BandingAssessment,
    BandingPurpose,
    BandingTool,
    RateCode,
)
from placements.models import ArrangementKind, Placement
from sharedlives.approvals import decide
from sharedlives.errors import RuleViolation
from sharedlives.models import ApprovalOutcome
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
        submitted_by=by,
        submitted_at=timezone.now(),
    )
    assessment._change_reason = "banding.submitted"
    assessment._history_user = by
    assessment.full_clean()
    assessment.save()
    for domain, level in answers:
        answer = BandingAnswer(assessment=assessment, domain=domain, level=level)
        answer._history_user = by
        answer.save()
    if purpose == BandingPurpose.INITIAL_REVIEW and placement.initial_review_on is None:
        from placements.services import record_initial_review_date

        record_initial_review_date(placement, held_on=review_date, by=by)
    return assessment


@transaction.atomic
def decide_banding(
    assessment: BandingAssessment, *, by, outcome: str, band: str = "", reason: str = ""
) -> BandingAssessment:
    """BAN-3: the management team agrees, changes (with a reason) or returns it; never the submitter (AUD-2)."""
    if outcome == ApprovalOutcome.CHANGED:
        if band not in BAND_CODES:
            raise RuleViolation("BAN-3", "Choose the band you agree instead.", field="band")
        if band == assessment.proposed_band:
            raise RuleViolation("BAN-3", "That is the proposed band: agree it instead.", field="band")
    if outcome not in (ApprovalOutcome.AGREED, ApprovalOutcome.CHANGED, ApprovalOutcome.RETURNED):
        raise RuleViolation("BAN-3", "Agree, change or return the banding.", field="outcome")
    decided = decide(assessment, by=by, outcome=outcome, reason=reason)
    if outcome in (ApprovalOutcome.AGREED, ApprovalOutcome.CHANGED):
        decided.decided_band = band if outcome == ApprovalOutcome.CHANGED else decided.proposed_band
        decided._change_reason = f"banding.{outcome}"
        decided._history_user = by
        decided.save()
    return decided


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
        if sent_to_area_team_on < assessment.decided_at.date():
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
    assessment._change_reason = "banding.sent_on"
    assessment._history_user = by
    assessment.save()
    return assessment


def agreed_bands(placement: Placement) -> list[tuple[str, date]]:
    """(band, effective from) for every agreed banding of this placement, oldest first (FEE-3)."""
    return [
        (a.agreed_band, a.review_date)
        for a in sorted(placement.banding_assessments.all(), key=lambda a: (a.review_date, a.pk))
        if a.agreed_band
    ]


@dataclass(frozen=True)
class BandingDue:
    placement_id: int
    due: date
    rule: str
    what: str


def emergency_reassessment_due(placement: Placement, on: date) -> bool:
    """BAN-5: after 28 days of an emergency placement, reassess with a view to the right band."""
    from sharedlives.models import SchemePolicy

    days = SchemePolicy.current().initial_period_days
    return (
        placement.emergency
        and placement.is_current(on)
        and (on - placement.starts_on).days >= days
        and not any(a.agreed_band for a in placement.banding_assessments.all())
    )
