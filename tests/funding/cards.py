"""The example rate cards the fee-engine tests price with: 2025/26 from the public Rotherham figures
(../shared/reference/rate-card-example.md), 2026/27 uplifted. Initial, emergency and admin rates are illustrative."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from funding.fees import BOARD, CARE, RENT, CardRate, CardVersion, RateCards

D = Decimal


NO_UPLIFT = Decimal(0)


def example_rates(uplift_care: Decimal = NO_UPLIFT, uplift_board: Decimal = NO_UPLIFT) -> dict:
    def up(amount: str, percent: Decimal) -> Decimal:
        return (D(amount) * (1 + percent / 100)).quantize(D("0.01"), rounding=ROUND_HALF_UP)  # FEE-7

    rates = {}

    def add(code, element, unit, amount):
        rates[(code, element)] = CardRate(code, element, unit, amount)

    for code, care in [
        ("band_1", "242.97"),
        ("band_2", "297.78"),
        ("band_3", "352.59"),
        ("band_4", "462.21"),
        ("initial", "352.59"),
    ]:
        add(code, CARE, "week", up(care, uplift_care))
        add(code, BOARD, "week", up("50.00", uplift_board))
        add(code, RENT, "week", D("79.40"))
    add("emergency", CARE, "night", up("102.00", uplift_care))
    add("emergency", BOARD, "night", up("7.14", uplift_board))
    add("respite_night", CARE, "night", up("85.00", uplift_care))
    add("respite_night", BOARD, "night", up("7.14", uplift_board))
    add("day_half", CARE, "session", up("35.00", uplift_care))
    add("day_six", CARE, "session", up("52.50", uplift_care))
    add("day_full", CARE, "session", up("70.00", uplift_care))
    add("additional_person_uplift", CARE, "percent", D("50"))
    add("admin_payment", CARE, "one_off", D("150.00"))
    return rates


CARD_2025 = CardVersion(date(2025, 4, 1), date(2025, 4, 1), "2025/26 v1", example_rates())
CARD_2026 = CardVersion(date(2026, 4, 1), date(2026, 4, 1), "2026/27 v1", example_rates(D("3.5"), D("2")))


def example_cards() -> RateCards:
    return RateCards([CARD_2025, CARD_2026])
