"""The header search on national-scale data: 50,000 people, 10,000 households and their 10,000 main carers.
Target: the median answer under 100 ms (issue 12). Run by `make bench`. Data is loaded with bulk inserts, fast."""

import statistics
import time
from datetime import date

import pytest
from django.db import connection
from faker import Faker

from carers.models import Carer, CarerHousehold
from placements import search
from placements.models import Person
from tests.factories import UserFactory
from tests.perf.conftest import RESULTS, BenchResult

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]

PEOPLE = 50_000
HOUSEHOLDS = 10_000
TARGET = 0.100  # seconds, median


def _load():
    fake = Faker("en_GB")
    fake.seed_instance(12)
    firsts = list({fake.first_name() for _ in range(2000)})[:300]
    lasts = list({fake.last_name() for _ in range(4000)})[:600]
    Person.objects.bulk_create(
        (
            Person(
                cdir_reference=f"CDIR{700000 + n}",
                first_name=firsts[n % len(firsts)],
                last_name=lasts[(n * 7) % len(lasts)],
                date_of_birth=date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
                primary_support_need="learning_disability",
            )
            for n in range(PEOPLE)
        ),
        batch_size=5000,
    )
    Person.objects.bulk_create(
        [
            Person(
                cdir_reference="CDIR999999",
                first_name="John",
                last_name="Smith",
                date_of_birth=date(1985, 5, 5),
                primary_support_need="autism",
            )
        ]
    )
    households = CarerHousehold.objects.bulk_create(
        (
            CarerHousehold(
                reference=f"SL-{n:05d}",
                name=f"The {lasts[(n * 13) % len(lasts)]} family",
                address_line_1="1 Road",
                town="Town",
                postcode="SO23 8UA",
                area="Winchester",
            )
            for n in range(HOUSEHOLDS)
        ),
        batch_size=5000,
    )
    Carer.objects.bulk_create(
        (
            Carer(household=h, first_name=firsts[(n * 11) % len(firsts)], last_name=lasts[(n * 13) % len(lasts)])
            for n, h in enumerate(households)
        ),
        batch_size=5000,
    )
    # As autovacuum would have done on a live scheme: statistics for the planner.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE placements_person, carers_carerhousehold, carers_carer")


def test_search_on_national_scale_data():
    user = UserFactory(username="bench-manager", role="Management team")
    _load()
    texts = ["Jonh Smith", "SL-04242", "CDIR742424", "Okafor", "smith", "The Jones family", "Margaret Brown"]
    search.search(user, "warm up")  # the first query on a connection reads the catalogue
    timings = []
    for _ in range(5):
        for text in texts:
            started = time.perf_counter()
            results = search.search(user, text)
            timings.append(time.perf_counter() - started)
            assert len(results) <= search.LIMIT
    median = statistics.median(timings)
    RESULTS.append(
        BenchResult(
            "header search: 50,000 people, 10,000 households and carers (median)",
            median,
            TARGET,
            f"median of {len(timings)} searches (misspelt name, references, surnames); slowest "
            f"{max(timings) * 1000:.0f} ms",
        )
    )
    assert search.search(user, "Jonh Smith")[0].name == "John Smith"
    assert search.search(user, "SL-04242")[0].reference == "SL-04242"
    assert median < TARGET, f"median {median * 1000:.1f} ms"
