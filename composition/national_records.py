"""National-scale data, the records that pile up: five years of contacts and reviews, and the history rows
(simple_history) every row written through the services would have left behind."""

from django.db import connection

CONTACT_SUMMARIES = [
    "Routine contact: all well at home.",
    "Talked through the week; plans for the weekend.",
    "Carer asked about respite dates for the summer.",
    "Checked medication records together.",
    "Person enjoying the new day centre sessions.",
    "Discussed an upcoming hospital appointment.",
]


def insert_contacts(low, high, per_household: int, *, visits_every: int = 0, extra_where: str = "") -> None:
    """`per_household` contacts for each household low..high, evenly spread over the five years to 23 November
    2026 and recorded by its officer. Every `visits_every`-th is a face-to-face visit (REV-4; 0: none, all phone
    calls); one contact in three with the person is about the household's first placement, once it had started.
    `extra_where` (SQL on h and k) leaves some out, e.g. every other household's last one."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO reviews_contact (household_id, placement_id, occurred_at, method, with_whom, summary,
                concern_raised, recorded_by_id, recorded_at, recorded_in_error_reason)
            SELECT h.id, CASE WHEN k %% 3 = 1 AND first.starts_on <= c.at::date THEN first.id END, c.at,
                   CASE WHEN %(visits)s > 0 AND k %% GREATEST(%(visits)s, 1) = 0 THEN 'visit' ELSE 'phone' END,
                   CASE WHEN k %% 3 = 1 AND first.starts_on <= c.at::date THEN 'person' ELSE 'carer' END,
                   (%(summaries)s::text[])[1 + (h.id + k) %% %(summaries_n)s], false, h.allocated_officer_id, c.at, ''
            FROM carers_carerhousehold h
            LEFT JOIN (SELECT DISTINCT ON (household_id) household_id, id, starts_on FROM placements_placement
                       ORDER BY household_id, id) first ON first.household_id = h.id,
                 generate_series(0, %(per)s - 1) AS k,
                 LATERAL (SELECT TIMESTAMP '2021-11-23 09:00' + k * (INTERVAL '1826 days' / %(per)s)
                          + (h.id %% 9) * INTERVAL '1 day' + (k %% 7) * INTERVAL '1 hour' AS at) c
            WHERE h.id BETWEEN %(low)s AND %(high)s AND c.at < TIMESTAMP '2026-11-23 17:00' {extra_where}
            """,
            dict(low=low, high=high, per=per_household, visits=visits_every, summaries=CONTACT_SUMMARIES,
                 summaries_n=len(CONTACT_SUMMARIES)),
        )


def insert_reviews(low, high) -> None:
    """Five years of reviews for households low..high: every 73 days the next of appraisal, monitoring visit,
    financial, medication and health and safety review (with the property check, REV-3), recorded by the
    household's officer; only the yearly appraisals in person (25 per household)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO reviews_review (kind, household_id, placement_id, held_on, in_person, attendees, persons_views,
                different_reviewing_officer, advocate, outcomes, concerns, finance_audit_done, medication_competency_done,
                property_check_done, insurance_evidence_seen, training_needs, wellbeing, feedback, recorded_by_id,
                recorded_at, recorded_in_error_reason)
            SELECT (ARRAY['appraisal','monitoring','financial','medication','health_safety'])[1 + k %% 5], h.id, NULL,
                   DATE '2021-11-30' + k * 73 + (h.id %% 60)::int, k %% 5 = 0, 'Officer and carer', '', false, '', '', '',
                   true, true, true, true, '', '', '', h.allocated_officer_id,
                   (DATE '2021-11-30' + k * 73 + (h.id %% 60)::int)::timestamptz, ''
            FROM carers_carerhousehold h, generate_series(0, 24) AS k
            WHERE h.id BETWEEN %s AND %s
            """,
            [low, high],
        )


def insert_history(model, *, when: str, reason: str, history_type: str = "+", user: str = "NULL",
                   where: str = "true", params=None) -> int:
    """The history rows (simple_history) for `model`'s rows matching `where` (SQL on alias t): each row as it is,
    dated `when` (SQL), with `reason` and the acting user (SQL, e.g. t.recorded_by_id). Returns the rows written."""
    historical = model.history.model
    columns = [f.column for f in historical._meta.concrete_fields if not f.name.startswith("history_")]
    listed = ", ".join(f'"{c}"' for c in columns)
    taken = ", ".join(f't."{c}"' for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {historical._meta.db_table} ({listed}, history_date, history_change_reason, history_type,
                history_user_id)
            SELECT {taken}, {when}, %s, %s, {user} FROM {model._meta.db_table} t WHERE {where}
            """,
            [reason, history_type, *(params or [])],
        )
        return cursor.rowcount
