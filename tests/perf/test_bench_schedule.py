"""Generating and saving a monthly schedule for 10,000 placements (target: under 60 s). Run by `make bench`.

The scheme is loaded with bulk inserts (not the services): it is benchmark data, built fast.
"""

from datetime import date, timedelta

import pytest

from carers.models import CarerHousehold, HouseholdStatus
from funding import schedules
from funding.example_card import publish_example_cards
from placements.models import Person, Placement, Referral
from tests.factories import UserFactory

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]


def _load_scheme(officer, placements: int = 10_000):
    households = CarerHousehold.objects.bulk_create(
        CarerHousehold(reference=f"SL-B{n:05d}", name=f"Bench household {n}", address_line_1="1 Road", town="Town",
                       postcode="SO23 8UA", area="Winchester", status=HouseholdStatus.APPROVED,
                       approved_on=date(2024, 1, 1), allocated_officer=officer, approved_places=3)
        for n in range(placements // 3 + 1)
    )
    people = Person.objects.bulk_create(
        Person(cdir_reference=f"BENCH{n}", first_name="Bench", last_name=f"Person {n}", date_of_birth=date(1980, 1, 1),
               primary_support_need="learning_disability")
        for n in range(placements)
    )
    referrals = Referral.objects.bulk_create(
        Referral(person=person, kind="live_in", received_on=date(2025, 1, 1), referrer_name="x", referrer_team="y",
                 referrals_officer=officer, status="placed")
        for person in people
    )
    Placement.objects.bulk_create(
        Placement(person=person, household=households[n // 3], referral=referral, kind="live_in",
                  starts_on=date(2026, 9, 1) + timedelta(days=n % 40), new_to_shared_lives=True, created_by=officer)
        for n, (person, referral) in enumerate(zip(people, referrals, strict=True))
    )


def test_monthly_schedule_for_10000_placements(bench):
    officer = UserFactory(username="bench-officer", role="Shared Lives officer")
    finance = UserFactory(username="bench-finance", role="Finance admin")
    publish_example_cards(drafted_by=finance, published_by=finance)
    _load_scheme(officer)
    runs = iter([(date(2026, 10, 1), date(2026, 10, 31))])

    def generate():
        start, end = next(runs)
        return schedules.generate_schedule(period_start=start, period_end=end, by=finance)

    schedule = bench("payment schedule: generate and save 10,000 placements for a month", 60.0, generate, repeat=1,
                     note="fee engine + bulk_create_with_history, history rows included")
    assert schedule.lines.count() >= 20_000
