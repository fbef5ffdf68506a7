"""SAFE-3: the scheme-wide reads narrow in SQL which households could lack something (carers/checks_narrowing.py)
before Python checks them. Narrowing may only pass households on: with it and without it, the answer is the same,
on every day around each boundary (an expiry, a renewal cap, a 16th birthday, a joined renewal, a version)."""

from datetime import date, timedelta

import pytest

from carers import checks
from carers.models import (
    CarerAgreement,
    CarerHousehold,
    DbsCheck,
    HouseholdMember,
    InsurancePolicy,
    Requirement,
    TrainingRecord,
)
from sharedlives.models import SchemePolicy
from tests.carers.factories import CarerFactory, SupportCarerFactory, approved_household, course

# The boundaries sit around 1 December 2026; each `on` from 20 November to 10 December is compared, with the
# gates' reading (no warning), the compliance engine's (0 days) and the lists' (7 and 90 days).
FIRST_DAY = date(2026, 11, 20)
DAYS = 21
WARNINGS = (None, 0, 7, 90)


def _households(officer):
    made = {}
    made["compliant"] = approved_household(officer=officer)
    made["insurance ends 30 November"] = h = approved_household(officer=officer)
    InsurancePolicy.objects.filter(household=h).update(expires_on=date(2026, 11, 30))
    # A renewal starting the day after the last one ends: held on every day, but by two records.
    made["insurance renewed"] = h = approved_household(officer=officer)
    InsurancePolicy.objects.filter(household=h).update(expires_on=date(2026, 11, 30))
    InsurancePolicy.objects.create(
        household=h, kind="public_liability", insurer="Next", starts_on=date(2026, 12, 1), expires_on=date(2027, 11, 30)
    )
    # A DBS check not on the update service: capped at three years from issue (30 November 2026 the last day).
    made["DBS capped"] = h = approved_household(officer=officer)
    DbsCheck.objects.filter(carer__household=h).update(
        on_update_service=False, issued_on=date(2023, 12, 1), renewal_due_on=date(2027, 6, 1)
    )
    made["first aid expires 1 December"] = h = approved_household(officer=officer)
    TrainingRecord.objects.filter(carer__household=h, course=course("First aid")).update(expires_on=date(2026, 12, 1))
    made["first aid completed 25 November"] = h = approved_household(officer=officer)
    TrainingRecord.objects.filter(carer__household=h, course=course("First aid")).update(
        completed_on=date(2026, 11, 25)
    )
    made["agreement signed 2 December"] = h = approved_household(officer=officer)
    CarerAgreement.objects.filter(household=h).update(signed_on=date(2026, 12, 2))
    made["agreement version in other case"] = h = approved_household(officer=officer)
    CarerAgreement.objects.filter(household=h).update(version="  2026   V1 ")
    made["joint carer without records"] = h = approved_household(officer=officer)
    CarerFactory(household=h, role="joint", compliant=False)
    made["support carer not yet agreed"] = h = approved_household(officer=officer)
    SupportCarerFactory(household=h, scheme_agreement_on=None)
    made["member turns 16 on 1 December"] = h = approved_household(officer=officer)
    HouseholdMember.objects.create(household=h, first_name="Jo", last_name="Ray", date_of_birth=date(2010, 12, 1))
    made["member checked"] = h = approved_household(officer=officer)
    member = HouseholdMember.objects.create(
        household=h, first_name="Al", last_name="Ray", date_of_birth=date(2000, 1, 1)
    )
    DbsCheck.objects.create(
        member=member, certificate_number="1", issued_on=date(2025, 1, 1), renewal_due_on=date(2026, 12, 5)
    )
    return made


def _compare(households, property_checks):
    ids = [h.pk for h in households.values()]
    scope = CarerHousehold.objects.filter(pk__in=ids).values("pk")
    names = {h.pk: name for name, h in households.items()}
    for day in range(DAYS):
        on = FIRST_DAY + timedelta(days=day)
        for warn in WARNINGS:
            plain = checks.gaps_by_household(ids, on, warn_days=warn, property_checks=property_checks)
            narrowed = checks.gaps_by_household(ids, on, warn_days=warn, property_checks=property_checks, scope=scope)
            assert {names[pk]: g for pk, g in narrowed.items()} == {names[pk]: g for pk, g in plain.items()}, (
                on,
                warn,
            )


@pytest.mark.parametrize("version", ["", "2026 v1"])
def test_narrowing_agrees_with_the_full_check_on_every_day_around_each_boundary__SAFE_3(officer, version):
    SchemePolicy.objects.update_or_create(pk=SchemePolicy.current().pk, defaults={"carer_agreement_version": version})
    households = _households(officer)
    # The property check (a review, passed in): the yearly check runs out on 30 November in a household that lacks
    # nothing else, and on 2 December in one whose insurance also runs out.
    property_checks = {h.pk: date(2026, 6, 1) for h in households.values()}
    property_checks[households["compliant"].pk] = date(2025, 12, 1)
    property_checks[households["insurance ends 30 November"].pk] = date(2025, 12, 3)
    _compare(households, property_checks)
    _compare(households, None)


def test_narrowing_agrees_with_renewal_months_on_training_and_an_unknown_requirement__SAFE_3(officer):
    """A course capped at 12 months from completion, and a requirement the narrowing does not read (training for
    support carers): every household with such a person goes to the full check."""
    households = _households(officer)
    Requirement.objects.filter(course=course("First aid")).update(renewal_months=12)
    Requirement.objects.create(
        label="Support carer first aid", who="support_carer", what="training", course=course("First aid")
    )
    TrainingRecord.objects.filter(course=course("First aid")).update(completed_on=date(2025, 12, 1), expires_on=None)
    _compare(households, None)
