"""Generating and saving a monthly schedule for 10,000 placements (target: under 60 s). Run by `make bench`.

The scheme is loaded with bulk inserts (not the services): it is benchmark data, built fast.
"""

from datetime import date

import pytest

from composition.national_carers import insert_households, vacuum_analyze
from composition.national_placements import insert_people, load_placements
from funding import schedules
from funding.example_card import publish_example_cards
from tests.factories import UserFactory

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]


def _load_scheme(officer, manager, placements: int = 10_000):
    """Live-in placements two to a household, started since 2019, with their agreed bands (the national data's
    shape, composition/national_placements.py)."""
    households = insert_households(placements // 2, [officer.pk], prefix="SL-B")
    insert_people(placements, prefix="BENCH", firsts=["Bench"], lasts=["Person"])
    load_placements(people=placements, placements=placements, households=households, prefix="BENCH",
                    referrals_officer_ids=[officer.pk], manager_ids=[manager.pk], kind="'live_in'")
    vacuum_analyze("placements_placement", "funding_bandingassessment")


def test_monthly_schedule_for_10000_placements(bench):
    officer = UserFactory(username="bench-officer", role="Shared Lives officer")
    finance = UserFactory(username="bench-finance", role="Finance admin")
    manager = UserFactory(username="bench-manager", role="Management team")
    publish_example_cards(drafted_by=finance, published_by=finance)
    _load_scheme(officer, manager)
    runs = iter([(date(2026, 10, 1), date(2026, 10, 31))])

    def generate():
        start, end = next(runs)
        return schedules.generate_schedule(period_start=start, period_end=end, by=finance)

    schedule = bench("payment schedule: generate and save 10,000 placements for a month", 60.0, generate, repeat=1,
                     note="fee engine + bulk_create_with_history, history rows included")
    assert schedule.lines.count() >= 20_000
