"""SG-5, SG-1, SG-2 in the compliance engine: each open concern and incident with its deadline and rule ID, tested
at the boundaries (the day before, on, and after the deadline); and from the database in a fixed number of queries."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from reviews import compliance, queries
from reviews.compliance import DUE_SOON, OVERDUE
from safeguarding import services

MONDAY = date(2026, 3, 2)
ABOUT = {  # whom a concern's or an incident's facts are about
    "household_id": 2,
    "household_name": "The Okafor family",
    "officer_id": 3,
    "person_name": "Sam Jones",
    "placement_id": None,
}


def _concern(**overrides) -> compliance.ConcernFacts:
    return compliance.ConcernFacts(
        **{
            "concern_id": 1,
            **ABOUT,
            "raised_on": MONDAY,
            "reviewed_on": None,
            "referral_recorded": False,
            **overrides,
        }
    )


def _by_rule(obligations) -> dict:
    return {o.rule: o for o in obligations}


@pytest.mark.parametrize(
    ("today", "status"),
    [(date(2026, 3, 2), DUE_SOON), (date(2026, 3, 3), DUE_SOON), (date(2026, 3, 4), OVERDUE)],
)
def test_concern_review_due_next_working_day__SG_5(today, status):
    review = _by_rule(compliance.concern_obligations(_concern(), today))["SG-5"]
    assert review.due_on == date(2026, 3, 3) and review.status == status
    assert review.responsible == "management" and review.action == "safeguarding:concern_review"


def test_concern_raised_on_a_friday_is_reviewed_by_monday__SG_5():
    review = _by_rule(compliance.concern_obligations(_concern(raised_on=date(2026, 3, 6)), date(2026, 3, 6)))["SG-5"]
    assert review.due_on == date(2026, 3, 9)


def test_concern_raised_before_easter_is_reviewed_after_the_bank_holidays__SG_5():
    """Good Friday (3 April 2026) and Easter Monday (6 April) are not working days."""
    review = _by_rule(compliance.concern_obligations(_concern(raised_on=date(2026, 4, 2)), date(2026, 4, 2)))["SG-5"]
    assert review.due_on == date(2026, 4, 7)


@pytest.mark.parametrize(
    ("today", "status"),
    [(date(2026, 3, 4), DUE_SOON), (date(2026, 3, 5), DUE_SOON), (date(2026, 3, 6), OVERDUE)],
)
def test_council_referral_due_the_working_day_after_the_review__SG_1(today, status):
    found = _by_rule(compliance.concern_obligations(_concern(reviewed_on=date(2026, 3, 4)), today))
    assert "SG-5" not in found
    assert found["SG-1"].due_on == date(2026, 3, 5) and found["SG-1"].status == status


def test_a_reviewed_and_referred_concern_owes_nothing__SG_5():
    assert compliance.concern_obligations(_concern(reviewed_on=MONDAY, referral_recorded=True), MONDAY) == []


def _incident(**overrides) -> compliance.IncidentFacts:
    return compliance.IncidentFacts(
        **{
            "incident_id": 1,
            **ABOUT,
            "occurred_on": MONDAY,
            "family_must_be_told": True,
            "family_informed_on": None,
            **overrides,
        }
    )


@pytest.mark.parametrize(
    ("today", "status"),
    [(date(2026, 3, 1), DUE_SOON), (date(2026, 3, 2), DUE_SOON), (date(2026, 3, 3), OVERDUE)],
)
def test_family_told_on_the_day_of_a_hospital_admission__SG_2(today, status):
    (told,) = compliance.incident_obligations(_incident(), today)
    assert told.rule == "SG-2" and told.due_on == MONDAY and told.status == status


def test_no_family_obligation_once_told_or_when_not_ill__SG_2():
    assert compliance.incident_obligations(_incident(family_informed_on=MONDAY), MONDAY) == []
    assert compliance.incident_obligations(_incident(family_must_be_told=False), MONDAY) == []


@pytest.mark.parametrize(
    ("today", "status"),
    [(date(2026, 3, 15), DUE_SOON), (date(2026, 3, 16), DUE_SOON), (date(2026, 3, 17), OVERDUE)],
)
def test_incident_action_overdue_after_its_due_date__SG_2(today, status):
    facts = _incident(family_must_be_told=False, open_actions_due=(date(2026, 3, 16),))
    (action,) = compliance.incident_obligations(facts, today)
    assert action.due_on == date(2026, 3, 16) and action.status == status


# From the database -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_open_records_appear_in_the_officers_compliance_list__SG_5(officer, placement, concern_kwargs):
    services.raise_concern(by=officer, **concern_kwargs)
    incident = services.record_incident(
        person=placement.person,
        placement=placement,
        occurred_at=timezone.make_aware(datetime(2026, 3, 2, 10)),
        location="Home",
        people_involved="The person",
        what_happened="Taken ill at breakfast.",
        taken_ill=True,
        by=officer,
    )
    services.add_incident_action(incident, action="GP appointment", owner=officer, due_on=date(2026, 3, 9), by=officer)
    found = [o for o in queries.obligations(officer=officer, on=date(2026, 3, 10)) if o.rule.startswith("SG-")]
    assert sorted((o.rule, o.what, o.status) for o in found) == [
        ("SG-1", "Safeguarding concern: council referral", OVERDUE),
        ("SG-2", "Incident: follow-up action", OVERDUE),
        ("SG-2", "Incident: tell the family", OVERDUE),
        ("SG-5", "Safeguarding concern: management review", OVERDUE),
    ]


@pytest.mark.django_db
def test_safeguarding_obligations_cost_two_queries_whatever_the_number__SG_5(
    officer, placement, concern_kwargs, django_assert_num_queries
):
    """One query for the concerns, one for the incidents (their open actions' due dates in an array)."""
    households = queries.active_households(officer)
    services.raise_concern(by=officer, **concern_kwargs)
    with django_assert_num_queries(2):
        queries._concern_obligations(households, {}, {}, MONDAY)
        queries._incident_obligations(households, {}, {}, MONDAY)
    for _ in range(5):
        services.raise_concern(by=officer, **concern_kwargs)
    with django_assert_num_queries(2):
        found = queries._concern_obligations(households, {}, {}, MONDAY)
        queries._incident_obligations(households, {}, {}, MONDAY)
    assert len(found) == 12
