"""SAFE-1, SAFE-3: the loaders in carers/checks.py read the records held, in a fixed number of queries."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from carers import checks, services
from carers.models import CarerAgreement, DbsCheck, InsurancePolicy
from sharedlives.models import SchemePolicy
from tests.carers.factories import CarerFactory, HouseholdFactory, SupportCarerFactory, approved_household

TODAY = date(2026, 11, 23)


def test_a_compliant_household_lacks_nothing__SAFE_1(officer):
    household = approved_household(officer=officer)
    SupportCarerFactory(household=household)
    assert checks.household_gaps(household, date(2020, 1, 1), date(2030, 12, 31)) == []
    assert checks.gaps_by_household([household.pk], TODAY) == {}


def test_a_household_with_nothing_lacks_every_item__SAFE_1(officer):
    # Not approved: the approval itself is refused while anything is missing (SAFE-2).
    household = HouseholdFactory(compliant=False)
    carer = CarerFactory(household=household, compliant=False)
    gaps = checks.household_gaps(household, TODAY, TODAY)
    # 1 DBS + 6 mandatory courses (carers/reference.py REQUIREMENTS) + insurance + agreement; no property check
    # at a gate (it is a review, reviews app), and the emergency course only for emergency arrangements.
    assert sorted((g.rule, g.kind) for g in gaps) == sorted(
        [("CAR-6", "missing")] + [("CAR-7", "missing")] * 6 + [("CAR-5", "missing"), ("CAR-8", "missing")]
    )
    dbs = next(g for g in gaps if g.rule == "CAR-6")
    assert (dbs.who, dbs.record, checks.gap_url(household.pk, dbs)) == (
        carer.full_name,
        "carers:record_dbs",
        f"/households/{household.pk}/dbs/new/?person=carer-{carer.pk}",
    )


def test_insurance_day_before_on_and_after_expiry__CAR_5(officer):
    household = approved_household(officer=officer)
    InsurancePolicy.objects.filter(household=household).update(expires_on=date(2026, 12, 13))
    assert checks.household_gaps(household, date(2026, 12, 12), date(2026, 12, 12)) == []
    assert checks.household_gaps(household, date(2026, 12, 13), date(2026, 12, 13)) == []
    [gap] = checks.household_gaps(household, date(2026, 12, 10), date(2026, 12, 20))
    assert (gap.rule, gap.lacking_from, gap.kind) == ("CAR-5", date(2026, 12, 14), "expired")
    # Listing: 20 days ahead of the expiry it is "expiring", on the day after "expired".
    [soon] = checks.gaps_by_household([household.pk], date(2026, 11, 23))[household.pk]
    assert (soon.kind, soon.lacking_from) == ("expiring", date(2026, 12, 14))
    [late] = checks.gaps_by_household([household.pk], date(2026, 12, 14))[household.pk]
    assert late.kind == "expired"


def test_an_agreement_of_an_earlier_version_is_missing_once_the_policy_names_the_current_one__CAR_8(officer):
    """CAR-8, SAFE-1: the scheme policy's current carer agreement version; blank (the default) = any version."""
    household = approved_household(officer=officer)
    assert checks.household_gaps(household, TODAY, TODAY) == []
    SchemePolicy.objects.update_or_create(pk=SchemePolicy.current().pk, defaults={"carer_agreement_version": "2026 v1"})
    [gap] = checks.household_gaps(household, TODAY, TODAY)
    assert (gap.rule, gap.item, gap.kind) == ("CAR-8", "Signed carer agreement, version 2026 v1", "missing")
    CarerAgreement.objects.create(household=household, version="2026 v1", signed_on=date(2026, 11, 2))
    assert checks.household_gaps(household, TODAY, TODAY) == []
    # The factories sign the policy's current version.
    assert checks.household_gaps(approved_household(officer=officer), TODAY, TODAY) == []


def test_a_support_carer_without_dbs_is_a_gap__CAR_6(officer):
    household = approved_household(officer=officer)
    sam = SupportCarerFactory(household=household, dbs=False)
    [gap] = checks.household_gaps(household, TODAY, TODAY)
    assert (gap.rule, gap.who, gap.query) == ("CAR-6", sam.full_name, f"person=support-{sam.pk}")
    assert DbsCheck.objects.filter(support_carer=sam).count() == 0


def test_property_check_comes_from_the_caller__SAFE_1(officer):
    household = approved_household(officer=officer)
    [gap] = checks.household_gaps(household, TODAY, TODAY, property_checks={})
    assert (gap.rule, gap.kind, gap.record) == ("SAFE-1", "missing", "reviews:record_review")
    held = {household.pk: date(2025, 11, 24)}  # 12 months: to 23 November 2026
    assert checks.household_gaps(household, TODAY, TODAY, property_checks=held) == []
    [gap] = checks.household_gaps(household, TODAY, date(2026, 11, 24), property_checks=held)
    assert gap.lacking_from == date(2026, 11, 24)


def test_gaps_by_household_costs_eight_queries_whatever_the_number__SAFE_3(officer):
    households = [HouseholdFactory(compliant=False)]

    def count():
        with CaptureQueriesContext(connection) as captured:
            found = checks.gaps_by_household([h.pk for h in households], TODAY)
        return len(captured), found

    one, found = count()
    households += [approved_household(officer=officer) for _ in range(5)]
    households += [HouseholdFactory(compliant=False) for _ in range(5)]
    many, found = count()
    # requirements (with the policy's agreement version), training, DBS, carers, support carers, household
    # members, insurance, agreements
    assert (one, many) == (8, 8)
    assert len(found) == 6  # the compliant ones are left out


def test_a_member_turning_16_lacks_a_dbs_check_from_their_birthday__SAFE_1(officer):
    """SAFE-1: a household member born 10 December 2010 turns 16 on 10 December 2026 (the "member" requirement,
    seeded on by default); the day before the household is safe, from the birthday the member's DBS is missing."""
    household = approved_household(officer=officer)
    sam = services.add_member(
        household=household, first_name="Sam", last_name="Okafor", date_of_birth=date(2010, 12, 10), by=officer
    )
    assert checks.household_gaps(household, date(2026, 12, 9), date(2026, 12, 9)) == []
    [gap] = checks.household_gaps(household, date(2026, 12, 1), date(2026, 12, 20))
    assert (gap.rule, gap.who, gap.lacking_from, gap.kind) == ("SAFE-1", "Sam Okafor", date(2026, 12, 10), "missing")
    assert checks.gap_url(household.pk, gap) == f"/households/{household.pk}/dbs/new/?person=member-{sam.pk}"
    # Applied for ahead of the birthday (issued 20 November 2026, three years to the renewal).
    services.record_dbs_check(
        member=sam,
        certificate_number="001234567890",
        issued_on=date(2026, 11, 20),
        renewal_due_on=date(2029, 11, 20),
        by=officer,
    )
    assert checks.household_gaps(household, date(2026, 12, 10), date(2026, 12, 10)) == []


def test_no_households_asked_about_asks_no_record_queries__SAFE_3(officer):
    # Only the requirements (with the policy's agreement version): an empty list of households reads no records.
    with CaptureQueriesContext(connection) as captured:
        assert checks.gaps_by_household([], TODAY) == {}
    assert len(captured) == 1
