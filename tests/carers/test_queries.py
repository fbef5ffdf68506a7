"""Reads other apps and pages rely on: compliance items and expiry tags, caseloads."""

from datetime import date

from carers import queries, services
from carers.models import CarerHousehold
from sharedlives.dates import expiry_status
from sharedlives.models import SchemePolicy
from tests.carers.factories import approved_household, course
from tests.factories import UserFactory

TODAY = date(2026, 11, 23)


def test_expiry_tags_red_orange_yellow_green__CAR_7():
    assert expiry_status(date(2026, 11, 22), TODAY).colour == "red"
    assert expiry_status(date(2026, 11, 23), TODAY).colour == "orange"  # expires today: still valid today
    assert expiry_status(date(2026, 12, 23), TODAY).colour == "orange"  # 30 days
    assert expiry_status(date(2026, 12, 24), TODAY).colour == "yellow"
    assert expiry_status(date(2027, 2, 21), TODAY).colour == "yellow"  # 90 days
    assert expiry_status(date(2027, 2, 22), TODAY).colour == "green"


def test_only_the_latest_record_per_course_counts__CAR_7(officer):
    household = approved_household(officer=officer, compliant=False)
    carer = household.carers.get()
    services.record_training(carer=carer, course=course(), completed_on=date(2023, 12, 1), expires_on=date(2026, 12, 1), by=officer)
    items = queries.compliance_items(officer=officer, on=TODAY)
    assert [(i.what, i.status.key) for i in items] == [("First aid", "due_30")]
    assert CarerHousehold.objects.filter(queries.households_with_expiring_items(TODAY)).get() == household
    services.record_training(carer=carer, course=course(), completed_on=date(2026, 11, 20), by=officer)
    items = queries.compliance_items(officer=officer, on=TODAY)
    assert [(i.what, i.status.key, i.expires_on) for i in items] == [("First aid", "current", date(2029, 11, 20))]
    assert not CarerHousehold.objects.filter(queries.households_with_expiring_items(TODAY)).exists()


def test_an_officers_expiring_items_across_training_dbs_and_insurance__CAR_5(officer, second_officer, django_assert_max_num_queries):
    mine = approved_household(officer=officer, compliant=False)
    theirs = approved_household(officer=second_officer, compliant=False)
    for household in (mine, theirs):
        carer = household.carers.get()
        services.record_training(carer=carer, course=course(), completed_on=date(2023, 1, 1), expires_on=date(2026, 10, 1), by=officer)
        services.record_dbs_check(carer=carer, certificate_number="1", issued_on=date(2023, 12, 1), renewal_due_on=date(2027, 1, 15), by=officer)
        services.record_insurance(household=household, kind="public_liability", insurer="Acme", starts_on=date(2026, 1, 1), expires_on=date(2027, 1, 1), by=officer)
        services.record_insurance(household=household, kind="home", insurer="Acme", starts_on=date(2026, 6, 1), expires_on=date(2027, 6, 1), by=officer)
    with django_assert_max_num_queries(5):
        items = queries.compliance_items(officer=officer, on=TODAY, only_expiring=True)
    assert {(i.household_id, i.kind, i.status.key, i.rule) for i in items} == {
        (mine.pk, "Training", "expired", "CAR-7"),
        (mine.pk, "DBS check", "due_90", "CAR-6"),
        (mine.pk, "Insurance", "due_90", "CAR-5"),
    }


def test_mandatory_training_never_done_is_missing__CAR_7(officer):
    household = approved_household(officer=officer, compliant=False)
    carer = household.carers.get()
    services.record_training(carer=carer, course=course(), completed_on=date(2025, 1, 1), by=officer)
    missing = queries.missing_mandatory_training(household)
    assert course() not in [c for _, c in missing]
    assert course("Medication competence") in [c for _, c in missing]


def test_caseloads_against_the_guide__RPT_3(officer, second_officer, django_assert_max_num_queries):
    policy = SchemePolicy.current()
    policy.caseload_guide = 2
    policy.save()
    for _ in range(3):
        approved_household(officer=officer)
    approved_household(officer=second_officer, approved_on=date(2026, 6, 1))
    left = approved_household(officer=second_officer)
    services.record_leaving(left, left_on=date(2026, 6, 1), reason="retiring", by=second_officer)
    UserFactory(username="idle", role="Shared Lives officer")
    with django_assert_max_num_queries(2):
        rows = queries.caseloads(TODAY)
    by_name = {row.officer_name: row for row in rows}
    assert by_name["Olivia Hughes"].households == 3 and by_name["Olivia Hughes"].over_guide
    assert by_name["Omar Said"].households == 1 and by_name["Omar Said"].on_probation == 1
    assert not by_name["Omar Said"].over_guide
    assert [row.households for row in rows][-1] == 0  # officers with no households are listed too


def test_caseload_guide_is_twenty_by_default__CAR_4(db):
    assert SchemePolicy.current().caseload_guide == 20
    assert queries.Caseload(1, "x", 21, 0, 20).over_guide
    assert not queries.Caseload(1, "x", 20, 0, 20).over_guide


def test_one_main_carer_per_household(db):
    import pytest
    from django.core.exceptions import ValidationError

    household = approved_household()
    with pytest.raises(ValidationError):
        services.add_carer(household, by=None, first_name="Second", last_name="Main", role="main")
    services.add_carer(household, by=None, first_name="Joint", last_name="Carer", role="joint")
    assert household.carers.count() == 2
