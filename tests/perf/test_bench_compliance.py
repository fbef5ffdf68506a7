"""The scheme-wide compliance list for 6,000 households with five years of contacts and reviews (about a
million contact rows) and a live scheme's carers and checks (tests/perf/test_bench_checks.py): target under 300 ms.
Run by `make bench`. Data is loaded with SQL, fast."""

from datetime import date

import pytest
from django.db import connection

from composition.national_carers import insert_households, load_checks, mandatory_courses, vacuum_analyze
from composition.national_records import insert_contacts, insert_reviews
from reviews import picture, queries
from sharedlives.models import SchemePolicy
from tests.factories import UserFactory

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]

HOUSEHOLDS = 6000


def _load(officer_ids):
    SchemePolicy.current()  # as on a live scheme: made on first use, which would mark every household changed
    low, high = insert_households(HOUSEHOLDS, officer_ids, prefix="SL-C")
    insert_contacts(low, high, 171)  # ~170 a household over five years, all by phone: about a million rows
    insert_reviews(low, high)  # 25 a household: only the yearly appraisals in person
    # The carers and their checks, as in the Checks report's benchmark: a live scheme's few gaps (SAFE-3).
    load_checks(low, high, mandatory_courses())
    vacuum_analyze("carers_carerhousehold", "reviews_contact", "reviews_review")


def test_scheme_wide_compliance_for_6000_households(bench):
    officers = [UserFactory(username=f"bench-officer-{n}", role="Shared Lives officer") for n in range(30)]
    _load([o.pk for o in officers])
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM reviews_contact")
        contacts = cursor.fetchone()[0]
    found = bench("compliance: scheme-wide obligations, 6,000 households", 0.3,
                  lambda: queries.obligations(on=date(2026, 11, 23)), repeat=3,
                  note=f"{contacts:,} contacts, {HOUSEHOLDS * 25:,} reviews")
    # Only the yearly appraisals were in person, the last about a year ago: every monitoring visit is overdue (REV-5).
    assert len(found) >= HOUSEHOLDS


def test_compliance_picture_for_6000_households(bench):
    """Issue 15: the Scheme overview and My work read the maintained picture; the worker recomputes it."""
    officers = [UserFactory(username=f"bench-officer-{n}", role="Shared Lives officer") for n in range(30)]
    _load([o.pk for o in officers])
    on = date(2026, 11, 23)
    bench("compliance picture: recompute all 6,000 households (the nightly job)", None,
          lambda: picture.refresh(on, household_ids=list(queries.active_households().values_list("pk", flat=True))),
          repeat=1)
    counts = bench("compliance picture: the Scheme overview's figures, 6,000 households", 0.15,
                   lambda: picture.overdue_counts(on), repeat=5)
    assert counts.total >= HOUSEHOLDS  # every monitoring visit is overdue (REV-5), as above
    bench("compliance picture: one officer's My work (200 households)", 0.1,
          lambda: picture.officer_work(officers[0], on), repeat=5)
    one = queries.active_households().values_list("pk", flat=True)[:1]
    bench("compliance picture: recompute one household after a change", 0.1,
          lambda: picture.refresh(on, household_ids=list(one)), repeat=5)
