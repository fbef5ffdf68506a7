"""Correcting a household's leaving date on its page (PLA-5): the same checks as recording it, a reason kept in
the History (AUD-1). The fee engine does not read the leaving date: what the household's placements are paid
follows their own dates, so a corrected leaving date leaves the money as it was."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from carers import services
from carers.models import HouseholdStatus
from funding.example_card import publish_example_cards
from placements import services as placement_services
from sharedlives.errors import RuleViolation
from tests.carers.factories import approved_household
from tests.pages import ERROR_SUMMARY, app_url, parsed, refused, when
from tests.placements.factories import started_placement

url = app_url("carers")

D = Decimal


@pytest.fixture
def household(officer):
    """Approved on 6 January 2025."""
    return approved_household(officer=officer, name="The Okafor family")


@pytest.fixture
def placement(household, officer):
    """A live-in placement from Monday 7 September 2026 the person chose to leave inside the first 28 days (END-1):
    moved out on 25 September, belongings removed on 28 September."""
    placement = started_placement(household=household, starts_on=date(2026, 9, 7))
    notice = placement_services.give_notice(
        placement=placement, given_by="person", reason="person_chooses", given_on=date(2026, 9, 20), by=officer
    )
    placement_services.record_move_out(
        notice=notice, moved_out_on=date(2026, 9, 25), belongings_removed_on=date(2026, 9, 28), by=officer
    )
    return placement


@pytest.fixture
def left(household, placement, officer):
    """The household left on 30 September 2026, typed as 31 October."""
    return services.record_leaving(household, left_on=date(2026, 10, 31), reason="retiring", by=officer)


def correction(left_on: date, reason: str = "The month was mistyped") -> dict:
    return when("left_on", left_on) | {"reason": reason}


def fees_total(client, placement) -> Decimal:
    response = client.get(
        reverse("funding:placement_fees", args=[placement.pk]), {"start": "2026-09-07", "end": "2026-11-30"}
    )
    return response.context["total"]


def test_a_mistyped_leaving_date_is_corrected_with_a_reason__PLA_5(
    officer_client, officer, finance_admin, manager, placement, left
):
    """The placement's fees, 7 September to 30 November 2026, on the 2026/27 example card, before and after:
    care and support £364.93 a week to day 28 (END-1), 7 September-4 October, 28 days = £1,459.72; board and
    lodging £51.00 a week until the move, 7-25 September, 19 days: 51 × 19 ÷ 7 = 138.429 → £138.43; rent £79.40 a
    week until belongings went, 7-28 September, 22 days: 79.40 × 22 ÷ 7 = 249.543 → £249.54. £1,847.69 in all:
    the leaving date changes none of it."""
    publish_example_cards(drafted_by=finance_admin, published_by=manager)
    assert fees_total(officer_client, placement) == D("1847.69")
    detail = officer_client.get(url("household_detail", left.pk)).content.decode()
    assert "Correct the leaving date" in detail and "Record leaving" not in detail

    page = officer_client.get(url("correct_leaving_date", left.pk)).content.decode()
    assert "31 October 2026" in page and "Retiring" in page
    assert 'name="left_on_month" type="text" inputmode="numeric" autocomplete="off" value="10"' in page

    response = officer_client.post(url("correct_leaving_date", left.pk), correction(date(2026, 9, 30)), follow=True)
    assert response.redirect_chain[-1][0] == url("household_detail", left.pk)
    page = response.content.decode()
    assert "govuk-notification-banner--success" in page
    assert "Leaving date corrected: The Okafor family left the scheme on 30 September 2026." in page
    left.refresh_from_db()
    assert left.left_on == date(2026, 9, 30) and left.status == HouseholdStatus.LEFT
    assert left.leaving_reason == "retiring"
    assert fees_total(officer_client, placement) == D("1847.69")


def test_the_correction_shows_in_the_history_with_its_reason__AUD_1(officer_client, officer, left):
    officer_client.post(url("correct_leaving_date", left.pk), correction(date(2026, 9, 30)))
    latest = left.history.first()
    assert latest.history_change_reason == "household.leaving_corrected: The month was mistyped"
    assert latest.history_user == officer
    page = officer_client.get(url("household_detail", left.pk)).content.decode()
    history = page[page.index('id="history"') :]
    assert "Leaving date corrected (The month was mistyped)" in parsed(page, within="history-table").text
    assert "<strong>Left on</strong>: 31 October 2026 → 30 September 2026" in history


def test_the_reason_for_a_correction_is_required__AUD_1(officer_client, left):
    response = officer_client.post(url("correct_leaving_date", left.pk), correction(date(2026, 9, 30), reason=""))
    page = response.content.decode()
    assert response.status_code == 200 and ERROR_SUMMARY in page
    assert '<a href="#id_reason">Say why you are correcting it (AUD-1).</a>' in page
    left.refresh_from_db()
    assert left.left_on == date(2026, 10, 31)


def test_a_correction_that_changes_nothing_is_refused__AUD_1(officer_client, left):
    page = refused(officer_client.post(url("correct_leaving_date", left.pk), correction(date(2026, 10, 31))), "AUD-1")
    assert "Nothing to correct" in page


def test_nobody_may_still_be_placed_after_the_corrected_date__PLA_5(officer_client, left):
    """The person moved out on 25 September: the household cannot have left on the 20th."""
    page = refused(officer_client.post(url("correct_leaving_date", left.pk), correction(date(2026, 9, 20))), "PLA-5")
    assert "still supports 1 person after 20 September 2026" in page and 'id="id_left_on-error"' in page
    page = refused(officer_client.post(url("correct_leaving_date", left.pk), correction(date(2024, 12, 31))), "PLA-5")
    assert "cannot be before the approval date" in page


def test_only_a_household_that_left_has_a_leaving_date_to_correct__PLA_5(officer, household):
    with pytest.raises(RuleViolation) as refusal:
        services.correct_leaving_date(household, by=officer, reason="x", left_on=date(2026, 9, 30))
    assert refusal.value.rule == "PLA-5"
    household.refresh_from_db()
    assert household.status == HouseholdStatus.APPROVED and household.left_on is None


def test_only_those_who_record_leaving_correct_it__PLA_5(client, referrals_officer, finance_admin, left):
    """Both read the household page (carers.view_carerhousehold); neither may change it."""
    for person in (referrals_officer, finance_admin):
        client.force_login(person)
        assert client.get(url("correct_leaving_date", left.pk)).status_code == 403
        assert client.post(url("correct_leaving_date", left.pk), correction(date(2026, 9, 30))).status_code == 403
        assert "Correct the leaving date" not in client.get(url("household_detail", left.pk)).content.decode()
    left.refresh_from_db()
    assert left.left_on == date(2026, 10, 31)
