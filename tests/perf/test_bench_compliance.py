"""The scheme-wide compliance list for 6,000 households with five years of contacts and reviews (about a
million contact rows) and a live scheme's carers and checks (tests/perf/test_bench_checks.py): target under 300 ms.
Run by `make bench`. Data is loaded with SQL, fast."""

from datetime import date

import pytest
from django.db import connection

from reviews import queries
from tests.factories import UserFactory
from tests.perf.test_bench_checks import load_checks, mandatory_courses

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]

HOUSEHOLDS = 6000


def _load(officer_ids):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO carers_carerhousehold (reference, name, address_line_1, address_line_2, town, postcode, area,
                phone, email, status, approved_on, more_frequent_support, allocated_officer_id, leaving_reason,
                leaving_notes, offers_live_in, offers_short_breaks, offers_day_support, approved_places, rooms_available,
                skills_experience, interests, languages, faith_culture, has_pets, pets, smoking_household, accessibility,
                emergency_approved, created_at, hold_reason, hold_details)
            SELECT 'SL-C' || n, 'Household ' || n, '1 Road', '', 'Town', 'SO23 8UA', 'Winchester', '', '', 'approved',
                   DATE '2020-01-01', false, (%s::bigint[])[1 + n %% %s], '', '', true, false, false, 3, 2, '', '', '',
                   '', false, '', false, '', false, now(), '', ''
            FROM generate_series(1, %s) AS n
            """,
            [officer_ids, len(officer_ids), HOUSEHOLDS],
        )
        cursor.execute("SELECT MIN(id), MAX(id) FROM carers_carerhousehold WHERE reference LIKE 'SL-C%%'")
        low, high = cursor.fetchone()
        # ~170 contacts per household over five years: about a million rows.
        cursor.execute(
            """
            INSERT INTO reviews_contact (household_id, placement_id, occurred_at, method, with_whom, summary,
                concern_raised, recorded_by_id, recorded_at, recorded_in_error_reason)
            SELECT h, NULL, TIMESTAMP '2021-11-20' + (k * INTERVAL '10 days 16 hours') + (h %% 9) * INTERVAL '1 day',
                   'phone', 'carer', 'Routine contact', false, %s,
                   TIMESTAMP '2021-11-20' + (k * INTERVAL '10 days 16 hours') + (h %% 9) * INTERVAL '1 day', ''
            FROM generate_series(%s, %s) AS h, generate_series(0, 170) AS k
            """,
            [officer_ids[0], low, high],
        )
        cursor.execute(
            """
            INSERT INTO reviews_review (kind, household_id, placement_id, held_on, in_person, attendees, persons_views,
                different_reviewing_officer, advocate, outcomes, concerns, finance_audit_done, medication_competency_done,
                property_check_done, insurance_evidence_seen, training_needs, wellbeing, feedback, recorded_by_id,
                recorded_at, recorded_in_error_reason)
            SELECT (ARRAY['appraisal','monitoring','financial','medication','health_safety'])[1 + k %% 5], h, NULL,
                   DATE '2021-11-30' + k * 73 + (h %% 60), k %% 5 = 0, 'Officer and carer', '', false, '', '', '', true, true, true, true,
                   '', '', '', %s, (DATE '2021-11-30' + k * 73 + (h %% 60))::timestamptz, ''
            FROM generate_series(%s, %s) AS h, generate_series(0, 24) AS k
            """,
            [officer_ids[0], low, high],
        )
    # The carers and their checks, as in the Checks report's benchmark: a live scheme's few gaps (SAFE-3).
    load_checks(low, high, mandatory_courses())
    # As autovacuum would have done on a live scheme: statistics and the visibility map (index-only scans).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE carers_carerhousehold, reviews_contact, reviews_review")


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
