"""Starting, moving and ending placements; the facts the fee engine needs (PLA, END, HB, FEE-2, FEE-4)."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from carers.models import CarerHousehold
from placements import services
from placements.models import EndingReason, Placement, ProvisionKind, ReferralStatus
from sharedlives.approvals import decide
from sharedlives.errors import RuleViolation
from tests.carers.factories import approved_household
from tests.placements.factories import agreed_match, referral, started_placement


def test_no_placement_without_agreed_funding__REF_2(db):
    made = referral()
    household = approved_household()
    from placements.models import Match

    match = Match.objects.create(referral=made, household=household, proposed_on=date(2026, 1, 20),
                                 proposed_by=made.referrals_officer, person_agreed_on=date(2026, 1, 20),
                                 person_agreed_by="x", carer_agreed_on=date(2026, 1, 20), status="agreed")
    with pytest.raises(RuleViolation) as refused:
        services.start_placement(referral=made, match=match, starts_on=date(2026, 2, 1), by=made.referrals_officer)
    assert refused.value.rule == "REF-2"


def test_start_sets_the_facts_and_places_the_referral__FEE_2(db):
    placement = started_placement(known=True)
    assert placement.new_to_shared_lives and placement.person_known_to_carer
    assert placement.referral.status == ReferralStatus.PLACED
    assert placement.referral.handed_over_to == placement.household.allocated_officer  # REF-4 on the start date
    assert placement.history.first().history_change_reason == "placement.started"


def test_a_person_placed_before_is_not_new_to_shared_lives__FEE_2(db):
    first = started_placement(starts_on=date(2026, 2, 2))
    person = first.person
    services.give_notice(placement=first, given_by="person", reason="person_chooses", given_on=date(2026, 4, 1), by=first.created_by)
    services.record_move_out(notice=first.notice, moved_out_on=date(2026, 5, 1), by=first.created_by)
    second = started_placement(starts_on=date(2026, 6, 1), person=person)
    assert not second.new_to_shared_lives


def test_emergency_rate_fact_person_known_to_carer__FEE_4(db):
    placement = started_placement(emergency=True, known=False)
    assert placement.emergency and not placement.person_known_to_carer


def test_an_unapproved_household_cannot_take_a_placement__CAR_2(db):
    match = agreed_match()
    household = match.household
    from carers import services as carer_services

    carer_services.put_on_hold(household, by=match.referral.referrals_officer)
    with pytest.raises(RuleViolation) as refused:
        services.start_placement(referral=match.referral, match=match, starts_on=date(2026, 2, 2), by=match.referral.referrals_officer)
    assert refused.value.rule == "CAR-2"


def test_a_full_household_takes_no_more__CAR_1(db):
    household = approved_household(approved_places=1)
    started_placement(household=household)
    match = agreed_match(household=household)
    with pytest.raises(RuleViolation) as refused:
        services.start_placement(referral=match.referral, match=match, starts_on=date(2026, 3, 1), by=match.referral.referrals_officer)
    assert refused.value.rule == "CAR-1"


def test_one_live_in_placement_at_a_time_for_a_person(db):
    first = started_placement(starts_on=date(2026, 2, 2))
    match = agreed_match(person=first.person)
    with pytest.raises(RuleViolation, match="already lives with"):
        services.start_placement(referral=match.referral, match=match, starts_on=date(2026, 3, 1), by=match.referral.referrals_officer)


def test_the_database_also_refuses_overlapping_live_in(db):
    from django.db import IntegrityError, transaction

    first = started_placement(starts_on=date(2026, 2, 2))
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(person=first.person, household=approved_household(), referral=first.referral,
                                 kind="live_in", starts_on=date(2026, 3, 1), created_by=first.created_by)


@pytest.mark.django_db(transaction=True)
def test_two_officers_starting_placements_into_the_last_place_at_once__CAR_1():
    household = approved_household(approved_places=1)
    matches = [agreed_match(household=household) for _ in range(2)]
    outcomes = []
    barrier = threading.Barrier(2)

    def attempt(match):
        try:
            barrier.wait()
            services.start_placement(referral=match.referral, match=match, starts_on=date(2026, 3, 2),
                                     by=match.referral.referrals_officer)
            outcomes.append("started")
        except RuleViolation as refusal:
            outcomes.append(refusal.rule)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(m,)) for m in matches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["CAR-1", "started"]
    assert Placement.objects.filter(household=household).count() == 1
    assert CarerHousehold.objects.get(pk=household.pk).status == "approved"


def test_move_because_the_carer_left_keeps_not_new__PLA_5(db):
    first = started_placement(starts_on=date(2026, 2, 2))
    match = agreed_match(referral=None, person=first.person)
    moved = services.start_placement(referral=match.referral, match=match, starts_on=date(2026, 6, 1),
                                     moved_from=first, move_reason="carer_left", by=first.created_by)
    first.refresh_from_db()
    assert first.ends_on == date(2026, 5, 31) and first.ending_reason == EndingReason.INTERNAL_MOVE
    assert not moved.new_to_shared_lives and moved.moved_from == first and moved.move_reason == "carer_left"


def test_move_for_increased_needs_is_recorded_for_a_new_banding__PLA_6(db):
    first = started_placement(starts_on=date(2026, 2, 2))
    match = agreed_match(person=first.person)
    moved = services.start_placement(referral=match.referral, match=match, starts_on=date(2026, 6, 1),
                                     moved_from=first, move_reason="needs_increased", by=first.created_by)
    assert moved.move_reason == "needs_increased" and not moved.new_to_shared_lives


def test_moving_day_checklist_and_housing_benefit_application__PLA_3(db):
    placement = started_placement()
    assert not placement.checklist_complete
    services.record_moving_day(placement, by=placement.created_by, placement_agreement_signed_on=date(2026, 2, 2),
                               licence_agreement_signed_on=date(2026, 2, 2), housing_benefit_applied_on=date(2026, 2, 2),
                               all_about_me_shared_on=date(2026, 2, 3), case_note_flagged_on=date(2026, 2, 3))
    placement.refresh_from_db()
    assert placement.checklist_complete
    assert placement.housing_benefit_claims.get().applied_on == date(2026, 2, 2)


def test_housing_benefit_application_on_moving_day__HB_1(db):
    placement = started_placement()
    claim = services.record_housing_benefit_application(placement=placement, applied_on=date(2026, 2, 2), by=placement.created_by)
    placement.refresh_from_db()
    assert claim.outstanding and placement.housing_benefit_applied_on == date(2026, 2, 2)
    with pytest.raises(RuleViolation):
        services.record_housing_benefit_application(placement=placement, applied_on=date(2026, 2, 3), by=placement.created_by)


def test_confirmed_award_makes_a_provision_variation__HB_2(db):
    placement = started_placement()
    claim = services.record_housing_benefit_application(placement=placement, applied_on=date(2026, 2, 2), by=placement.created_by)
    services.confirm_housing_benefit_award(claim=claim, confirmed_on=date(2026, 3, 16), award_starts_on=date(2026, 3, 16),
                                           weekly_amount=Decimal("79.40"), by=placement.created_by)
    claim.refresh_from_db()
    assert claim.provision_variation.kind == ProvisionKind.VARIATION
    assert "remove the housing payment" in claim.provision_variation.reason
    assert not claim.backdated and not claim.outstanding


def test_backdated_award_is_flagged_for_recovery__HB_3(db):
    placement = started_placement()
    claim = services.record_housing_benefit_application(placement=placement, applied_on=date(2026, 2, 2), by=placement.created_by)
    services.confirm_housing_benefit_award(claim=claim, confirmed_on=date(2026, 4, 20), award_starts_on=date(2026, 2, 2),
                                           weekly_amount=Decimal("79.40"), by=placement.created_by)
    claim.refresh_from_db()
    assert claim.backdated and claim.history.first().history_change_reason == "hb.awarded_backdated"


def test_outstanding_applications_with_days_waiting__HB_4(db):
    from placements.queries import outstanding_housing_benefit

    placement = started_placement()
    services.record_housing_benefit_application(placement=placement, applied_on=date(2026, 2, 2), by=placement.created_by)
    [claim] = outstanding_housing_benefit(date(2026, 3, 4))
    assert claim.days_waiting == 30


def test_provision_request_anomaly_discussed_with_management_first__PLA_2(manager):
    placement = started_placement()
    with pytest.raises(RuleViolation) as refused:
        services.submit_provision_request(placement=placement, kind="new", reason="Start", effective_from=date(2026, 2, 2),
                                          submitted_on=date(2026, 1, 30), anomaly="Self-funds accommodation",
                                          by=placement.created_by)
    assert refused.value.rule == "PLA-2"
    request = services.submit_provision_request(
        placement=placement, kind="new", reason="Start", effective_from=date(2026, 2, 2), submitted_on=date(2026, 1, 30),
        anomaly="Self-funds accommodation", anomaly_discussed_with=manager, anomaly_discussed_on=date(2026, 1, 29),
        by=placement.created_by,
    )
    assert request.anomaly_discussed_with == manager


def test_provision_requests_are_logged_and_authorised_by_someone_else__PLA_1(manager):
    placement = started_placement()
    request = services.submit_provision_request(placement=placement, kind="new", reason="Placement start",
                                                effective_from=date(2026, 2, 2), submitted_on=date(2026, 1, 30),
                                                by=placement.created_by)
    with pytest.raises(RuleViolation):
        services.authorise_provision_request(request, by=placement.created_by, on=date(2026, 1, 31))
    services.authorise_provision_request(request, by=manager, on=date(2026, 1, 31))
    request.refresh_from_db()
    assert request.authorised_by == manager


def test_each_stay_has_a_provision_request__RES_2(db):
    match = agreed_match(kind="short_break")
    placement = services.start_placement(referral=match.referral, match=match, starts_on=date(2026, 4, 20),
                                         respite_allocation_nights=28, by=match.referral.referrals_officer)
    stay = services.add_stay(placement=placement, starts_on=date(2026, 5, 1), ends_on=date(2026, 5, 4), by=placement.created_by)
    assert stay.nights == 3 and stay.provision_request.kind == ProvisionKind.NEW


def test_day_support_in_blocks_with_people_together__FEE_6(db):
    match = agreed_match(kind="day_support")
    placement = services.start_placement(referral=match.referral, match=match, starts_on=date(2026, 4, 20),
                                         by=match.referral.referrals_officer)
    session = services.add_day_session(placement=placement, on=date(2026, 4, 21), block="six_hours",
                                       people_supported_together=2, by=placement.created_by)
    assert session.get_block_display() == "Six hours"
    with pytest.raises(RuleViolation):
        services.add_day_session(placement=placement, on=date(2026, 4, 21), block="half_day", by=placement.created_by)


# Notice and endings (the facts; the money is the fee engine's).


def test_person_leaving_inside_28_days_runs_to_day_28__END_1(db):
    placement = started_placement(starts_on=date(2026, 2, 2))
    notice = services.give_notice(placement=placement, given_by="person", reason="person_chooses",
                                  given_on=date(2026, 2, 10), by=placement.created_by)
    assert notice.within_initial_period and notice.notice_ends_on == date(2026, 3, 1)


def test_carer_ending_at_once_ends_that_day__END_5(db):
    placement = started_placement(starts_on=date(2026, 2, 2))
    notice = services.give_notice(placement=placement, given_by="carer", reason="carer_at_once",
                                  given_on=date(2026, 2, 10), by=placement.created_by)
    assert notice.notice_ends_on == date(2026, 2, 10)
    services.record_move_out(notice=notice, moved_out_on=date(2026, 2, 10), by=placement.created_by)
    placement.refresh_from_db()
    assert placement.ends_on == date(2026, 2, 10) and placement.ending_reason == EndingReason.CARER_ENDED_AT_ONCE


def test_eight_weeks_notice_after_the_initial_period__END_2(db):
    placement = started_placement(starts_on=date(2026, 2, 2))
    notice = services.give_notice(placement=placement, given_by="person", reason="person_chooses",
                                  given_on=date(2026, 6, 1), by=placement.created_by)
    assert not notice.within_initial_period and notice.notice_ends_on == date(2026, 7, 27)


def test_notice_period_is_policy__END_2(db):
    from sharedlives.models import SchemePolicy

    policy = SchemePolicy.current()
    policy.notice_weeks_after_initial_period = 4  # Coventry: 28 days
    policy.save()
    placement = started_placement(starts_on=date(2026, 2, 2))
    notice = services.give_notice(placement=placement, given_by="person", reason="person_chooses",
                                  given_on=date(2026, 6, 1), by=placement.created_by)
    assert notice.notice_ends_on == date(2026, 6, 29)


def test_moved_out_before_notice_given_is_refused__END_2(db):
    placement = started_placement(starts_on=date(2026, 2, 2))
    notice = services.give_notice(placement=placement, given_by="person", reason="person_chooses",
                                  given_on=date(2026, 6, 1), by=placement.created_by)
    with pytest.raises(RuleViolation) as refused:
        services.record_move_out(notice=notice, moved_out_on=date(2026, 5, 30), by=placement.created_by)
    assert refused.value.field == "moved_out_on"


def test_alternative_found_only_for_a_change_of_needs_notice__END_3(db):
    placement = started_placement(starts_on=date(2026, 2, 2))
    notice = services.give_notice(placement=placement, given_by="carer", reason="change_of_needs",
                                  given_on=date(2026, 6, 1), by=placement.created_by)
    services.record_move_out(notice=notice, moved_out_on=date(2026, 6, 20), alternative_found=True, by=placement.created_by)
    notice.refresh_from_db()
    assert notice.alternative_found and notice.moved_out_on < notice.notice_ends_on


def test_person_staying_through_the_carers_notice__END_4(db):
    placement = started_placement(starts_on=date(2026, 2, 2))
    notice = services.give_notice(placement=placement, given_by="carer", reason="carer_other",
                                  given_on=date(2026, 6, 1), by=placement.created_by)
    services.record_move_out(notice=notice, moved_out_on=notice.notice_ends_on, by=placement.created_by)
    placement.refresh_from_db()
    assert placement.ends_on == notice.notice_ends_on and placement.ending_reason == EndingReason.CARER_NOTICE


def test_belongings_removed_after_the_move__END_6(db):
    placement = started_placement(starts_on=date(2026, 2, 2))
    notice = services.give_notice(placement=placement, given_by="person", reason="person_chooses",
                                  given_on=date(2026, 6, 1), by=placement.created_by)
    with pytest.raises(RuleViolation):
        services.record_move_out(notice=notice, moved_out_on=date(2026, 7, 1), belongings_removed_on=date(2026, 6, 30),
                                 by=placement.created_by)
    services.record_move_out(notice=notice, moved_out_on=date(2026, 7, 1), by=placement.created_by)
    services.record_belongings_removed(notice=notice, removed_on=date(2026, 7, 8), by=placement.created_by)
    notice.refresh_from_db()
    assert notice.belongings_removed_on == date(2026, 7, 8)


def test_carer_unable_to_care_needs_the_rent_decision__END_7(db):
    placement = started_placement(starts_on=date(2026, 2, 2))
    notice = services.give_notice(placement=placement, given_by="carer", reason="carer_unable",
                                  given_on=date(2026, 6, 1), by=placement.created_by)
    with pytest.raises(RuleViolation) as refused:
        services.record_move_out(notice=notice, moved_out_on=date(2026, 6, 1), by=placement.created_by)
    assert refused.value.field == "rent_decision"
    services.record_move_out(notice=notice, moved_out_on=date(2026, 6, 1), rent_decision="Pay rent to 30 June",
                             by=placement.created_by)


def test_exceptional_ending_admin_payment_needs_agreement__END_8(manager):
    placement = started_placement(starts_on=date(2026, 2, 2))
    notice = services.give_notice(placement=placement, given_by="carer", reason="exceptional", exceptional_ending="died",
                                  given_on=date(2026, 6, 1), by=placement.created_by)
    services.record_move_out(notice=notice, moved_out_on=date(2026, 6, 1), by=placement.created_by)
    request = services.request_admin_payment(notice=notice, reason="Funeral arrangements and belongings", by=placement.created_by)
    decided = decide(request, by=manager, outcome="agreed")
    placement.refresh_from_db()
    assert placement.ending_reason == EndingReason.DIED and decided.outcome == "agreed"


def test_notice_only_once_and_not_before_the_start(db):
    placement = started_placement(starts_on=date(2026, 2, 2))
    with pytest.raises(RuleViolation):
        services.give_notice(placement=placement, given_by="person", reason="person_chooses", given_on=date(2026, 1, 1),
                             by=placement.created_by)
    services.give_notice(placement=placement, given_by="person", reason="person_chooses", given_on=date(2026, 6, 1),
                         by=placement.created_by)
    with pytest.raises(RuleViolation):
        services.give_notice(placement=placement, given_by="person", reason="person_chooses", given_on=date(2026, 6, 2),
                             by=placement.created_by)


# Provision requests follow the decisions (PLA-1) ---------------------------------------------------------


def test_starting_a_placement_raises_its_new_provision_request_to_send__PLA_1(db):
    """PLA-1: the start makes the new-provision request, "to be sent" (no sent date) from the start date."""
    placement = started_placement(starts_on=date(2026, 2, 2))
    [request] = placement.provision_requests.all()
    assert (request.kind, request.cause, request.effective_from) == (ProvisionKind.NEW, "start", date(2026, 2, 2))
    assert request.submitted_on is None and not request.sent and request.reference == ""


def test_a_start_records_a_request_already_sent_with_its_reference__PLA_1(db):
    """PLA-1: the start form asks for the reference of a request already sent."""
    match = agreed_match()
    by = match.referral.referrals_officer
    placement = services.start_placement(
        referral=match.referral, match=match, starts_on=date(2026, 2, 2), by=by,
        provision_sent_on=date(2026, 1, 28), provision_reference="BRK-4411",
    )
    [request] = placement.provision_requests.all()
    assert (request.submitted_on, request.reference, request.submitted_by) == (date(2026, 1, 28), "BRK-4411", by)


def test_a_reference_without_the_sent_date_is_refused__PLA_1(db):
    match = agreed_match()
    with pytest.raises(RuleViolation) as refused:
        services.start_placement(
            referral=match.referral, match=match, starts_on=date(2026, 2, 2), by=match.referral.referrals_officer,
            provision_reference="BRK-4411",
        )
    assert (refused.value.rule, refused.value.field) == ("PLA-1", "provision_sent_on")


def test_a_short_break_arrangements_requests_are_its_stays__PLA_1(db):
    placement = started_placement(kind="short_break")
    assert not placement.provision_requests.exists()


def test_notice_raises_the_ending_variation_which_follows_the_move_out__PLA_1(db):
    """PLA-1: an ending is a provision variation; while unsent it follows the actual last day; once sent, a
    different last day is an amendment."""
    placement = started_placement(starts_on=date(2026, 2, 2))
    by = placement.created_by
    notice = services.give_notice(
        placement=placement, given_by="person", reason="person_chooses", given_on=date(2026, 4, 1), by=by
    )
    ending = placement.provision_requests.get(cause="ending")
    assert (ending.kind, ending.effective_from, ending.sent) == (ProvisionKind.VARIATION, notice.notice_ends_on, False)
    services.record_move_out(notice=notice, moved_out_on=date(2026, 4, 20), by=by)
    ending.refresh_from_db()
    assert ending.effective_from == date(2026, 4, 20) and placement.provision_requests.filter(cause="ending").count() == 1
    services.record_provision_sent(ending, sent_on=services.arrangements.today(), reference="BRK-9", by=by)
    services.correct_notice_dates(notice, moved_out_on=date(2026, 4, 21), reason="Typo in the date", by=by)
    amendment = placement.provision_requests.filter(cause="ending").latest("pk")
    assert (amendment.kind, amendment.effective_from, amendment.sent) == (ProvisionKind.AMENDMENT, date(2026, 4, 21), False)


def test_an_arrangement_ending_raises_the_variation__PLA_1(db):
    placement = started_placement(kind="day_support", starts_on=date(2026, 2, 2))
    services.end_arrangement(placement, ends_on=date(2026, 6, 30), by=placement.created_by)
    ending = placement.provision_requests.get(cause="ending")
    assert (ending.kind, ending.effective_from) == (ProvisionKind.VARIATION, date(2026, 6, 30))


def test_a_request_is_recorded_sent_once__PLA_1(db):
    placement = started_placement()
    [request] = placement.provision_requests.all()
    sent = services.record_provision_sent(
        request, sent_on=services.arrangements.today(), reference="BRK-1", by=placement.created_by
    )
    assert sent.sent and sent.reference == "BRK-1"
    assert sent.history.first().history_change_reason == "provision.sent"
    with pytest.raises(RuleViolation) as refused:
        services.record_provision_sent(sent, sent_on=services.arrangements.today(), by=placement.created_by)
    assert refused.value.rule == "PLA-1"


def test_unauthorised_provision_requests_wait_in_the_approvals_inbox__PLA_1(db, manager):
    """PLA-1: an unauthorised request is in the management team's Approvals inbox, due by its effective date."""
    from sharedlives.approvals import pending_approvals

    placement = started_placement(starts_on=date(2026, 2, 2))
    [waiting] = [a for a in pending_approvals(manager) if a.kind == "Provision request"]
    assert waiting.rule == "PLA-1" and waiting.due == date(2026, 2, 2)
    assert waiting.summary == f"New provision: {placement.person.full_name} with {placement.household.name} (not yet sent)"
    request = placement.provision_requests.get()
    services.authorise_provision_request(request, by=manager, on=services.arrangements.today())
    assert not [a for a in pending_approvals(manager) if a.kind == "Provision request"]


def test_an_internal_move_ends_the_old_provision_and_starts_the_new__PLA_1(db):
    """PLA-1: the move is two requests to Brokerage: the old placement's variation (last day 31 May, the day before
    the move) and the new placement's new provision (from 1 June)."""
    first = started_placement(starts_on=date(2026, 2, 2))
    match = agreed_match(referral=None, person=first.person)
    moved = services.start_placement(
        referral=match.referral, match=match, starts_on=date(2026, 6, 1), moved_from=first, move_reason="carer_left",
        by=first.created_by,
    )
    ending = first.provision_requests.get(cause="ending")
    assert (ending.kind, ending.effective_from) == (ProvisionKind.VARIATION, date(2026, 5, 31))
    assert moved.provision_requests.get().effective_from == date(2026, 6, 1)
