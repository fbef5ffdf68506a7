"""The gate every new arrangement passes (SAFE-2, SAFE-4), with the gap function substituted by a plain one."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carers import checks, services
from carers.gates import require_safe
from carers.models import ChecksOverride, HoldReason
from carers.requirements import Gap
from sharedlives import approvals
from sharedlives.errors import RuleViolation
from sharedlives.models import ApprovalOutcome
from tests.carers.factories import approved_household

pytestmark = pytest.mark.django_db

INSURANCE_FROM = date(2026, 12, 10)  # the household's public liability insurance lapses from this day


def insurance_gap(household, start, end):
    """The substituted gap function: public liability insurance missing from 10 December 2026."""
    if end < INSURANCE_FROM:
        return []
    return [
        Gap(
            rule="CAR-5",
            item="Public liability insurance",
            who="The household",
            lacking_from=max(start, INSURANCE_FROM),
            kind="expired",
            record="carers:record_insurance",
        )
    ]


@pytest.fixture
def lapsing(monkeypatch):
    monkeypatch.setattr(checks, "household_gaps", insurance_gap)
    return approved_household()


def test_a_stay_before_the_insurance_lapses_passes__SAFE_2(lapsing):
    """SAFE-2: 8 to 9 December lies wholly before the lapse on 10 December."""
    require_safe(lapsing, start=date(2026, 12, 8), end=date(2026, 12, 9), action="this stay")


def test_a_stay_over_the_lapse_is_refused_naming_the_item_and_the_day__SAFE_2(lapsing):
    """SAFE-2: 9 to 11 December covers 10 December, the first day without insurance."""
    with pytest.raises(RuleViolation) as refused:
        require_safe(lapsing, start=date(2026, 12, 9), end=date(2026, 12, 11), action="this stay")
    assert refused.value.rule == "SAFE-2"
    message = str(refused.value)
    assert "This stay cannot go ahead" in message
    assert "The household: public liability insurance, expired from 10 December 2026" in message
    # The link to the form that clears it: the household's insurance form.
    assert refused.value.links == (
        (
            "Record public liability insurance for the household",
            reverse("carers:record_insurance", kwargs={"household_pk": lapsing.pk}),
        ),
    )


def test_each_missing_item_is_named_with_who_and_from_when__SAFE_2(monkeypatch):
    """SAFE-2: two gaps, two sentences, earliest first."""
    household = approved_household()

    def two_gaps(household, start, end):
        return [
            Gap("CAR-5", "Public liability insurance", "The household", date(2026, 12, 10), "expired", "x:none"),
            Gap("CAR-6", "Enhanced DBS check", "Grace Okafor", date(2026, 12, 8), "missing", "carers:record_dbs"),
        ]

    monkeypatch.setattr(checks, "household_gaps", two_gaps)
    with pytest.raises(RuleViolation) as refused:
        require_safe(household, start=date(2026, 12, 8), end=date(2026, 12, 11), action="this stay")
    message = str(refused.value)
    assert message.index("Grace Okafor: enhanced DBS check, missing from 8 December 2026 (CAR-6)") < message.index(
        "The household: public liability insurance, expired from 10 December 2026 (CAR-5)"
    )
    assert len(refused.value.links) == 1  # "x:none" is no page: no link rather than an error


def test_an_open_ended_arrangement_checks_its_start_day_only__SAFE_2(lapsing):
    """SAFE-2: a live-in start on 9 December passes; on 10 December it is refused."""
    require_safe(lapsing, start=date(2026, 12, 9), end=None, action="this placement")
    with pytest.raises(RuleViolation, match="10 December 2026"):
        require_safe(lapsing, start=date(2026, 12, 10), end=None, action="this placement")


def _override(household, starts_on, ends_on, *, officer, manager, outcome=ApprovalOutcome.AGREED):
    asked = services.request_checks_override(
        household=household,
        reason="Renewal posted, awaiting the certificate",
        starts_on=starts_on,
        days=(ends_on - starts_on).days + 1,
        by=officer,
    )
    return approvals.decide(asked, by=manager, outcome=outcome, reason="" if outcome == "agreed" else "No")


def test_an_agreed_override_passes_to_its_last_day_and_not_the_day_after__SAFE_2_AUD_2(lapsing, officer, manager):
    """SAFE-2, AUD-2: an override 10 to 23 December (14 days) lets a stay ending on the 23rd through; the 24th not."""
    _override(lapsing, date(2026, 12, 10), date(2026, 12, 23), officer=officer, manager=manager)
    require_safe(lapsing, start=date(2026, 12, 9), end=date(2026, 12, 23), action="this stay")
    with pytest.raises(RuleViolation, match="SAFE-2"):
        require_safe(lapsing, start=date(2026, 12, 9), end=date(2026, 12, 24), action="this stay")


def test_an_override_starting_after_the_lapse_does_not_cover_the_days_before_it__SAFE_2(lapsing, officer, manager):
    """SAFE-2: an override from 11 December leaves 10 December uncovered."""
    _override(lapsing, date(2026, 12, 11), date(2026, 12, 24), officer=officer, manager=manager)
    with pytest.raises(RuleViolation, match="SAFE-2"):
        require_safe(lapsing, start=date(2026, 12, 9), end=date(2026, 12, 12), action="this stay")
    require_safe(lapsing, start=date(2026, 12, 11), end=date(2026, 12, 12), action="this stay")


def test_a_pending_or_refused_override_lets_nothing_through__SAFE_2_AUD_2(lapsing, officer, manager):
    """AUD-2: only the management team's agreement counts."""
    asked = services.request_checks_override(
        household=lapsing, reason="Renewal posted", starts_on=date(2026, 12, 10), by=officer
    )
    with pytest.raises(RuleViolation, match="SAFE-2"):
        require_safe(lapsing, start=date(2026, 12, 10), end=date(2026, 12, 11), action="this stay")
    approvals.decide(asked, by=manager, outcome=ApprovalOutcome.REFUSED, reason="Get the certificate first")
    with pytest.raises(RuleViolation, match="SAFE-2"):
        require_safe(lapsing, start=date(2026, 12, 10), end=date(2026, 12, 11), action="this stay")


def test_the_officer_who_asked_cannot_agree_the_override__AUD_2(lapsing, manager):
    """AUD-2: never decided by its submitter, even a manager."""
    asked = services.request_checks_override(
        household=lapsing, reason="Renewal posted", starts_on=date(2026, 12, 10), by=manager
    )
    with pytest.raises(RuleViolation, match="someone else"):
        approvals.decide(asked, by=manager, outcome=ApprovalOutcome.AGREED)


def test_an_override_lasts_14_days_by_default_and_at_most_90__SAFE_2(lapsing, officer):
    """SAFE-2: 10 December plus 14 days is 23 December inclusive; 91 days is refused."""
    asked = services.request_checks_override(
        household=lapsing, reason="Renewal posted", starts_on=date(2026, 12, 10), by=officer
    )
    assert (asked.starts_on, asked.ends_on) == (date(2026, 12, 10), date(2026, 12, 23))
    with pytest.raises(RuleViolation, match="1 to 90 days"):
        services.request_checks_override(
            household=lapsing, reason="x", starts_on=date(2026, 12, 10), days=91, by=officer
        )
    with pytest.raises(RuleViolation, match="reason"):
        services.request_checks_override(household=lapsing, reason=" ", starts_on=date(2026, 12, 10), by=officer)


def test_a_safeguarding_hold_refuses_new_arrangements_even_when_every_check_is_held__SAFE_4(officer, manager):
    """SAFE-4: the hold refuses before any check is asked; a hold for another reason does not."""
    household = approved_household()
    services.put_on_hold(household, by=officer, reason="Allegation under enquiry", hold_reason=HoldReason.SAFEGUARDING)
    household.refresh_from_db()
    with pytest.raises(RuleViolation) as refused:
        require_safe(household, start=date(2026, 12, 8), end=date(2026, 12, 9), action="this stay")
    assert refused.value.rule == "SAFE-4"
    assert "on hold while a safeguarding concern is open" in str(refused.value)
    with pytest.raises(RuleViolation) as not_manager:
        services.resume(household, by=officer, reason="Enquiry closed")
    assert not_manager.value.rule == "SAFE-4"  # only the management team lifts a safeguarding hold, with a reason
    with pytest.raises(RuleViolation):
        services.resume(household, by=manager)
    services.resume(household, by=manager, reason="Enquiry closed")
    household.refresh_from_db()
    assert household.hold_reason == ""
    services.put_on_hold(household, by=officer, reason="Family illness", hold_reason=HoldReason.OTHER)
    household.refresh_from_db()
    require_safe(household, start=date(2026, 12, 8), end=date(2026, 12, 9), action="this stay")


def test_a_safeguarding_hold_needs_words_on_what_it_is_about__SAFE_4(officer):
    """SAFE-4: the reason kind and a sentence."""
    household = approved_household()
    with pytest.raises(RuleViolation, match="safeguarding concern is about"):
        services.put_on_hold(household, by=officer, reason="", hold_reason=HoldReason.SAFEGUARDING)


def test_the_gate_adds_a_fixed_number_of_queries__SAFE_2(lapsing, officer, manager):
    """SAFE-2: none beyond the gap function when safe; one (the overrides) when something is missing."""
    with CaptureQueriesContext(connection) as safe:
        require_safe(lapsing, start=date(2026, 12, 8), end=date(2026, 12, 9), action="this stay")
    assert len(safe) == 0
    for day in (1, 2, 3):  # more overrides, the same one query
        ChecksOverride.objects.create(
            household=lapsing,
            reason="Old",
            starts_on=date(2026, 12, day),
            ends_on=date(2026, 12, day),
            submitted_by=officer,
            submitted_at=timezone.now(),
            outcome=ApprovalOutcome.AGREED,
        )
    with CaptureQueriesContext(connection) as lacking, pytest.raises(RuleViolation):
        require_safe(lapsing, start=date(2026, 12, 9), end=date(2026, 12, 11), action="this stay")
    assert len(lacking) == 1
