"""Referrals from received to matching: REF-1 … REF-8."""

from datetime import date

import pytest

from placements import services
from placements.models import ReferralStatus
from sharedlives.errors import RuleViolation
from tests.placements.factories import agreed_match, funded_referral, referral


def test_person_needs_a_unique_case_system_reference__REF_1(officer):
    services.create_person(
        by=officer,
        cdir_reference=" cdir123 ",
        first_name="A",
        last_name="B",
        date_of_birth=date(1990, 1, 1),
        primary_support_need="learning_disability",
    )
    with pytest.raises(RuleViolation) as refused:
        services.create_person(
            by=officer,
            cdir_reference="CDIR123",
            first_name="C",
            last_name="D",
            date_of_birth=date(1990, 1, 1),
            primary_support_need="learning_disability",
        )
    assert refused.value.rule == "REF-1" and refused.value.field == "cdir_reference"
    with pytest.raises(RuleViolation):
        services.create_person(
            by=officer,
            cdir_reference="  ",
            first_name="C",
            last_name="D",
            date_of_birth=date(1990, 1, 1),
            primary_support_need="learning_disability",
        )


def test_referral_types_and_emergency_flag__REF_3(db):
    for kind in ("live_in", "short_break", "day_support"):
        made = referral(kind=kind, emergency=kind == "live_in")
        assert made.status == ReferralStatus.RECEIVED
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        referral(kind="holiday")


def test_agreed_funding_opens_matching_and_is_recorded__REF_2(db):
    made = referral()
    services.send_to_funding_panel(made, by=made.referrals_officer)
    services.record_funding_decision(
        referral=made, panel="SPOG", decided_on=date(2026, 1, 9), outcome="deferred", by=made.referrals_officer
    )
    made.refresh_from_db()
    assert made.status == ReferralStatus.AWAITING_FUNDING and not made.has_agreed_funding
    decision = services.record_funding_decision(
        referral=made,
        panel="SPOG",
        decided_on=date(2026, 1, 16),
        outcome="agreed",
        notes="Band to follow",
        by=made.referrals_officer,
    )
    made.refresh_from_db()
    assert made.status == ReferralStatus.MATCHING and made.has_agreed_funding
    assert (decision.panel, decision.decided_on, decision.outcome) == ("SPOG", date(2026, 1, 16), "agreed")


def test_no_matching_without_agreed_funding__REF_2(db):
    from tests.carers.factories import approved_household

    made = referral()
    with pytest.raises(RuleViolation) as refused:
        services.propose_match(
            referral=made, household=approved_household(), proposed_on=date(2026, 1, 20), by=made.referrals_officer
        )
    assert refused.value.rule == "REF-2"


def test_panel_date_before_the_referral_is_refused__REF_2(db):
    made = referral(received_on=date(2026, 1, 5))
    with pytest.raises(RuleViolation):
        services.record_funding_decision(
            referral=made, panel="SPOG", decided_on=date(2026, 1, 1), outcome="agreed", by=made.referrals_officer
        )


def test_hand_over_is_recorded_with_its_date__REF_4(officer):
    made = funded_referral()
    services.hand_over(referral=made, officer=officer, on=date(2026, 1, 25), by=made.referrals_officer)
    made.refresh_from_db()
    assert (made.handed_over_to, made.handed_over_on) == (officer, date(2026, 1, 25))


def test_emergency_needs_a_management_discussion_before_matching__REF_5(manager, officer):
    from tests.carers.factories import approved_household

    made = referral(emergency=True)
    services.record_funding_decision(
        referral=made, panel="SPOG", decided_on=date(2026, 1, 6), outcome="agreed", by=made.referrals_officer
    )
    household = approved_household(emergency_approved=True, emergency_trained_on=date(2025, 1, 1))
    with pytest.raises(RuleViolation) as refused:
        services.propose_match(
            referral=made, household=household, proposed_on=date(2026, 1, 7), by=made.referrals_officer
        )
    assert refused.value.rule == "REF-5"
    with pytest.raises(RuleViolation, match="management team"):
        services.record_emergency_discussion(
            referral=made, manager=officer, discussed_on=date(2026, 1, 5), outcome="Go ahead", by=made.referrals_officer
        )
    services.record_emergency_discussion(
        referral=made,
        manager=manager,
        discussed_on=date(2026, 1, 5),
        outcome="Go ahead with an emergency carer",
        by=made.referrals_officer,
    )
    assert services.propose_match(
        referral=made, household=household, proposed_on=date(2026, 1, 7), by=made.referrals_officer
    )


def test_referral_records_documents_and_risk_review_date__REF_6(db):
    made = referral()
    services.update_referral(
        made,
        by=made.referrals_officer,
        assessment_received_on=date(2026, 1, 6),
        care_plan_received_on=date(2026, 1, 6),
        risk_assessment_received_on=date(2026, 1, 7),
        risk_review_due_on=date(2026, 7, 7),
    )
    made.refresh_from_db()
    assert made.risk_review_due_on == date(2026, 7, 7)
    with pytest.raises(RuleViolation) as refused:
        services.update_referral(referral(), by=made.referrals_officer, risk_review_due_on=date(2026, 7, 7))
    assert refused.value.rule == "REF-6"


def test_waiting_list_needs_a_still_needed_check_before_matching__REF_7(db):
    from tests.carers.factories import approved_household

    made = funded_referral()
    services.put_on_waiting_list(made, since=date(2026, 2, 1), by=made.referrals_officer)
    household = approved_household()
    with pytest.raises(RuleViolation) as refused:
        services.propose_match(
            referral=made, household=household, proposed_on=date(2026, 3, 1), by=made.referrals_officer
        )
    assert refused.value.rule == "REF-7"
    services.record_still_needed_check(
        referral=made,
        checked_on=date(2026, 3, 1),
        checked_with="Winchester ASC",
        still_needed=True,
        by=made.referrals_officer,
    )
    made.refresh_from_db()
    assert made.status == ReferralStatus.MATCHING
    services.propose_match(referral=made, household=household, proposed_on=date(2026, 3, 2), by=made.referrals_officer)


def test_no_longer_needed_closes_the_referral__REF_7(db):
    made = funded_referral()
    services.put_on_waiting_list(made, since=date(2026, 2, 1), by=made.referrals_officer)
    services.record_still_needed_check(
        referral=made,
        checked_on=date(2026, 3, 1),
        checked_with="Andover CMHT",
        still_needed=False,
        by=made.referrals_officer,
    )
    made.refresh_from_db()
    assert made.status == ReferralStatus.CLOSED and "Andover CMHT" in made.closed_reason


def test_more_than_three_day_service_days_need_a_targeted_need__REF_8(db):
    with pytest.raises(RuleViolation) as refused:
        referral(day_service_days_per_week=4)
    assert refused.value.rule == "REF-8" and refused.value.field == "targeted_need"
    assert referral(day_service_days_per_week=4, targeted_need="Specialist epilepsy day centre").pk
    assert referral(day_service_days_per_week=3).pk


def test_person_timeline_shows_every_step(db):
    from placements.queries import person_timeline

    match = agreed_match()
    events = [e.what for e in person_timeline(match.referral.person)]
    assert "Live-in referral received" in events and "Funding panel: agreed" in events
    assert any(e.startswith("Match proposed") for e in events)


def test_hand_over_is_to_the_officer_the_chosen_household_is_allocated_to__REF_4(officer, second_officer):
    """REF-4: the hand-over goes to the officer the chosen carer is allocated to, so they are the placement's
    officer. A referrals officer choosing another is refused: re-allocating the household is management's (CAR-3)."""
    from tests.carers.factories import approved_household
    from tests.placements.factories import started_placement

    placement = started_placement(household=approved_household(officer=officer, name="The O'Neill family"))
    referral = placement.referral
    with pytest.raises(RuleViolation) as refused:
        services.hand_over(
            referral=referral, officer=second_officer, on=date(2026, 2, 3), by=referral.referrals_officer
        )
    assert (refused.value.rule, refused.value.field) == ("REF-4", "officer")
    assert "The O'Neill family is allocated to Olivia Hughes" in refused.value.message
    services.hand_over(referral=referral, officer=officer, on=date(2026, 2, 3), by=referral.referrals_officer)
    referral.refresh_from_db()
    assert referral.handed_over_to == officer == placement.household.allocated_officer


def test_a_manager_handing_over_to_another_officer_reallocates_the_household__REF_4(officer, second_officer, manager):
    """REF-4, CAR-3: a manager may hand over to another officer; the household (the placed one, or during
    introductions the agreed match's) is re-allocated to them, in its history."""
    from tests.carers.factories import approved_household

    match = agreed_match(household=approved_household(officer=officer))
    services.hand_over(referral=match.referral, officer=second_officer, on=date(2026, 1, 22), by=manager)
    match.household.refresh_from_db()
    assert match.household.allocated_officer == second_officer
    assert match.household.history.first().history_change_reason == "household.reallocated"


def test_hand_over_is_to_a_shared_lives_officer__REF_4(manager):
    made = funded_referral()
    with pytest.raises(RuleViolation) as refused:
        services.hand_over(
            referral=made, officer=made.referrals_officer, on=date(2026, 1, 25), by=made.referrals_officer
        )
    assert (refused.value.rule, refused.value.field) == ("REF-4", "officer")
