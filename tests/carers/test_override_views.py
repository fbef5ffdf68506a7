"""The override of missing checks (SAFE-2, AUD-2) and the safeguarding hold (SAFE-4), through their pages."""

from datetime import timedelta

import pytest
from django.urls import reverse

from carers import services
from carers.models import ChecksOverride, HoldReason, HouseholdStatus
from sharedlives.approvals import decide
from sharedlives.dates import today
from sharedlives.models import ApprovalOutcome
from tests.carers.factories import approved_household
from tests.pages import parsed, refused, when

pytestmark = pytest.mark.django_db


@pytest.fixture
def household(officer):
    return approved_household(officer=officer, name="The Okafor family")


def _ask(client, household, days="14"):
    return client.post(
        reverse("carers:request_checks_override", args=[household.pk]),
        {"reason": "Insurance renewal posted", "days": days, **when("starts_on", today())},
    )


def test_an_officer_asks_and_a_manager_agrees_then_it_shows_until_it_lapses__SAFE_2_AUD_2(
    officer_client, client, household, manager
):
    """SAFE-2, AUD-2: asked for by the officer, in the inbox, agreed by a manager, on the household page and the
    Scheme overview while in force."""
    response = _ask(officer_client, household)
    assert response.status_code == 302
    override = ChecksOverride.objects.get()
    # today plus 14 days inclusive ends 13 days on
    assert (override.starts_on, override.ends_on, override.submitted_by_id) == (
        today(),
        today() + timedelta(days=13),
        household.allocated_officer_id,
    )
    page = parsed(officer_client.get(reverse("carers:household_detail", args=[household.pk]))).text
    assert "An override of missing checks" in page and "was asked for" in page

    client.force_login(manager)
    inbox = parsed(client.get(reverse("approvals"))).text
    assert "Checks override: Let The Okafor family take arrangements with checks missing" in inbox
    decide_url = reverse("carers:decide_checks_override", args=[override.pk])
    assert client.post(decide_url, {"outcome": "agreed"}).status_code == 302
    override.refresh_from_db()
    assert override.outcome == ApprovalOutcome.AGREED and override.decided_by == manager

    page = parsed(client.get(reverse("carers:household_detail", args=[household.pk]))).text
    assert "Override of missing checks in force" in page and "Reason: Insurance renewal posted" in page
    overview = parsed(client.get(reverse("reviews:overview"))).text
    assert "Overrides of missing checks in force" in overview and "Insurance renewal posted" in overview

    # the day after its last day it is gone from both, with no job run
    override.starts_on, override.ends_on = today() - timedelta(days=14), today() - timedelta(days=1)
    override.save()
    page = parsed(client.get(reverse("carers:household_detail", args=[household.pk]))).text
    assert "Override of missing checks in force" not in page
    assert "Overrides of missing checks in force" not in parsed(client.get(reverse("reviews:overview"))).text


def test_the_manager_who_asked_cannot_agree_the_override__AUD_2(manager_client, household):
    """AUD-2: the submitter is refused on the decision page."""
    assert _ask(manager_client, household).status_code == 302
    override = ChecksOverride.objects.get()
    response = manager_client.post(reverse("carers:decide_checks_override", args=[override.pk]), {"outcome": "agreed"})
    assert "someone else in the management team must decide it" in refused(response, "AUD-2")


def test_an_override_longer_than_90_days_is_refused_on_the_form__SAFE_2(officer_client, household):
    """SAFE-2: a time limit of at most 90 days."""
    response = _ask(officer_client, household, days="91")
    assert response.status_code == 200 and not ChecksOverride.objects.exists()


def test_a_safeguarding_hold_shows_on_the_household_page__SAFE_4(officer_client, household):
    """SAFE-4: the hold's kind is chosen on the hold form and shown as a warning."""
    response = officer_client.post(
        reverse("carers:household_hold", args=[household.pk]),
        {"hold_reason": HoldReason.SAFEGUARDING, "reason": "Allegation under enquiry"},
    )
    assert response.status_code == 302
    household.refresh_from_db()
    assert (household.status, household.hold_reason) == (HouseholdStatus.ON_HOLD, HoldReason.SAFEGUARDING)
    page = parsed(officer_client.get(reverse("carers:household_detail", args=[household.pk]))).text
    assert "On hold while a safeguarding concern is open" in page and "About: Allegation under enquiry" in page


def test_a_refused_override_is_not_shown_as_in_force__SAFE_2(officer, second_manager, household, manager_client):
    """SAFE-2: only an agreed override shows."""
    override = services.request_checks_override(
        household=household, reason="Renewal posted", starts_on=today(), by=officer
    )
    decide(override, by=second_manager, outcome=ApprovalOutcome.REFUSED, reason="Record it first")
    page = parsed(manager_client.get(reverse("carers:household_detail", args=[household.pk]))).text
    assert "Override of missing checks in force" not in page


def test_the_officer_sees_the_refusal_and_its_reason_on_my_work__AUD_2(officer_client, officer, household, manager):
    """AUD-2: a decision on what the officer asked for shows on their My work with the reason."""
    override = services.request_checks_override(
        household=household, reason="Renewal posted", starts_on=today(), by=officer
    )
    decide(override, by=manager, outcome=ApprovalOutcome.REFUSED, reason="Record the certificate first")
    page = parsed(officer_client.get(reverse("reviews:my_work"))).text
    assert "Override of missing checks for The Okafor family" in page and "Record the certificate first" in page
