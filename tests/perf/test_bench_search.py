"""The header search on national-scale data: 50,000 people, 10,000 households and their 10,000 main carers.
Target: the median answer under 100 ms (issue 12). Run by `make bench`. Data is loaded with bulk inserts, fast."""

import statistics
import time
from datetime import date

import pytest

from composition.national import name_pools
from composition.national_carers import insert_carers, insert_households, vacuum_analyze
from composition.national_placements import insert_people
from placements import search
from placements.models import Person
from tests.factories import UserFactory
from tests.perf.conftest import RESULTS, BenchResult

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]

PEOPLE = 50_000
HOUSEHOLDS = 10_000
TARGET = 0.100  # seconds, median


def _load(officer):
    firsts, lasts = name_pools(12)
    insert_people(PEOPLE, prefix="CDIR", first=700_000, firsts=firsts, lasts=lasts)
    Person.objects.create(cdir_reference="CDIR999999", first_name="John", last_name="Smith",
                          date_of_birth=date(1985, 5, 5), primary_support_need="autism")
    # SL-00000 ... SL-09999, "The <surname> family", each with its main carer of that surname.
    low, high = insert_households(HOUSEHOLDS, [officer.pk], prefix="SL-", first=0, lasts=lasts)
    insert_carers(low, high, joint_carers=0, firsts=firsts, lasts=lasts)
    vacuum_analyze("placements_person", "carers_carerhousehold", "carers_carer")


def test_search_on_national_scale_data():
    user = UserFactory(username="bench-manager", role="Management team")
    _load(UserFactory(username="bench-officer", role="Shared Lives officer"))
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
