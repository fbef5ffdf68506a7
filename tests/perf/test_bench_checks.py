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
from carers.models import Requirement, TrainingCourse
from carers.reference import ensure_requirements, ensure_training_courses
from tests.factories import UserFactory

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]

HOUSEHOLDS = 6000
ON = date(2026, 11, 23)


def _load(officer_ids, course_ids):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO carers_carerhousehold (reference, name, address_line_1, address_line_2, town, postcode, area,
                phone, email, status, approved_on, more_frequent_support, allocated_officer_id, hold_reason,
                hold_details, leaving_reason, leaving_notes, offers_live_in, offers_short_breaks, offers_day_support,
                approved_places, rooms_available, skills_experience, interests, languages, faith_culture, has_pets,
                pets, smoking_household, accessibility, emergency_approved, created_at)
            SELECT 'SL-K' || n, 'Household ' || n, '1 Road', '', 'Town', 'SO23 8UA', 'Winchester', '', '', 'approved',
                   DATE '2020-01-01', false, (%s::bigint[])[1 + n %% %s], '', '', '', '', true, false, false, 3, 2,
                   '', '', '', '', false, '', false, '', false, now()
            FROM generate_series(1, %s) AS n
            """,
            [officer_ids, len(officer_ids), HOUSEHOLDS],
        )
        cursor.execute("SELECT MIN(id), MAX(id) FROM carers_carerhousehold WHERE reference LIKE 'SL-K%%'")
        low, high = cursor.fetchone()
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
        cursor.execute("VACUUM ANALYZE reviews_review")


def mandatory_courses() -> dict[str, int]:
    """The guidance's requirements (carers/reference.py), put back after a transactional test's flush: the six
    mandatory courses by name."""
    ensure_training_courses(TrainingCourse)
    ensure_requirements(Requirement, TrainingCourse)
    mandatory = Requirement.objects.filter(who="carer", what="training", arrangement_kind="", active=True)
    return {r.course.name: r.course_id for r in mandatory.select_related("course")}


def load_checks(low, high, course_ids):
    """The carers and the records a live scheme holds for households low..high (module docstring)."""
    with connection.cursor() as cursor:
        # 6,000 main carers and two joint carers in two households of three: 14,000 carers.
        cursor.execute(
            """
            INSERT INTO carers_carer (household_id, role, first_name, last_name, date_of_birth, phone, email)
            SELECT h, CASE WHEN k = 0 THEN 'main' ELSE 'joint' END, 'Carer' || k, 'Family ' || h, NULL, '', ''
            FROM generate_series(%s, %s) AS h, generate_series(0, 2) AS k
            WHERE k = 0 OR h %% 3 <> 0
            """,
            [low, high],
        )
        cursor.execute(
            """
            INSERT INTO carers_dbscheck (carer_id, support_carer_id, certificate_number, issued_on, on_update_service,
                renewal_due_on)
            SELECT c.id, NULL, '00' || c.id, DATE '2024-06-01' + (c.id %% 500)::int, c.id %% 4 = 0,
                   DATE '2027-06-01' + (c.id %% 500)::int
            FROM carers_carer c WHERE c.household_id BETWEEN %s AND %s
              AND NOT (c.role = 'main' AND c.household_id %% 50 = 0)
            """,
            [low, high],
        )
        # The six mandatory courses for every carer (84,000 records); first aid expired for one carer in 30.
        cursor.execute(
            """
            INSERT INTO carers_trainingrecord (carer_id, course_id, completed_on, expires_on, notes)
            SELECT c.id, course, DATE '2025-01-15' + (c.id %% 300)::int,
                   CASE WHEN course = %s AND c.id %% 30 = 0 THEN DATE '2026-10-01'
                        ELSE DATE '2028-01-15' + (c.id %% 300)::int END, ''
            FROM carers_carer c, unnest(%s::bigint[]) AS course
            WHERE c.household_id BETWEEN %s AND %s
            """,
            [course_ids["First aid"], list(course_ids.values()), low, high],
        )
        # Last year's policy and this year's; one household in 40 has this year's ending within 90 days.
        cursor.execute(
            """
            INSERT INTO carers_insurancepolicy (household_id, kind, insurer, policy_number, starts_on, expires_on,
                evidence_seen_on)
            SELECT h, 'public_liability', 'Insurer', 'P' || h || '-' || k,
                   DATE '2025-01-01' + k::int * 365 + (h %% 300)::int,
                   CASE WHEN k = 1 AND h %% 40 = 0 THEN DATE '2026-12-20'
                        ELSE DATE '2025-01-01' + (k::int + 1) * 365 + (h %% 300)::int - 1 END, NULL
            FROM generate_series(%s, %s) AS h, generate_series(0, 1) AS k
            """,
            [low, high],
        )
        cursor.execute(
            """
            INSERT INTO carers_careragreement (household_id, version, signed_on)
            SELECT h, '2025 v2', DATE '2025-03-01' + (h %% 200)::int
            FROM generate_series(%s, %s) AS h WHERE h %% 97 <> 0
            """,
            [low, high],
        )
        # One support carer in every fifth household, agreed and checked.
        cursor.execute(
            """
            INSERT INTO carers_supportcarer (household_id, first_name, last_name, relationship, phone,
                scheme_agreement_on)
            SELECT h, 'Support', 'Family ' || h, 'sister', '', DATE '2025-05-01'
            FROM generate_series(%s, %s) AS h WHERE h %% 5 = 0
            """,
            [low, high],
        )
        cursor.execute(
            """
            INSERT INTO carers_dbscheck (carer_id, support_carer_id, certificate_number, issued_on, on_update_service,
                renewal_due_on)
            SELECT NULL, s.id, '11' || s.id, DATE '2025-04-01', false, DATE '2028-04-01'
            FROM carers_supportcarer s WHERE s.household_id BETWEEN %s AND %s
            """,
            [low, high],
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE carers_carerhousehold, carers_carer, carers_dbscheck, carers_trainingrecord, "
            "carers_insurancepolicy, carers_careragreement, carers_supportcarer"
        )


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
