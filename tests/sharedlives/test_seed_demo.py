"""`make run` loads demo data every time: a realistic mix for every role, and a second run adds nothing.

The demo is built once for the module (it takes a while) and each test reads it; the builders' own timing is in
`make bench` (tests/perf/test_bench_demo.py), never here.
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone

from carers import queries
from carers.models import CarerHousehold, HouseholdStatus
from reviews.demo import build_demo as build_reviews_demo
from reviews.models import AdditionalFundingRequest, Contact, OverdueSnapshot, Review, RiskAssessment
from reviews.picture import officer_work
from sharedlives.dates import today
from tests.conftest import kept_for_the_module


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """seed_demo's output, once, in a transaction rolled back at the end of the module."""
    with kept_for_the_module(django_db_blocker):
        out = StringIO()
        with override_settings(DEBUG=True):
            call_command("seed_demo", stdout=out)
        yield out.getvalue()


def test_seed_demo_is_idempotent_and_prints_the_logins(demo, db):
    users, households = get_user_model().objects.count(), CarerHousehold.objects.count()
    counts = (Contact.objects.count(), Review.objects.count(), OverdueSnapshot.objects.count())
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=StringIO())
    assert get_user_model().objects.count() == users
    assert CarerHousehold.objects.count() == households == 28
    assert (Contact.objects.count(), Review.objects.count(), OverdueSnapshot.objects.count()) == counts
    assert "officer" in demo and "demo-shared-lives" in demo


def test_demo_households_show_a_realistic_mix(demo, db):
    on = today()
    approved = CarerHousehold.objects.filter(status=HouseholdStatus.APPROVED)
    assert any(h.on_probation(on) for h in approved)
    assert CarerHousehold.objects.filter(emergency_approved=True).count() == 1
    assert CarerHousehold.objects.filter(status=HouseholdStatus.LEFT, leaving_reason="retiring").count() == 1
    assert {item.status.key for item in queries.compliance_items(on=on)} >= {"expired", "due_30", "current"}
    assert len({row.officer_name for row in queries.caseloads(on) if row.households}) == 3


def test_the_demo_gives_each_officer_a_realistic_mix_of_work(demo, db):
    assert "contacts" in demo and "12 weekly overdue counts" in demo
    users = {user.username: user for user in get_user_model().objects.all()}
    for name in ("officer", "officer2", "officer3"):
        found = {(o.status, o.what) for o in officer_work(users[name], today())}
        assert ("overdue", "Monthly contact") in found, name
        assert ("due_soon", "Carer appraisal") in found, name
        assert ("due_soon", "Change of needs: meet the carer") in found, name
        assert Contact.objects.filter(
            household__allocated_officer=users[name],
            concern_raised=True,
            occurred_at__gte=timezone.now() - timedelta(days=7),
        ).exists()
    assert RiskAssessment.objects.exists() and AdditionalFundingRequest.objects.filter(outcome="pending").exists()
    assert OverdueSnapshot.objects.filter(taken_on__lt=today()).count() == 12
    assert build_reviews_demo(users=users) == "contacts and reviews: already there"


def test_seed_demo_refuses_without_debug(db):
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=StringIO())


def test_every_demo_arrangement_is_safe_on_every_day_it_covers__SAFE_1(demo, db):
    """SAFE-1: each household is compliant from its earliest match or placement to a year ahead, so the
    gates never refuse the demo; the Checks panel's three demo states exist and none of them has an arrangement."""
    from carers.checks import gaps_by_household, household_gaps
    from placements.models import Match, Placement

    on = today()
    used = set(Match.objects.values_list("household_id", flat=True)) | set(
        Placement.objects.values_list("household_id", flat=True)
    )
    assert len(used) > 10
    for household_id in used:
        first = min(
            [m.proposed_on for m in Match.objects.filter(household_id=household_id)]
            + [p.starts_on for p in Placement.objects.filter(household_id=household_id)]
        )
        assert household_gaps(household_id, first, on + timedelta(days=90)) == [], household_id
    states = {
        h.name: sorted((g.rule, g.kind) for g in found)
        for h in CarerHousehold.objects.filter(name__in=["Rosie Marsh", "The Baker family", "Kate Irwin"])
        for found in [gaps_by_household([h.pk], on).get(h.pk, [])]
    }
    # carers/demo.py STATES: no agreement and lapsed first aid; insurance ending in 20 days; support carer, no DBS
    assert states == {
        "Rosie Marsh": [("CAR-7", "expired"), ("CAR-8", "missing")],
        "The Baker family": [("CAR-5", "expiring")],
        "Kate Irwin": [("CAR-6", "missing")],
    }
    assert not used & set(CarerHousehold.objects.filter(name__in=states).values_list("pk", flat=True))


def test_the_demo_has_safeguarding_concerns_and_incidents__SG_1_SG_2(demo, db):
    from carers.gates import under_safeguarding_hold
    from safeguarding.models import Incident, RecordStatus, SafeguardingConcern

    assert "2 concerns" in demo
    open_concern = SafeguardingConcern.objects.get(status=RecordStatus.OPEN)
    assert open_concern.allegation_against_household and under_safeguarding_hold(open_concern.household)
    assert SafeguardingConcern.objects.filter(status=RecordStatus.CLOSED).count() == 1
    assert Incident.objects.count() == 3
    assert Incident.objects.filter(hospital_admission=True, family_informed_on__isnull=False).count() == 1
