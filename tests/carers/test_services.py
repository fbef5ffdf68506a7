"""Carer household workflows: approval and probation, allocation, leaving, records, breaks."""

from datetime import date, timedelta

import pytest

from carers import services
from carers.models import BreakCover, CarerHousehold, ExtraRespiteRequest, HouseholdStatus, TrainingCourse
from carers.queries import respite_nights_used, respite_summary
from sharedlives import roles
from sharedlives.approvals import decide
from sharedlives.errors import RuleViolation
from sharedlives.models import ApprovalOutcome, SchemePolicy
from tests.carers.factories import CarerFactory, HouseholdFactory, SupportCarerFactory, approved_household, course
from tests.concurrency import run_together
from tests.factories import UserFactory
from tests.testapp.models import SampleOccupant


def test_approval_starts_twelve_months_probation_with_more_support__CAR_2(officer):
    household = HouseholdFactory()
    CarerFactory(household=household)
    services.approve_household(household, approved_on=date(2026, 2, 28), officer=officer, by=officer)
    household.refresh_from_db()
    assert household.status == HouseholdStatus.APPROVED
    assert household.probation_ends_on == date(2027, 2, 28)
    assert household.more_frequent_support
    assert household.on_probation(date(2027, 2, 27))
    assert not household.on_probation(date(2027, 2, 28))
    assert household.history.first().history_change_reason == "household.approved"


def test_probation_length_is_policy__CAR_2(officer):
    policy = SchemePolicy.current()
    policy.probation_months = 6
    policy.save()
    household = approved_household(officer=officer, approved_on=date(2025, 8, 31))
    assert household.probation_ends_on == date(2026, 2, 28)


def test_approval_needs_an_officer_and_carers__CAR_3(officer):
    household = HouseholdFactory()
    with pytest.raises(RuleViolation) as refused:
        services.approve_household(household, approved_on=date(2026, 1, 5), officer=None, by=officer)
    assert refused.value.rule == "CAR-3"
    with pytest.raises(RuleViolation, match="carers"):
        services.approve_household(household, approved_on=date(2026, 1, 5), officer=officer, by=officer)


def test_an_approved_household_always_has_one_officer__CAR_3(officer, second_officer, manager):
    household = approved_household(officer=officer)
    with pytest.raises(RuleViolation) as refused:
        services.allocate_officer(household, officer=None, by=manager)
    assert refused.value.rule == "CAR-3"
    services.allocate_officer(household, officer=second_officer, by=manager)
    household.refresh_from_db()
    assert household.allocated_officer == second_officer
    reallocation = household.history.first()
    assert reallocation.history_change_reason == "household.reallocated"
    assert reallocation.prev_record.allocated_officer_id == officer.pk


def test_database_refuses_an_approved_household_without_officer__CAR_3(db):
    from django.db import IntegrityError, transaction

    household = approved_household()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(household).objects.filter(pk=household.pk).update(allocated_officer=None)


def test_more_than_three_places_is_refused__CAR_1(officer):
    with pytest.raises(RuleViolation) as refused:
        services.create_household(
            by=officer, name="Big house", address_line_1="1 High St", town="Alton", postcode="gu34 1aa",
            area="Alton", approved_places=4,
        )
    assert refused.value.rule == "CAR-1" and refused.value.field == "approved_places"


def test_new_household_gets_the_next_reference_and_a_tidy_postcode(officer):
    household = services.create_household(
        by=officer, name="The Okafors", address_line_1="1 High St", town="Alton", postcode="gu341aa", area="Alton"
    )
    assert household.reference.startswith("SL-")
    assert household.postcode == "GU34 1AA"
    assert household.status == HouseholdStatus.APPLICANT


def test_the_next_reference_skips_one_already_given_by_hand(officer):
    first = services.create_household(by=officer, name="A", address_line_1="1", town="Alton", postcode="GU34 1AA", area="Alton")
    number = int(first.reference[3:])
    HouseholdFactory(reference=f"SL-{number + 1:04d}")  # imported with its old reference
    second = services.create_household(by=officer, name="B", address_line_1="2", town="Alton", postcode="GU34 1AA", area="Alton")
    assert second.reference == f"SL-{number + 2:04d}"


@pytest.mark.django_db(transaction=True)
def test_four_people_adding_households_at_once_get_four_references():
    """The reference comes from a sequence: no two requests get the same SL-nnnn, none fails."""
    by = UserFactory(role=roles.SHARED_LIVES_OFFICER)

    def add(n):
        return lambda: services.create_household(
            by=by, name=f"Household {n}", address_line_1="1 High St", town="Alton", postcode="GU34 1AA", area="Alton"
        )

    assert run_together(*(add(n) for n in range(4))) == ["done"] * 4
    references = list(CarerHousehold.objects.values_list("reference", flat=True))
    assert len(set(references)) == 4


def test_leaving_keeps_the_record_and_refuses_while_people_are_placed__PLA_5(officer):
    household = approved_household(officer=officer)
    SampleOccupant.objects.create(household=household, person_key="amy", starts_on=date(2025, 3, 1), ends_on=date(2026, 6, 30))
    with pytest.raises(RuleViolation) as refused:
        services.record_leaving(household, left_on=date(2026, 5, 31), reason="retiring", by=officer)
    assert refused.value.rule == "PLA-5"
    services.record_leaving(household, left_on=date(2026, 6, 30), reason="retiring", by=officer)
    household.refresh_from_db()
    assert household.status == HouseholdStatus.LEFT
    assert household.get_leaving_reason_display() == "Retiring"
    assert household.carers.count() == 1  # nothing is lost


def test_emergency_approval_needs_emergency_training__MAT_4(officer):
    from django.core.exceptions import ValidationError

    household = approved_household(officer=officer)
    with pytest.raises(ValidationError):
        services.update_household(household, by=officer, emergency_approved=True)
    household = services.update_household(household, by=officer, emergency_approved=True, emergency_trained_on=date(2026, 3, 1))
    assert household.emergency_approved


def test_training_expiry_defaults_to_the_courses_renewal_period__CAR_7(officer):
    carer = CarerFactory()
    record = services.record_training(carer=carer, course=course("First aid"), completed_on=date(2024, 2, 29), by=officer)
    assert record.expires_on == date(2027, 2, 28)
    once = services.record_training(carer=carer, course=course("Core Shared Lives carer training"), completed_on=date(2024, 1, 1), by=officer)
    assert once.expires_on is None


def test_training_expiry_before_completion_is_refused__CAR_7(officer):
    carer = CarerFactory()
    with pytest.raises(RuleViolation) as refused:
        services.record_training(
            carer=carer, course=course(), completed_on=date(2026, 3, 1), expires_on=date(2026, 2, 1), by=officer
        )
    assert refused.value.rule == "CAR-7" and refused.value.field == "expires_on"


def test_training_in_the_future_is_refused__CAR_7(officer):
    with pytest.raises(RuleViolation):
        services.record_training(
            carer=CarerFactory(), course=course(), completed_on=date.today() + timedelta(days=2), by=officer
        )


def test_dbs_renewal_before_issue_is_refused__CAR_6(officer):
    with pytest.raises(RuleViolation) as refused:
        services.record_dbs_check(
            carer=CarerFactory(), certificate_number="001234567890", issued_on=date(2025, 1, 1),
            renewal_due_on=date(2024, 1, 1), by=officer,
        )
    assert refused.value.field == "renewal_due_on"


def test_insurance_expiry_before_start_is_refused__CAR_5(officer):
    household = approved_household(officer=officer)
    with pytest.raises(RuleViolation) as refused:
        services.record_insurance(
            household=household, kind="public_liability", insurer="Acme", starts_on=date(2026, 4, 1),
            expires_on=date(2026, 3, 31), by=officer,
        )
    assert refused.value.rule == "CAR-5"


def test_carer_agreement_is_recorded__CAR_8(officer):
    household = approved_household(officer=officer, compliant=False)
    agreement = services.record_agreement(household=household, version="2025 v2", signed_on=date(2025, 1, 6), by=officer)
    assert household.agreements.get() == agreement


def _support_carer_with(household, *, agreed_on=None, dbs=None, officer=None):
    support_carer = SupportCarerFactory(household=household, scheme_agreement_on=agreed_on, dbs=False)
    if dbs:
        services.record_dbs_check(
            support_carer=support_carer, certificate_number="0099", issued_on=dbs[0], renewal_due_on=dbs[1], by=officer
        )
    return support_carer


def test_support_carer_without_dbs_cannot_cover_a_break__CAR_6(officer):
    household = approved_household(officer=officer)
    no_dbs = _support_carer_with(household, agreed_on=date(2025, 1, 1))
    with pytest.raises(RuleViolation) as refused:
        services.record_break(
            household=household, starts_on=date(2026, 7, 1), ends_on=date(2026, 7, 4),
            cover=BreakCover.SUPPORT_CARER, cover_support_carer=no_dbs, by=officer,
        )
    assert refused.value.rule == "CAR-6" and "DBS" in refused.value.message


def test_support_carer_without_scheme_agreement_cannot_cover__CAR_6(officer):
    household = approved_household(officer=officer)
    not_agreed = _support_carer_with(household, dbs=(date(2025, 1, 1), date(2028, 1, 1)), officer=officer)
    with pytest.raises(RuleViolation, match="agreement"):
        services.record_break(
            household=household, starts_on=date(2026, 7, 1), ends_on=date(2026, 7, 4),
            cover=BreakCover.SUPPORT_CARER, cover_support_carer=not_agreed, by=officer,
        )


def test_support_carer_with_both_covers_a_break__CAR_6(officer):
    household = approved_household(officer=officer)
    ready = _support_carer_with(household, agreed_on=date(2025, 1, 1), dbs=(date(2025, 1, 1), date(2028, 1, 1)), officer=officer)
    carer_break = services.record_break(
        household=household, starts_on=date(2026, 7, 1), ends_on=date(2026, 7, 4),
        cover=BreakCover.SUPPORT_CARER, cover_support_carer=ready, by=officer,
    )
    assert carer_break.nights == 3


def test_breaks_within_the_allocation_need_no_approval__RES_1(officer):
    household = approved_household(officer=officer)
    services.record_break(household=household, starts_on=date(2026, 5, 1), ends_on=date(2026, 5, 15), cover="not_needed", by=officer)
    services.record_break(household=household, starts_on=date(2026, 8, 1), ends_on=date(2026, 8, 8), cover="not_needed", by=officer)
    assert respite_nights_used(household, date(2026, 9, 1)) == 21
    assert not ExtraRespiteRequest.objects.exists()
    summary = respite_summary(household, date(2026, 9, 1))
    assert (summary.allocation, summary.used, summary.left, summary.year_label) == (21, 21, 0, "2026/27")


def test_nights_beyond_the_allocation_need_management_agreement__RES_1(officer, manager):
    household = approved_household(officer=officer)
    services.record_break(household=household, starts_on=date(2026, 5, 1), ends_on=date(2026, 5, 20), cover="not_needed", by=officer)
    with pytest.raises(RuleViolation) as refused:
        services.record_break(household=household, starts_on=date(2026, 8, 1), ends_on=date(2026, 8, 5), cover="not_needed", by=officer)
    assert refused.value.field == "extra_reason" and "2 nights over" in refused.value.message
    extra = services.record_break(
        household=household, starts_on=date(2026, 8, 1), ends_on=date(2026, 8, 5), cover="not_needed",
        extra_reason="Carer's family wedding abroad", by=officer,
    )
    request = extra.extra_respite
    assert request.nights_over_allocation == 2 and request.is_pending
    assert respite_nights_used(household, date(2026, 9, 1)) == 19  # pending nights are not yet used
    with pytest.raises(RuleViolation):
        decide(request, by=officer, outcome=ApprovalOutcome.AGREED)  # AUD-2
    decide(request, by=manager, outcome=ApprovalOutcome.AGREED)
    assert respite_nights_used(household, date(2026, 9, 1)) == 23


def test_the_allocation_is_per_financial_year__RES_1(officer):
    household = approved_household(officer=officer)
    services.record_break(household=household, starts_on=date(2026, 3, 10), ends_on=date(2026, 3, 31), cover="not_needed", by=officer)
    services.record_break(household=household, starts_on=date(2026, 4, 1), ends_on=date(2026, 4, 22), cover="not_needed", by=officer)
    assert respite_nights_used(household, date(2026, 3, 31)) == 21
    assert respite_nights_used(household, date(2026, 4, 30)) == 21
    with pytest.raises(RuleViolation, match="one financial year"):
        services.record_break(household=household, starts_on=date(2027, 3, 30), ends_on=date(2027, 4, 2), cover="not_needed", by=officer)


def test_overlapping_and_backwards_breaks_are_refused__RES_1(officer):
    household = approved_household(officer=officer)
    with pytest.raises(RuleViolation):
        services.record_break(household=household, starts_on=date(2026, 5, 5), ends_on=date(2026, 5, 5), cover="not_needed", by=officer)
    services.record_break(household=household, starts_on=date(2026, 5, 1), ends_on=date(2026, 5, 5), cover="not_needed", by=officer)
    with pytest.raises(RuleViolation, match="overlaps"):
        services.record_break(household=household, starts_on=date(2026, 5, 4), ends_on=date(2026, 5, 8), cover="not_needed", by=officer)


def test_short_break_cover_must_be_an_approved_short_break_household__RES_3(officer):
    household = approved_household(officer=officer)
    live_in_only = approved_household(officer=officer, offers_short_breaks=False)
    with pytest.raises(RuleViolation) as refused:
        services.record_break(
            household=household, starts_on=date(2026, 5, 1), ends_on=date(2026, 5, 5), cover="household",
            cover_household=live_in_only, by=officer,
        )
    assert refused.value.rule == "RES-3"
    short_breaks = approved_household(officer=officer, offers_short_breaks=True)
    services.record_break(
        household=household, starts_on=date(2026, 5, 1), ends_on=date(2026, 5, 5), cover="household",
        cover_household=short_breaks, by=officer,
    )


def test_managed_course_list_exists__CAR_7(db):
    assert TrainingCourse.objects.filter(mandatory=True).count() >= 5
    assert course("Medication competence").renewal_months == 12
