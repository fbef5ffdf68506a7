"""The funding pages: each page answers, each form posts real GOV.UK form data through its service, a
refused rule shows in the error summary with its ID, and list pages cost the same queries for 1 row as
for 30. Permissions per role are in docs/roles.md.
"""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from funding import banding, invoices, overrides, ratecards, schedules
from funding.models import (
    BandingAssessment,
    BandingTool,
    CardStatus,
    CarerInvoice,
    FeeOverride,
    LineKind,
    PaymentLine,
    PaymentSchedule,
    RateCard,
    RateLine,
    ScheduleStatus,
)
from sharedlives import roles
from sharedlives.dates import today
from sharedlives.errors import RuleViolation
from sharedlives.models import ApprovalOutcome
from sharedlives.money import format_money
from tests.carers.factories import HouseholdFactory
from tests.factories import UserFactory
from tests.jobs import run_queued_jobs
from tests.pages import ERROR_SUMMARY, app_url, csv_rows, done, message, parsed, refused, when
from tests.placements.factories import started_placement
from tests.querycount import assert_constant_queries

url = app_url("funding")

D = Decimal


def levels(score: int) -> dict[int, int]:
    tool = BandingTool.objects.get(active=True)
    return {d.pk: d.levels.get(score=score).pk for d in tool.domains.all()}


def banding_data(score: int, **fields) -> dict:
    """The banding form: every domain at `score`, reviewed on 5 October 2026."""
    data = when("review_date", date(2026, 10, 5)) | {"purpose": "initial_review", "proposal_reason": ""}
    data |= {f"domain_{domain}": str(level) for domain, level in levels(score).items()}
    return data | fields


@pytest.fixture
def placement(officer):
    """A live-in placement, new to Shared Lives, started on Monday 7 September 2026."""
    return started_placement(starts_on=date(2026, 9, 7))


@pytest.fixture
def draft(finance_admin):
    return ratecards.create_draft(year_start=date(2027, 4, 1), by=finance_admin)


# Rate cards -----------------------------------------------------------------------------------------------


def test_rate_card_list_shows_each_year_with_status_and_example_tags__FEE_1(
    finance_client, cards, draft, finance_admin
):
    correction = ratecards.correct(cards[1], effective_from=date(2026, 10, 1), reason="Band 2 typo", by=finance_admin)
    ratecards.publish(correction, by=finance_admin)
    page = finance_client.get(url("ratecard_list")).content.decode()
    assert "2025/26" in page and "2026/27" in page and "2027/28" in page
    assert 'govuk-tag--blue">Draft' in page
    assert 'govuk-tag--green">Published' in page
    assert 'govuk-tag--grey">Superseded' in page
    assert page.count('govuk-tag--yellow">Example') == 3  # the two example cards and the correction, not the draft
    assert "Band 2 typo" in page
    assert "Create a rate card" in page


def test_everyone_reads_cards_but_only_finance_edits_them(client, referrals_officer, draft):
    client.force_login(referrals_officer)
    assert client.get(url("ratecard_list")).status_code == 200
    page = client.get(url("ratecard_detail", draft.pk)).content.decode()
    assert "Edit the rates" not in page and "Publish the card" not in page
    assert client.get(url("ratecard_create")).status_code == 403
    assert client.get(url("ratecard_edit", draft.pk)).status_code == 403
    assert client.post(url("ratecard_publish", draft.pk)).status_code == 403


def test_create_a_draft_for_a_financial_year__FEE_1(finance_client):
    page = finance_client.get(url("ratecard_create")).content.decode()
    assert (
        '<option value="2026-04-01">2026/27</option>' in page and '<option value="2029-04-01">2029/30</option>' in page
    )
    response = finance_client.post(
        url("ratecard_create"), {"year_start": "2027-04-01", "source": "Cabinet report"}, follow=True
    )
    card = RateCard.objects.get(year_start=date(2027, 4, 1))
    done(response, url("ratecard_edit", card.pk))
    assert card.status == CardStatus.DRAFT and card.source == "Cabinet report"
    again = finance_client.post(url("ratecard_create"), {"year_start": "2027-04-01"})
    assert "already has a card" in refused(again, "FEE-1")


def test_card_page_lays_the_rates_out_by_element_with_totals__FEE_5(client, officer, cards):
    client.force_login(officer)
    response = client.get(url("ratecard_detail", cards[1].pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Care and support" in page and "Board and lodging" in page and "Rent" in page and "Total" in page
    band_1 = page[page.index(">Band 1<") :][:900]
    # 2026/27: £242.97 care + 3.5% = £251.47; board £50.00 + 2% = £51.00; rent unchanged £79.40.
    assert "£251.47" in band_1 and "£51.00" in band_1 and "£79.40" in band_1 and "£381.87" in band_1
    assert "per week" in band_1
    assert "50%" in page  # the additional-person uplift is a percentage, not money
    assert "Example figures" in page
    assert "Uplifted from 2025/26 v1 (example)" in page  # the reason
    assert 'id="history"' in page and "Rate card published" in parsed(page, within="history-table").text


def test_card_page_links_the_versions__FEE_1(finance_client, cards, finance_admin):
    correction = ratecards.correct(cards[1], effective_from=date(2026, 10, 1), reason="Band 2 typo", by=finance_admin)
    old = finance_client.get(url("ratecard_detail", cards[1].pk)).content.decode()
    assert url("ratecard_detail", correction.pk) in old and "from 1 October 2026" in old
    new = finance_client.get(url("ratecard_detail", correction.pk)).content.decode()
    assert url("ratecard_detail", cards[1].pk) in new and "Corrects" in new


def test_editing_a_draft_saves_each_changed_rate__FEE_5(finance_client, draft):
    page = finance_client.get(url("ratecard_edit", draft.pk)).content.decode()
    assert 'name="band_1__care_and_support"' in page and 'name="band_1__rent"' in page
    assert 'name="day_half__care_and_support"' in page and 'name="day_half__rent"' not in page
    data = {
        "initial__care_and_support": "365.00",
        "band_1__care_and_support": "£260.00",
        "band_1__board_and_lodging": "52",
    }
    data |= {"additional_person_uplift__care_and_support": "50"}
    response = finance_client.post(url("ratecard_edit", draft.pk), data, follow=True)
    page = done(response, url("ratecard_detail", draft.pk))
    assert "4 rates saved on the 2027/28 v1 card" in message(response)
    lines = {(line.code, line.element): line for line in draft.lines.all()}
    assert (
        lines[("band_1", "care_and_support")].amount == D("260.00")
        and lines[("band_1", "care_and_support")].unit == "week"
    )
    assert lines[("additional_person_uplift", "care_and_support")].unit == "percent"
    assert "£312.00" in page  # band 1 total: 260 + 52
    # Saving again with nothing changed saves nothing; a changed box goes through set_rate again.
    data["band_1__care_and_support"] = "261.50"
    response = finance_client.post(url("ratecard_edit", draft.pk), data, follow=True)
    assert "1 rate saved" in message(response)
    assert lines[("band_1", "care_and_support")].history.first().history_change_reason == "ratecard.rate_set"


def test_an_amount_with_three_decimals_is_refused__FEE_8(finance_client, draft):
    response = finance_client.post(url("ratecard_edit", draft.pk), {"band_1__care_and_support": "260.005"})
    page = refused(response, "FEE-8")
    assert 'href="#id_band_1__care_and_support"' in page
    assert not draft.lines.exists()


def test_a_published_card_is_never_edited__FEE_1(finance_client, cards):
    response = finance_client.get(url("ratecard_edit", cards[1].pk), follow=True)
    assert response.redirect_chain[-1][0] == url("ratecard_detail", cards[1].pk)
    assert "never changed" in message(response) and "(FEE-1)" in message(response)
    finance_client.post(url("ratecard_edit", cards[1].pk), {"band_1__care_and_support": "1.00"})
    assert cards[1].lines.get(code="band_1", element="care_and_support").amount == D("251.47")


def test_publishing_a_card_without_rates_is_refused__FEE_1(finance_client, draft):
    page = finance_client.get(url("ratecard_publish", draft.pk)).content.decode()
    assert "Once published, the card is never changed" in page
    assert "Add the rates" in refused(finance_client.post(url("ratecard_publish", draft.pk)), "FEE-1")
    draft.refresh_from_db()
    assert draft.status == CardStatus.DRAFT


def test_publishing_a_draft__FEE_1(finance_client, draft, finance_admin):
    for code in ("initial", "band_1"):
        ratecards.set_rate(
            draft, code=code, element="care_and_support", unit="week", amount=D("300.00"), by=finance_admin
        )
    response = finance_client.post(url("ratecard_publish", draft.pk), follow=True)
    done(response, url("ratecard_detail", draft.pk))
    draft.refresh_from_db()
    assert draft.status == CardStatus.PUBLISHED and draft.published_by == finance_admin
    page = finance_client.get(url("ratecard_publish", draft.pk)).content.decode()
    assert "published already" in page and "Publish card</button>" not in page


def test_uplift_makes_next_years_draft_and_goes_to_it__FEE_7(finance_client, cards):
    data = {"care": "3", "board": "2", "rent": "0", "reason": "Cabinet decision of 12 February 2027"}
    response = finance_client.post(url("ratecard_uplift", cards[1].pk), data, follow=True)
    draft = RateCard.objects.get(year_start=date(2027, 4, 1))
    page = done(response, url("ratecard_detail", draft.pk))
    assert draft.status == CardStatus.DRAFT and draft.reason == "Cabinet decision of 12 February 2027"
    # £251.47 + 3% = £259.0141 → £259.01 (half up, FEE-7); £51.00 + 2% = £52.02; rent stays £79.40.
    assert draft.lines.get(code="band_1", element="care_and_support").amount == D("259.01")
    assert draft.lines.get(code="band_1", element="board_and_lodging").amount == D("52.02")
    assert "£259.01" in page and "Publish the card" in page


def test_an_uplift_beyond_fifty_per_cent_is_refused__FEE_7(finance_client, cards):
    response = finance_client.post(url("ratecard_uplift", cards[1].pk), {"care": "60", "board": "0", "rent": "0"})
    refused(response, "FEE-7")
    assert not RateCard.objects.filter(year_start=date(2027, 4, 1)).exists()


def test_an_uplift_with_empty_percentages_is_refused_naming_each_field__FEE_7(finance_client, cards):
    """FEE-7: an empty box is not 0 %: each one is named in the error summary, and no draft is made."""
    response = finance_client.post(url("ratecard_uplift", cards[1].pk), {"care": "", "board": " ", "rent": ""})
    page = refused(response, "FEE-7")
    for field in ("care", "board", "rent"):
        assert f'href="#id_{field}"' in page
    assert "Enter the care and support percentage" in page and "Enter the rent percentage" in page
    assert not RateCard.objects.filter(year_start=date(2027, 4, 1)).exists()


def test_a_draft_card_is_discarded_not_deleted__FEE_7(finance_client, cards):
    finance_client.post(url("ratecard_uplift", cards[1].pk), {"care": "3", "board": "2", "rent": "0"})
    draft = RateCard.objects.get(year_start=date(2027, 4, 1))
    detail = finance_client.get(url("ratecard_detail", draft.pk)).content.decode()
    assert url("ratecard_discard", draft.pk) in detail
    response = finance_client.post(url("ratecard_discard", draft.pk), follow=True)
    assert "The 2027/28 v1 (example) draft is discarded." in message(response)
    draft.refresh_from_db()
    assert draft.status == CardStatus.DISCARDED and draft.lines.count() > 0
    assert draft.history.first().history_change_reason == "ratecard.discarded"
    page = finance_client.get(url("ratecard_detail", draft.pk)).content.decode()
    assert "Discarded" in page and url("ratecard_discard", draft.pk) not in page
    assert url("ratecard_edit", draft.pk) not in page
    # The year is free again: a new uplift makes a new v1 draft.
    finance_client.post(url("ratecard_uplift", cards[1].pk), {"care": "4", "board": "2", "rent": "0"})
    assert RateCard.objects.get(year_start=date(2027, 4, 1), status=CardStatus.DRAFT).version == 1


def test_uplifting_again_replaces_the_draft_only_once_confirmed__FEE_7(finance_client, cards):
    finance_client.post(url("ratecard_uplift", cards[1].pk), {"care": "3", "board": "2", "rent": "0"})
    first = RateCard.objects.get(year_start=date(2027, 4, 1))
    form = finance_client.get(url("ratecard_uplift", cards[1].pk)).content.decode()
    assert "2027/28 already has a draft" in form and 'name="replace_draft"' in form
    again = {"care": "4", "board": "2", "rent": "0"}
    page = refused(finance_client.post(url("ratecard_uplift", cards[1].pk), again), "FEE-7")
    assert 'href="#id_replace_draft"' in page
    assert list(RateCard.objects.filter(year_start=date(2027, 4, 1))) == [first]
    response = finance_client.post(url("ratecard_uplift", cards[1].pk), again | {"replace_draft": "on"}, follow=True)
    new = RateCard.objects.get(year_start=date(2027, 4, 1), status=CardStatus.DRAFT)
    done(response, url("ratecard_detail", new.pk))
    first.refresh_from_db()
    assert first.status == CardStatus.DISCARDED and new.pk != first.pk
    # £251.47 + 4% = £261.5288 → £261.53
    assert new.lines.get(code="band_1", element="care_and_support").amount == D("261.53")


def test_a_correction_is_a_new_version_from_a_date__FEE_1(finance_client, cards):
    card = cards[1]
    missing_reason = finance_client.post(url("ratecard_correct", card.pk), when("effective_from", date(2026, 10, 1)))
    refused(missing_reason, "FEE-1")
    too_early = finance_client.post(
        url("ratecard_correct", card.pk), when("effective_from", date(2026, 3, 1)) | {"reason": "Typo"}
    )
    assert 'href="#id_effective_from_0"' in refused(too_early, "FEE-1")
    data = when("effective_from", date(2026, 10, 1)) | {"reason": "Band 2 care figure mistyped"}
    response = finance_client.post(url("ratecard_correct", card.pk), data, follow=True)
    correction = RateCard.objects.get(year_start=card.year_start, version=2)
    done(response, url("ratecard_edit", correction.pk))
    assert correction.supersedes == card and correction.effective_from == date(2026, 10, 1)
    assert correction.lines.count() == card.lines.count()


def test_compare_defaults_to_the_two_latest_years(client, officer, cards):
    client.force_login(officer)
    page = client.get(url("ratecard_compare")).content.decode()
    assert "2025/26 v1 (example) and 2026/27 v1 (example)" in page
    band_1 = page[page.index(">Band 1<") :][:700]
    assert "£242.97" in band_1 and "£251.47" in band_1 and "£8.50" in band_1 and "3.5%" in band_1
    chosen = client.get(url("ratecard_compare"), {"from": cards[1].pk, "to": cards[0].pk}).content.decode()
    assert "2026/27 v1 (example) and 2025/26 v1 (example)" in chosen and "−£8.50" in chosen


def test_rate_card_list_queries_do_not_grow_with_cards(finance_client, finance_admin):
    years = iter(range(2000, 2100))

    def add_cards(n):
        for _ in range(n):
            ratecards.create_draft(year_start=date(next(years), 4, 1), by=finance_admin)

    # session, user, 2 × permissions, the role (navigation), the cards with who drafted and published them,
    # and the session's save (3).
    assert_constant_queries(finance_client, url("ratecard_list"), add_cards, at_most=9)


def test_card_page_queries_do_not_grow_with_rates(finance_client, draft, finance_admin):
    cells = iter(
        [
            (code, element)
            for code in (
                "initial",
                "band_1",
                "band_2",
                "band_3",
                "band_4",
                "band_5",
                "band_6",
                "emergency",
                "respite_night",
                "full_24h_extra",
            )
            for element in ("care_and_support", "board_and_lodging", "rent")
        ]
    )

    def add_rates(n):
        for _ in range(n):
            code, element = next(cells)
            ratecards.set_rate(draft, code=code, element=element, unit="week", amount=D("10.00"), by=finance_admin)

    # ... the card, its rates (card_table), the corrections of it, its history page.
    assert_constant_queries(finance_client, url("ratecard_detail", draft.pk), add_rates, at_most=12)


# Banding --------------------------------------------------------------------------------------------------


def test_banding_form_shows_each_domain_with_scores_and_the_live_total__BAN_1(officer_client, placement):
    response = officer_client.get(url("submit_banding", placement.pk))
    page = response.content.decode()
    assert response.status_code == 200
    tool = BandingTool.objects.get(active=True)
    for domain in tool.domains.all():
        assert domain.name in page
    assert page.count('data-score="3"') == tool.domains.count()
    assert "Score 3" in page and "Full support with all personal care" in page
    assert 'data-thresholds="' in page and "&quot;minimum&quot;: 13" in page
    assert '<script type="module" nonce="' in page  # the live total, allowed by the CSP nonce (SEC-3)
    for band in ("band_1", "band_2", "band_3", "band_4"):
        assert f'value="{band}"' in page
    assert 'value="band_5"' not in page  # no threshold for band 5 in the starting tool
    assert "Submit within three working days of the review Rule BAN-2" in parsed(page).text


def test_officer_submits_a_banding_at_the_review__BAN_1(officer_client, officer, placement):
    assert placement.initial_review_on is None
    response = officer_client.post(
        url("submit_banding", placement.pk), banding_data(1, proposed_band="band_2"), follow=True
    )
    page = done(response, url("banding_history", placement.pk))
    assessment = BandingAssessment.objects.get(placement=placement)
    assert assessment.total_score == 8 and assessment.suggested_band == "band_2" and assessment.is_pending
    assert assessment.submitted_by == officer
    assert "Band 2 proposed" in message(response) and "(BAN-3)" in message(response)
    assert "Waiting for a decision" in page and "Due by" in page and "Rule BAN-2" in parsed(page).text
    placement.refresh_from_db()
    assert placement.initial_review_on == date(2026, 10, 5)
    # The form now says when it was due, from the review date (BAN-2).
    assert "Submit by 8 October 2026 Rule BAN-2" in parsed(officer_client.get(url("submit_banding", placement.pk))).text


def test_a_band_other_than_the_suggestion_needs_a_reason__BAN_1(officer_client, placement):
    response = officer_client.post(url("submit_banding", placement.pk), banding_data(1, proposed_band="band_3"))
    page = refused(response, "BAN-1")
    assert 'href="#id_proposal_reason"' in page and "give the reason" in page
    assert not BandingAssessment.objects.exists()
    # The choices stay as the officer made them.
    assert page.count(" checked") >= 9
    response = officer_client.post(
        url("submit_banding", placement.pk),
        banding_data(1, proposed_band="band_3", proposal_reason="Night-time needs understated by the tool"),
    )
    assert response.status_code == 302 and BandingAssessment.objects.get().proposed_band == "band_3"


def test_every_domain_needs_a_level__BAN_1(officer_client, placement):
    data = banding_data(1, proposed_band="band_2")
    tool = BandingTool.objects.get(active=True)
    first = tool.domains.order_by("order").first()
    del data[f"domain_{first.pk}"]
    page = refused(officer_client.post(url("submit_banding", placement.pk), data), "BAN-1")
    assert f"Choose a level for {first.name.lower()}" in page and f'href="#id_domain_{first.pk}_0"' in page


def test_emergency_placement_past_28_days_prompts_a_reassessment__BAN_5(officer_client):
    emergency = started_placement(starts_on=date(2026, 9, 7), emergency=True)
    page = officer_client.get(url("banding_history", emergency.pk)).content.decode()
    assert "Emergency placement: reassess" in page and "Rule BAN-5" in parsed(page).text
    form = officer_client.get(url("submit_banding", emergency.pk)).content.decode()
    assert 'value="emergency_review" checked' in form


def _submitted(placement, by, band="band_2"):
    return banding.submit_banding(
        placement=placement, review_date=date(2026, 10, 5), levels=levels(1), proposed_band=band, by=by
    )


def test_manager_agrees_a_banding_from_approvals__BAN_3(manager_client, officer, placement):
    assessment = _submitted(placement, officer)
    approvals = manager_client.get(reverse("approvals")).content.decode()
    assert url("decide_banding", assessment.pk) in approvals
    page = manager_client.get(url("decide_banding", assessment.pk)).content.decode()
    assert "Personal care" in page and "Prompting" in page
    assert "The tool suggests" in page and "Total score" in page and ">8<" in page
    response = manager_client.post(url("decide_banding", assessment.pk), {"outcome": "agreed"}, follow=True)
    done(response, reverse("approvals"))
    assert "agreed, Band 2 from 5 October 2026 (FEE-3)" in message(response)
    assessment.refresh_from_db()
    assert assessment.agreed_band == "band_2" and assessment.outcome == ApprovalOutcome.AGREED
    decided = manager_client.get(url("decide_banding", assessment.pk)).content.decode()
    assert "Decided by" in decided and "Save decision" not in decided


def test_changing_the_band_needs_a_band_and_a_reason__BAN_3(manager_client, officer, placement):
    assessment = _submitted(placement, officer)
    no_band = manager_client.post(url("decide_banding", assessment.pk), {"outcome": "changed"})
    assert 'href="#id_band_0"' in refused(no_band, "BAN-3")
    no_reason = manager_client.post(url("decide_banding", assessment.pk), {"outcome": "changed", "band": "band_3"})
    refused(no_reason, "AUD-2")
    data = {"outcome": "changed", "band": "band_3", "decision_reason": "Waking nights"}
    assert manager_client.post(url("decide_banding", assessment.pk), data).status_code == 302
    assessment.refresh_from_db()
    assert assessment.agreed_band == "band_3"


def test_a_rebanding_shows_its_money_effect_before_it_is_submitted_and_before_it_is_agreed__FEE_3(
    client, officer, manager, cards, placement
):
    """Band 2 agreed at the 28-day review on 5 October 2026; a change of needs is assessed on 2 November."""
    banding.decide_banding(_submitted(placement, officer), by=manager, outcome="agreed")
    client.force_login(officer)
    form = client.get(url("submit_banding", placement.pk)).content.decode()
    assert 'value="change_of_needs" checked' in form
    assert (
        'name="review_date_day" type="text" inputmode="numeric" autocomplete="off" value=""' in form
    )  # not the old review
    data = banding_data(2, purpose="change_of_needs", proposed_band="band_3") | when("review_date", date(2026, 11, 2))
    first = client.post(url("submit_banding", placement.pk), data)
    page = first.content.decode()
    assert first.status_code == 200 and "Check the money effect" in page
    assert not BandingAssessment.objects.filter(purpose="change_of_needs").exists()  # not submitted yet
    # Band 3 care and support is £364.93 a week, Band 2 £308.20: £56.73 a week more from 2 November 2026.
    assert "Band 3 from 2 November 2026" in page and "then £56.73 a week more (FEE-3)" in page
    seen = {"effect_seen": "band_3@2026-11-02"}
    response = client.post(url("submit_banding", placement.pk), data | seen, follow=True)
    assert "Banding submitted" in message(response)
    rebanding = BandingAssessment.objects.get(purpose="change_of_needs")
    assert rebanding.effective_from == date(2026, 11, 2)
    client.force_login(manager)
    decide = client.get(url("decide_banding", rebanding.pk)).content.decode()
    assert "If agreed" in decide and "Band 3 from 2 November 2026" in decide and "Pay the band from" in decide


def test_a_rebanding_on_the_old_review_date_is_refused_on_the_form__FEE_3(client, officer, manager, cards, placement):
    banding.decide_banding(_submitted(placement, officer), by=manager, outcome="agreed")
    client.force_login(officer)
    data = banding_data(2, purpose="change_of_needs", proposed_band="band_3")  # dated 5 October, the old review
    page = refused(client.post(url("submit_banding", placement.pk), data), "FEE-3")
    assert "after 5 October 2026 when the current band started" in page


def test_submitter_cannot_decide_their_own_banding__AUD_2(manager_client, manager, placement):
    assessment = _submitted(placement, manager)
    page = manager_client.get(url("decide_banding", assessment.pk)).content.decode()
    assert "someone else in the management team must decide it Rule AUD-2" in parsed(page).text
    response = manager_client.post(url("decide_banding", assessment.pk), {"outcome": "agreed"})
    assert "You submitted this" in refused(response, "AUD-2")
    assessment.refresh_from_db()
    assert assessment.is_pending


def test_agreed_band_sent_to_the_area_team_then_brokerage__BAN_4(officer_client, officer, manager, placement):
    assessment = _submitted(placement, officer)
    early = officer_client.post(url("record_band_sent", assessment.pk), when("sent_to_area_team_on", today()))
    refused(early, "BAN-4")
    banding.decide_banding(assessment, by=manager, outcome="agreed")
    nothing = officer_client.post(url("record_band_sent", assessment.pk), {})
    refused(nothing, "BAN-4")
    response = officer_client.post(
        url("record_band_sent", assessment.pk), when("sent_to_area_team_on", today()), follow=True
    )
    page = done(response, url("banding_history", placement.pk))
    assert today().strftime("%-d %B %Y") in page
    assessment.refresh_from_db()
    assert assessment.sent_to_area_team_on == today()


# The Fees tab ---------------------------------------------------------------------------------------------


def test_fees_tab_shows_lines_totals_and_invoice_tags__FEE_2(officer_client, cards, placement):
    response = officer_client.get(url("placement_fees", placement.pk), {"start": "2026-09-07", "end": "2026-10-04"})
    page = response.content.decode()
    assert response.status_code == 200
    # 2026/27 initial fee: care £364.93 a week × 28 days ÷ 7 = £1,459.72; board £204.00; rent £317.60.
    assert "£1,459.72" in page and "£204.00" in page and "£317.60" in page and "£1,981.32" in page
    assert "£364.93" in page and "28 days" in page and "per week" in page
    assert "Paid on invoice" in page and '<span class="app-rule">Rule FEE-2</span>' in page
    assert "Initial placement fee, paid on the carer" in page
    assert "Lines from 7 September 2026 to 4 October 2026" in page


def test_fees_tab_defaults_to_this_month_and_reads_govuk_date_boxes(officer_client, cards, placement):
    page = officer_client.get(url("placement_fees", placement.pk)).content.decode()
    assert "Lines from 1 November 2026 to 30 November 2026" in page
    assert 'name="start_day" type="text" inputmode="numeric" autocomplete="off" value="1"' in page
    boxes = when("start", date(2026, 10, 5)) | when("end", date(2026, 10, 11))
    page = officer_client.get(url("placement_fees", placement.pk), boxes).content.decode()
    assert "Lines from 5 October 2026 to 11 October 2026" in page and "7 days" in page


def test_fees_tab_without_a_published_card_shows_the_error__FEE_1(officer_client, placement):
    response = officer_client.get(url("placement_fees", placement.pk), {"start": "2026-09-07", "end": "2026-09-30"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "No published rate card for 2026/27" in page and "(FEE-1)" in page


def test_fees_tab_refuses_bad_dates(officer_client, cards, placement):
    backwards = officer_client.get(url("placement_fees", placement.pk), {"start": "2026-10-01", "end": "2026-09-01"})
    page = backwards.content.decode()
    assert ERROR_SUMMARY in page and "The end date must be the same as or after the start date" in page
    assert "Lines from" not in page
    nonsense = officer_client.get(
        url("placement_fees", placement.pk),
        {"start_day": "31", "start_month": "2", "start_year": "2026", "end": "2026-09-01"},
    )
    assert "Enter a real date" in nonsense.content.decode() and 'href="#id_start_0"' in nonsense.content.decode()


def test_fees_tab_is_for_those_who_see_fees(client, referrals_officer, finance_admin, placement):
    client.force_login(referrals_officer)
    assert client.get(url("placement_fees", placement.pk)).status_code == 403
    client.force_login(finance_admin)
    page = client.get(url("placement_fees", placement.pk)).content.decode()
    assert "Record a carer" in page and "Change what is paid" not in page


def test_fees_tab_queries_do_not_grow_with_invoices_and_overrides(officer_client, officer, manager, cards, placement):
    days = iter(range(100))

    def add_rows(n):
        for _ in range(n):
            day = date(2026, 9, 7) + timedelta(days=next(days))
            invoices.record_invoice(
                placement=placement,
                period_start=day,
                period_end=day,
                amount=D("10.00"),
                received_on=date(2026, 11, 2),
                by=officer,
            )
            overrides.record_override(
                placement=placement, element="rent", starts_on=day, ends_on=day, pay=False, reason="Away", by=manager
            )

    fees_url = url("placement_fees", placement.pk) + "?start=2026-09-07&end=2026-12-31"
    # ... the placement, its facts (placements_for_pricing: 7, SchemePolicy, breaks), the published cards and
    # their rates, the invoices. The lines themselves are priced in Python.
    assert_constant_queries(officer_client, fees_url, add_rows, at_most=20)


# Carers' invoices and overrides -----------------------------------------------------------------------------


def test_an_invoice_is_checked_against_the_expected_amount__FEE_2(officer_client, officer, cards, placement):
    page = officer_client.get(url("add_invoice", placement.pk)).content.decode()
    assert 'name="period_end_day" type="text" inputmode="numeric" autocomplete="off" value="4"' in page
    data = when("period_start", date(2026, 9, 7)) | when("period_end", date(2026, 10, 4))
    data |= when("received_on", date(2026, 10, 9)) | {"amount": "1,981.32"}
    fees_page = url("placement_fees", placement.pk) + "?start=2026-09-07&end=2026-10-04#invoices"
    response = officer_client.post(url("add_invoice", placement.pk), data, follow=True)
    page = done(response, fees_page)
    invoice = CarerInvoice.objects.get()
    assert invoice.expected_amount == D("1981.32") and invoice.household == placement.household
    assert invoice.recorded_by == officer and invoice.history.first().history_change_reason == "invoice.recorded"
    assert "Matches (FEE-2)" in message(response)
    assert 'govuk-tag--green">Matches' in page
    response = officer_client.post(url("add_invoice", placement.pk), data | {"amount": "2000"}, follow=True)
    assert "£18.68 more than expected" in message(response)
    assert 'govuk-tag--red">£18.68 more than expected' in response.content.decode()


def test_an_invoice_amount_with_three_decimals_is_refused__FEE_8(officer_client, cards, placement):
    data = when("period_start", date(2026, 9, 7)) | when("period_end", date(2026, 10, 4))
    data |= when("received_on", date(2026, 10, 9)) | {"amount": "1981.325"}
    refused(officer_client.post(url("add_invoice", placement.pk), data), "FEE-8")
    assert not CarerInvoice.objects.exists()


def test_an_invoice_for_dates_no_card_prices_is_refused__FEE_1(officer_client, placement):
    data = when("period_start", date(2026, 9, 7)) | when("period_end", date(2026, 10, 4))
    data |= when("received_on", date(2026, 10, 9)) | {"amount": "10"}
    refused(officer_client.post(url("add_invoice", placement.pk), data), "FEE-1")


def test_management_stops_an_element_between_two_dates(manager_client, manager, cards, placement):
    data = {"element": "rent", "reason": "Person in hospital; room re-let"}
    data |= when("starts_on", date(2026, 10, 12)) | when("ends_on", date(2026, 10, 18))
    response = manager_client.post(url("add_override", placement.pk), data, follow=True)
    page = done(response, url("placement_fees", placement.pk) + "?start=2026-10-12&end=2026-10-18#overrides")
    override = FeeOverride.objects.get()
    assert not override.pay and override.decided_by == manager and override.decided_on == today()
    assert 'govuk-tag--red">Stop' in page and "Person in hospital" in page
    assert "£79.40 a week" not in page  # no rent line on those days


def test_only_the_management_team_overrides_what_is_paid__AUD_2(client, superuser, officer, placement):
    """A superuser (administrator) may, as the management team may; anyone else is refused."""
    from funding.overrides import record_override

    with pytest.raises(RuleViolation) as refusal:
        record_override(
            placement=placement,
            element="rent",
            starts_on=date(2026, 10, 12),
            ends_on=date(2026, 10, 18),
            pay=True,
            reason="Test",
            by=officer,
        )
    assert refusal.value.rule == "AUD-2" and not FeeOverride.objects.exists()
    client.force_login(superuser)
    data = {"element": "rent", "reason": "Test", "pay": "on"}
    data |= when("starts_on", date(2026, 10, 12)) | when("ends_on", date(2026, 10, 18))
    assert client.post(url("add_override", placement.pk), data).status_code == 302
    assert FeeOverride.objects.get().decided_by == superuser


# Payment schedules ----------------------------------------------------------------------------------------


def _schedule(start, end, by):
    return schedules.generate_schedule(period_start=start, period_end=end, by=by)


def test_new_schedule_form_is_prefilled_with_the_next_period(finance_client, cards, finance_admin, manager):
    # No schedule yet: the last complete month (payments are in arrears), here October 2026.
    page = finance_client.get(url("schedule_create")).content.decode()
    assert 'name="period_start_day" type="text" inputmode="numeric" autocomplete="off" value="1"' in page
    assert 'name="period_end_day" type="text" inputmode="numeric" autocomplete="off" value="31"' in page
    assert 'name="period_end_month" type="text" inputmode="numeric" autocomplete="off" value="10"' in page
    _schedule(date(2026, 10, 1), date(2026, 10, 31), finance_admin)
    page = finance_client.get(url("schedule_create")).content.decode()
    assert 'name="period_end_day" type="text" inputmode="numeric" autocomplete="off" value="30"' in page
    assert 'name="period_end_month" type="text" inputmode="numeric" autocomplete="off" value="11"' in page


def test_generating_a_schedule_through_the_page__FEE_8(finance_client, finance_admin, cards, placement):
    data = when("period_start", date(2026, 9, 1)) | when("period_end", date(2026, 9, 30))
    response = finance_client.post(url("schedule_create"), data, follow=True)
    schedule = PaymentSchedule.objects.get()
    page = done(response, url("schedule_detail", schedule.pk))
    # The request only queues the job: the page shows it waiting for the background worker.
    assert schedule.status == ScheduleStatus.GENERATING and schedule.job_id
    assert "in the background" in message(response) and "Waiting for the background worker" in page
    assert run_queued_jobs() == 1
    schedule.refresh_from_db()
    page = finance_client.get(url("schedule_detail", schedule.pk)).content.decode()
    assert schedule.status == ScheduleStatus.DRAFT and schedule.generated_by == finance_admin
    assert schedule.history.first().history_user == finance_admin
    assert "Totals by element" in page and escape(placement.household.name) in page
    assert url("statement", schedule.pk, placement.household.pk) in page
    assert f"<strong>{format_money(schedule.total)}</strong>" in page
    assert 'http-equiv="refresh"' not in page and "Approve schedule" not in page  # the generator never approves
    assert "You generated this schedule, so someone else approves it Rule AUD-2" in parsed(page).text
    assert "Download CSV" not in page  # a draft is not exported


def test_a_period_no_card_covers_fails_with_the_reason__FEE_1(finance_client, placement):
    data = when("period_start", date(2026, 9, 1)) | when("period_end", date(2026, 9, 30))
    finance_client.post(url("schedule_create"), data)
    run_queued_jobs()
    schedule = PaymentSchedule.objects.get()
    assert schedule.status == ScheduleStatus.FAILED
    page = finance_client.get(url("schedule_detail", schedule.pk)).content.decode()
    assert "No published rate card for 2026/27" in page and "(FEE-1)" in page


def test_overlapping_schedule_is_refused__FEE_8(finance_client, finance_admin, cards):
    _schedule(date(2026, 9, 1), date(2026, 9, 30), finance_admin)
    data = when("period_start", date(2026, 9, 15)) | when("period_end", date(2026, 10, 14))
    refused(finance_client.post(url("schedule_create"), data), "FEE-8")


def test_a_generating_schedule_shows_its_progress_and_refreshes(finance_client, finance_admin, cards, placement):
    schedule = schedules.start_schedule(period_start=date(2026, 9, 1), period_end=date(2026, 9, 30), by=finance_admin)
    response = finance_client.get(url("schedule_detail", schedule.pk))
    page = response.content.decode()
    # The page polls itself with a small script (no meta refresh: WCAG 2.2.1) and updates the bar in place.
    assert 'http-equiv="refresh"' not in page and "data-generating" in page and "setTimeout(poll" in page
    assert "<progress" in page and 'for="schedule-progress"' in page and "Pricing placements: 0 of 0" in page
    schedules.fill_schedule(schedule, by=finance_admin)
    response = finance_client.get(url("schedule_detail", schedule.pk))
    assert "data-generating" not in response.content.decode()


def test_the_generator_cannot_approve_their_own_schedule__AUD_2(finance_client, finance_admin, cards, placement):
    schedule = _schedule(date(2026, 9, 1), date(2026, 9, 30), finance_admin)
    response = finance_client.post(url("schedule_approve", schedule.pk))
    assert "You generated this schedule" in refused(response, "AUD-2")
    schedule.refresh_from_db()
    assert schedule.status == ScheduleStatus.DRAFT


def test_approving_shows_the_total_and_household_count_before_confirming__AUD_2(
    client, finance_admin, manager, cards, placement
):
    """The detail page links to a confirmation page (GET changes nothing); the POST there approves. One placement
    in September, so one household; the total is the schedule's own."""
    schedule = _schedule(date(2026, 9, 1), date(2026, 9, 30), finance_admin)
    client.force_login(manager)
    detail = client.get(url("schedule_detail", schedule.pk)).content.decode()
    assert f'href="{url("schedule_approve", schedule.pk)}"' in detail
    confirm = client.get(url("schedule_approve", schedule.pk)).content.decode()
    schedule.refresh_from_db()
    assert schedule.status == ScheduleStatus.DRAFT
    assert format_money(schedule.total) in confirm and "Households" in confirm
    assert re.search(r"Households</dt>\s*<dd[^>]*>\s*1\s*</dd>", confirm), "one household"
    assert "Approve schedule</button>" in confirm


def test_the_generator_sees_no_approve_button_and_the_page_says_why__AUD_2(
    finance_client, finance_admin, cards, placement
):
    schedule = _schedule(date(2026, 9, 1), date(2026, 9, 30), finance_admin)
    detail = finance_client.get(url("schedule_detail", schedule.pk)).content.decode()
    assert url("schedule_approve", schedule.pk) not in detail
    confirm = finance_client.get(url("schedule_approve", schedule.pk)).content.decode()
    assert "Approve schedule</button>" not in confirm and "someone else approves it" in confirm


def test_someone_else_approves_then_exports_the_csv__FEE_8(client, finance_admin, manager, cards, placement):
    second_finance = UserFactory(username="frank", role=roles.FINANCE_ADMIN)
    schedule = _schedule(date(2026, 9, 1), date(2026, 9, 30), second_finance)
    client.force_login(manager)
    assert "Approve the payment schedule" in client.get(url("schedule_approve", schedule.pk)).content.decode()
    response = client.post(url("schedule_approve", schedule.pk), {"seen_status": "draft"}, follow=True)
    page = done(response, url("schedule_detail", schedule.pk))
    assert "The schedule is approved" in message(response) and "Approve schedule" not in page
    assert client.get(url("schedule_export", schedule.pk)).status_code == 403  # management does not export

    client.force_login(finance_admin)
    page = client.get(url("schedule_detail", schedule.pk)).content.decode()
    assert "Download CSV for the payments team" in page and "Record as sent to the payments team" in page
    response = client.get(url("schedule_export", schedule.pk))
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert rows[0] == [
        "household reference",
        "household name",
        "placement id",
        "person",
        "start",
        "end",
        "element",
        "rate code",
        "rate",
        "unit",
        "quantity",
        "amount",
        "kind",
        "rules",
        "explanation",
    ]
    care = next(r for r in rows[1:] if r[6] == "care_and_support")
    assert care[0] == placement.household.reference and care[2] == str(placement.pk)
    assert care[4] == "2026-09-07" and care[5] == "2026-09-30"
    # 7 to 30 September are all in the initial period: £364.93 a week × 24 days ÷ 7 = £1,251.19, as plain decimals.
    assert care[8] == "364.93" and care[10] == "24.00" and care[11] == "1251.19" and care[12] == "fee"
    assert care[13] == "FEE-2" and "Initial placement fee" in care[14]
    total = sum(D(r[11]) for r in rows[1:])
    schedule.refresh_from_db()
    # Downloading changes nothing (no GET writes); sending it on is recorded with its own button.
    assert total == schedule.total and schedule.status == ScheduleStatus.APPROVED and schedule.exported_at is None
    response = client.post(url("schedule_mark_exported", schedule.pk), follow=True)
    assert "the payments team has this schedule" in message(response)
    schedule.refresh_from_db()
    assert schedule.status == ScheduleStatus.EXPORTED and schedule.exported_at
    assert schedule.history.first().history_user == finance_admin


def test_a_draft_schedules_csv_is_refused(finance_client, cards, placement):
    schedule = _schedule(date(2026, 9, 1), date(2026, 9, 30), UserFactory(role=roles.FINANCE_ADMIN))
    response = finance_client.get(url("schedule_export", schedule.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("schedule_detail", schedule.pk)
    assert "approve it first (AUD-2)" in message(response)
    refused(finance_client.post(url("schedule_mark_exported", schedule.pk)), "AUD-2")
    schedule.refresh_from_db()
    assert schedule.status == ScheduleStatus.DRAFT


def test_setting_a_draft_aside_lets_the_period_be_generated_again(finance_client, finance_admin, cards, placement):
    schedule = _schedule(date(2026, 9, 1), date(2026, 9, 30), finance_admin)
    response = finance_client.post(url("schedule_discard", schedule.pk), {"seen_status": "draft"}, follow=True)
    page = done(response, url("schedule_detail", schedule.pk))
    schedule.refresh_from_db()
    assert schedule.status == ScheduleStatus.FAILED and "Set aside by Fiona Grant" in page
    _schedule(date(2026, 9, 1), date(2026, 9, 30), finance_admin)  # the period is free again


def test_set_aside_pressed_on_what_was_seen_is_refused_once_it_changed__FEE_8(
    finance_client, finance_admin, cards, placement
):
    """Compare-and-set: the button carries the status the person saw; a finished job meanwhile means no change."""
    schedule = schedules.start_schedule(period_start=date(2026, 9, 1), period_end=date(2026, 9, 30), by=finance_admin)
    schedules.fill_schedule(schedule, by=finance_admin)  # the job finished while the page was open
    page = refused(finance_client.post(url("schedule_discard", schedule.pk), {"seen_status": "generating"}), "AUD-2")
    assert "changed while you were looking at it: it is now draft" in page
    schedule.refresh_from_db()
    assert schedule.status == ScheduleStatus.DRAFT


def test_schedule_page_shows_adjustments_and_recoveries__FEE_3(
    client, finance_admin, manager, officer, cards, placement
):
    client.force_login(manager)
    september = _schedule(date(2026, 9, 1), date(2026, 9, 30), finance_admin)
    schedules.approve_schedule(september, by=manager)
    october = _schedule(date(2026, 10, 1), date(2026, 10, 31), finance_admin)
    schedules.approve_schedule(october, by=manager)
    assessment = _submitted(placement, officer, band="band_2")
    banding.decide_banding(assessment, by=manager, outcome="agreed")
    november = _schedule(date(2026, 11, 1), date(2026, 11, 30), finance_admin)
    page = client.get(url("schedule_detail", november.pk)).content.decode()
    assert "Adjustment to an earlier period" in page and "FEE-3" in page
    assert november.lines.filter(kind=LineKind.ADJUSTMENT).exists()


def test_statement_page_and_its_pdf(client, manager, finance_admin, cards, placement):
    schedule = _schedule(date(2026, 9, 1), date(2026, 9, 30), finance_admin)
    client.force_login(manager)
    household = placement.household
    page = client.get(url("statement", schedule.pk, household.pk)).content.decode()
    assert escape(household.name) in page and "Initial placement fee, paid on the carer" in page
    assert format_money(schedule.total) in page and "not final" in page
    assert url("statement_pdf", schedule.pk, household.pk) in page
    response = client.get(url("statement_pdf", schedule.pk, household.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    other = HouseholdFactory()
    assert "Nothing is paid to this household" in client.get(url("statement", schedule.pk, other.pk)).content.decode()
    assert client.get(url("statement", schedule.pk, 999999)).status_code == 404


def test_a_carers_statement_has_plain_words_without_rule_ids_or_codes(
    client, manager, finance_admin, officer, cards, placement, monkeypatch
):
    """The statement page and the HTML its PDF is made from: no rule ID (FEE-8, END-6…), no code (band_2)."""
    import re

    from funding import views_payments
    from sharedlives.errors import RULE_IN_TEXT

    assessment = _submitted(placement, officer, band="band_2")
    banding.decide_banding(assessment, by=manager, outcome="agreed")
    schedule = _schedule(date(2026, 9, 1), date(2026, 11, 30), finance_admin)
    client.force_login(manager)
    household = placement.household
    made = []

    def kept(*args, **kwargs):
        made.append(render_to_string(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(views_payments, "render_to_string", kept)
    page = parsed(client.get(url("statement", schedule.pk, household.pk))).text
    assert client.get(url("statement_pdf", schedule.pk, household.pk)).status_code == 200
    pdf = parsed(made[-1], within="body").text
    for text in (page, pdf):
        assert "Initial placement fee" in text
        assert not RULE_IN_TEXT.search(text), RULE_IN_TEXT.findall(text)
        assert not re.search(r"\b[a-z]+_[a-z0-9_]+\b", text), re.findall(r"\b[a-z]+_[a-z0-9_]+\b", text)


def _lines_for(schedule, households, n, per_household=1):
    """Add payment lines for n new households (or to the given one): rows to count queries over."""
    made = []
    for _ in range(n):
        household = households or HouseholdFactory()
        for kind in [LineKind.FEE] * per_household + [LineKind.ADJUSTMENT]:
            made.append(
                PaymentLine(
                    schedule=schedule,
                    household=household,
                    start=schedule.period_start,
                    end=schedule.period_end,
                    element="care_and_support",
                    rate_code="band_1",
                    rate=D("251.47"),
                    unit="week",
                    quantity=D("30"),
                    amount=D("1077.73"),
                    rules="FEE-3",
                    explanation="Care and support: test line.",
                    kind=kind,
                )
            )
    PaymentLine.objects.bulk_create(made)


def test_schedule_page_queries_do_not_grow_with_households(finance_client, finance_admin, cards):
    """Totals by element and by household are sums in SQL; the adjustments and recoveries a page at a time (their
    count and the page: 14 with the count)."""
    schedule = _schedule(date(2026, 9, 1), date(2026, 9, 30), finance_admin)
    assert_constant_queries(
        finance_client, url("schedule_detail", schedule.pk), lambda n: _lines_for(schedule, None, n), at_most=14
    )


def test_schedule_page_shows_fifty_adjustments_a_page(finance_client, finance_admin, cards):
    """A national scheme's month has hundreds of adjustments: 60 lines (one per household) are 50, then 10."""
    schedule = _schedule(date(2026, 9, 1), date(2026, 9, 30), finance_admin)
    _lines_for(schedule, None, 60)
    first = finance_client.get(url("schedule_detail", schedule.pk)).content.decode()
    second = finance_client.get(url("schedule_detail", schedule.pk), {"special_page": 2}).content.decode()
    tag = 'govuk-tag--orange">Adjustment to an earlier period<'
    assert (first.count(tag), second.count(tag)) == (50, 10)
    # The households' pages (60 households, 50 a page) and the adjustments' pages each say where they are.
    assert parsed(first).text.count("Page 1 of 2") == 2 and "Page 2 of 2" in parsed(second).text


def test_statement_page_queries_do_not_grow_with_lines(finance_client, finance_admin, cards):
    schedule = _schedule(date(2026, 9, 1), date(2026, 9, 30), finance_admin)
    household = HouseholdFactory()
    assert_constant_queries(
        finance_client,
        url("statement", schedule.pk, household.pk),
        lambda n: _lines_for(schedule, household, n),
        at_most=11,
    )


def test_schedule_list_and_finance_home(finance_client, finance_admin, cards, placement):
    schedule = _schedule(date(2026, 9, 1), date(2026, 9, 30), finance_admin)
    page = finance_client.get(url("schedule_list")).content.decode()
    assert "1 Sep 2026 to 30 Sep 2026" in page
    assert 'govuk-tag--blue">Draft' in page and "Fiona Grant" in page
    home = finance_client.get(reverse("home")).content.decode()
    assert "Rate cards and payments" in home
    assert url("schedule_detail", schedule.pk) in home and url("ratecard_detail", cards[1].pk) in home
    assert 'href="/rate-cards/"' in home and 'href="/schedules/"' in home  # navigation


def test_navigation_shows_payments_only_to_those_who_see_schedules(client, officer):
    client.force_login(officer)
    page = client.get(reverse("home")).content.decode()
    assert 'href="/rate-cards/"' in page and 'href="/schedules/"' not in page


def test_admin_shows_the_banding_tool_with_its_domains_and_thresholds(client, superuser):
    client.force_login(superuser)
    tool = BandingTool.objects.get(active=True)
    page = client.get(reverse("admin:funding_bandingtool_change", args=[tool.pk])).content.decode()
    assert "Personal care" in page and "band_4" in page
    assert "deletelink" not in page
    for model in (RateCard, RateLine, PaymentSchedule, PaymentLine, CarerInvoice, FeeOverride, BandingAssessment):
        name = model._meta.model_name
        assert client.get(reverse(f"admin:funding_{name}_changelist")).status_code == 200
