"""The fee engine, rule by rule, with the example cards (docs/fees.md has the same worked examples)."""

from datetime import date
from decimal import Decimal

import pytest

from funding import fees
from funding.fees import (
    BOARD,
    CARE,
    RENT,
    BandFact,
    CarerBreakFact,
    DaySessionFact,
    EndingFact,
    FeeError,
    HousingBenefitFact,
    OverrideFact,
    PlacementFacts,
    RateCards,
    StayFact,
    price,
    total,
)
from placements.models import ArrangementKind, NoticeReason
from tests.funding.cards import CARD_2025, example_cards

D = Decimal
CARDS = example_cards()


def live_in(**facts) -> PlacementFacts:
    return PlacementFacts(
        **{"placement_id": 1, "payee": "SL-0001", "kind": "live_in", "starts_on": date(2026, 5, 4), **facts}
    )


def by_element(lines, element, kind="fee"):
    return [line for line in lines if line.element == element and line.kind == kind]


def test_initial_fee_for_the_first_28_days_paid_on_invoice__FEE_2():
    lines = price(live_in(), CARDS, date(2026, 5, 4), date(2026, 5, 31))
    care = by_element(lines, CARE)
    assert len(care) == 1 and care[0].rate_code == "initial" and care[0].quantity == 28
    assert care[0].paid_on_invoice
    # £352.59 × 1.035 = £364.93 a week; × 28 days ÷ 7 = £1,459.72
    assert care[0].rate == D("364.93") and care[0].amount == D("1459.72")
    assert "£364.93 a week × 28 days ÷ 7 = £1,459.72" in care[0].explanation


def test_band_starts_on_the_review_date_not_the_approval_date__FEE_3():
    facts = live_in(bands=(BandFact("band_2", date(2026, 6, 1)),))  # review on day 29, agreed weeks later
    lines = price(facts, CARDS, date(2026, 5, 4), date(2026, 6, 30))
    care = by_element(lines, CARE)
    assert [(line.rate_code, line.start, line.end) for line in care] == [
        ("initial", date(2026, 5, 4), date(2026, 5, 31)),
        ("band_2", date(2026, 6, 1), date(2026, 6, 30)),
    ]
    assert not care[1].paid_on_invoice and "FEE-3" in care[1].rules


def test_initial_fee_continues_until_a_late_review__FEE_3():
    facts = live_in(bands=(BandFact("band_1", date(2026, 6, 10)),))
    care = by_element(price(facts, CARDS, date(2026, 5, 4), date(2026, 6, 30)), CARE)
    assert [(line.rate_code, line.end, line.paid_on_invoice) for line in care] == [
        ("initial", date(2026, 5, 31), True),  # the first 28 days, on the carer's invoice
        ("initial", date(2026, 6, 9), False),  # still the initial fee, now paid automatically
        ("band_1", date(2026, 6, 30), False),
    ]
    assert not price(facts, CARDS, date(2026, 6, 2), date(2026, 6, 2))[0].paid_on_invoice


def test_internal_move_keeps_the_band_and_pays_no_initial_fee__PLA_5():
    facts = live_in(new_to_shared_lives=False, bands=(BandFact("band_3", date(2026, 5, 4)),))
    care = by_element(price(facts, CARDS, date(2026, 5, 4), date(2026, 5, 31)), CARE)
    assert [line.rate_code for line in care] == ["band_3"] and "PLA-5" in care[0].rules


def test_a_move_without_a_band_cannot_be_priced__PLA_5():
    with pytest.raises(FeeError):
        price(live_in(new_to_shared_lives=False), CARDS, date(2026, 5, 4), date(2026, 5, 10))


def test_emergency_rate_only_for_a_person_not_known_to_the_carer__FEE_4():
    unknown = price(live_in(emergency=True), CARDS, date(2026, 5, 4), date(2026, 5, 10))
    known = price(live_in(emergency=True, person_known_to_carer=True), CARDS, date(2026, 5, 4), date(2026, 5, 10))
    assert by_element(unknown, CARE)[0].rate_code == "emergency"
    assert by_element(known, CARE)[0].rate_code == "respite_night"
    assert by_element(unknown, CARE)[0].amount == D("105.57") * 7  # £102 uplifted 3.5% a night


def test_emergency_then_band_after_reassessment__BAN_5():
    facts = live_in(emergency=True, bands=(BandFact("band_2", date(2026, 6, 1)),))
    care = by_element(price(facts, CARDS, date(2026, 5, 4), date(2026, 6, 7)), CARE)
    assert [line.rate_code for line in care] == ["emergency", "band_2"]


def test_three_elements_each_on_their_own_line__FEE_5():
    lines = price(live_in(bands=(BandFact("band_1", date(2026, 5, 4)),)), CARDS, date(2026, 6, 1), date(2026, 6, 7))
    assert {line.element for line in lines} == {CARE, BOARD, RENT}
    assert total(lines) == D("251.47") + D("51.00") + D("79.40")


def test_a_period_across_1_april_is_split_and_priced_from_each_card__FEE_1():
    facts = live_in(starts_on=date(2026, 1, 5), bands=(BandFact("band_1", date(2026, 2, 2)),))
    care = by_element(price(facts, CARDS, date(2026, 3, 25), date(2026, 4, 7)), CARE)
    assert [(line.card, line.start, line.end, line.rate) for line in care] == [
        ("2025/26 v1", date(2026, 3, 25), date(2026, 3, 31), D("242.97")),
        ("2026/27 v1", date(2026, 4, 1), date(2026, 4, 7), D("251.47")),
    ]


def test_no_card_for_the_year_is_a_clear_error__FEE_1():
    with pytest.raises(FeeError) as refused:
        price(live_in(starts_on=date(2027, 4, 5)), CARDS, date(2027, 4, 5), date(2027, 4, 30))
    assert refused.value.rule == "FEE-1"


def test_a_correction_supersedes_from_its_date__FEE_1():
    from dataclasses import replace

    corrected = replace(
        CARD_2025,
        effective_from=date(2025, 10, 1),
        label="2025/26 v2",
        rates={**CARD_2025.rates, ("band_1", CARE): replace(CARD_2025.rates[("band_1", CARE)], amount=D("250.00"))},
    )
    cards = RateCards([CARD_2025, corrected])
    facts = live_in(
        starts_on=date(2025, 9, 1), new_to_shared_lives=False, bands=(BandFact("band_1", date(2025, 9, 1)),)
    )
    care = by_element(price(facts, cards, date(2025, 9, 29), date(2025, 10, 5)), CARE)
    assert [(line.card, line.rate) for line in care] == [("2025/26 v1", D("242.97")), ("2025/26 v2", D("250.00"))]


def test_short_break_nights_times_the_night_rate__RES_2():
    facts = PlacementFacts(
        placement_id=2,
        payee="SL-0002",
        kind="short_break",
        starts_on=date(2026, 4, 1),
        stays=(StayFact(date(2026, 5, 1), date(2026, 5, 4)),),
    )
    lines = price(facts, CARDS, date(2026, 5, 1), date(2026, 5, 31))
    care = by_element(lines, CARE)[0]
    assert care.quantity == 3 and care.amount == D("87.98") * 3 and "RES-2" in care.rules


def test_day_support_blocks_and_the_shared_uplift__FEE_6():
    facts = PlacementFacts(
        placement_id=3,
        payee="SL-0003",
        kind="day_support",
        starts_on=date(2026, 4, 1),
        sessions=(
            DaySessionFact(date(2026, 5, 5), "day_half"),
            DaySessionFact(date(2026, 5, 12), "day_half"),
            DaySessionFact(date(2026, 5, 6), "day_six", people_together=2),
        ),
    )
    lines = price(facts, CARDS, date(2026, 5, 1), date(2026, 5, 31))
    half = [line for line in lines if line.rate_code == "day_half"][0]
    six = [line for line in lines if line.rate_code == "day_six"][0]
    assert half.quantity == 2 and half.amount == D("72.46")  # 2 × £36.23
    # £54.34 × (1 + 50% × 1) ÷ 2 people = £40.755 → £40.76 this person's share
    assert six.amount == D("40.76") and "FEE-6" in six.rules


def test_carers_break_moves_board_to_the_covering_carer__RES_3():
    facts = live_in(
        bands=(BandFact("band_1", date(2026, 5, 4)),),
        new_to_shared_lives=False,
        carer_breaks=(CarerBreakFact(date(2026, 6, 10), date(2026, 6, 13), cover_payee="SL-0009"),),
    )
    lines = price(facts, CARDS, date(2026, 6, 8), date(2026, 6, 14))
    board_to_carer = [line for line in by_element(lines, BOARD) if line.payee == "SL-0001"]
    board_to_cover = [line for line in by_element(lines, BOARD) if line.payee == "SL-0009"]
    assert sum(line.quantity for line in board_to_carer) == 4 and board_to_cover[0].quantity == 3
    assert sum(line.quantity for line in by_element(lines, CARE) if line.payee == "SL-0001") == 7  # care continues
    assert sum(line.quantity for line in by_element(lines, RENT)) == 7  # rent continues
    cover_fee = [line for line in lines if line.payee == "SL-0009" and line.element == CARE][0]
    assert cover_fee.rate_code == "respite_night" and cover_fee.quantity == 3 and "RES-3" in cover_fee.rules


def test_break_covered_by_a_support_carer_stops_board_only__RES_3():
    facts = live_in(
        bands=(BandFact("band_1", date(2026, 5, 4)),),
        new_to_shared_lives=False,
        carer_breaks=(CarerBreakFact(date(2026, 6, 10), date(2026, 6, 13)),),
    )
    lines = price(facts, CARDS, date(2026, 6, 8), date(2026, 6, 14))
    assert sum(line.quantity for line in by_element(lines, BOARD)) == 4
    assert sum(line.quantity for line in by_element(lines, CARE)) == 7


def _ending(**fields):
    return EndingFact(
        **{
            "reason": "person_chooses",
            "given_on": date(2026, 5, 10),
            "notice_ends_on": date(2026, 5, 31),
            "within_initial_period": True,
            **fields,
        }
    )


def test_person_leaving_in_the_first_28_days__END_1():
    facts = live_in(
        ends_on=date(2026, 5, 15),
        ending=_ending(moved_out_on=date(2026, 5, 15), belongings_removed_on=date(2026, 5, 20)),
    )
    lines = price(facts, CARDS, date(2026, 5, 1), date(2026, 6, 30))
    assert by_element(lines, CARE)[0].end == date(2026, 5, 31)  # care to day 28
    assert by_element(lines, BOARD)[0].end == date(2026, 5, 15)  # board stops on leaving
    assert by_element(lines, RENT)[0].end == date(2026, 5, 20)  # rent until belongings go


def test_subject_to_circumstances_a_management_override_changes_it__END_1():
    facts = live_in(
        ends_on=date(2026, 5, 15),
        ending=_ending(moved_out_on=date(2026, 5, 15), belongings_removed_on=date(2026, 5, 15)),
        overrides=(OverrideFact(CARE, date(2026, 5, 16), date(2026, 5, 31), pay=False, reason="Carer agreed"),),
    )
    care = by_element(price(facts, CARDS, date(2026, 5, 1), date(2026, 6, 30)), CARE)
    assert care[-1].end == date(2026, 5, 15)


def test_carer_ending_at_once_stops_everything__END_5():
    facts = live_in(
        ends_on=date(2026, 5, 12),
        ending=_ending(
            reason="carer_at_once",
            given_on=date(2026, 5, 12),
            notice_ends_on=date(2026, 5, 12),
            moved_out_on=date(2026, 5, 12),
        ),
    )
    lines = price(facts, CARDS, date(2026, 5, 1), date(2026, 6, 30))
    assert {line.end for line in lines} == {date(2026, 5, 12)} and all("END-5" in line.rules for line in lines)


def test_after_28_days_everything_continues_through_the_notice__END_2():
    notice = _ending(given_on=date(2026, 7, 1), notice_ends_on=date(2026, 8, 26), within_initial_period=False)
    facts = live_in(bands=(BandFact("band_1", date(2026, 5, 31)),), ending=notice)
    lines = price(facts, CARDS, date(2026, 8, 1), date(2026, 8, 31))
    assert {line.end for line in by_element(lines, CARE) + by_element(lines, BOARD)} == {date(2026, 8, 26)}
    assert by_element(lines, RENT)[0].end == date(2026, 8, 31)  # belongings not yet removed: rent continues


def test_moved_out_early_rent_until_belongings_removed__END_6():
    notice = _ending(
        given_on=date(2026, 7, 1),
        notice_ends_on=date(2026, 8, 26),
        within_initial_period=False,
        moved_out_on=date(2026, 7, 20),
        belongings_removed_on=date(2026, 7, 27),
    )
    facts = live_in(bands=(BandFact("band_1", date(2026, 5, 31)),), ending=notice, ends_on=date(2026, 7, 20))
    lines = price(facts, CARDS, date(2026, 7, 1), date(2026, 8, 31))
    assert by_element(lines, CARE)[0].end == date(2026, 7, 20)
    assert by_element(lines, RENT)[0].end == date(2026, 7, 27) and "END-6" in by_element(lines, RENT)[0].rules


def test_carer_notice_alternative_found_stops_when_the_person_moves__END_3():
    notice = _ending(
        reason="change_of_needs",
        given_on=date(2026, 7, 1),
        notice_ends_on=date(2026, 8, 26),
        within_initial_period=False,
        moved_out_on=date(2026, 7, 14),
        belongings_removed_on=date(2026, 7, 14),
        alternative_found=True,
    )
    facts = live_in(bands=(BandFact("band_1", date(2026, 5, 31)),), ending=notice, ends_on=date(2026, 7, 14))
    lines = price(facts, CARDS, date(2026, 7, 1), date(2026, 8, 31))
    assert {line.end for line in lines} == {date(2026, 7, 14)} and "END-3" in by_element(lines, CARE)[0].rules


def test_person_stays_through_the_carers_notice__END_4():
    notice = _ending(
        reason="carer_other",
        given_on=date(2026, 7, 1),
        notice_ends_on=date(2026, 8, 26),
        within_initial_period=False,
        moved_out_on=date(2026, 8, 26),
        belongings_removed_on=date(2026, 8, 26),
    )
    facts = live_in(bands=(BandFact("band_1", date(2026, 5, 31)),), ending=notice, ends_on=date(2026, 8, 26))
    lines = price(facts, CARDS, date(2026, 8, 1), date(2026, 8, 31))
    assert {line.end for line in lines} == {date(2026, 8, 26)} and "END-4" in by_element(lines, CARE)[0].rules


def test_carer_unable_payments_stop_rent_as_management_decides__END_7():
    notice = _ending(
        reason="carer_unable",
        given_on=date(2026, 7, 10),
        notice_ends_on=date(2026, 7, 10),
        within_initial_period=False,
        moved_out_on=date(2026, 7, 10),
    )
    decided = OverrideFact(
        RENT, date(2026, 7, 11), date(2026, 7, 31), pay=True, reason="Room kept for the person's return"
    )
    facts = live_in(
        bands=(BandFact("band_1", date(2026, 5, 31)),), ending=notice, ends_on=date(2026, 7, 10), overrides=(decided,)
    )
    lines = price(facts, CARDS, date(2026, 7, 1), date(2026, 7, 31))
    assert by_element(lines, CARE)[0].end == by_element(lines, BOARD)[0].end == date(2026, 7, 10)
    rent = by_element(lines, RENT)
    assert rent[-1].end == date(2026, 7, 31) and "Room kept" in rent[-1].explanation


def test_exceptional_ending_adds_the_agreed_admin_payment__END_8():
    notice = _ending(
        reason="exceptional",
        given_on=date(2026, 7, 10),
        notice_ends_on=date(2026, 7, 10),
        within_initial_period=False,
        moved_out_on=date(2026, 7, 10),
        belongings_removed_on=date(2026, 7, 17),
    )
    facts = live_in(
        bands=(BandFact("band_1", date(2026, 5, 31)),),
        ending=notice,
        ends_on=date(2026, 7, 10),
        admin_payment_on=date(2026, 7, 20),
    )
    lines = price(facts, CARDS, date(2026, 7, 1), date(2026, 7, 31))
    one_off = [line for line in lines if line.kind == "one_off"]
    assert one_off[0].amount == D("150.00") and "END-8" in one_off[0].rules
    assert by_element(lines, RENT)[0].end == date(2026, 7, 17)


def test_rent_stops_when_housing_benefit_is_confirmed__HB_2():
    facts = live_in(
        bands=(BandFact("band_1", date(2026, 5, 31)),),
        housing_benefit=(HousingBenefitFact(date(2026, 7, 15), date(2026, 7, 15)),),
    )
    rent = by_element(price(facts, CARDS, date(2026, 7, 1), date(2026, 7, 31)), RENT)
    assert rent[0].end == date(2026, 7, 14) and "HB-2" in rent[0].rules
    assert not [line for line in price(facts, CARDS, date(2026, 7, 1), date(2026, 7, 31)) if line.kind == "recovery"]


def test_backdated_award_is_recovered_in_full_on_confirmation__HB_3():
    facts = live_in(
        bands=(BandFact("band_1", date(2026, 5, 31)),),
        housing_benefit=(HousingBenefitFact(date(2026, 5, 4), date(2026, 7, 15)),),
    )
    july = price(facts, CARDS, date(2026, 7, 1), date(2026, 7, 31))
    recovered = [line for line in july if line.kind == "recovery"]
    assert sum(line.quantity for line in recovered) == 72  # 4 May to 14 July
    assert total(recovered) == D("-816.69")  # £79.40 a week × 72 days ÷ 7 = £816.6857… back
    assert all(line.amount < 0 and "HB-3" in line.rules for line in recovered)
    assert not [line for line in price(facts, CARDS, date(2026, 8, 1), date(2026, 8, 31)) if line.kind == "recovery"]


def test_every_line_says_its_rules_card_and_sum__FEE_8():
    lines = price(live_in(bands=(BandFact("band_1", date(2026, 5, 31)),)), CARDS, date(2026, 5, 4), date(2026, 6, 30))
    for line in lines:
        assert line.rules and line.card and "=" in line.explanation
        assert isinstance(line.amount, Decimal) and line.amount == line.amount.quantize(D("0.01"))


def test_weekly_rates_pro_rated_by_days_rounded_once_per_line__FEE_8():
    facts = live_in(new_to_shared_lives=False, bands=(BandFact("band_1", date(2026, 5, 4)),))
    [care] = by_element(price(facts, CARDS, date(2026, 5, 4), date(2026, 5, 6)), CARE)
    assert care.amount == D("107.77")  # £251.47 × 3 ÷ 7 = £107.772… → £107.77


def test_the_fee_engine_speaks_the_placements_own_words():
    """funding/fees.py imports no Django, so it restates a few placements values: they must agree."""
    assert {fees.LIVE_IN, fees.SHORT_BREAK, fees.DAY_SUPPORT} == set(ArrangementKind.values)
    reasons = {fees.PERSON_CHOOSES, fees.CHANGE_OF_NEEDS, fees.CARER_OTHER, fees.CARER_AT_ONCE, fees.CARER_UNABLE}
    assert reasons | {fees.EXCEPTIONAL} == set(NoticeReason.values)
