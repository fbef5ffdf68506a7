"""National-scale data, the carers' side: households, their carers and the checks a live scheme holds.

Bulk rows go in with `INSERT ... SELECT ... FROM generate_series(...)`: fast, deterministic (every value derives
from the row's number or id), and checked by every database constraint as it lands. The benchmarks in tests/perf/
load their data with these same helpers. A household range `low..high` is a range of ids the caller inserted.
"""

from django.db import connection

from carers.models import Requirement, TrainingCourse
from carers.reference import ensure_requirements, ensure_training_courses

_HOUSEHOLD_COLUMNS = """reference, name, address_line_1, address_line_2, town, postcode, area, phone, email, status,
    approved_on, more_frequent_support, allocated_officer_id, hold_reason, hold_details, leaving_reason,
    leaving_notes, offers_live_in, offers_short_breaks, offers_day_support, approved_places, rooms_available,
    skills_experience, interests, languages, faith_culture, has_pets, pets, smoking_household, accessibility,
    emergency_approved, created_at"""

# Towns and their postcode areas: where households are, for the lists' filters and the header search.
AREAS = [
    ("Winchester", "SO23"), ("Basingstoke", "RG21"), ("Leeds", "LS6"), ("Rotherham", "S60"), ("Norwich", "NR2"),
    ("Cardiff", "CF10"), ("Glasgow", "G12"), ("Belfast", "BT7"), ("Bristol", "BS6"), ("Exeter", "EX4"),
    ("Manchester", "M14"), ("Newcastle", "NE2"), ("Birmingham", "B13"), ("Plymouth", "PL4"), ("York", "YO10"),
]


def insert_households(count: int, officer_ids: list[int], *, prefix: str, first: int = 1, lasts=None) -> tuple:
    """`count` approved households referenced prefix + 5 digits (from `first`), each allocated to one of the
    officers in turn (CAR-3), approved places 2 or 3; named after `lasts` (surnames) when given.
    Returns the (low, high) range of their ids."""
    names = lasts or ["Household"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO carers_carerhousehold ({_HOUSEHOLD_COLUMNS})
            SELECT %(prefix)s || lpad(n::text, 5, '0'),
                   CASE WHEN %(named)s THEN 'The ' || (%(lasts)s::text[])[1 + (n * 13) %% %(lasts_n)s] || ' family'
                        ELSE 'Household ' || n END,
                   n || ' ' || (ARRAY['High Street','Church Lane','Mill Road','Station Road','Park Avenue'])[1 + n %% 5],
                   '', (%(towns)s::text[])[1 + n %% %(areas_n)s],
                   (%(codes)s::text[])[1 + n %% %(areas_n)s] || ' ' || (1 + n %% 9) || chr(65 + n %% 26) || chr(65 + (n / 26) %% 26),
                   (%(towns)s::text[])[1 + n %% %(areas_n)s], '', '', 'approved',
                   DATE '2012-01-02' + (n * 37) %% 5000, false, (%(officers)s::bigint[])[1 + n %% %(officers_n)s],
                   '', '', '', '', true, n %% 2 = 0, n %% 3 = 0, 2 + n %% 2, 2, '', '', 'English', '', n %% 4 = 0,
                   CASE WHEN n %% 4 = 0 THEN 'A dog' ELSE '' END, false, '', false,
                   TIMESTAMP '2012-01-02' + ((n * 37) %% 5000) * INTERVAL '1 day'
            FROM generate_series(%(first)s, %(last)s) AS n
            """,
            dict(prefix=prefix, named=lasts is not None, lasts=names, lasts_n=len(names), officers=officer_ids,
                 officers_n=len(officer_ids), towns=[t for t, _ in AREAS], codes=[c for _, c in AREAS],
                 areas_n=len(AREAS), first=first, last=first + count - 1),
        )
        cursor.execute(
            "SELECT MIN(id), MAX(id) FROM carers_carerhousehold WHERE reference LIKE %s", [prefix + "%"]
        )
        return cursor.fetchone()


def mandatory_courses() -> dict[str, int]:
    """The guidance's requirements (carers/reference.py), put back after a transactional test's flush: the six
    mandatory courses by name."""
    ensure_training_courses(TrainingCourse)
    ensure_requirements(Requirement, TrainingCourse)
    mandatory = Requirement.objects.filter(who="carer", what="training", arrangement_kind="", active=True)
    return {r.course.name: r.course_id for r in mandatory.select_related("course")}


def insert_carers(low, high, *, joint_modulus: int = 3, joint_from: int = 1, joint_carers: int = 2,
                  firsts=None, lasts=None) -> None:
    """A main carer in every household low..high, and `joint_carers` joint carers in the households whose number
    in the range (from 0) modulo `joint_modulus` is at least `joint_from`. Named from `firsts` and `lasts` when given (the household's surname)."""
    firsts, named = firsts or ["Carer"], lasts is not None
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO carers_carer (household_id, role, first_name, last_name, date_of_birth, phone, email)
            SELECT h, CASE WHEN k = 0 THEN 'main' ELSE 'joint' END,
                   CASE WHEN %(named)s THEN (%(firsts)s::text[])[1 + (h * 11 + k * 7) %% %(firsts_n)s] ELSE 'Carer' || k END,
                   CASE WHEN %(named)s THEN substring(hh.name from 5 for length(hh.name) - 11) ELSE 'Family ' || h END,
                   NULL, '', ''
            FROM generate_series(%(low)s, %(high)s) AS h
            JOIN carers_carerhousehold hh ON hh.id = h, generate_series(0, %(joints)s) AS k
            WHERE k = 0 OR (h - %(low)s) %% %(modulus)s >= %(from)s
            """,
            dict(named=named, firsts=firsts, firsts_n=len(firsts), low=low, high=high, joints=joint_carers,
                 modulus=joint_modulus, **{"from": joint_from}),
        )


def load_checks(low, high, course_ids, **carers):
    """The carers (insert_carers, with `carers` its options) and the records a live scheme holds for households
    low..high: every carer a DBS check and the six mandatory courses, every household public liability insurance
    (last year's policy kept too), a signed carer agreement; one support carer in five households. A few lack
    something (one main carer in 50 has no DBS check, one household in 97 no agreement, one carer in 30 an expired
    first aid course) and some expire soon (one household in 40 has insurance ending within 90 days)."""
    insert_carers(low, high, **carers)
    with connection.cursor() as cursor:
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
        # The six mandatory courses for every carer; first aid expired for one carer in 30.
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
    vacuum_analyze(
        "carers_carerhousehold", "carers_carer", "carers_dbscheck", "carers_trainingrecord",
        "carers_insurancepolicy", "carers_careragreement", "carers_supportcarer",
    )


def load_earlier_records(low, high, course_ids) -> None:
    """Years of records behind the current ones: the renewing courses' previous completions (most carers), three
    earlier public liability policies, four years of home insurance and business car cover in every other
    household. Nothing here is current, apart from this year's home insurance."""
    renewing = [course for name, course in course_ids.items() if name != "Core Shared Lives carer training"]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO carers_trainingrecord (carer_id, course_id, completed_on, expires_on, notes)
            SELECT c.id, course, DATE '2022-01-15' + (c.id %% 300)::int, DATE '2025-01-15' + (c.id %% 300)::int, ''
            FROM carers_carer c, unnest(%s::bigint[]) AS course,
                 (SELECT MIN(id) AS id FROM carers_carer WHERE household_id BETWEEN %s AND %s) first
            WHERE c.household_id BETWEEN %s AND %s AND (c.id - first.id) %% 100 < 88
            """,
            [renewing, low, high, low, high],
        )
        cursor.execute(
            """
            INSERT INTO carers_insurancepolicy (household_id, kind, insurer, policy_number, starts_on, expires_on,
                evidence_seen_on)
            SELECT h, kind, (ARRAY['Zurich','Aviva','NFU Mutual','Ecclesiastical'])[1 + (h + k + 8) %% 4],
                   upper(left(kind, 1)) || h || '-' || (2024 + k),
                   DATE '2024-01-01' + k * 365 + (h %% 300), DATE '2024-01-01' + (k + 1) * 365 + (h %% 300) - 1,
                   DATE '2024-01-01' + k * 365 + (h %% 300) + 30
            FROM generate_series(%s, %s) AS h,
                 (VALUES ('public_liability', -2), ('public_liability', -1), ('public_liability', 0),
                         ('home', -1), ('home', 0), ('home', 1), ('home', 2), ('motor_business', 2)) AS v(kind, k)
            WHERE kind <> 'motor_business' OR h %% 2 = 0
            """,
            [low, high],
        )


def vacuum_analyze(*tables: str) -> None:
    """As autovacuum would have done on a live scheme: statistics and the visibility map (index-only scans)."""
    with connection.cursor() as cursor:
        # Inside a transaction (a builder's, a quick test's) VACUUM cannot run: the statistics are what matter.
        command = "ANALYZE " if connection.in_atomic_block else "VACUUM ANALYZE "
        cursor.execute(command + ", ".join(tables))
