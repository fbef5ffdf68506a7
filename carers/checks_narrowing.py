"""Scheme-wide "safe to place" reads (SAFE-3): find in SQL the few households that could lack something, so that
only they are loaded and checked in Python by carers/requirements.py.

One query. A household is left out only when every requirement, for every person it applies to, is met by ONE
record that starts on or before the day asked about and is held (its expiry, capped by the requirement's renewal
months) through the warning horizon: carers/requirements.py then finds nothing lacking and nothing expiring for it
(its own fast path, one record held from before the range past the range). Everything else (records that join
up, a member turning 16, a requirement this module does not know) goes to Python, which alone decides what a gap
is; narrowing can only ever pass a household on, never answer for it. tests/carers/test_checks_narrowing.py proves
the two agree at the boundaries.

The property check is not here: reviews records it and passes it in (carers/checks.py checks it in Python).
"""

from datetime import date

from django.core.exceptions import EmptyResultSet
from django.db import connection

from carers import requirements as req

# (who, what) -> (people: subquery of (id, household_id); records: table; the column naming the person; the
# column matched to the rule's key or None; start; end; "capped" expression: False where renewal months do not
# apply (a DBS check on the update service, as carers/checks.py reads it)).
PEOPLE = {
    "carer": "SELECT id, household_id FROM carers_carer",
    "support_carer": "SELECT id, household_id FROM carers_supportcarer",
    "member": "SELECT id, household_id FROM carers_householdmember",
    "household": "SELECT id, id AS household_id FROM carers_carerhousehold",
}
RECORDS = {
    ("carer", "training"): (
        "carers_trainingrecord",
        "carer_id",
        "course_id",
        "completed_on",
        "expires_on",
        "TRUE",
    ),
    ("carer", "dbs"): ("carers_dbscheck", "carer_id", None, "issued_on", "renewal_due_on", "NOT r.on_update_service"),
    ("support_carer", "dbs"): (
        "carers_dbscheck",
        "support_carer_id",
        None,
        "issued_on",
        "renewal_due_on",
        "NOT r.on_update_service",
    ),
    ("member", "dbs"): ("carers_dbscheck", "member_id", None, "issued_on", "renewal_due_on", "NOT r.on_update_service"),
    ("support_carer", "agreement"): (
        "(SELECT id, scheme_agreement_on, NULL::date AS ends_on FROM carers_supportcarer)",
        "id",
        None,
        "scheme_agreement_on",
        "ends_on",
        "TRUE",
    ),
    ("household", "insurance"): ("carers_insurancepolicy", "household_id", "kind", "starts_on", "expires_on", "TRUE"),
    ("household", "agreement"): (
        "(SELECT household_id, signed_on, NULL::date AS ends_on, version FROM carers_careragreement)",
        "household_id",
        None,
        "signed_on",
        "ends_on",
        "TRUE",
    ),
}
MAX_RULES = 62  # of one who and what: each met requirement is a bit of a bigint

# carers/requirements.py `normalised_version`: the current carer agreement compared without case or spacing (CAR-8).
VERSION_MATCHES = "(%s = '' OR lower(regexp_replace(btrim(r.version), '\\s+', ' ', 'g')) = %s)"


def _key(rule: req.Rule) -> int | str | None:
    if rule.what == "training":
        return rule.course_id
    if rule.what == "insurance":
        return rule.insurance_kind
    return None


def _branch(who: str, what: str, rules: list[req.Rule], scope: tuple[str, list], on: date, horizon: date, version: str):
    """SQL (and its parameters) for the households in scope where someone `who` lacks one record held from `on`
    through `horizon` for one of `rules` (all of the same who and what): one pass over the records of the people in
    scope (all of them, scheme-wide; one household's, when the compliance picture recomputes it)."""
    people = PEOPLE[who]
    scope_sql, scope_params = scope
    if (who, what) not in RECORDS or len(rules) > MAX_RULES:  # not read here: every such person goes to Python
        sql = f"SELECT s.household_id, %s, %s FROM ({people}) s WHERE s.household_id IN ({scope_sql})"
        return sql, [who, what, *scope_params]
    table, person, key, start, end, capped = RECORDS[(who, what)]
    key_type = "bigint" if what == "training" else "text"
    values = ", ".join([f"(%s::int, %s::{key_type}, %s::int)"] * len(rules))
    values_params = [p for n, rule in enumerate(rules) for p in (n, _key(rule), rule.renewal_months)]
    held_until = f"r.{end}"
    if any(rule.renewal_months for rule in rules):  # capped by the renewal months (carers/requirements.py `_end`)
        held_until = (
            f"CASE WHEN v.months IS NULL OR NOT ({capped}) THEN r.{end} "
            f"ELSE LEAST(r.{end}, (r.{start} + make_interval(months => v.months))::date - 1) END"
        )
    key_matches = f"r.{key} = v.key" if key else "TRUE"
    current, version_params = ("TRUE", [])
    if (who, what) == ("household", "agreement"):
        current, version_params = VERSION_MATCHES, [version, version]
    sql = f"""
        SELECT s.household_id, %s, %s FROM ({people}) s
        LEFT JOIN (
            SELECT r.{person} AS person_id, bit_or(1::bigint << v.n) AS met
            FROM {table} r JOIN (VALUES {values}) AS v(n, key, months) ON {key_matches}
            WHERE r.{start} <= %s AND (({held_until}) IS NULL OR ({held_until}) >= %s) AND {current}
              AND r.{person} IN (SELECT p.id FROM ({people}) p WHERE p.household_id IN ({scope_sql}))
            GROUP BY 1
        ) h ON h.person_id = s.id
        WHERE s.household_id IN ({scope_sql}) AND COALESCE(h.met, 0) <> {(1 << len(rules)) - 1}
    """
    return sql, [who, what, *values_params, on, horizon, *version_params, *scope_params, *scope_params]


def households_to_check(
    scope, rules: list[req.Rule], on: date, horizon: date, version: str
) -> dict[int, set[tuple[str, str]]]:
    """The households in `scope` (a query of household ids, `.values("pk")`) that could lack something on `on` or
    hold something that runs out before `horizon`, each with the kinds of requirement ((who, what)) that could:
    every other requirement of theirs is met by one record held through the horizon. The property check and arrangement-specific requirements are
    not read here (the caller checks the first; scheme-wide reads ask for no arrangement)."""
    try:
        scope_sql, scope_params = scope.order_by().query.sql_with_params()
    except EmptyResultSet:
        return {}
    groups: dict[tuple[str, str], list[req.Rule]] = {}
    for rule in rules:
        if not rule.arrangement_kind and rule.what != "property_check":
            groups.setdefault((rule.who, rule.what), []).append(rule)
    if not groups:
        return {}
    parts, params = [], []
    for (who, what), group in groups.items():
        sql, branch_params = _branch(
            who, what, group, (scope_sql, list(scope_params)), on, horizon, req.normalised_version(version)
        )
        parts.append(sql)
        params += branch_params
    with connection.cursor() as cursor:
        cursor.execute(" UNION ".join(parts), params)
        found: dict[int, set[tuple[str, str]]] = {}
        for household_id, who, what in cursor.fetchall():
            found.setdefault(household_id, set()).add((who, what))
        return found
