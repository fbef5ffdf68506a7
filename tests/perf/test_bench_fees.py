"""Fee engine and payment schedule benchmarks (targets from the Funding issue). Run by `make bench`."""

import random
from datetime import date, timedelta

import pytest

from funding import fees
from tests.funding.cards import example_cards

pytestmark = pytest.mark.bench


def _facts(count: int) -> list[fees.PlacementFacts]:
    rng = random.Random(7)
    found = []
    for n in range(count):
        starts_on = date(2025, 6, 1) + timedelta(days=rng.randint(0, 500))
        kind = rng.choices([fees.LIVE_IN, fees.SHORT_BREAK, fees.DAY_SUPPORT], [60, 25, 15])[0]
        if kind == fees.LIVE_IN:
            bands = (fees.BandFact(rng.choice(["band_1", "band_2", "band_3", "band_4"]), starts_on + timedelta(days=28)),)
            found.append(fees.PlacementFacts(n, f"SL-{n % 6000:04d}", kind, starts_on, bands=bands,
                                             emergency=rng.random() < 0.05))
        elif kind == fees.SHORT_BREAK:
            stays = tuple(fees.StayFact(date(2026, 10, d), date(2026, 10, d + 3)) for d in (2, 16))
            found.append(fees.PlacementFacts(n, f"SL-{n % 6000:04d}", kind, starts_on, stays=stays))
        else:
            sessions = tuple(fees.DaySessionFact(date(2026, 10, d), "day_six", 1 + d % 2) for d in range(1, 29, 3))
            found.append(fees.PlacementFacts(n, f"SL-{n % 6000:04d}", kind, starts_on, sessions=sessions))
    return found


def test_fee_engine_prices_10000_placements_for_a_month(bench):
    cards = example_cards()
    placements = _facts(10_000)
    lines = bench("fee engine: 10,000 placements priced for one month", 5.0,
                  lambda: [line for p in placements for line in fees.price(p, cards, date(2026, 10, 1), date(2026, 10, 31))],
                  repeat=2, note="funding/fees.py, pure Python")
    assert len(lines) > 10_000
