"""Withdrawing a notice (END-2): with a reason, by the placement's officer or a manager; the placement goes back
to how it was before notice (no planned end), the fee engine stops ending its fees, and the notice is kept."""

from datetime import date
from decimal import Decimal

import pytest

from funding.models import Element
from placements import services
from sharedlives.errors import RuleViolation
from tests.carers.factories import approved_household
from tests.pages import ERROR_SUMMARY, app_url, fees
from tests.placements.factories import started_placement

url = app_url("placements")

D = Decimal


@pytest.fixture
def placement(officer):
    """Live-in from Monday 7 September 2026; day 28 is 4 October."""
    return started_placement(household=approved_household(officer=officer), starts_on=date(2026, 9, 7))


@pytest.fixture
def notice(placement, officer):
    """The person chose to leave, after the first 28 days: given 20 October, eight weeks to 15 December (END-2)."""
    return services.give_notice(
        placement=placement, given_by="person", reason="person_chooses", given_on=date(2026, 10, 20), by=officer
    )


def test_withdrawing_a_notice_keeps_it_and_lets_a_new_one_be_given__END_2(placement, notice, officer):
    assert notice.notice_ends_on == date(2026, 12, 15)
    services.withdraw_notice(notice, reason="Sam has decided to stay", by=officer)
    placement.refresh_from_db()
    assert not hasattr(placement, "notice")
    notice.refresh_from_db()
    assert notice.withdrawn_from == placement and notice.withdrawn_reason == "Sam has decided to stay"
    assert notice.history.first().history_change_reason == "notice.withdrawn"
    again = services.give_notice(
        placement=placement, given_by="person", reason="person_chooses", given_on=date(2026, 11, 2), by=officer
    )
    assert again.pk != notice.pk and list(placement.withdrawn_notices.all()) == [notice]


def test_withdrawing_needs_a_reason_and_the_placements_officer_or_a_manager__END_2(notice, second_officer, manager):
    with pytest.raises(RuleViolation, match="Say why"):
        services.withdraw_notice(notice, reason="  ", by=manager)
    with pytest.raises(RuleViolation, match="placement's officer or a manager"):
        services.withdraw_notice(notice, reason="Staying", by=second_officer)
    services.withdraw_notice(notice, reason="Staying", by=manager)
    with pytest.raises(RuleViolation, match="already been withdrawn"):
        services.withdraw_notice(notice, reason="Staying", by=manager)


def test_a_notice_cannot_be_withdrawn_after_the_person_moved_out__END_2(notice, officer):
    services.record_move_out(notice=notice, moved_out_on=date(2026, 10, 30), by=officer)
    with pytest.raises(RuleViolation, match="moved out"):
        services.withdraw_notice(notice, reason="Changed mind", by=officer)


def test_fees_run_on_after_the_notice_is_withdrawn__END_2(officer_client, cards, placement, notice):
    """Board and lodging £51.00 a week, priced by the day. With notice, board stops at the notice end,
    15 December: 1-15 December, 15 days: 51 × 15 ÷ 7 = 109.285 → £109.29. Withdrawn: all 31 days of December:
    51 × 31 ÷ 7 = 225.857 → £225.86."""
    board = Element.BOARD.label
    assert fees(officer_client, placement, "2026-12-01", "2026-12-31")[board] == D("109.29")
    page = officer_client.get(url("placement_detail", placement.pk)).content.decode()
    assert url("withdraw_notice", placement.pk) in page
    empty = officer_client.post(url("withdraw_notice", placement.pk), {"reason": ""}).content.decode()
    assert ERROR_SUMMARY in empty and "Say why the notice is withdrawn" in empty
    response = officer_client.post(url("withdraw_notice", placement.pk), {"reason": "Sam is staying"}, follow=True)
    assert response.redirect_chain[-1][0] == url("placement_detail", placement.pk)
    page = response.content.decode()
    assert "Notice withdrawn: the placement continues with no planned end." in page
    assert "No notice given." in page and "Withdrawn" in page and "Sam is staying" in page
    assert url("withdraw_notice", placement.pk) not in page and url("give_notice", placement.pk) in page
    assert fees(officer_client, placement, "2026-12-01", "2026-12-31")[board] == D("225.86")


def test_another_officer_sees_no_withdraw_link_and_is_refused__END_2(client, second_officer, placement, notice):
    client.force_login(second_officer)
    page = client.get(url("placement_detail", placement.pk)).content.decode()
    assert url("withdraw_notice", placement.pk) not in page
    assert client.post(url("withdraw_notice", placement.pk), {"reason": "x"}).status_code == 403


def _endings(placement):
    return list(placement.provision_requests.filter(cause__in=["ending", "notice_withdrawn"]).order_by("pk"))


def test_a_withdrawn_notice_takes_its_unsent_ending_variation_off_my_work__END_2_PLA_1(placement, notice, officer):
    """PLA-1: the notice raised an ending variation (last day 15 December) to be sent; once the notice is withdrawn
    nothing is to be sent: the request is kept, marked not needed, and leaves the officer's list."""
    from placements.queries import provision_requests_to_send

    [ending] = _endings(placement)
    assert ending.submitted_on is None and ending.effective_from == date(2026, 12, 15)
    services.withdraw_notice(notice, reason="Sam has decided to stay", by=officer)
    ending.refresh_from_db()
    assert ending.no_longer_needed_reason == "Notice withdrawn: Sam has decided to stay"
    assert ending not in provision_requests_to_send([placement.household_id])
    with pytest.raises(RuleViolation, match="no longer needed"):
        services.record_provision_sent(ending, sent_on=ending.raised_on, by=officer)


def test_a_withdrawn_notice_whose_ending_was_sent_raises_an_amendment__END_2_PLA_1(placement, notice, officer):
    """PLA-1: Brokerage already has the ending, so it is told the provision continues; a later notice is a new
    variation, not an amendment of the withdrawn one."""
    [ending] = _endings(placement)
    services.record_provision_sent(ending, sent_on=ending.raised_on, by=officer)
    services.withdraw_notice(notice, reason="Sam has decided to stay", by=officer)
    sent, amendment = _endings(placement)
    assert sent.no_longer_needed_on is None
    assert amendment.kind == "amendment" and amendment.submitted_on is None
    assert amendment.reason == "Notice withdrawn: the provision continues after 15 December 2026"
    services.give_notice(
        placement=placement, given_by="person", reason="person_chooses", given_on=date(2026, 11, 2), by=officer
    )
    assert [(r.kind, r.cause) for r in _endings(placement)][-1] == ("variation", "ending")
