"""Payment schedules: lines for every placement, approval by someone else, adjustments and recoveries."""

from datetime import date
from decimal import Decimal

import pytest

from funding import banding, schedules
from funding.models import BandingTool, LineKind, PaymentLine, ScheduleStatus
from placements import services as placement_services
from sharedlives.errors import RuleViolation
from tests.placements.factories import started_placement

D = Decimal


def _levels(score_each):
    tool = BandingTool.objects.get(active=True)
    return {d.pk: d.levels.get(score=score_each).pk for d in tool.domains.all()}


def _approved(period_start, period_end, generated_by, approved_by):
    schedule = schedules.generate_schedule(period_start=period_start, period_end=period_end, by=generated_by)
    return schedules.approve_schedule(schedule, by=approved_by)


def test_schedule_prices_every_placement_with_initial_lines_on_invoice__FEE_2(cards, finance_admin):
    placement = started_placement(starts_on=date(2026, 5, 4))
    schedule = schedules.generate_schedule(
        period_start=date(2026, 5, 1), period_end=date(2026, 5, 31), by=finance_admin
    )
    lines = list(schedule.lines.filter(placement=placement))
    assert {line.element for line in lines} == {"care_and_support", "board_and_lodging", "rent"}
    assert all(line.paid_on_invoice for line in lines)
    assert schedule.total == sum(line.amount for line in lines) == D("1459.72") + D("204.00") + D("317.60")
    assert schedule.status == ScheduleStatus.DRAFT and schedule.progress_done == schedule.progress_total == 1
    assert lines[0].history.first().history_user == finance_admin


def test_generator_cannot_approve_and_approved_lines_are_locked__AUD_2(cards, finance_admin, manager):
    started_placement(starts_on=date(2026, 5, 4))
    schedule = schedules.generate_schedule(
        period_start=date(2026, 5, 1), period_end=date(2026, 5, 31), by=finance_admin
    )
    with pytest.raises(RuleViolation) as refused:
        schedules.approve_schedule(schedule, by=finance_admin)
    assert refused.value.rule == "AUD-2"
    approved = schedules.approve_schedule(schedule, by=manager)
    assert approved.is_locked
    with pytest.raises(RuleViolation):
        schedules.discard_draft(approved, by=manager)


def test_a_band_agreed_after_approval_is_an_adjustment_on_the_next_schedule__FEE_3(
    cards, finance_admin, manager, officer
):
    placement = started_placement(starts_on=date(2026, 5, 4))
    _approved(date(2026, 5, 1), date(2026, 5, 31), finance_admin, manager)
    june = _approved(date(2026, 6, 1), date(2026, 6, 30), finance_admin, manager)
    june_care = june.lines.get(placement=placement, element="care_and_support")
    assert june_care.rate_code == "initial"  # no band yet: the initial fee continues
    assessment = banding.submit_banding(
        placement=placement, review_date=date(2026, 6, 1), levels=_levels(0), proposed_band="band_1", by=officer
    )
    banding.decide_banding(assessment, by=manager, outcome="agreed")
    july = schedules.generate_schedule(period_start=date(2026, 7, 1), period_end=date(2026, 7, 31), by=finance_admin)
    adjustment = july.lines.get(kind=LineKind.ADJUSTMENT, element="care_and_support")
    # June at band 1 (£251.47 a week) instead of the initial fee (£364.93): 30 days' difference.
    # £251.47 × 30 ÷ 7 = £1,077.73 now, £364.93 × 30 ÷ 7 = £1,563.99 paid then: £486.26 back.
    assert adjustment.amount == D("-486.26") and adjustment.adjusts == june and "FEE-3" in adjustment.rules
    assert july.lines.get(kind="fee", element="care_and_support").rate_code == "band_1"
    # Generating August changes nothing more for June: the adjustment was made once.
    schedules.approve_schedule(july, by=manager)
    august = schedules.generate_schedule(period_start=date(2026, 8, 1), period_end=date(2026, 8, 31), by=finance_admin)
    assert not august.lines.filter(kind=LineKind.ADJUSTMENT).exists()


def test_backdated_award_recovered_in_full_and_carried_forward__HB_3(cards, finance_admin, manager):
    placement = started_placement(starts_on=date(2026, 5, 4))
    by = placement.created_by
    claim = placement_services.record_housing_benefit_application(
        placement=placement, applied_on=date(2026, 5, 4), by=by
    )
    notice = placement_services.give_notice(
        placement=placement, given_by="carer", reason="carer_at_once", given_on=date(2026, 6, 5), by=by
    )
    placement_services.record_move_out(
        notice=notice, moved_out_on=date(2026, 6, 5), belongings_removed_on=date(2026, 6, 5), by=by
    )
    _approved(date(2026, 5, 1), date(2026, 5, 31), finance_admin, manager)
    placement_services.confirm_housing_benefit_award(
        claim=claim, confirmed_on=date(2026, 7, 10), award_starts_on=date(2026, 5, 4), weekly_amount=D("79.40"), by=by
    )
    # The award now ends rent on 9 July; but the placement ended on 5 June, so rent paid 4 May to 5 June is recovered.
    july = schedules.generate_schedule(period_start=date(2026, 7, 1), period_end=date(2026, 7, 31), by=finance_admin)
    recovery = sum(line.amount for line in july.lines.filter(kind=LineKind.RECOVERY))
    # May's 28 days (4 to 31 May): £79.40 × 28 ÷ 7 = £317.60; June's 5 days: £79.40 × 5 ÷ 7 = £56.71.
    assert recovery == D("-374.31")
    carried = july.lines.get(kind=LineKind.CARRY_FORWARD)
    assert july.total == 0 and carried.amount == -recovery
    schedules.approve_schedule(july, by=manager)
    august = schedules.generate_schedule(period_start=date(2026, 8, 1), period_end=date(2026, 8, 31), by=finance_admin)
    assert august.lines.get(kind=LineKind.CARRIED_IN).amount == recovery


def test_a_period_without_a_published_card_fails_with_a_clear_error__FEE_1(cards, finance_admin):
    started_placement(starts_on=date(2026, 5, 4))
    with pytest.raises(RuleViolation) as refused:
        schedules.generate_schedule(period_start=date(2027, 4, 1), period_end=date(2027, 4, 30), by=finance_admin)
    assert refused.value.rule == "FEE-1"


def test_schedules_do_not_overlap(cards, finance_admin):
    schedules.generate_schedule(period_start=date(2026, 5, 1), period_end=date(2026, 5, 31), by=finance_admin)
    with pytest.raises(RuleViolation):
        schedules.generate_schedule(period_start=date(2026, 5, 15), period_end=date(2026, 6, 14), by=finance_admin)


def test_carers_invoice_checked_against_the_expected_amount__FEE_2(cards):
    placement = started_placement(starts_on=date(2026, 5, 4))
    expected = schedules.expected_invoice_amount(placement, date(2026, 5, 4), date(2026, 6, 30))
    assert expected == D("1459.72") + D("204.00") + D("317.60")  # only the first 28 days are invoiced
    assert PaymentLine.objects.count() == 0
