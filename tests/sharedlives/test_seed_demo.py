"""`make run` loads demo data every time: the second run must add nothing."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from carers.models import CarerHousehold, HouseholdStatus


@override_settings(DEBUG=True)
def test_seed_demo_is_idempotent_and_prints_the_logins(db):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    users, households = get_user_model().objects.count(), CarerHousehold.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert get_user_model().objects.count() == users
    assert CarerHousehold.objects.count() == households == 25
    assert "officer" in out.getvalue() and "demo-shared-lives" in out.getvalue()


@override_settings(DEBUG=True)
def test_demo_households_show_a_realistic_mix(db):
    from carers import queries
    from sharedlives.dates import today

    call_command("seed_demo", stdout=StringIO())
    on = today()
    approved = CarerHousehold.objects.filter(status=HouseholdStatus.APPROVED)
    assert any(h.on_probation(on) for h in approved)
    assert CarerHousehold.objects.filter(emergency_approved=True).count() == 1
    assert CarerHousehold.objects.filter(status=HouseholdStatus.LEFT, leaving_reason="retiring").count() == 1
    assert {item.status.key for item in queries.compliance_items(on=on)} >= {"expired", "due_30", "current"}
    assert len({row.officer_name for row in queries.caseloads(on) if row.households}) == 3


def test_seed_demo_refuses_without_debug(db):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=StringIO())
