"""No stored value can take a page down: every date in every record at the furthest the database allows.

The database refuses dates outside 1900 to 2099 (sharedlives.fields.BoundedDateField). Within that fence, a record
imported or corrected to 1 January 1900 or 31 December 2099 must still leave every page that reads it answering: a
flagged row, never a dead page for everyone. The world is the permission grid's (every kind of record), then every
date of every row is moved to the extreme, one field at a time where a rule between two dates allows it.
"""

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.urls import reverse

from sharedlives.dates import EARLIEST_STORED, LATEST_STORED
from sharedlives.fields import BoundedDateField
from tests.url_arguments import url_kwargs_for

ARGUMENTS = [
    "household_pk",
    "carer_pk",
    "support_carer_pk",
    "break_pk",
    "person_pk",
    "referral_pk",
    "placement_pk",
    "nights_request_pk",
    "payment_request_pk",
    "provision_pk",
    "claim_pk",
    "contact_pk",
    "review_pk",
    "change_pk",
    "funding_request_pk",
    "card_pk",
    "assessment_pk",
    "schedule_pk",
    "payee_pk",
    "concern_pk",
    "incident_pk",
]
# (persona, page, its URL arguments) read after the dates moved: homes, lists, the records' own pages, money.
READERS = [
    ("officer", "home", []),
    ("manager", "home", []),
    ("referrals_officer", "home", []),
    ("finance_admin", "home", []),
    ("manager", "approvals", []),
    ("manager", "carers:household_list", []),
    ("manager", "carers:household_export", []),
    ("manager", "carers:household_detail", ["household_pk"]),
    ("manager", "carers:caseloads", []),
    ("manager", "placements:placement_list", []),
    ("finance_admin", "placements:placement_export", []),
    ("manager", "placements:placement_detail", ["placement_pk"]),
    ("manager", "placements:person_detail", ["person_pk"]),
    ("manager", "placements:referral_detail", ["referral_pk"]),
    ("referrals_officer", "placements:referral_board", []),
    ("manager", "placements:housing_benefit_outstanding", []),
    ("manager", "funding:placement_fees", ["placement_pk"]),
    ("manager", "funding:banding_history", ["placement_pk"]),
    ("finance_admin", "funding:schedule_detail", ["schedule_pk"]),
    ("finance_admin", "funding:schedule_list", []),
    ("finance_admin", "funding:schedule_create", []),
    ("manager", "funding:statement", ["schedule_pk", "payee_pk"]),
    ("manager", "reviews:overview", []),
    ("manager", "reviews:household_activity", ["household_pk"]),
    ("manager", "reviews:review_detail", ["review_pk"]),
    ("manager", "reviews:change_detail", ["change_pk"]),
    ("manager", "safeguarding:concern_list", []),
    ("manager", "safeguarding:concern_detail", ["concern_pk"]),
    ("manager", "safeguarding:incident_list", []),
    ("manager", "safeguarding:incident_detail", ["incident_pk"]),
    ("officer", "reviews:my_work", []),
]


def _move_every_date(to) -> list[str]:
    """Every bounded date of every row set to `to`, where the row's other rules allow it; returns what moved."""
    moved = []
    for model in apps.get_models():
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, BoundedDateField)]
        for name in fields:
            for pk in model._default_manager.values_list("pk", flat=True):
                try:
                    with transaction.atomic():
                        model._default_manager.filter(pk=pk).update(**{name: to})
                    moved.append(f"{model.__name__}.{name}")
                except IntegrityError:
                    pass  # e.g. an end before its start: a rule of the row, not a typo the page must survive
    return moved


@pytest.mark.parametrize("extreme", [LATEST_STORED, EARLIEST_STORED], ids=["2099-12-31", "1900-01-01"])
def test_pages_answer_with_every_date_at_the_edge_of_what_is_stored(client, db, request, extreme):
    kwargs = url_kwargs_for(ARGUMENTS, request)
    moved = _move_every_date(extreme)
    assert len(set(moved)) > 60, "the world should hold most kinds of dated record"
    for persona, name, arguments in READERS:
        client.force_login(request.getfixturevalue(persona))
        url = reverse(name, kwargs={argument: kwargs[argument] for argument in arguments})
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        assert response.status_code == 200, f"{url} as {persona}: {response.status_code} with dates at {extreme}"
