"""Properties of the fee engine over generated placements (hypothesis), FEE-8."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from funding.fees import (
    BandFact,
    CarerBreakFact,
    DaySessionFact,
    EndingFact,
    HousingBenefitFact,
    PlacementFacts,
    StayFact,
    price,
    total,
)
from tests.funding.cards import example_cards

CARDS = example_cards()
FIRST, LAST = date(2025, 4, 1), date(2027, 3, 31)
dates = st.dates(min_value=FIRST, max_value=LAST - timedelta(days=120))


@st.composite
def live_in_facts(draw):
    starts_on = draw(dates)
    new = draw(st.booleans())
    emergency = draw(st.booleans())
    bands = ()
    if not new:
        bands = (BandFact(draw(st.sampled_from(["band_1", "band_2", "band_3", "band_4"])), starts_on),)
    elif draw(st.booleans()):
        bands = (
            BandFact(
                draw(st.sampled_from(["band_1", "band_4"])), starts_on + timedelta(days=draw(st.integers(20, 60)))
            ),
        )
    ending = None
    ends_on = None
    if draw(st.booleans()):
        reason = draw(
            st.sampled_from(
                ["person_chooses", "change_of_needs", "carer_other", "carer_at_once", "carer_unable", "exceptional"]
            )
        )
        given_on = starts_on + timedelta(days=draw(st.integers(0, 80)))
        within = given_on <= starts_on + timedelta(days=27)
        if reason in ("carer_at_once", "carer_unable", "exceptional"):
            notice_ends = given_on
        elif within:
            notice_ends = starts_on + timedelta(days=27)
        else:
            notice_ends = given_on + timedelta(weeks=8)
        moved = given_on + timedelta(days=draw(st.integers(0, 70))) if draw(st.booleans()) else None
        if moved and reason in ("carer_at_once", "carer_unable", "exceptional"):
            moved = given_on
        belongings = moved + timedelta(days=draw(st.integers(0, 20))) if moved and draw(st.booleans()) else None
        ending = EndingFact(reason, given_on, notice_ends, within, moved, belongings, draw(st.booleans()))
        ends_on = moved
    breaks = ()
    if draw(st.booleans()):
        b_start = starts_on + timedelta(days=draw(st.integers(1, 90)))
        breaks = (
            CarerBreakFact(
                b_start, b_start + timedelta(days=draw(st.integers(1, 10))), draw(st.sampled_from([None, "SL-0099"]))
            ),
        )
    hb = ()
    if draw(st.booleans()):
        confirmed = starts_on + timedelta(days=draw(st.integers(10, 100)))
        hb = (HousingBenefitFact(confirmed - timedelta(days=draw(st.integers(0, 40))), confirmed),)
    return PlacementFacts(
        placement_id=1,
        payee="SL-0001",
        kind="live_in",
        starts_on=starts_on,
        ends_on=ends_on,
        new_to_shared_lives=new,
        emergency=emergency,
        person_known_to_carer=draw(st.booleans()),
        bands=bands,
        carer_breaks=breaks,
        ending=ending,
        housing_benefit=hb,
    )


@st.composite
def other_facts(draw):
    starts_on = draw(dates)
    if draw(st.booleans()):
        stays = []
        day = starts_on
        for _ in range(draw(st.integers(0, 4))):
            day += timedelta(days=draw(st.integers(0, 20)))
            end = day + timedelta(days=draw(st.integers(1, 6)))
            stays.append(StayFact(day, end))
            day = end
        return PlacementFacts(
            placement_id=2, payee="SL-0002", kind="short_break", starts_on=starts_on, stays=tuple(stays)
        )
    sessions = {}
    for _ in range(draw(st.integers(0, 8))):
        on = starts_on + timedelta(days=draw(st.integers(0, 90)))
        sessions[on] = DaySessionFact(
            on, draw(st.sampled_from(["day_half", "day_six", "day_full"])), draw(st.integers(1, 3))
        )
    return PlacementFacts(
        placement_id=3, payee="SL-0003", kind="day_support", starts_on=starts_on, sessions=tuple(sessions.values())
    )


facts_strategy = st.one_of(live_in_facts(), other_facts())


@st.composite
def period(draw, facts):
    start = draw(
        st.dates(min_value=facts.starts_on - timedelta(days=10), max_value=facts.starts_on + timedelta(days=100))
    )
    end = start + timedelta(days=draw(st.integers(0, 62)))
    return start, min(end, LAST)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_lines_of_one_element_never_overlap__FEE_8(data):
    facts = data.draw(facts_strategy)
    start, end = data.draw(period(facts))
    lines = [line for line in price(facts, CARDS, start, end) if line.kind == "fee"]
    seen = {}
    for line in lines:
        key = (line.payee, line.element, line.rate_code if line.unit == "session" else "")
        for day in (line.start + timedelta(days=n) for n in range((line.end - line.start).days + 1)):
            if line.unit == "session":
                continue
            assert (key, day) not in seen, f"{line} overlaps {seen[(key, day)]}"
            seen[(key, day)] = line


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_a_period_split_in_two_pays_the_same_to_a_penny_a_line_and_only_recoveries_are_negative__FEE_8(data):
    """Two schedules covering a period pay what one would: each line is rounded once, so at most a penny a line."""
    facts = data.draw(facts_strategy)
    start, end = data.draw(period(facts))
    lines = price(facts, CARDS, start, end)
    middle = start + timedelta(days=data.draw(st.integers(0, (end - start).days)))
    first, second = price(facts, CARDS, start, middle), price(facts, CARDS, middle + timedelta(days=1), end)
    pennies = Decimal("0.01") * (len(lines) + len(first) + len(second))
    assert abs(total(lines) - total(first) - total(second)) <= pennies
    for line in lines:
        assert line.amount >= 0 or line.kind == "recovery", line
        assert line.amount == line.amount.quantize(Decimal("0.01"))
        assert start <= line.start <= line.end <= end or line.kind == "recovery"


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_same_facts_same_lines__FEE_8(data):
    facts = data.draw(facts_strategy)
    start, end = data.draw(period(facts))
    assert price(facts, CARDS, start, end) == price(facts, CARDS, start, end)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_splitting_a_period_moves_the_total_by_at_most_a_penny_a_line__FEE_8(data):
    facts = data.draw(facts_strategy)
    start, end = data.draw(period(facts))
    if end <= start:
        return
    cut = start + timedelta(days=data.draw(st.integers(1, (end - start).days)))
    whole = price(facts, CARDS, start, end)
    first, second = price(facts, CARDS, start, cut - timedelta(days=1)), price(facts, CARDS, cut, end)
    pieces = len(first) + len(second)
    assert abs(total(whole) - total(first) - total(second)) <= Decimal("0.01") * pieces
