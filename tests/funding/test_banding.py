"""Banding: completed at the review, submitted, decided by someone else (BAN-1 … BAN-5, AUD-2)."""

from datetime import date

import pytest

from funding import banding
from funding.models import BandingTool
from sharedlives.errors import RuleViolation
from tests.placements.factories import started_placement


def _levels(score_each: int) -> dict[int, int]:
    tool = BandingTool.objects.get(active=True)
    return {d.pk: d.levels.get(score=score_each).pk for d in tool.domains.all()}


def test_tool_suggests_a_band_from_the_scores__BAN_1(db):
    tool = BandingTool.objects.get(active=True)
    assert [banding.suggested_band(tool, s) for s in (0, 7, 13, 19, 24)] == [
        "band_1",
        "band_2",
        "band_3",
        "band_4",
        "band_4",
    ]


def test_officer_submits_at_the_review_which_sets_the_review_date__BAN_1(officer):
    placement = started_placement(starts_on=date(2026, 2, 2))
    assessment = banding.submit_banding(
        placement=placement, review_date=date(2026, 3, 2), levels=_levels(1), proposed_band="band_2", by=officer
    )
    placement.refresh_from_db()
    assert assessment.total_score == 8 and assessment.suggested_band == "band_2" and assessment.is_pending
    assert placement.initial_review_on == date(2026, 3, 2)


def test_a_different_band_needs_a_reason__BAN_1(officer):
    placement = started_placement()
    with pytest.raises(RuleViolation) as refused:
        banding.submit_banding(
            placement=placement, review_date=date(2026, 3, 2), levels=_levels(1), proposed_band="band_3", by=officer
        )
    assert refused.value.field == "proposal_reason"
    banding.submit_banding(
        placement=placement,
        review_date=date(2026, 3, 2),
        levels=_levels(1),
        proposed_band="band_3",
        proposal_reason="Night-time needs understated by the tool",
        by=officer,
    )


def test_every_domain_needs_a_level__BAN_1(officer):
    levels = _levels(1)
    levels.pop(next(iter(levels)))
    with pytest.raises(RuleViolation):
        banding.submit_banding(
            placement=started_placement(),
            review_date=date(2026, 3, 2),
            levels=levels,
            proposed_band="band_2",
            by=officer,
        )


def test_submission_due_three_working_days_after_the_review__BAN_2():
    assert banding.submission_due(date(2026, 4, 2)) == date(2026, 4, 9)  # Easter in between
    assert banding.submission_due(date(2026, 11, 23)) == date(2026, 11, 26)


def test_decision_due_five_working_days_after_submission__BAN_3():
    # 22, 23, 24 Dec; Christmas Day, the weekend and the Boxing Day substitute (28th) skipped; 29, 30 Dec.
    assert banding.decision_due(date(2026, 12, 21)) == date(2026, 12, 30)


def test_submitter_cannot_decide_their_own_banding__AUD_2(manager):
    assessment = banding.submit_banding(
        placement=started_placement(),
        review_date=date(2026, 3, 2),
        levels=_levels(1),
        proposed_band="band_2",
        by=manager,
    )
    with pytest.raises(RuleViolation) as refused:
        banding.decide_banding(assessment, by=manager, outcome="agreed")
    assert refused.value.rule == "AUD-2"


def test_management_agrees_changes_or_returns__BAN_3(officer, manager):
    placement = started_placement()
    assessment = banding.submit_banding(
        placement=placement, review_date=date(2026, 3, 2), levels=_levels(1), proposed_band="band_2", by=officer
    )
    with pytest.raises(RuleViolation):
        banding.decide_banding(assessment, by=manager, outcome="changed", band="band_3")  # no reason
    decided = banding.decide_banding(assessment, by=manager, outcome="changed", band="band_3", reason="Night support")
    assert decided.agreed_band == "band_3" and decided.decided_by == manager
    assert banding.agreed_bands(placement) == [("band_3", date(2026, 3, 2))]


def test_agreed_band_goes_to_the_area_team_then_brokerage__BAN_4(officer, manager):
    assessment = banding.submit_banding(
        placement=started_placement(),
        review_date=date(2026, 3, 2),
        levels=_levels(1),
        proposed_band="band_2",
        by=officer,
    )
    with pytest.raises(RuleViolation):
        banding.record_band_sent(assessment, sent_to_area_team_on=date(2026, 3, 5), by=officer)
    banding.decide_banding(assessment, by=manager, outcome="agreed")
    today = assessment.submitted_at.date()
    with pytest.raises(RuleViolation):
        banding.record_band_sent(assessment, provision_variation_on=today, by=officer)
    sent = banding.record_band_sent(assessment, sent_to_area_team_on=today, by=officer)
    sent = banding.record_band_sent(sent, provision_variation_on=today, by=officer)
    assert sent.provision_variation_on == today


def test_emergency_placement_prompts_reassessment_after_28_days__BAN_5(db):
    placement = started_placement(starts_on=date(2026, 2, 2), emergency=True)
    assert not banding.emergency_reassessment_due(placement, date(2026, 3, 1))  # day 28
    assert banding.emergency_reassessment_due(placement, date(2026, 3, 2))  # day 29
