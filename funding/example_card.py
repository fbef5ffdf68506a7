"""The example rate card used for demo data and tests, labelled as an example wherever it shows.

Weekly bands, short-break and day-support rates: Rotherham Shared Lives' published "Payments and expenses
for Shared Lives carers" (public council page). Each band includes a £50 household contribution (board and
lodging) and a typical £79.40 housing benefit (rent); the rest is the care and support fee.
The initial fee (set at Band 3), the emergency night rate (overnight rate + 20%), the board-and-lodging
share of a night (£50 ÷ 7) and the exceptional-ending payment are illustrative, not published figures.
"""

from datetime import date
from decimal import Decimal

from funding import ratecards
from funding.fees import BOARD, CARE, RENT
from funding.models import RateCard

SOURCE = "Example: Rotherham Shared Lives published rates; initial, emergency and admin rates illustrative"
D = Decimal

BANDS = {"band_1": D("372.37"), "band_2": D("427.18"), "band_3": D("481.99"), "band_4": D("591.61")}
HOUSEHOLD_CONTRIBUTION = D("50.00")
HOUSING_BENEFIT = D("79.40")


def example_rates() -> list[tuple[str, str, str, Decimal]]:
    rates = []
    for code, weekly in [*BANDS.items(), ("initial", BANDS["band_3"])]:
        rates += [
            (code, CARE, "week", weekly - HOUSEHOLD_CONTRIBUTION - HOUSING_BENEFIT),
            (code, BOARD, "week", HOUSEHOLD_CONTRIBUTION),
            (code, RENT, "week", HOUSING_BENEFIT),
        ]
    rates += [
        ("respite_night", CARE, "night", D("85.00")),
        ("respite_night", BOARD, "night", D("7.14")),
        ("emergency", CARE, "night", D("102.00")),
        ("emergency", BOARD, "night", D("7.14")),
        ("full_24h_extra", CARE, "night", D("35.00")),
        ("day_half", CARE, "session", D("35.00")),
        ("day_six", CARE, "session", D("52.50")),
        ("day_full", CARE, "session", D("70.00")),
        ("additional_person_uplift", CARE, "percent", D("50")),
        ("admin_payment", CARE, "one_off", D("150.00")),
    ]
    return rates


EXAMPLE_YEAR = date(2025, 4, 1)
# The 2026/27 example: care and support up 3.5%, household contributions up 2%, rent as it was (FEE-7).
EXAMPLE_UPLIFT = {CARE: D("3.5"), BOARD: D("2"), RENT: D("0")}


def publish_example_cards(*, drafted_by, published_by):
    """The 2025/26 example card, published, and 2026/27 uplifted from it and published. Through the services."""

    existing = RateCard.objects.filter(year_start=EXAMPLE_YEAR).first()
    if existing is not None:
        return existing, RateCard.objects.filter(year_start=date(2026, 4, 1)).first()
    card = ratecards.create_draft(year_start=EXAMPLE_YEAR, by=drafted_by, is_example=True, source=SOURCE)
    for code, element, unit, amount in example_rates():
        ratecards.set_rate(card, code=code, element=element, unit=unit, amount=amount, by=drafted_by)
    card = ratecards.publish(card, by=published_by)
    next_card = ratecards.uplift(card, percent_by_element=EXAMPLE_UPLIFT, by=drafted_by)
    return card, ratecards.publish(next_card, by=published_by)
