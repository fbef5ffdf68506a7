"""Every action that makes a new arrangement passes the gate (SAFE-2, SAFE-4), with the gap function substituted by
a plain one: the household's public liability insurance is missing from 10 December 2026."""

from datetime import date

import pytest
from django.urls import reverse

from carers import checks
from carers import services as carer_services
from carers.models import BreakCover, HoldReason
from carers.requirements import Gap
from placements import services
from placements.models import ArrangementKind
from sharedlives.errors import RuleViolation
from tests.carers.factories import HouseholdFactory, SupportCarerFactory, approved_household
from tests.pages import parsed, refused, when
from tests.placements.factories import agreed_match, funded_referral

pytestmark = pytest.mark.django_db

LAPSE = date(2026, 12, 10)


def lapsing_from(day: date, *, who="The household", item="Public liability insurance", only=None):
    """A gap function: `item` missing from `day` (for `only` that household, else for every household)."""

    def gaps(household, start, end):
        if end < day or (only is not None and household.pk != only.pk):
            return []
        return [Gap("CAR-5", item, who, max(start, day), "missing", "carers:record_insurance")]

    return gaps


@pytest.fixture
def household(monkeypatch):
    monkeypatch.setattr(checks, "household_gaps", lapsing_from(LAPSE))
    return approved_household(name="The Okafor family", offers_short_breaks=True, offers_day_support=True)


def _arrangement(household, kind):
    match = agreed_match(referral=funded_referral(kind=kind), household=household)
    return services.start_placement(
        referral=match.referral, match=match, starts_on=date(2026, 4, 20), by=match.referral.referrals_officer
    )


def _refused_for_insurance(call) -> RuleViolation:
    with pytest.raises(RuleViolation) as refusal:
        call()
    assert refusal.value.rule == "SAFE-2"
    assert "The household: public liability insurance, missing from 10 December 2026" in str(refusal.value)
    return refusal.value


def test_a_stay_before_the_lapse_passes_and_one_over_it_is_refused__SAFE_2(household):
    """SAFE-2: a stay 8 to 9 December is before the lapse; 9 to 11 December covers 10 December."""
    short = _arrangement(household, ArrangementKind.SHORT_BREAK)
    services.add_stay(placement=short, starts_on=date(2026, 12, 8), ends_on=date(2026, 12, 9), by=short.created_by)
    _refused_for_insurance(
        lambda: services.add_stay(
            placement=short, starts_on=date(2026, 12, 9), ends_on=date(2026, 12, 11), by=short.created_by
        )
    )
    assert short.stays.count() == 1


def test_a_day_session_on_the_day_of_the_lapse_is_refused__SAFE_2(household):
    """SAFE-2: 9 December passes; 10 December is the first day without insurance."""
    day = _arrangement(household, ArrangementKind.DAY_SUPPORT)
    services.add_day_session(placement=day, on=date(2026, 12, 9), block="six_hours", by=day.created_by)
    _refused_for_insurance(
        lambda: services.add_day_session(placement=day, on=date(2026, 12, 10), block="six_hours", by=day.created_by)
    )


def test_a_live_in_placement_is_checked_on_its_start_day__SAFE_2(household):
    """SAFE-2: an open-ended arrangement starting 9 December passes; one starting 10 December is refused."""
    first = agreed_match(household=household)
    services.start_placement(
        referral=first.referral, match=first, starts_on=date(2026, 12, 9), by=first.referral.referrals_officer
    )
    second = agreed_match(household=household)
    _refused_for_insurance(
        lambda: services.start_placement(
            referral=second.referral, match=second, starts_on=date(2026, 12, 10), by=second.referral.referrals_officer
        )
    )


def test_a_match_is_checked_on_the_day_it_is_proposed__SAFE_2(household):
    """SAFE-2: proposed on 9 December passes; on 10 December refused."""
    made = funded_referral()
    services.propose_match(referral=made, household=household, proposed_on=date(2026, 12, 9), by=made.referrals_officer)
    other = funded_referral()
    _refused_for_insurance(
        lambda: services.propose_match(
            referral=other, household=household, proposed_on=date(2026, 12, 10), by=other.referrals_officer
        )
    )


def test_an_overnight_introduction_is_checked_to_the_morning_after__SAFE_2(household):
    """SAFE-2: one night from 8 December (8 to 9) passes; one night from 9 December (9 to 10) is refused. A visit
    on 10 December is no overnight stay and is not checked."""
    match = agreed_match(household=household)
    by = match.referral.referrals_officer
    services.record_introduction(match=match, kind="overnight", on=date(2026, 12, 8), nights=1, by=by)
    _refused_for_insurance(
        lambda: services.record_introduction(match=match, kind="overnight", on=date(2026, 12, 9), nights=1, by=by)
    )
    services.record_introduction(match=match, kind="visit", on=date(2026, 12, 10), by=by)


def test_approving_a_household_is_checked_on_the_approval_date__SAFE_2(monkeypatch, officer):
    """SAFE-2: with insurance missing from 1 November 2026, approval on 31 October passes, on 1 November not."""
    monkeypatch.setattr(checks, "household_gaps", lapsing_from(date(2026, 11, 1)))
    from tests.carers.factories import CarerFactory

    passes, refused_household = HouseholdFactory(), HouseholdFactory()
    CarerFactory(household=passes)
    CarerFactory(household=refused_household)
    carer_services.approve_household(passes, approved_on=date(2026, 10, 31), officer=officer, by=officer)
    with pytest.raises(RuleViolation) as refusal:
        carer_services.approve_household(refused_household, approved_on=date(2026, 11, 1), officer=officer, by=officer)
    assert refusal.value.rule == "SAFE-2" and "missing from 1 November 2026" in str(refusal.value)


def _break(household, cover, officer, starts_on, ends_on, **kwargs):
    return carer_services.record_break(
        household=household, starts_on=starts_on, ends_on=ends_on, cover=cover, by=officer, **kwargs
    )


def test_a_covering_household_must_be_safe_on_every_day_of_the_break__SAFE_2(monkeypatch, officer):
    """SAFE-2: the covering household's insurance lapses 10 December: cover 8 to 9 December passes, 9 to 11 not.
    The household taking the break is not the one checked."""
    taking = approved_household(name="The Hughes family")
    covering = approved_household(name="The Okafor family", offers_short_breaks=True)
    monkeypatch.setattr(checks, "household_gaps", lapsing_from(LAPSE, only=covering))
    cover = BreakCover.SHORT_BREAK_HOUSEHOLD
    _break(taking, cover, officer, date(2026, 12, 8), date(2026, 12, 9), cover_household=covering)
    _refused_for_insurance(
        lambda: _break(taking, cover, officer, date(2026, 12, 9), date(2026, 12, 11), cover_household=covering)
    )


def test_a_support_carer_covering_a_break_answers_for_their_own_checks__SAFE_2_CAR_6(monkeypatch, officer):
    """SAFE-2, CAR-6: a gap of the support carer refuses the cover; a gap of someone else in the household does
    not stop the support carer covering."""
    household = approved_household()
    sam = SupportCarerFactory(household=household, last_name="Ng", scheme_agreement_on=date(2026, 1, 1))
    carer_services.record_dbs_check(
        support_carer=sam,
        certificate_number="001234567890",
        issued_on=date(2026, 1, 5),
        renewal_due_on=date(2029, 1, 5),
        by=officer,
    )
    cover = BreakCover.SUPPORT_CARER
    monkeypatch.setattr(checks, "household_gaps", lapsing_from(LAPSE, who="Grace Okafor", item="First aid"))
    _break(household, cover, officer, date(2026, 12, 9), date(2026, 12, 11), cover_support_carer=sam)
    monkeypatch.setattr(checks, "household_gaps", lapsing_from(LAPSE, who=sam.full_name, item="Enhanced DBS check"))
    with pytest.raises(RuleViolation) as refusal:
        _break(household, cover, officer, date(2026, 12, 20), date(2026, 12, 22), cover_support_carer=sam)
    assert refusal.value.rule == "SAFE-2"
    assert f"{sam.full_name}: enhanced DBS check, missing from 20 December 2026" in str(refusal.value)


def test_a_safeguarding_hold_stops_new_stays_and_sessions_but_not_existing_ones__SAFE_4(monkeypatch, officer):
    """SAFE-4: on hold for safeguarding, no new stay, day session or placement; the arrangements go on."""
    monkeypatch.setattr(checks, "household_gaps", lambda household, start, end: [])
    household = approved_household(offers_short_breaks=True, offers_day_support=True)
    short = _arrangement(household, ArrangementKind.SHORT_BREAK)
    day = _arrangement(household, ArrangementKind.DAY_SUPPORT)
    carer_services.put_on_hold(household, by=officer, reason="Allegation", hold_reason=HoldReason.SAFEGUARDING)
    short.refresh_from_db()
    day.refresh_from_db()
    for call in (
        lambda: services.add_stay(placement=short, starts_on=date(2026, 12, 8), ends_on=date(2026, 12, 9), by=officer),
        lambda: services.add_day_session(placement=day, on=date(2026, 12, 9), block="six_hours", by=officer),
    ):
        with pytest.raises(RuleViolation) as refusal:
            call()
        assert refusal.value.rule == "SAFE-4"
        assert "on hold while a safeguarding concern is open" in str(refusal.value)
    assert short.ends_on is None and day.ends_on is None  # existing arrangements continue


def test_a_safeguarding_hold_stops_the_household_covering_a_break__SAFE_4(monkeypatch, officer):
    """SAFE-4: the gate refuses cover by a household on a safeguarding hold; a hold of any kind already stops short-break cover."""
    from carers.gates import require_safe

    covering = approved_household(offers_short_breaks=True)
    carer_services.put_on_hold(covering, by=officer, reason="Allegation", hold_reason=HoldReason.SAFEGUARDING)
    covering.refresh_from_db()
    with pytest.raises(RuleViolation, match="SAFE-4"):
        require_safe(covering, start=date(2026, 12, 8), end=date(2026, 12, 9), action="cover by the household")


def test_the_refusal_reaches_the_stay_form_with_a_link_to_record_the_insurance__SAFE_2(household, officer_client):
    """SAFE-2: the error summary names the item and the day; the page links to the insurance form."""
    short = _arrangement(household, ArrangementKind.SHORT_BREAK)
    form = when("starts_on", date(2026, 12, 9)) | when("ends_on", date(2026, 12, 11))
    response = officer_client.post(reverse("placements:add_stay", args=[short.pk]), form)
    page = refused(response, "SAFE-2")
    assert "public liability insurance, missing from 10 December 2026" in parsed(page).text
    insurance = reverse("carers:record_insurance", kwargs={"household_pk": household.pk})
    assert ("Record public liability insurance for the household", insurance) in parsed(page).links


def test_the_refusal_reaches_the_approval_form_with_its_link__SAFE_2(monkeypatch, manager_client, officer):
    """SAFE-2: the carers' form page shows the refusal and the link to the form that records the item."""
    from tests.carers.factories import CarerFactory

    monkeypatch.setattr(checks, "household_gaps", lapsing_from(date(2026, 1, 1)))
    applicant = HouseholdFactory()
    CarerFactory(household=applicant)
    response = manager_client.post(
        reverse("carers:household_approve", args=[applicant.pk]),
        when("approved_on", date(2026, 1, 5)) | {"officer": officer.pk},
    )
    page = refused(response, "SAFE-2")
    assert "public liability insurance, missing from 5 January 2026" in parsed(page).text
    insurance = reverse("carers:record_insurance", kwargs={"household_pk": applicant.pk})
    assert ("Record public liability insurance for the household", insurance) in parsed(page).links


def test_the_refusal_reaches_the_find_carers_page__SAFE_2(monkeypatch, household, referrals_officer, client):
    """SAFE-2: proposing a match from the find-carers page, refused, comes back there with the reason and link."""
    monkeypatch.setattr(checks, "household_gaps", lapsing_from(date(2026, 1, 1)))  # missing since before today
    made = funded_referral(by=referrals_officer)
    client.force_login(referrals_officer)
    response = client.post(reverse("placements:propose_match", args=[made.pk]), {"household": household.pk})
    page = refused(response, "SAFE-2")
    assert "This match cannot go ahead" in parsed(page).text
    # A referrals officer cannot record insurance: the item is named for the officer, not linked to a 403.
    insurance = reverse("carers:record_insurance", kwargs={"household_pk": household.pk})
    assert insurance not in [url for _, url in parsed(page).links]
    assert (
        "Public liability insurance for the household: for the household's Shared Lives officer to record"
        in parsed(page).text
    )
