"""Matching and introductions: MAT-1 … MAT-4."""

from datetime import date

import pytest

from placements import services
from placements.models import MatchStatus, ReferralStatus
from placements.queries import find_carers
from sharedlives.approvals import decide
from sharedlives.errors import RuleViolation
from tests.carers.factories import approved_household
from tests.placements.factories import PersonFactory, agreed_match, funded_referral, started_placement


def test_find_carers_ranks_by_fit_and_says_why__MAT_1(db):
    person = PersonFactory(preferred_area="Romsey", interests="gardening, football", languages="English, Polish",
                           faith_culture="Catholic", pets="no_pets")
    made = funded_referral(person=person)
    good = approved_household(area="Romsey", interests="football, cooking", languages="English, Polish",
                              faith_culture="Catholic")
    pets = approved_household(area="Romsey", has_pets=True, pets="Two cats")
    plain = approved_household(area="Andover")
    ranked = find_carers(made, on=date(2026, 1, 20))
    assert [s.household for s in ranked] == [good, plain, pets]  # a household the person cannot live with sinks
    assert any("preferred area" in r for r in ranked[0].reasons)
    assert any("football" in r for r in ranked[0].reasons)
    assert any("polish" in r.lower() for r in ranked[0].reasons)
    assert ranked[2].cautions == ["Has pets (Two cats); the person cannot live with pets"]


def test_find_carers_only_with_a_vacancy_for_the_type__MAT_1(db):
    made = funded_referral(kind="short_break")
    live_in_only = approved_household(offers_short_breaks=False)
    full = approved_household(offers_short_breaks=True, approved_places=1)
    started_placement(household=full)  # a live-in person fills its one place
    open_house = approved_household(offers_short_breaks=True)
    suggested = [s.household for s in find_carers(made, on=date(2026, 3, 1))]
    assert open_house in suggested and live_in_only not in suggested and full not in suggested


def test_emergencies_only_to_emergency_approved_households__MAT_4(db):
    made = funded_referral(emergency=True)
    ordinary = approved_household()
    emergency = approved_household(emergency_approved=True, emergency_trained_on=date(2025, 1, 1))
    assert [s.household for s in find_carers(made, on=date(2026, 1, 20))] == [emergency]
    with pytest.raises(RuleViolation) as refused:
        services.propose_match(referral=made, household=ordinary, proposed_on=date(2026, 1, 20), by=made.referrals_officer)
    assert refused.value.rule == "MAT-4"


def test_both_parties_must_agree__MAT_2(db):
    made = funded_referral()
    match = services.propose_match(referral=made, household=approved_household(), proposed_on=date(2026, 1, 20),
                                   by=made.referrals_officer)
    services.record_match_agreement(match=match, carer_agreed_on=date(2026, 1, 21), by=made.referrals_officer)
    match.refresh_from_db()
    assert match.status == MatchStatus.PROPOSED
    with pytest.raises(RuleViolation) as refused:
        services.start_placement(referral=made, match=match, starts_on=date(2026, 2, 1), by=made.referrals_officer)
    assert refused.value.rule == "MAT-2"
    with pytest.raises(RuleViolation, match="advocate"):
        services.record_match_agreement(match=match, person_agreed_on=date(2026, 1, 22), by=made.referrals_officer)
    services.record_match_agreement(match=match, person_agreed_on=date(2026, 1, 22), person_agreed_by="Jo (advocate)",
                                    by=made.referrals_officer)
    match.refresh_from_db()
    made.refresh_from_db()
    assert match.status == MatchStatus.AGREED and made.status == ReferralStatus.INTRODUCTIONS


def test_two_overnight_introductions_then_management_agreement__MAT_3(manager):
    match = agreed_match()
    officer = match.referral.referrals_officer
    services.record_introduction(match=match, kind="visit", on=date(2026, 1, 21), by=officer)
    services.record_introduction(match=match, kind="overnight", on=date(2026, 1, 24), nights=2, by=officer)
    with pytest.raises(RuleViolation) as refused:
        services.record_introduction(match=match, kind="overnight", on=date(2026, 1, 28), nights=1, by=officer)
    assert refused.value.field == "extra_reason"
    request = services.record_introduction(match=match, kind="overnight", on=date(2026, 1, 28), nights=1,
                                           extra_reason="Needs a longer transition", by=officer)
    assert request == match.extra_night_requests.get() and request.is_pending
    assert services.introduction_nights(match) == 2  # the stay itself waits for the decision
    with pytest.raises(RuleViolation):
        decide(request, by=officer, outcome="agreed")  # AUD-2
    decide(request, by=manager, outcome="agreed")
    assert services.introduction_nights(match) == 3  # the stay recorded with the request now counts
    with pytest.raises(RuleViolation):  # and the agreed night is used: a fourth needs another agreement
        services.record_introduction(match=match, kind="overnight", on=date(2026, 1, 30), nights=1, by=officer)


def test_no_introduction_before_both_agree__MAT_2(db):
    """MAT-2: an introduction cannot be recorded before the person and the carer have both agreed to the match."""
    made = funded_referral()
    match = services.propose_match(
        referral=made, household=approved_household(), proposed_on=date(2026, 1, 20), by=made.referrals_officer
    )
    services.record_match_agreement(match=match, carer_agreed_on=date(2026, 1, 21), by=made.referrals_officer)
    with pytest.raises(RuleViolation) as refused:
        services.record_introduction(match=match, kind="visit", on=date(2026, 1, 22), by=made.referrals_officer)
    assert refused.value.rule == "MAT-2" and not match.introductions.exists()


def test_an_overnight_stay_beyond_the_allowance_is_under_introductions_waiting__MAT_3(manager):
    """MAT-3: the stay that needs extra nights is recorded with its request, shows under the introductions, and
    counts (towards the introductions and a short-break allocation) only once the management team agrees."""
    match = agreed_match()
    officer = match.referral.referrals_officer
    services.record_introduction(match=match, kind="overnight", on=date(2026, 1, 24), nights=2, by=officer)
    request = services.record_introduction(
        match=match, kind="overnight", on=date(2026, 1, 28), nights=1, extra_reason="Longer move", by=officer
    )
    stays = list(match.introductions.order_by("on"))
    assert [(i.on, i.nights, i.extra_nights) for i in stays] == [
        (date(2026, 1, 24), 2, None),
        (date(2026, 1, 28), 1, request),
    ]
    assert not stays[1].counted
    decide(request, by=manager, outcome="refused", reason="Two are enough")
    stays[1].refresh_from_db()
    assert not stays[1].counted and services.introduction_nights(match) == 2  # refused: shown, not counted


def test_short_break_trial_nights_come_out_of_the_allocation__MAT_3(db):
    match = agreed_match(kind="short_break")
    officer = match.referral.referrals_officer
    services.record_introduction(match=match, kind="overnight", on=date(2026, 4, 10), nights=2, by=officer)
    placement = services.start_placement(referral=match.referral, match=match, starts_on=date(2026, 4, 20),
                                         respite_allocation_nights=5, by=officer)
    assert services.respite_nights_used(placement, date(2026, 5, 1)) == 2
    services.add_stay(placement=placement, starts_on=date(2026, 5, 1), ends_on=date(2026, 5, 4), by=officer)
    with pytest.raises(RuleViolation) as refused:
        services.add_stay(placement=placement, starts_on=date(2026, 6, 1), ends_on=date(2026, 6, 2), by=officer)
    assert refused.value.rule == "RES-2"
