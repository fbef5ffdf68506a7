"""Correcting a management decision on what is paid (a fee override) on the Fees tab: the same checks as
recording one (AUD-2), a reason kept in the History (AUD-1), and the Fees tab pricing the corrected dates."""

from datetime import date
from decimal import Decimal

import pytest

from funding import overrides
from funding.models import Element, FeeOverride
from sharedlives.errors import RuleViolation
from tests.pages import ERROR_SUMMARY, app_url, parsed, refused, when
from tests.placements.factories import started_placement

url = app_url("funding")

D = Decimal


@pytest.fixture
def placement(officer):
    """A live-in placement, new to Shared Lives, started on Monday 7 September 2026 (day 28: 4 October)."""
    return started_placement(starts_on=date(2026, 9, 7))


@pytest.fixture
def override(placement, manager):
    """Rent stopped from 12 to 25 October 2026: the 25th was typed for the 15th."""
    return overrides.record_override(
        placement=placement,
        element="rent",
        starts_on=date(2026, 10, 12),
        ends_on=date(2026, 10, 25),
        pay=False,
        reason="Person in hospital; room re-let",
        by=manager,
    )


def correction(starts_on: date, ends_on: date, *, pay: bool = False, reason: str = "The 15th was typed as the 25th"):
    data = when("starts_on", starts_on) | when("ends_on", ends_on) | {"reason": reason}
    return data | ({"pay": "on"} if pay else {})


def rent_total(client, placement) -> Decimal:
    response = client.get(url("placement_fees", placement.pk), {"start": "2026-10-05", "end": "2026-10-31"})
    return dict(response.context["totals"])[Element.RENT.label]


def test_a_mistyped_override_date_is_corrected_and_the_fees_follow__AUD_2(manager_client, cards, placement, override):
    """5 to 31 October 2026, after the initial 28 days, rent £79.40 a week on the 2026/27 card.
    Stopped 12-25 October: paid 5-11 October, 7 days = £79.40, and 26-31 October, 6 days: 79.40 × 6 ÷ 7 =
    68.057 → £68.06; £147.46 in all. Corrected to 12-15 October: 5-11 October £79.40 and 16-31 October, 16 days:
    79.40 × 16 ÷ 7 = 181.486 → £181.49; £260.89 in all."""
    assert rent_total(manager_client, placement) == D("147.46")
    fees_page = manager_client.get(url("placement_fees", placement.pk)).content.decode()
    assert f'href="{url("correct_override", override.pk)}"' in fees_page

    page = manager_client.get(url("correct_override", override.pk)).content.decode()
    assert "12 October 2026 to 25 October 2026" in page and "Person in hospital; room re-let" in page
    assert 'name="ends_on_day" type="text" inputmode="numeric" autocomplete="off" value="25"' in page

    response = manager_client.post(
        url("correct_override", override.pk), correction(date(2026, 10, 12), date(2026, 10, 15)), follow=True
    )
    landed = url("placement_fees", placement.pk) + "?start=2026-10-12&end=2026-10-15#overrides"
    assert response.redirect_chain[-1][0] == landed
    page = response.content.decode()
    assert (
        "govuk-notification-banner--success" in page
        and "Decision corrected: stop rent / housing costs 12 Oct to 15 Oct 2026" in page
    )
    override.refresh_from_db()
    assert (override.starts_on, override.ends_on, override.pay) == (date(2026, 10, 12), date(2026, 10, 15), False)
    assert override.reason == "Person in hospital; room re-let"  # the decision's own reason stays
    assert rent_total(manager_client, placement) == D("260.89")


def test_the_correction_shows_in_the_history_with_its_reason__AUD_1(manager_client, manager, placement, override):
    manager_client.post(url("correct_override", override.pk), correction(date(2026, 10, 12), date(2026, 10, 15)))
    latest = override.history.first()
    assert latest.history_change_reason == "override.corrected: The 15th was typed as the 25th"
    assert latest.history_user == manager
    page = manager_client.get(url("placement_fees", placement.pk)).content.decode()
    history = page[page.index('id="history"') :]
    assert "Stop rent / housing costs 12 Oct to 15 Oct 2026:" in history
    assert "Fee override corrected (The 15th was typed as the 25th)" in parsed(page, within="history-table").text
    assert "<strong>Ends on</strong>: 25 October 2026 → 15 October 2026" in history


def test_whether_a_decision_pays_can_be_corrected__AUD_2(manager, placement, override):
    corrected = overrides.correct_override(
        override,
        by=manager,
        reason="It was agreed to pay, not stop",
        starts_on=override.starts_on,
        ends_on=override.ends_on,
        pay=True,
    )
    assert corrected.pay is True and corrected.decided_by == manager


def test_the_reason_for_a_correction_is_required__AUD_1(manager_client, placement, override):
    response = manager_client.post(
        url("correct_override", override.pk), correction(date(2026, 10, 12), date(2026, 10, 15), reason="")
    )
    page = response.content.decode()
    assert response.status_code == 200 and ERROR_SUMMARY in page
    assert '<a href="#id_reason">Say why you are correcting it (AUD-1).</a>' in page
    override.refresh_from_db()
    assert override.ends_on == date(2026, 10, 25)


def test_a_correction_that_changes_nothing_is_refused__AUD_1(manager_client, placement, override):
    page = refused(
        manager_client.post(url("correct_override", override.pk), correction(date(2026, 10, 12), date(2026, 10, 25))),
        "AUD-1",
    )
    assert "Nothing to correct" in page
    assert override.history.count() == 1


def test_corrected_dates_obey_the_same_rules_as_recording__AUD_2(manager_client, manager, placement, override):
    page = refused(
        manager_client.post(url("correct_override", override.pk), correction(date(2026, 9, 1), date(2026, 9, 6))),
        "AUD-2",
    )
    assert "The decision covers days of the placement." in page
    with pytest.raises(RuleViolation) as backwards:
        overrides.correct_override(
            override, by=manager, reason="x", starts_on=date(2026, 10, 12), ends_on=date(2026, 10, 11), pay=False
        )
    assert backwards.value.rule == "AUD-2" and backwards.value.field == "ends_on"


def test_only_the_management_team_corrects_a_decision__AUD_2(client, officer, finance_admin, placement, override):
    """Officers and finance get 403 from the page; the service refuses anyone but the management team."""
    for person in (officer, finance_admin):
        client.force_login(person)
        assert client.get(url("correct_override", override.pk)).status_code == 403
        data = correction(date(2026, 10, 12), date(2026, 10, 15))
        assert client.post(url("correct_override", override.pk), data).status_code == 403
        page = client.get(url("placement_fees", placement.pk)).content.decode()
        assert url("correct_override", override.pk) not in page
    with pytest.raises(RuleViolation) as refusal:
        overrides.correct_override(
            override, by=officer, reason="x", starts_on=date(2026, 10, 12), ends_on=date(2026, 10, 15), pay=False
        )
    assert refusal.value.rule == "AUD-2"
    assert FeeOverride.objects.get().ends_on == date(2026, 10, 25)
