"""Rate cards: per financial year, published once, corrected by a new version, uplifted yearly (FEE-1, FEE-7)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from funding import ratecards
from funding.example_card import publish_example_cards
from funding.models import CardStatus, RateLine
from sharedlives.errors import RuleViolation

D = Decimal


def test_card_per_financial_year_from_1_april__FEE_1(finance_admin):
    with pytest.raises(RuleViolation) as refused:
        ratecards.create_draft(year_start=date(2026, 1, 1), by=finance_admin)
    assert refused.value.rule == "FEE-1"
    card = ratecards.create_draft(year_start=date(2026, 4, 1), by=finance_admin)
    assert card.year_label == "2026/27" and card.status == CardStatus.DRAFT
    with pytest.raises(RuleViolation):
        ratecards.create_draft(year_start=date(2026, 4, 1), by=finance_admin)


def test_published_card_is_never_rewritten__FEE_1(finance_admin, manager):
    card, _ = publish_example_cards(drafted_by=finance_admin, published_by=manager)
    assert card.status == CardStatus.SUPERSEDED or card.status == CardStatus.PUBLISHED
    with pytest.raises(RuleViolation):
        ratecards.set_rate(
            card, code="band_1", element="care_and_support", unit="week", amount=D("1.00"), by=finance_admin
        )
    line = card.lines.first()
    line.amount = D("1.00")
    with pytest.raises(ValidationError):
        line.save()  # even outside the services


def test_correction_supersedes_from_a_date_with_a_reason__FEE_1(finance_admin, manager):
    card, _ = publish_example_cards(drafted_by=finance_admin, published_by=manager)
    with pytest.raises(RuleViolation):
        ratecards.correct(card, effective_from=date(2025, 10, 1), reason=" ", by=finance_admin)
    draft = ratecards.correct(card, effective_from=date(2025, 10, 1), reason="Band 1 typo", by=finance_admin)
    assert draft.version == 2 and draft.lines.count() == card.lines.count()
    ratecards.set_rate(
        draft, code="band_1", element="care_and_support", unit="week", amount=D("250.00"), by=finance_admin
    )
    ratecards.publish(draft, by=manager)
    card.refresh_from_db()
    assert card.status == CardStatus.SUPERSEDED
    cards = ratecards.engine_cards()
    assert cards.for_day(date(2025, 9, 30)).label.startswith("2025/26 v1")
    assert cards.for_day(date(2025, 10, 1)).label.startswith("2025/26 v2")
    assert card.history.filter(history_change_reason="ratecard.superseded").exists()


def test_uplift_makes_next_years_draft_rounded_half_up__FEE_7(finance_admin, manager):
    card = ratecards.create_draft(year_start=date(2025, 4, 1), by=finance_admin)
    ratecards.set_rate(
        card, code="day_half", element="care_and_support", unit="session", amount=D("35.00"), by=finance_admin
    )
    ratecards.set_rate(card, code="band_1", element="rent", unit="week", amount=D("79.40"), by=finance_admin)
    ratecards.set_rate(
        card,
        code="additional_person_uplift",
        element="care_and_support",
        unit="percent",
        amount=D("50"),
        by=finance_admin,
    )
    draft = ratecards.uplift(card, percent_by_element={"care_and_support": D("3.5"), "rent": D("0")}, by=finance_admin)
    amounts = {(line.code, line.element): line.amount for line in draft.lines.all()}
    assert amounts[("day_half", "care_and_support")] == D("36.23")  # 36.225 rounds half up
    assert amounts[("band_1", "rent")] == D("79.40")
    assert amounts[("additional_person_uplift", "care_and_support")] == D("50")  # a percentage is not uplifted
    assert draft.year_start == date(2026, 4, 1) and draft.status == CardStatus.DRAFT


def test_amounts_are_exact_pounds_and_pence__FEE_8(finance_admin):
    card = ratecards.create_draft(year_start=date(2026, 4, 1), by=finance_admin)
    for bad in (D("1.234"), D("-1.00")):
        with pytest.raises(RuleViolation):
            ratecards.set_rate(card, code="band_1", element="rent", unit="week", amount=bad, by=finance_admin)
    with pytest.raises(RuleViolation):
        ratecards.set_rate(card, code="band_1", element="rent", unit="week", amount=79.4, by=finance_admin)
    assert not RateLine.objects.exists()


def test_publishing_needs_the_basic_rates__FEE_1(finance_admin):
    card = ratecards.create_draft(year_start=date(2026, 4, 1), by=finance_admin)
    with pytest.raises(RuleViolation):
        ratecards.publish(card, by=finance_admin)


def test_example_card_matches_the_published_figures__FEE_5(finance_admin, manager):
    card, next_card = publish_example_cards(drafted_by=finance_admin, published_by=manager)
    table = {row["code"]: row for row in ratecards.card_table(card)}
    assert table["band_1"]["total"] == D("372.37")
    assert table["band_1"]["columns"] == [D("242.97"), D("50.00"), D("79.40")]
    assert card.is_example and "Example" in card.source


def test_an_uplift_over_an_existing_draft_needs_confirmation_and_discards_it__FEE_7(finance_admin, manager):
    _, card = publish_example_cards(drafted_by=finance_admin, published_by=manager)
    percents = {"care_and_support": D("3"), "board_and_lodging": D("0"), "rent": D("0")}
    first = ratecards.uplift(card, percent_by_element=percents, by=finance_admin)
    with pytest.raises(RuleViolation) as refused:
        ratecards.uplift(card, percent_by_element=percents, by=finance_admin)
    assert refused.value.rule == "FEE-7" and refused.value.field == "replace_draft"
    second = ratecards.uplift(card, percent_by_element=percents, by=finance_admin, replace_draft=True)
    first.refresh_from_db()
    assert first.status == CardStatus.DISCARDED and second.status == CardStatus.DRAFT and second.version == 1
    with pytest.raises(RuleViolation):
        ratecards.set_rate(first, code="band_1", element="care_and_support", unit="week", amount=D("1"), by=manager)


def test_an_empty_uplift_percentage_is_refused_not_read_as_zero__FEE_7(finance_admin, manager):
    _, card = publish_example_cards(drafted_by=finance_admin, published_by=manager)
    with pytest.raises(RuleViolation) as refused:
        ratecards.uplift(card, percent_by_element={"care_and_support": None, "rent": D("0")}, by=finance_admin)
    assert refused.value.field == "care_and_support"
