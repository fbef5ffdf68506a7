"""Correcting a notice's move-out and belongings-removed dates (END-1, END-6) and a housing benefit claim's dates
(HB-1, HB-2) on the placement page: the same rules as recording them, a reason kept in the History (AUD-1), and
the Fees tab pricing the corrected dates."""

from datetime import date
from decimal import Decimal

import pytest

from funding.models import Element
from placements import services
from placements.models import ProvisionKind, ProvisionRequest
from sharedlives.errors import RuleViolation
from tests.carers.factories import approved_household
from tests.pages import ERROR_SUMMARY, app_url, done, fees, parsed, refused, when
from tests.placements.factories import started_placement

url = app_url("placements")

D = Decimal


def history_of(page: str) -> str:
    return page[page.index('id="history"') :]


@pytest.fixture
def household(officer):
    return approved_household(officer=officer, name="The Okafor family")


@pytest.fixture
def placement(household):
    """A live-in placement, new to Shared Lives, from Monday 7 September 2026 (day 28: 4 October)."""
    return started_placement(household=household, starts_on=date(2026, 9, 7))


@pytest.fixture
def notice(placement, officer):
    """The person chose to leave inside the first 28 days (END-1): notice on 20 September, moved out on the
    25th; belongings removed on 28 September, typed as 28 October."""
    notice = services.give_notice(
        placement=placement, given_by="person", reason="person_chooses", given_on=date(2026, 9, 20), by=officer
    )
    return services.record_move_out(
        notice=notice, moved_out_on=date(2026, 9, 25), belongings_removed_on=date(2026, 10, 28), by=officer
    )


def dates(moved_out_on: date, belongings_removed_on: date | None, reason="The month was mistyped") -> dict:
    data = when("moved_out_on", moved_out_on) | {"reason": reason}
    return data | (when("belongings_removed_on", belongings_removed_on) if belongings_removed_on else {})


# The notice's dates -------------------------------------------------------------------------------------------


def test_a_mistyped_belongings_date_is_corrected_and_rent_stops_that_day__END_6(
    officer_client, cards, placement, notice
):
    """Rent £79.40 a week until belongings are removed (END-1, END-6), from 7 September 2026.
    Typed 28 October: 7 September-4 October, 28 days on the carer's invoice = £317.60, then 5-28 October, 24 days:
    79.40 × 24 ÷ 7 = 272.229 → £272.23; £589.83 in all. Corrected to 28 September: 7-28 September, 22 days:
    79.40 × 22 ÷ 7 = 249.543 → £249.54."""
    assert fees(officer_client, placement, "2026-09-07", "2026-11-30")[Element.RENT.label] == D("589.83")
    detail = officer_client.get(url("placement_detail", placement.pk)).content.decode()
    assert url("correct_notice_dates", placement.pk) in detail and "Correct the dates" in detail

    page = officer_client.get(url("correct_notice_dates", placement.pk)).content.decode()
    assert "28 October 2026" in page and "25 September 2026" in page  # the summary: what is recorded now
    assert 'name="belongings_removed_on_month" type="text" inputmode="numeric" autocomplete="off" value="10"' in page

    response = officer_client.post(
        url("correct_notice_dates", placement.pk), dates(date(2026, 9, 25), date(2026, 9, 28)), follow=True
    )
    page = done(response, url("placement_detail", placement.pk))
    assert "Dates corrected: the person moved out on 25 September 2026, belongings removed 28 September 2026." in page
    notice.refresh_from_db()
    assert notice.belongings_removed_on == date(2026, 9, 28)
    assert fees(officer_client, placement, "2026-09-07", "2026-11-30")[Element.RENT.label] == D("249.54")


def test_a_mistyped_move_out_date_is_corrected_with_a_reason__END_1(officer_client, officer, cards, placement, notice):
    """Board and lodging (£51.00 a week) stops the day the person leaves (END-1): moved out 25 September = 19 days,
    51 × 19 ÷ 7 = 138.429 → £138.43; corrected to 23 September = 17 days, 51 × 17 ÷ 7 = 123.857 → £123.86.
    The placement's last day moves with it; the History shows both, with the reason."""
    assert fees(officer_client, placement, "2026-09-07", "2026-11-30")[Element.BOARD.label] == D("138.43")
    data = dates(date(2026, 9, 23), date(2026, 10, 28), reason="Moved out on the Wednesday, not the Friday")
    response = officer_client.post(url("correct_notice_dates", placement.pk), data, follow=True)
    page = done(response, url("placement_detail", placement.pk))
    placement.refresh_from_db()
    assert placement.ends_on == date(2026, 9, 23) and placement.ending_reason == "person_left"
    assert fees(officer_client, placement, "2026-09-07", "2026-11-30")[Element.BOARD.label] == D("123.86")

    history = history_of(page)
    assert "Notice given 20 Sep 2026 by the person (or their representative):" in history
    assert "Notice corrected (Moved out on the Wednesday, not the Friday)" in parsed(page, within="history-table").text
    assert "<strong>Person moved out on</strong>: 25 September 2026 → 23 September 2026" in history
    assert (
        "End date corrected (Moved out on the Wednesday, not the Friday)" in parsed(page, within="history-table").text
    )
    assert notice.history.first().history_user == officer


def test_the_reason_for_correcting_the_dates_is_required__AUD_1(officer_client, placement, notice):
    response = officer_client.post(
        url("correct_notice_dates", placement.pk), dates(date(2026, 9, 25), date(2026, 9, 28), reason=" ")
    )
    page = response.content.decode()
    assert response.status_code == 200 and ERROR_SUMMARY in page
    assert '<a href="#id_reason">Say why you are correcting it (AUD-1).</a>' in page
    notice.refresh_from_db()
    assert notice.belongings_removed_on == date(2026, 10, 28)


def test_correcting_the_dates_to_what_they_are_is_refused__AUD_1(officer_client, placement, notice):
    data = dates(date(2026, 9, 25), date(2026, 10, 28))
    assert "Nothing to correct" in refused(
        officer_client.post(url("correct_notice_dates", placement.pk), data), "AUD-1"
    )
    assert notice.history.count() == 2  # given, moved out: nothing more


def test_corrected_dates_obey_the_rules_for_recording_them__END_2_END_6(officer_client, placement, notice):
    post = lambda data: officer_client.post(url("correct_notice_dates", placement.pk), data)  # noqa: E731
    page = refused(post(dates(date(2026, 9, 25), date(2026, 9, 24))), "END-6")
    assert 'id="id_belongings_removed_on-error"' in page
    page = refused(post(dates(date(2026, 9, 19), date(2026, 9, 28))), "END-2")
    assert "The person cannot move out before notice was given." in page


def test_dates_not_yet_recorded_cannot_be_corrected__END_6(officer, placement):
    notice = services.give_notice(
        placement=placement, given_by="person", reason="person_chooses", given_on=date(2026, 9, 20), by=officer
    )
    with pytest.raises(RuleViolation) as refusal:
        services.correct_notice_dates(notice, by=officer, reason="x", moved_out_on=date(2026, 9, 25))
    assert refusal.value.rule == "END-6"


def test_a_later_move_out_cannot_overlap_the_persons_next_home__PLA_5(officer, placement, notice):
    started_placement(person=placement.person, starts_on=date(2026, 9, 28))
    with pytest.raises(RuleViolation) as refusal:
        services.correct_notice_dates(
            notice, by=officer, reason="x", moved_out_on=date(2026, 9, 30), belongings_removed_on=date(2026, 10, 28)
        )
    assert refusal.value.rule == "PLA-5" and refusal.value.field == "moved_out_on"


def test_a_later_move_out_needs_a_place_in_the_household__CAR_1(officer):
    household = approved_household(officer=officer, approved_places=1)
    first = started_placement(household=household, starts_on=date(2026, 9, 7))
    notice = services.give_notice(
        placement=first, given_by="person", reason="person_chooses", given_on=date(2026, 9, 20), by=officer
    )
    notice = services.record_move_out(notice=notice, moved_out_on=date(2026, 9, 25), by=officer)
    started_placement(household=household, starts_on=date(2026, 9, 26))
    with pytest.raises(RuleViolation) as refusal:
        services.correct_notice_dates(notice, by=officer, reason="x", moved_out_on=date(2026, 9, 27))
    assert refusal.value.rule == "CAR-1"
    services.correct_notice_dates(notice, by=officer, reason="Left a day earlier", moved_out_on=date(2026, 9, 24))
    first.refresh_from_db()
    assert first.ends_on == date(2026, 9, 24)


# A housing benefit claim's dates -------------------------------------------------------------------------------


@pytest.fixture
def award(placement, officer):
    """Applied for on moving day; confirmed on 19 October 2026, from 19 October, typed as 19 September."""
    claim = services.record_housing_benefit_application(placement=placement, applied_on=date(2026, 9, 7), by=officer)
    return services.confirm_housing_benefit_award(
        claim=claim,
        confirmed_on=date(2026, 10, 19),
        award_starts_on=date(2026, 9, 19),
        weekly_amount=D("79.40"),
        by=officer,
    )


def award_data(award_starts_on: date, *, confirmed_on=date(2026, 10, 19), reason="The month was mistyped") -> dict:
    data = when("applied_on", date(2026, 9, 7)) | when("award_confirmed_on", confirmed_on)
    return data | when("award_starts_on", award_starts_on) | {"weekly_amount": "79.40", "reason": reason}


def test_a_mistyped_award_start_is_corrected_and_the_recovery_goes__HB_2(officer_client, cards, placement, award):
    """October 2026, rent £79.40 a week; rent stops the day before the award is confirmed, 18 October (HB-2):
    1-4 October on the invoice, 4 days: 79.40 × 4 ÷ 7 = 45.371 → £45.37; 5-18 October, 14 days = £158.80.
    Typed as starting 19 September, the award is backdated (HB-3): the rent paid 19 September-18 October is
    recovered, 19 September-4 October 16 days: 79.40 × 16 ÷ 7 = 181.486 → £181.49, and 5-18 October £158.80:
    −£340.29. Rent for October: 45.37 + 158.80 − 340.29 = −£136.12. Corrected to 19 October: no recovery,
    45.37 + 158.80 = £204.17."""
    assert fees(officer_client, placement, "2026-10-01", "2026-10-31")[Element.RENT.label] == D("-136.12")
    detail = officer_client.get(url("placement_detail", placement.pk)).content.decode()
    assert url("correct_housing_benefit", award.pk) in detail

    page = officer_client.get(url("correct_housing_benefit", award.pk)).content.decode()
    assert "19 September 2026" in page and "£79.40" in page
    response = officer_client.post(
        url("correct_housing_benefit", award.pk), award_data(date(2026, 10, 19)), follow=True
    )
    page = done(response, url("placement_detail", placement.pk))
    assert "Claim corrected: application made on 7 September 2026, award of £79.40 a week from 19 October 2026" in page
    award.refresh_from_db()
    assert award.award_starts_on == date(2026, 10, 19) and not award.backdated
    assert fees(officer_client, placement, "2026-10-01", "2026-10-31")[Element.RENT.label] == D("204.17")
    variation = award.provision_variation  # not yet authorised: Brokerage's request is corrected too (PLA-1)
    assert variation.effective_from == date(2026, 10, 19) and "19 October 2026" in variation.reason
    assert variation.history.first().history_change_reason == "provision.corrected: The month was mistyped"


def test_the_claims_correction_shows_in_the_placement_history_with_its_reason__AUD_1(
    officer_client, officer, placement
):
    """An application date corrected on an outstanding claim; the moving-day checklist's date follows (HB-1)."""
    claim = services.record_housing_benefit_application(placement=placement, applied_on=date(2026, 9, 17), by=officer)
    page = officer_client.get(url("correct_housing_benefit", claim.pk)).content.decode()
    assert 'name="applied_on_day"' in page and "award_confirmed_on" not in page  # no award to correct yet
    data = when("applied_on", date(2026, 9, 7)) | {"reason": "Made on moving day; the 17th was a typo"}
    response = officer_client.post(url("correct_housing_benefit", claim.pk), data, follow=True)
    page = done(response, url("placement_detail", placement.pk))
    placement.refresh_from_db()
    assert placement.housing_benefit_applied_on == date(2026, 9, 7)
    history = history_of(page)
    assert "Housing benefit claim made 7 Sep 2026:" in history
    assert (
        "Housing benefit claim corrected (Made on moving day; the 17th was a typo)"
        in parsed(page, within="history-table").text
    )
    assert "<strong>Applied on</strong>: 17 September 2026 → 7 September 2026" in history
    assert claim.history.first().history_user == officer


def test_the_reason_for_correcting_a_claim_is_required__AUD_1(officer_client, placement, award):
    response = officer_client.post(url("correct_housing_benefit", award.pk), award_data(date(2026, 10, 19), reason=""))
    page = response.content.decode()
    assert response.status_code == 200 and ERROR_SUMMARY in page
    assert '<a href="#id_reason">Say why you are correcting it (AUD-1).</a>' in page


def test_correcting_a_claim_to_what_it_is_is_refused__AUD_1(officer_client, placement, award):
    page = refused(
        officer_client.post(url("correct_housing_benefit", award.pk), award_data(date(2026, 9, 19))), "AUD-1"
    )
    assert "Nothing to correct" in page


def test_corrected_claim_dates_obey_the_rules_for_recording_them__HB_1_HB_2(officer_client, officer, placement, award):
    data = award_data(date(2026, 10, 19), confirmed_on=date(2026, 9, 1))
    page = refused(officer_client.post(url("correct_housing_benefit", award.pk), data), "HB-2")
    assert 'id="id_award_confirmed_on-error"' in page
    with pytest.raises(RuleViolation) as early:
        services.correct_housing_benefit(
            award,
            by=officer,
            reason="x",
            applied_on=date(2026, 5, 1),
            award_confirmed_on=date(2026, 10, 19),
            award_starts_on=date(2026, 10, 19),
            weekly_amount=D("79.40"),
        )
    assert early.value.rule == "HB-1"
    outstanding = services.record_housing_benefit_application(
        placement=started_placement(starts_on=date(2026, 9, 7)), applied_on=date(2026, 9, 7), by=officer
    )
    with pytest.raises(RuleViolation) as no_award:
        services.correct_housing_benefit(
            outstanding,
            by=officer,
            reason="x",
            applied_on=date(2026, 9, 7),
            award_confirmed_on=date(2026, 10, 19),
            award_starts_on=date(2026, 10, 19),
            weekly_amount=D("79.40"),
        )
    assert no_award.value.rule == "HB-2"


def test_an_authorised_variation_is_followed_by_an_amendment__PLA_1(officer, manager, placement, award):
    services.authorise_provision_request(award.provision_variation, by=manager, on=date(2026, 10, 20))
    corrected = services.correct_housing_benefit(
        award,
        by=officer,
        reason="Award letter says 19 October",
        applied_on=date(2026, 9, 7),
        award_confirmed_on=date(2026, 10, 19),
        award_starts_on=date(2026, 10, 19),
        weekly_amount=D("79.40"),
    )
    amendment = corrected.provision_variation
    assert amendment.kind == ProvisionKind.AMENDMENT and amendment.effective_from == date(2026, 10, 19)
    # 2: the award's variation and its amendment (the start's new-provision request is the third, PLA-1)
    assert amendment.authorised_on is None
    assert ProvisionRequest.objects.filter(placement=placement, cause="housing_benefit").count() == 2


# Who may correct ---------------------------------------------------------------------------------------------


def test_only_those_who_record_endings_and_claims_correct_them__END_6_HB_2(client, placement, notice, award, request):
    """Referrals officers and finance admins read the placement page but get 403 from the corrections."""
    for persona in ("referrals_officer", "finance_admin"):
        client.force_login(request.getfixturevalue(persona))
        for page_url, data in (
            (url("correct_notice_dates", placement.pk), dates(date(2026, 9, 25), date(2026, 9, 28))),
            (url("correct_housing_benefit", award.pk), award_data(date(2026, 10, 19))),
        ):
            assert client.get(page_url).status_code == 403
            assert client.post(page_url, data).status_code == 403
        detail = client.get(url("placement_detail", placement.pk)).content.decode()
        assert "Correct the dates" not in detail and url("correct_housing_benefit", award.pk) not in detail
    notice.refresh_from_db()
    award.refresh_from_db()
    assert notice.belongings_removed_on == date(2026, 10, 28) and award.award_starts_on == date(2026, 9, 19)
