"""Banding: completed at the review, submitted, decided by someone else (BAN-1 … BAN-5, AUD-2)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from funding import banding
from funding.example_card import publish_example_cards
from funding.facts import facts_for, placements_for_pricing
from funding.fees import BandFact
from funding.models import BandingTool
from funding.queries import pending_bandings
from funding.schedules import placement_fee_lines
from placements.models import Placement
from sharedlives.errors import RuleViolation
from tests.factories import UserFactory
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
    [facts] = facts_for(placements_for_pricing(Placement.objects.filter(pk=placement.pk)))  # what the fee engine reads
    assert facts.bands == (BandFact("band_3", date(2026, 3, 2), "the 28-day review"),)


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


# Re-banding: from its own date, with its money effect shown (FEE-3, FEE-8) ----------------------------------


@pytest.fixture
def banded(officer, manager):
    """A live-in placement from Monday 6 April 2026 with Band 2 agreed at its 28-day review on 4 May 2026."""
    publish_example_cards(drafted_by=UserFactory(), published_by=UserFactory())
    placement = started_placement(starts_on=date(2026, 4, 6))
    first = banding.submit_banding(
        placement=placement, review_date=date(2026, 5, 4), levels=_levels(1), proposed_band="band_2", by=officer
    )
    banding.decide_banding(first, by=manager, outcome="agreed")
    return placement


def _rebanding(placement, officer, on):
    return banding.submit_banding(
        placement=placement,
        review_date=on,
        levels=_levels(2),
        proposed_band="band_3",
        purpose="change_of_needs",
        by=officer,
    )


def test_a_rebanding_dated_by_the_old_review_is_refused__FEE_3(banded, officer):
    """The change-of-needs banding that pre-filled the 28-day review date would have paid months of back-pay."""
    with pytest.raises(RuleViolation) as refused:
        _rebanding(banded, officer, date(2026, 5, 4))
    assert refused.value.rule == "FEE-3" and refused.value.field == "review_date"
    assert "after 4 May 2026 when the current band started" in refused.value.message


def test_the_money_effect_of_a_rebanding_is_worked_out_by_the_fee_engine__FEE_3(banded):
    # 2026/27 example card, care and support a week: Band 2 £308.20, Band 3 £364.93 (board and rent are the same
    # in every band), so Band 3 adds £56.73 a week. 7 to 20 September is two weeks: £113.46.
    effect = banding.money_effect(banded, band="band_3", starts_on=date(2026, 9, 7), on=date(2026, 9, 20))
    assert effect.back_pay == Decimal("113.46") and effect.per_week == Decimal("56.73")
    assert effect.text == (
        "Band 3 from 7 September 2026, adds £113.46 for 7 September 2026 to 20 September 2026, paid as an "
        "adjustment, then £56.73 a week more (FEE-3)."
    )
    future = banding.money_effect(banded, band="band_1", starts_on=date(2026, 9, 21), on=date(2026, 9, 20))
    # Band 1 care and support is £242.97 × 1.035 = £251.47 a week: £56.73 less than Band 2's £308.20.
    assert future.until is None and future.per_week == Decimal("-56.73")
    assert future.text == "Band 1 from 21 September 2026, then £56.73 a week less (FEE-3)."


def test_an_agreed_rebanding_pays_from_its_own_assessment_date__FEE_3(banded, officer, manager):
    decided = banding.decide_banding(_rebanding(banded, officer, date(2026, 9, 7)), by=manager, outcome="agreed")
    assert decided.effective_from == date(2026, 9, 7)
    assert decided.history.count() == 2  # submitted, decided: one history row for the decision
    care = [
        line
        for line in placement_fee_lines(banded, date(2026, 9, 1), date(2026, 9, 30))
        if line.element == "care_and_support"
    ]
    # Band 2 for 1-6 September: £308.20 × 6 ÷ 7 = £264.17; Band 3 for 7-30 September: £364.93 × 24 ÷ 7 = £1,251.19.
    assert [(line.start, line.end, line.amount) for line in care] == [
        (date(2026, 9, 1), date(2026, 9, 6), Decimal("264.17")),
        (date(2026, 9, 7), date(2026, 9, 30), Decimal("1251.19")),
    ]
    assert "Band from the change-of-needs assessment on 7 Sep 2026 (FEE-3)" in care[1].explanation


def test_the_management_team_may_set_another_start_with_a_reason__FEE_3(banded, officer, manager):
    assessment = _rebanding(banded, officer, date(2026, 9, 7))
    with pytest.raises(RuleViolation) as no_reason:
        banding.decide_banding(assessment, by=manager, outcome="agreed", effective_from=date(2026, 9, 1))
    assert no_reason.value.field == "effective_reason"
    decided = banding.decide_banding(
        assessment,
        by=manager,
        outcome="agreed",
        effective_from=date(2026, 9, 1),
        effective_reason="Needs rose from the start of the month",
    )
    assert decided.effective_from == date(2026, 9, 1)
    care = [
        line
        for line in placement_fee_lines(banded, date(2026, 9, 1), date(2026, 9, 30))
        if line.element == "care_and_support"
    ]
    # Band 3 for all of September: £364.93 × 30 ÷ 7 = £1,563.99.
    assert [(line.start, line.amount) for line in care] == [(date(2026, 9, 1), Decimal("1563.99"))]
    assert "Needs rose from the start of the month" in care[0].explanation


def test_the_first_band_always_starts_on_the_28_day_review__FEE_3(officer, manager):
    placement = started_placement(starts_on=date(2026, 2, 2))
    assessment = banding.submit_banding(
        placement=placement, review_date=date(2026, 3, 2), levels=_levels(1), proposed_band="band_2", by=officer
    )
    with pytest.raises(RuleViolation) as refused:
        banding.decide_banding(
            assessment, by=manager, outcome="agreed", effective_from=date(2026, 2, 2), effective_reason="x"
        )
    assert refused.value.rule == "FEE-3" and refused.value.field == "effective_from"


def test_a_banding_submitted_at_half_past_midnight_in_summer_is_due_from_that_day__BAN_3(officer, manager):
    """23:30 UTC on 1 July is 00:30 BST on Thursday 2 July: five working days from 2 July is Thursday 9 July.
    Taking the UTC date (1 July) would make it due a working day early, on 8 July."""
    assessment = banding.submit_banding(
        placement=started_placement(starts_on=date(2026, 5, 4)),
        review_date=date(2026, 6, 1),
        levels=_levels(1),
        proposed_band="band_2",
        by=officer,
    )
    assessment.submitted_at = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)
    assessment.save()
    [pending] = pending_bandings(manager)
    assert pending.due == date(2026, 7, 9)


def test_an_agreed_band_raises_its_provision_variation_marked_sent_with_ban_4__PLA_1(officer, manager):
    """PLA-1: a band change is a provision variation to Brokerage, to be sent; recording BAN-4's variation sent
    on the banding page marks the request sent (one record, no second due item)."""
    placement = started_placement()
    assessment = banding.submit_banding(
        placement=placement, review_date=date(2026, 3, 2), levels=_levels(1), proposed_band="band_2", by=officer
    )
    assert not placement.provision_requests.filter(cause="band_change").exists()  # not until it is agreed
    banding.decide_banding(assessment, by=manager, outcome="agreed")
    [variation] = placement.provision_requests.filter(cause="band_change")
    assert (variation.kind, variation.effective_from, variation.sent) == ("variation", date(2026, 3, 2), False)
    assert variation.reason == "Band 2 agreed from 2 March 2026"  # RateCode("band_2").label, the review date
    today = assessment.submitted_at.date()
    banding.record_band_sent(assessment, sent_to_area_team_on=today, by=officer)
    banding.record_band_sent(assessment, provision_variation_on=today, by=officer)
    variation.refresh_from_db()
    assert variation.submitted_on == today


def test_a_band_variation_is_recorded_sent_on_the_banding_not_twice__BAN_4(officer, manager):
    """BAN-4: one place records the agreed band's variation sent, so its due item and the request agree."""
    from placements import services as placement_services

    placement = started_placement()
    assessment = banding.submit_banding(
        placement=placement, review_date=date(2026, 3, 2), levels=_levels(1), proposed_band="band_2", by=officer
    )
    banding.decide_banding(assessment, by=manager, outcome="agreed")
    variation = placement.provision_requests.get(cause="band_change")
    with pytest.raises(RuleViolation) as refused:
        placement_services.record_provision_sent(variation, sent_on=assessment.submitted_at.date(), by=officer)
    assert refused.value.rule == "BAN-4"
