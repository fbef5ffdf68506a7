"""National-scale data, the people supported: people, referrals, placements, stays, day sessions and bands.

Each person n has one referral; the first `placements` of them are placed, the rest wait at some stage of the
referrals board. Placement n goes to household n modulo the household count (so no household has more people than
its places), its kind from its number: about 53% live-in, 26% short breaks, 21% day support; one in ten has ended.
All dates derive from n, so the data is the same on every build.
"""

from django.db import connection

from funding import banding
from funding.models import BandingDomain, BandingLevel, BandingTool, BandThreshold
from funding.reference import ensure_banding_tool

# Placement n's kind (SQL): n modulo 47 below 25 live-in, below 37 short breaks, else day support.
KIND = "CASE WHEN n %% 47 < 25 THEN 'live_in' WHEN n %% 47 < 37 THEN 'short_break' ELSE 'day_support' END"
# Placement n starts between January 2019 and mid-November 2026; one that has ended started by early 2023.
_START = "(DATE '2019-01-01' + CASE WHEN n %% 10 = 9 THEN (n * 7919) %% 1500 ELSE (n * 7919) %% 2875 END)"
_NEEDS = ["learning_disability", "mental_health", "pmld", "physical", "sensory", "older_age", "ld_dementia",
          "dementia", "brain_injury", "other"]


def insert_people(count: int, *, prefix: str, firsts: list[str], lasts: list[str], first: int = 0) -> None:
    """`count` people, case-system references prefix + number; names from the pools, spread as the search
    benchmark spreads them (every first name with many surnames)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO placements_person (cdir_reference, first_name, last_name, preferred_name, date_of_birth,
                primary_support_need, likes, dislikes, interests, languages, faith_culture, preferred_area, pets,
                can_live_with_smokers, accessibility_needs, advocate_name, advocate_contact, funding_area_team,
                created_at)
            SELECT %(prefix)s || n, (%(firsts)s::text[])[1 + n %% %(firsts_n)s],
                   (%(lasts)s::text[])[1 + (n * 7) %% %(lasts_n)s], '',
                   make_date(1960 + n %% 40, 1 + n %% 12, 1 + n %% 28), (%(needs)s::text[])[1 + n %% 10],
                   '', '', '', 'English', '', '', 'no_preference', false, '', '', '', '',
                   TIMESTAMP '2018-10-01' + (n %% 1000) * INTERVAL '1 hour'
            FROM generate_series(%(first)s, %(last)s) AS n
            """,
            dict(prefix=prefix, firsts=firsts, firsts_n=len(firsts), lasts=lasts, lasts_n=len(lasts), needs=_NEEDS,
                 first=first, last=first + count - 1),
        )


def load_placements(*, people: int, placements: int, households: tuple[int, int], referrals_officer_ids: list[int],
                    manager_ids: list[int], prefix: str, kind: str = KIND) -> None:
    """Referrals for people prefix0.. and placements for the first `placements` of them (module docstring);
    `kind` (SQL on n) says each one's kind, e.g. "'live_in'" for live-in only."""
    low, high = households
    params = dict(prefix=prefix, people=people, placements=placements, low=low, count=high - low + 1,
                  officers=referrals_officer_ids, officers_n=len(referrals_officer_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE TEMPORARY TABLE national_person AS
            SELECT p.id, substring(p.cdir_reference from length(%(prefix)s) + 1)::int AS n
            FROM placements_person p WHERE p.cdir_reference LIKE %(prefix)s || '%%'
            """,
            params,
        )
        # Placed referrals came in two months before the start; the others are on the board now.
        cursor.execute(
            f"""
            INSERT INTO placements_referral (person_id, kind, emergency, received_on, referrer_name, referrer_team,
                referrals_officer_id, wanted_from, status, closed_reason, assessment_received_on,
                care_plan_received_on, risk_assessment_received_on, risk_review_due_on, emergency_discussion_outcome,
                day_service_days_per_week, targeted_need, waiting_since, still_needed_checked_with)
            SELECT np.id, {kind}, false,
                   CASE WHEN n < %(placements)s THEN {_START} - 60 ELSE DATE '2026-06-01' + n %% 170 END,
                   'Care manager ' || n %% 97, 'Adult social care, ' || (ARRAY['north','south','east','west'])[1 + n %% 4],
                   (%(officers)s::bigint[])[1 + n %% %(officers_n)s], NULL,
                   CASE WHEN n < %(placements)s THEN 'placed'
                        ELSE (ARRAY['received','awaiting_funding','matching','introductions','waiting_list'])[1 + n %% 5]
                   END,
                   '', NULL, NULL, NULL, NULL, '', NULL, '',
                   CASE WHEN n >= %(placements)s AND n %% 5 = 4 THEN DATE '2026-08-01' + n %% 100 END, ''
            FROM national_person np
            """,
            params,
        )
        cursor.execute(
            f"""
            INSERT INTO placements_placement (person_id, household_id, referral_id, match_id, kind, emergency,
                person_known_to_carer, starts_on, ends_on, ending_reason, new_to_shared_lives, moved_from_id,
                move_reason, respite_allocation_nights, initial_review_on, placement_agreement_signed_on,
                licence_agreement_signed_on, housing_benefit_applied_on, all_about_me_shared_on, case_note_flagged_on,
                created_by_id, created_at)
            SELECT np.id, %(low)s + n %% %(count)s, r.id, NULL, r.kind, false, false, {_START},
                   CASE WHEN n %% 10 = 9 THEN LEAST({_START} + 200 + n %% 400, DATE '2026-09-30') END,
                   CASE WHEN n %% 10 = 9 THEN 'arrangement_end' ELSE '' END, true, NULL, '',
                   CASE WHEN r.kind = 'short_break' THEN 28 END,
                   CASE WHEN {_START} + 28 <= DATE '2026-11-23' THEN {_START} + 28 END,
                   {_START}, CASE WHEN r.kind = 'live_in' THEN {_START} END,
                   CASE WHEN r.kind = 'live_in' THEN {_START} END, {_START}, {_START},
                   h.allocated_officer_id, {_START}::timestamptz
            FROM national_person np
            JOIN placements_referral r ON r.person_id = np.id
            JOIN carers_carerhousehold h ON h.id = %(low)s + n %% %(count)s
            WHERE n < %(placements)s
            """,
            params,
        )
        cursor.execute("DROP TABLE national_person")
    _load_stays_and_sessions(prefix)
    _load_bands(prefix, manager_ids)



def _load_stays_and_sessions(prefix: str) -> None:
    """Short breaks: a three-night stay every two months of the last year. Day support: a session every
    fortnight since June 2026 (half, six-hour or full days), a few shared with another person."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO placements_stay (placement_id, starts_on, ends_on, trial, cancelled)
            SELECT p.id, s.day, s.day + 3, false, false
            FROM placements_placement p
            JOIN placements_person pe ON pe.id = p.person_id AND pe.cdir_reference LIKE %s || '%%',
                 LATERAL (SELECT DATE '2025-12-01' + k * 61 + (p.id %% 20)::int AS day FROM generate_series(0, 5) AS k) s
            WHERE p.kind = 'short_break' AND s.day >= p.starts_on AND (p.ends_on IS NULL OR s.day + 3 <= p.ends_on)
            """,
            [prefix],
        )
        cursor.execute(
            """
            INSERT INTO placements_daysession (placement_id, "on", block, people_supported_together, cancelled)
            SELECT p.id, s.day, (ARRAY['half_day','six_hours','full_day'])[1 + p.id %% 3],
                   CASE WHEN p.id %% 7 = 0 THEN 2 ELSE 1 END, false
            FROM placements_placement p
            JOIN placements_person pe ON pe.id = p.person_id AND pe.cdir_reference LIKE %s || '%%',
                 LATERAL (SELECT DATE '2026-06-01' + k * 14 + (p.id %% 10)::int AS day FROM generate_series(0, 13) AS k) s
            WHERE p.kind = 'day_support' AND s.day >= p.starts_on AND (p.ends_on IS NULL OR s.day <= p.ends_on)
            """,
            [prefix],
        )


def _load_bands(prefix: str, manager_ids: list[int]) -> None:
    """FEE-3: every live-in placement past its 28-day review has a band the management team agreed there
    (bands 1 to 4 in turn), submitted by the household's officer and decided by a manager three days later."""
    ensure_banding_tool(BandingTool, BandingDomain, BandingLevel, BandThreshold)  # gone after a test's flush
    tool = banding.active_tool()
    domains = list(tool.domains.values_list("pk", flat=True))
    lowest = {}
    for domain in tool.domains.prefetch_related("levels"):
        first = min(domain.levels.all(), key=lambda level: level.score)
        lowest[domain.pk] = (first.pk, first.score)
    total = sum(score for _, score in lowest.values())
    suggested = banding.suggested_band(tool, total)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO funding_bandingassessment (placement_id, tool_id, purpose, review_date, total_score,
                suggested_band, proposed_band, proposal_reason, decided_band, effective_from, effective_reason,
                sent_to_area_team_on, provision_variation_on, submitted_by_id, submitted_at, decided_by_id,
                decided_at, outcome, decision_reason)
            SELECT p.id, %(tool)s, 'initial_review', p.initial_review_on, %(total)s, %(suggested)s,
                   'band_' || (1 + p.id %% 4),
                   CASE WHEN 'band_' || (1 + p.id %% 4) = %(suggested)s THEN ''
                        ELSE 'The support plan shows more support than the scores alone' END,
                   'band_' || (1 + p.id %% 4), NULL, '', p.initial_review_on + 5, p.initial_review_on + 6,
                   p.created_by_id, p.initial_review_on::timestamptz,
                   (%(managers)s::bigint[])[1 + p.id %% %(managers_n)s],
                   (p.initial_review_on + 3)::timestamptz, 'agreed', 'Agreed at the banding panel'
            FROM placements_placement p
            JOIN placements_person pe ON pe.id = p.person_id AND pe.cdir_reference LIKE %(prefix)s || '%%'
            WHERE p.kind = 'live_in' AND p.initial_review_on IS NOT NULL
            """,
            dict(tool=tool.pk, total=total, suggested=suggested, prefix=prefix, managers=manager_ids,
                 managers_n=len(manager_ids)),
        )
        cursor.execute(
            """
            INSERT INTO funding_bandinganswer (assessment_id, domain_id, level_id)
            SELECT a.id, d.domain, d.level
            FROM funding_bandingassessment a, unnest(%s::bigint[], %s::bigint[]) AS d(domain, level)
            WHERE NOT EXISTS (SELECT 1 FROM funding_bandinganswer x WHERE x.assessment_id = a.id)
            """,
            [domains, [lowest[d][0] for d in domains]],
        )
