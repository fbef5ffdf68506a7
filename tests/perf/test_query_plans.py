"""Issue 15: the national-scale query shapes, proven by EXPLAIN on a quarter of the national data (1,500 households,
about 266,000 contacts; composition/national.py). Run by `make bench` (the data takes about 20 s to build).

Each test runs the real code, captures the statement it sends and asks PostgreSQL for its plan: the index named must
be used, and where it matters no table is read whole. Small test data would not do: on a few rows PostgreSQL rightly
prefers reading the table.
"""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from carers.models import CarerHousehold
from carers.queries import compliance_items
from composition import national
from reviews import picture, queries

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]
ON = date(2026, 11, 23)


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)  # the statement as sent, its parameters already in it
        return "\n".join(line for (line,) in cursor.fetchall())


def _plan_of(run, containing: str) -> str:
    with CaptureQueriesContext(connection) as captured:
        run()
    for query in captured.captured_queries:
        if containing in query["sql"]:
            return _plan(query["sql"])
    sent = "\n".join(q["sql"][:300] for q in captured.captured_queries)
    raise AssertionError(f"no statement containing {containing!r}:\n{sent}")


def test_national_query_plans(admin_user):
    """One test, one build: a transactional test's data is flushed when it ends."""
    national.build(scale=0.25, say=lambda *_: None, ids_file="/tmp/national-ids-plans.json")

    # The placements list's first page, unfiltered and by status, walks the index on its order: no sort of every
    # placement, no read of the whole table.
    client = Client()
    client.force_login(admin_user)
    for status in ("", "current"):  # the data gives no notices: "on notice" finds none and fetches no page
        plan = _plan_of(
            lambda status=status: client.get("/placements/", {"status": status} if status else {}),
            'ORDER BY "placements_placement"."starts_on" DESC',
        )
        assert "placement_list_order" in plan, plan
        assert "Seq Scan on placements_placement" not in plan, plan

    # A household's current training and insurance: "no later record" probes on the latest-record indexes.
    household = CarerHousehold.objects.filter(reference__startswith=national.PREFIX_HOUSEHOLD).first()
    scope = CarerHousehold.objects.filter(pk=household.pk)
    for containing, index in {
        'FROM "carers_trainingrecord"': "training_latest",
        'FROM "carers_insurancepolicy"': "insurance_latest",
    }.items():
        plan = _plan_of(lambda: compliance_items(households=scope, on=ON), containing)
        assert index in plan, plan

    # After the nightly refresh the Scheme overview's figures read the picture: no contact or review.
    picture.refresh(ON)
    with CaptureQueriesContext(connection) as captured:
        counts = picture.overdue_counts(ON)
    assert counts.total > 0
    read = " ".join(q["sql"] for q in captured.captured_queries)
    assert "reviews_contact" not in read and "reviews_review" not in read, read
    assert len(captured.captured_queries) == 3  # which are trusted; overdue by officer; by rule with its kinds
    assert queries.active_households().count() == 1500
