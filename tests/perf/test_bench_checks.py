"""SAFE-3, the issue's "Speed": the scheme-wide Checks report (carers.checks.checks_report) for 6,000 households
and 14,000 carers, target under 300 ms. Run by `make bench`. Data is loaded with SQL, fast.

The mix is a live scheme's: every carer holds a DBS check and the six mandatory courses, every household public
liability insurance (last year's policy kept too), a signed carer agreement and a property check; a few lack
something (one main carer in 50 has no DBS check, one household in 97 no agreement, one carer in 30 an expired
first aid course) and some expire soon (one household in 40 has insurance ending within 90 days)."""

from datetime import date

import pytest
from django.db import connection

from carers import checks
from composition.national_carers import insert_households, load_checks, mandatory_courses, vacuum_analyze
from tests.factories import UserFactory

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]

HOUSEHOLDS = 6000
ON = date(2026, 11, 23)


def _load(officer_ids, course_ids):
    low, high = insert_households(HOUSEHOLDS, officer_ids, prefix="SL-K")
    load_checks(low, high, course_ids)
    with connection.cursor() as cursor:
        # The yearly 1:1 health and safety review with the property check (REV-3), two years of them.
        cursor.execute(
            """
            INSERT INTO reviews_review (kind, household_id, placement_id, held_on, in_person, attendees, persons_views,
                different_reviewing_officer, advocate, outcomes, concerns, finance_audit_done, medication_competency_done,
                property_check_done, insurance_evidence_seen, training_needs, wellbeing, feedback, recorded_by_id,
                recorded_at, recorded_in_error_reason)
            SELECT 'health_safety', h, NULL, DATE '2025-01-10' + k::int * 365 + (h %% 300)::int, true, 'Officer',
                   '', false, '', '', '', true, true, true, true, '', '', '', %s, now(), ''
            FROM generate_series(%s, %s) AS h, generate_series(0, 1) AS k
            """,
            [officer_ids[0], low, high],
        )
    vacuum_analyze("reviews_review")


def test_scheme_wide_checks_report_for_6000_households(bench):
    # A transactional test flushes the migrations' seed: put the guidance's requirements back (carers/reference.py).
    course_ids = mandatory_courses()
    assert len(course_ids) == 6
    officers = [UserFactory(username=f"bench-officer-{n}", role="Shared Lives officer") for n in range(30)]
    _load([o.pk for o in officers], course_ids)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM carers_carer")
        carers = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM carers_trainingrecord")
        training = cursor.fetchone()[0]
    assert carers == 14000
    rows = bench(
        "checks: scheme-wide Checks report, 6,000 households",
        0.3,
        lambda: checks.checks_report(ON),
        repeat=3,
        note=f"{carers:,} carers, {training:,} training records",
    )
    kinds = {row.gap.kind for row in rows}
    assert kinds == {"missing", "expired", "expiring"}
    assert len(rows) > 500  # 120 missing DBS, 61 agreements, 467 expired first aid, 150 insurance expiring...
