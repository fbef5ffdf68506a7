"""The reviews pages: My work, the Scheme overview, contacts, reviews, risk assessments, changes of needs and
additional funding. Each page answers, each form posts real GOV.UK form data through its service, and a
refused rule shows in the error summary with its ID. Permissions per role are in docs/roles.md.
"""

import re
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from carers import services as carer_services
from placements.models import Placement
from reviews import services
from reviews.compliance import OVERDUE, Obligation
from reviews.models import (
    AdditionalFundingRequest,
    ChangeOfNeeds,
    Contact,
    OverdueSnapshot,
    Review,
    ReviewAction,
    RiskAssessment,
)
from reviews.tasks import take_overdue_snapshot
from reviews.templatetags.reviews_tags import obligation_url
from sharedlives.dates import today
from sharedlives.models import ApprovalOutcome
from sharedlives.workdays import add_working_days
from tests.carers.factories import approved_household
from tests.pages import ERROR_SUMMARY, app_url, parsed, refused, when
from tests.placements.factories import started_placement
from tests.querycount import assert_constant_queries

url = app_url("reviews")

STARTS_ON = date(2026, 2, 2)


def banner(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def work_rows(page: str, what: str) -> list[str]:
    """The My work table rows whose text includes `what`."""
    return [row for row in re.findall(r'<tr class="govuk-table__row" data-rule.*?</tr>', page, re.S) if what in row]


@pytest.fixture
def household(officer):
    return approved_household(officer=officer, name="The Okafor family", area="Winchester")


@pytest.fixture
def placement(household):
    return started_placement(household=household, starts_on=STARTS_ON)


@pytest.fixture
def manager_two(second_manager):
    return second_manager


# My work ------------------------------------------------------------------------------------------------


def test_my_work_is_the_officers_home_overdue_first_with_a_link_to_clear_each__REV_2(
    officer_client, placement, household
):
    page = officer_client.get(reverse("home")).content.decode()
    assert '<h1 class="govuk-heading-xl">My work</h1>' in page
    assert re.search(r"<strong>\d+</strong> overdue, <strong>\d+</strong> due in the next 14 days", page)
    (row,) = work_rows(page, "Monthly contact")
    assert 'govuk-tag--red">Overdue' in row and "REV-2" in row and escape(placement.person.full_name) in row
    assert "2 Mar 2026" in row  # a month after the start, no contact since
    assert f'href="/households/{household.pk}/"' in row
    link = f"{url('log_contact', household.pk)}?placement={placement.pk}&amp;next=%2F"
    assert link in row
    # Overdue rows come before the rest
    tags = re.findall(r'govuk-tag--(red|yellow)">', page)
    assert tags == sorted(tags, key=lambda colour: colour != "red")
    assert officer_client.get(url("my_work")).status_code == 200


def test_my_work_lists_my_households_with_their_last_contact(officer_client, officer, household, second_officer):
    approved_household(officer=second_officer, name="Omar's household")
    services.log_contact(
        household=household,
        method="phone",
        summary="All well",
        occurred_at=timezone.make_aware(timezone.datetime(2026, 11, 2, 10, 0)),
        by=officer,
    )
    page = officer_client.get(url("my_work")).content.decode()
    assert "My households" in page and "The Okafor family" in page and "2 Nov 2026" in page
    assert "Omar&#x27;s household" not in page
    assert f"{url('log_contact', household.pk)}?next=" in page
    assert 'action="/contacts/quick/"' in page and 'name="household"' in page


def test_my_work_navigation_for_officers_and_overview_for_managers(officer_client, client, manager):
    page = officer_client.get(url("my_work")).content.decode()
    assert 'href="/my-work/"' in page and 'href="/overview/"' not in page
    client.force_login(manager)
    page = client.get(reverse("home")).content.decode()
    assert "Scheme overview" in page and 'href="/overview/"' in page


def test_obligation_url_is_blank_when_the_form_does_not_exist_yet():
    base = dict(
        rule="BAN-2", kind="Submit the banding", what="Submit the banding", due_on=date(2026, 1, 1), status=OVERDUE
    )
    missing = Obligation(**base, household_id=1, household_name="x", officer_id=None, action="funding:nowhere")
    assert obligation_url(missing) == ""
    contact = Obligation(
        **base,
        household_id=7,
        household_name="x",
        officer_id=None,
        action="reviews:log_contact",
        action_kwargs=(("household_pk", 7),),
        action_query="placement=3",
    )
    assert obligation_url(contact, "/my-work/") == "/households/7/contacts/new/?placement=3&next=%2Fmy-work%2F"


def test_quick_contact_from_my_work_logs_it_now_with_the_carer__REV_2(officer_client, household):
    response = officer_client.post(
        url("log_contact_quick"),
        {"household": household.pk, "method": "phone", "summary": "Checked in: all well", "next": "/"},
    )
    assert response.status_code == 302 and response.url == "/"
    contact = Contact.objects.get()
    assert contact.household == household and contact.with_whom == "carer" and contact.method == "phone"
    assert abs(contact.occurred_at - timezone.now()) < timedelta(minutes=1)
    assert "Contact logged for The Okafor family" in banner(officer_client.get("/"))


def test_quick_contact_only_for_my_households(officer_client, second_officer):
    other = approved_household(officer=second_officer)
    response = officer_client.post(url("log_contact_quick"), {"household": other.pk, "method": "phone", "summary": "x"})
    assert response.status_code == 200 and ERROR_SUMMARY in response.content.decode()
    assert not Contact.objects.exists()
    empty = officer_client.post(url("log_contact_quick"), {})
    page = empty.content.decode()
    assert "Choose the household (REV-2)." in page and "Write a short summary of the contact (REV-2)." in page


# Contacts -----------------------------------------------------------------------------------------------


def test_log_contact_form_has_three_required_fields_and_prefills_the_placement(officer_client, placement, household):
    page = officer_client.get(f"{url('log_contact', household.pk)}?placement={placement.pk}").content.decode()
    assert '<form method="post" novalidate>' in page
    assert f'<option value="{placement.pk}" selected>' in page
    assert f'value="{today().day}"' in page  # the date defaults to today
    assert 'value="carer" checked' in page.replace('"  checked', '" checked')
    optional = re.findall(r"\(optional\)", page)
    assert len(optional) >= 3  # with, about, time (method, summary and date are required)


def test_logging_a_contact_from_the_household_page_lands_back_there_with_the_banner__REV_2(
    officer_client, household, placement
):
    household_page = reverse("carers:household_detail", args=[household.pk])
    data = {"method": "visit", "summary": "Visited; Sam settled", "placement": placement.pk, "next": household_page}
    data |= when("occurred_on", today()) | {"occurred_time": "", "with_whom": "both"}
    response = officer_client.post(f"{url('log_contact', household.pk)}?next={household_page}", data, follow=True)
    assert response.redirect_chain == [(household_page, 302)]
    assert "Contact logged" in response.content.decode()
    assert "govuk-notification-banner--success" in response.content.decode()
    contact = Contact.objects.get()
    assert contact.placement == placement and contact.with_whom == "both" and contact.recorded_by.username == "olivia"
    assert contact.history.first().history_change_reason == "contact.logged"


def test_a_logged_contact_clears_the_monthly_contact_from_my_work__REV_2(officer_client, household, placement):
    assert work_rows(officer_client.get(url("my_work")).content.decode(), "Monthly contact")
    data = {"method": "phone", "summary": "Monthly call", "placement": placement.pk} | when("occurred_on", today())
    response = officer_client.post(f"{url('log_contact', household.pk)}?next=/my-work/", data)
    assert response.status_code == 302 and response.url == "/my-work/"
    page = officer_client.get(url("my_work")).content.decode()
    assert work_rows(page, "Monthly contact") == []
    assert "Contact logged" in page


def test_log_contact_ignores_a_next_on_another_site(officer_client, household):
    data = {"method": "email", "summary": "Sent the new agreement", "next": "https://example.com/"}
    response = officer_client.post(url("log_contact", household.pk), data | when("occurred_on", today()))
    assert response.url == reverse("carers:household_detail", args=[household.pk])


def test_log_contact_at_a_past_time_on_another_day(officer_client, household):
    data = {"method": "email", "summary": "Sent the new agreement", "occurred_time": "09:15"}
    officer_client.post(url("log_contact", household.pk), data | when("occurred_on", date(2026, 11, 2)))
    contact = Contact.objects.get()
    assert timezone.localtime(contact.occurred_at).strftime("%Y-%m-%d %H:%M") == "2026-11-02 09:15"


def test_a_contact_in_the_future_is_refused__REV_2(officer_client, household):
    data = {"method": "phone", "summary": "Will call"} | when("occurred_on", today() + timedelta(days=2))
    response = officer_client.post(url("log_contact", household.pk), data)
    page = response.content.decode()
    assert response.status_code == 200 and ERROR_SUMMARY in page and 'id="id_occurred_on-error"' in page
    assert "The date must be today or in the past." in page
    assert not Contact.objects.exists()


def test_a_contact_needs_how_and_a_summary__REV_2(officer_client, household):
    page = refused(officer_client.post(url("log_contact", household.pk), when("occurred_on", today())), "REV-2")
    assert "Choose how the contact happened (REV-2)." in page


def test_a_concern_raised_goes_to_the_management_team_who_mark_it_seen__PLA_4(
    officer_client, client, household, placement, manager
):
    data = {"method": "visit", "summary": "Bruise on the arm", "placement": placement.pk, "concern_raised": "on"}
    response = officer_client.post(url("log_contact", household.pk), data | when("occurred_on", today()))
    assert "the management team will see the concern" in banner(officer_client.get(response.url))
    contact = Contact.objects.get(concern_raised=True)
    # An officer cannot mark it seen
    assert officer_client.post(url("mark_concern_seen", contact.pk)).status_code == 403
    client.force_login(manager)
    page = client.get(url("overview")).content.decode()
    assert "Concerns raised this week" in page and "Bruise on the arm" in page
    assert f'action="{url("mark_concern_seen", contact.pk)}"' in page
    response = client.post(url("mark_concern_seen", contact.pk), {"next": url("overview")}, follow=True)
    assert response.redirect_chain == [(url("overview"), 302)]
    page = response.content.decode()
    assert "Concern from The Okafor family marked as seen" in page
    assert 'govuk-tag--green">Seen</strong> by Maya Clarke' in page
    contact.refresh_from_db()
    assert contact.concern_seen_by == manager and contact.concern_seen_at is not None
    assert client.get(url("mark_concern_seen", contact.pk)).status_code == 405


def test_a_concern_recorded_in_error_stays_on_the_overview_struck_through__PLA_4_AUD_1(
    officer, client, household, placement, manager
):
    """PLA-4: a concern is never hidden from the management team; once its contact is recorded in error it shows
    as such, with the reason, so nobody acts on the wrong household."""
    from reviews import services

    contact = services.log_contact(
        household=household, placement=placement, method="visit", summary="Bruise", concern_raised=True, by=officer
    )
    services.mark_recorded_in_error(contact, reason="Logged against the wrong household", by=officer)
    client.force_login(manager)
    page = client.get(url("overview")).content.decode()
    assert "<del>Bruise</del>" in page
    assert "Recorded in error Logged against the wrong household Bruise" in parsed(page, within="concerns").text


# Reviews ------------------------------------------------------------------------------------------------

REVIEW = {"attendees": "Grace Okafor, Olivia Hughes", "in_person": "yes"}


def review_data(kind: str, **extra) -> dict:
    return REVIEW | {"kind": kind} | when("held_on", today()) | extra


def test_record_review_form_preselects_the_kind_and_placement_and_groups_the_checks(
    officer_client, household, placement
):
    page = officer_client.get(
        f"{url('record_review', household.pk)}?kind=initial&placement={placement.pk}"
    ).content.decode()
    assert 'value="initial" checked' in page
    assert f'<option value="{placement.pk}" selected>' in page
    for legend in ("The review", "The person", "1:1 reviews", "Carer appraisal", "Short-notice visit", "Actions"):
        assert f'<h2 class="govuk-fieldset__heading">{legend}</h2>' in page
    assert "Needed for the carer appraisal Rule RES-4." in parsed(page).text
    assert "Needed for a short-notice visit Rule REV-6." in parsed(page).text
    assert page.count("Action 1") == 1 and "Action 3" in page
    assert "<script" not in page.split("<main")[1].split("</main>")[0]


def test_a_health_and_safety_review_with_actions_notes_the_insurance_evidence__CAR_5(
    officer_client, officer, household
):
    policy = carer_services.record_insurance(
        household=household,
        kind="public_liability",
        insurer="Ecclesiastical",
        policy_number="PL1",
        starts_on=date(2026, 6, 1),
        expires_on=date(2027, 5, 31),
        by=officer,
    )
    data = review_data(
        "health_safety",
        property_check_done="on",
        insurance_evidence_seen="on",
        outcomes="All safe",
        action_1_description="Fit a smoke alarm upstairs",
        action_1_owner="Grace",
        **when("action_1_due_on", today() + timedelta(days=14)),
    )
    response = officer_client.post(url("record_review", household.pk), data)
    review = Review.objects.get()
    assert response.status_code == 302 and response.url == reverse("carers:household_detail", args=[household.pk])
    assert "1:1 health and safety review recorded" in banner(officer_client.get(response.url))
    assert review.property_check_done and review.insurance_evidence_seen and review.recorded_by == officer
    (action,) = review.actions.all()  # the two blank rows are ignored
    assert action.owner == "Grace" and action.due_on == today() + timedelta(days=14)
    policy.refresh_from_db()
    assert policy.evidence_seen_on == today()
    page = officer_client.get(url("review_detail", review.pk)).content.decode()
    assert "Fit a smoke alarm upstairs" in page and "Mark done" in page and 'id="history"' in page


def test_a_half_filled_action_row_is_an_error(officer_client, household):
    data = review_data("monitoring", action_2_description="Send the policy guide")
    page = officer_client.post(url("record_review", household.pk), data).content.decode()
    assert ERROR_SUMMARY in page and "Action 2: say who does it." in page and "Action 2: say when it is due." in page
    assert not Review.objects.exists()


def test_mark_an_action_done(officer_client, officer, household):
    review = services.record_review(
        household=household,
        kind="monitoring",
        held_on=today(),
        attendees="Grace",
        actions=[{"description": "Book first aid", "owner": "Grace", "due_on": today()}],
        by=officer,
    )
    action = review.actions.get()
    response = officer_client.post(url("complete_action", review.pk), {"action": action.pk})
    assert response.status_code == 302 and response.url == url("review_detail", review.pk)
    action.refresh_from_db()
    assert action.done_on == today()
    page = officer_client.get(response.url).content.decode()
    assert "“Book first aid” marked as done" in page and 'govuk-tag--green">Done' in page
    assert officer_client.get(url("complete_action", review.pk)).status_code == 405


def test_the_28_day_review_records_the_placements_initial_review__REV_1(officer_client, household, placement):
    data = review_data("initial", placement=placement.pk, persons_views="Sam likes it here")
    data |= when("held_on", date(2026, 3, 2))
    response = officer_client.post(url("record_review", household.pk), data)
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.initial_review_on == date(2026, 3, 2)
    assert work_rows(officer_client.get(url("my_work")).content.decode(), "28-day review") == []


def test_the_28_day_review_needs_the_persons_views__REV_8(officer_client, household, placement):
    data = review_data("initial", placement=placement.pk)
    page = refused(officer_client.post(url("record_review", household.pk), data), "REV-8")
    assert 'id="id_persons_views-error"' in page


def test_a_virtual_appraisal_is_refused__REV_4(officer_client, household):
    data = review_data("appraisal", in_person="no", respite_planned_nights="21")
    page = refused(officer_client.post(url("record_review", household.pk), data), "REV-4")
    assert 'id="id_in_person-error"' in page
    assert not Review.objects.exists()


def test_a_short_notice_visit_names_the_management_member__REV_6(officer_client, household, manager):
    page = refused(officer_client.post(url("record_review", household.pk), review_data("short_notice")), "REV-6")
    assert 'id="id_discussed_with-error"' in page
    assert f'<option value="{manager.pk}">Maya Clarke</option>' in page
    response = officer_client.post(
        url("record_review", household.pk), review_data("short_notice", discussed_with=manager.pk)
    )
    assert response.status_code == 302 and Review.objects.get().discussed_with == manager


def test_a_different_reviewing_officer_needs_an_advocate__REV_8(officer_client, household, placement):
    data = review_data(
        "annual", placement=placement.pk, persons_views="Happy", different_reviewing_officer="on", advocate=""
    )
    page = refused(officer_client.post(url("record_review", household.pk), data), "REV-8")
    assert 'id="id_advocate-error"' in page


def test_an_appraisal_plans_next_years_respite__RES_4(officer_client, household):
    page = refused(officer_client.post(url("record_review", household.pk), review_data("appraisal")), "RES-4")
    assert 'id="id_respite_planned_nights-error"' in page
    response = officer_client.post(
        url("record_review", household.pk), review_data("appraisal", respite_planned_nights="21", wellbeing="Tired")
    )
    assert response.status_code == 302 and Review.objects.get().respite_planned_nights == 21


def test_a_financial_review_includes_the_finance_audit__REV_3(officer_client, household):
    refused(officer_client.post(url("record_review", household.pk), review_data("financial")), "REV-3")


# Risk assessments ---------------------------------------------------------------------------------------


def test_record_a_risk_assessment__REV_7(officer_client, placement):
    form = url("record_risk_assessment", placement.pk)
    assert "Record a risk assessment" in officer_client.get(form).content.decode()
    data = when("done_on", today()) | when("next_review_on", today() + timedelta(days=180)) | {"summary": "Falls"}
    response = officer_client.post(form, data)
    assert response.status_code == 302 and response.url == url("placement_activity", placement.pk)
    assert RiskAssessment.objects.get().next_review_on == today() + timedelta(days=180)
    assert "Risk assessment recorded" in banner(officer_client.get(response.url))


def test_a_risk_review_before_the_assessment_is_refused__REV_7(officer_client, placement):
    data = when("done_on", today()) | when("next_review_on", today() - timedelta(days=1))
    page = refused(officer_client.post(url("record_risk_assessment", placement.pk), data), "REV-7")
    assert 'id="id_next_review_on-error"' in page


# Changes of needs and additional funding ----------------------------------------------------------------


@pytest.fixture
def change(placement, officer):
    return services.raise_change_of_needs(
        placement=placement, raised_on=date(2026, 11, 16), raised_by="carer", description="Falls at night", by=officer
    )


def test_raise_a_change_of_needs_shows_the_chg_1_due_date__CHG_1(officer_client, placement):
    data = {"raised_by": "carer", "description": "Needs help at night"} | when("raised_on", date(2026, 11, 19))
    response = officer_client.post(url("raise_change", placement.pk), data)
    change = ChangeOfNeeds.objects.get()
    assert response.status_code == 302 and response.url == url("change_detail", change.pk)
    due = add_working_days(date(2026, 11, 19), 5)
    assert f"meet the carer in person by {due.day} {due:%B %Y}" in banner(officer_client.get(response.url))
    page = officer_client.get(response.url).content.decode()
    assert f"Due by {due.day} {due:%B %Y}" in page and "Record the meeting" in page and 'id="history"' in page


def test_the_meeting_cannot_be_before_the_change_was_raised__CHG_1(officer_client, change):
    data = when("held_on", date(2026, 11, 13)) | {"notes": ""}
    page = refused(officer_client.post(url("change_meeting", change.pk), data), "CHG-1")
    assert 'id="id_held_on-error"' in page
    change.refresh_from_db()
    assert change.meeting_held_on is None


def test_meeting_discussion_funding_and_decision__CHG_2_CHG_3(officer_client, client, change, manager, manager_two):
    assert officer_client.post(url("change_meeting", change.pk), when("held_on", date(2026, 11, 18))).status_code == 302
    discussion = {"manager": manager.pk, "agreed_actions": "Night sensor; ask for funding", "referred_health": "on"}
    response = officer_client.post(
        url("change_discussion", change.pk), discussion | when("discussed_on", date(2026, 11, 19))
    )
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.discussed_with == manager and change.referred_health and not change.referred_pbs
    page = officer_client.get(url("change_detail", change.pk)).content.decode()
    assert "Ask for additional funding" in page and "Health services" in page
    funding = {"what_for": "Waking nights", "other_support_explored": "Care technology fitted"}
    response = officer_client.post(url("request_funding", change.pk), funding)
    request = AdditionalFundingRequest.objects.get()
    assert response.status_code == 302 and request.is_pending and request.submitted_by.username == "olivia"

    client.force_login(manager_two)
    inbox = client.get(reverse("approvals")).content.decode()
    assert "Additional funding" in inbox and url("decide_funding", request.pk) in inbox
    overview = client.get(url("overview")).content.decode()
    # 2: the funding request and the placement's new-provision request, not yet authorised (PLA-1)
    assert "<strong>2</strong> waiting for a decision" in overview and url("decide_funding", request.pk) in overview
    response = client.post(url("decide_funding", request.pk), {"outcome": "agreed", "decision_reason": ""})
    assert response.status_code == 302 and response.url == reverse("approvals")
    request.refresh_from_db()
    assert request.outcome == ApprovalOutcome.AGREED and request.decided_by == manager_two

    response = officer_client.post(url("close_change", change.pk), when("closed_on", today()))
    change.refresh_from_db()
    assert response.status_code == 302 and change.closed_on == today()


def test_the_discussion_needs_the_meeting_first__CHG_2(officer_client, change, manager):
    data = {"manager": manager.pk, "agreed_actions": "x"} | when("discussed_on", today())
    refused(officer_client.post(url("change_discussion", change.pk), data), "CHG-2")


def test_funding_needs_the_management_discussion_first__CHG_3(officer_client, change):
    data = {"what_for": "Waking nights", "other_support_explored": "None yet"}
    refused(officer_client.post(url("request_funding", change.pk), data), "CHG-3")


def test_a_manager_cannot_decide_their_own_funding_request__AUD_2(client, change, manager, officer):
    services.record_change_meeting(change, held_on=date(2026, 11, 18), by=officer)
    services.record_change_discussion(
        change, discussed_on=date(2026, 11, 18), manager=manager, agreed_actions="x", by=officer
    )
    client.force_login(manager)
    response = client.post(url("request_funding", change.pk), {"what_for": "Nights", "other_support_explored": "PBS"})
    assert response.status_code == 302
    request = AdditionalFundingRequest.objects.get()
    page = client.get(url("decide_funding", request.pk)).content.decode()
    assert "You asked for this, so someone else in the management team must decide it Rule AUD-2." in parsed(page).text
    page = refused(client.post(url("decide_funding", request.pk), {"outcome": "agreed"}), "AUD-2")
    request.refresh_from_db()
    assert request.is_pending


def test_refusing_funding_needs_a_reason__AUD_2(client, change, manager, officer, manager_two):
    services.record_change_meeting(change, held_on=date(2026, 11, 18), by=officer)
    change = services.record_change_discussion(
        change, discussed_on=date(2026, 11, 18), manager=manager, agreed_actions="x", by=officer
    )
    request = services.request_additional_funding(change, what_for="Nights", other_support_explored="PBS", by=officer)
    client.force_login(manager_two)
    page = refused(client.post(url("decide_funding", request.pk), {"outcome": "refused"}), "AUD-2")
    assert 'id="id_decision_reason-error"' in page


# Scheme overview ----------------------------------------------------------------------------------------


def test_scheme_overview_is_the_managers_home_with_counts_by_officer_and_rule__RPT_4(
    client, manager, placement, officer
):
    client.force_login(manager)
    take_overdue_snapshot.call()  # the daily job (reviews/tasks.py); the page itself never writes
    page = client.get(reverse("home")).content.decode()
    assert '<h1 class="govuk-heading-xl">Scheme overview</h1>' in page
    assert re.search(r">Olivia Hughes</a></td><td [^>]*><a [^>]*>\d+<span", page)
    assert 'data-rule="REV-2"' in page and "Monthly contact" in page
    # the placement's new-provision request waits for authorisation (PLA-1), due by its start date
    assert "<strong>1</strong> waiting for a decision" in page and "New provision: " in page
    assert 'role="img"' in page and 'aria-label="Bar chart of overdue items' in page
    assert "Show the figures as a table" in page and "Week ending" in page
    snapshot = OverdueSnapshot.objects.get(taken_on=today())
    assert snapshot.overdue > 0 and f">{snapshot.overdue}</td>" in page


def test_scheme_overview_shows_outstanding_housing_benefit_with_days_waiting__HB_4(client, manager, placement):
    from placements import services as placement_services

    placement_services.record_housing_benefit_application(
        placement=placement, applied_on=today() - timedelta(days=40), by=placement.created_by
    )
    client.force_login(manager)
    page = client.get(url("overview")).content.decode()
    assert escape(placement.person.full_name) in page
    assert re.search(r'govuk-table__cell--numeric">40</td>', page)


def test_the_chart_shows_twelve_weeks_of_snapshots(client, manager):
    for weeks in range(0, 12):  # today's, taken by the daily job, and one a week before it
        snapshot = OverdueSnapshot(taken_on=today() - timedelta(weeks=weeks), overdue=40 - weeks)
        snapshot._change_reason = "test"
        snapshot.save()
    client.force_login(manager)
    page = client.get(url("overview")).content.decode()
    svg = page.split("<svg", 1)[1].split("</svg>")[0]
    assert svg.count("<rect") == 12  # today's bar and eleven before it
    assert f"{(today() - timedelta(weeks=11)).day} {today() - timedelta(weeks=11):%B %Y}" in page
    assert "39" in svg and "29" in svg


# Contacts and reviews of a household or placement -------------------------------------------------------


def test_household_activity_lists_contacts_newest_first_twenty_a_page(officer_client, officer, household, placement):
    start = timezone.now() - timedelta(days=60)
    for n in range(25):
        services.log_contact(
            household=household,
            method="phone",
            summary=f"Call number {n:02d}",
            occurred_at=start + timedelta(days=n),
            by=officer,
        )
    services.record_review(household=household, kind="monitoring", held_on=today(), attendees="Grace", by=officer)
    services.raise_change_of_needs(
        placement=placement, raised_on=today(), raised_by="person", description="x", by=officer
    )
    page = officer_client.get(url("household_activity", household.pk)).content.decode()
    assert page.index("Call number 24") < page.index("Call number 23")
    assert "Call number 04" not in page and "Page 1 of 2" in page
    assert "Monitoring visit" in page and "Waiting for the meeting" in page
    assert f"{url('log_contact', household.pk)}?next=" in page and "Record a review" in page
    second = officer_client.get(url("household_activity", household.pk), {"page": 2}).content.decode()
    assert "Call number 04" in second and "Call number 24" not in second


def test_placement_activity_shows_only_that_placements_records(officer_client, officer, household, placement):
    services.log_contact(household=household, placement=placement, method="visit", summary="About Sam", by=officer)
    services.log_contact(household=household, method="phone", summary="About the household", by=officer)
    services.record_risk_assessment(
        placement=placement, done_on=today(), next_review_on=today() + timedelta(days=90), summary="Falls", by=officer
    )
    page = officer_client.get(url("placement_activity", placement.pk)).content.decode()
    assert "About Sam" in page and "About the household" not in page and "Falls" in page
    assert f"?placement={placement.pk}&amp;next=" in page and "Raise a change of needs" in page


def test_a_referrals_officer_reads_contacts_and_reviews_but_records_nothing(client, referrals_officer, household):
    client.force_login(referrals_officer)
    page = client.get(url("household_activity", household.pk)).content.decode()
    assert "Contacts and reviews" in page and "Log a contact</a>" not in page
    assert client.get(url("log_contact", household.pk)).status_code == 403


# Putting a contact or review right (AUD-1, REV-2, REV-5) -----------------------------------------------


def _contact_form(**changes) -> dict:
    form = {"method": "phone", "summary": "Spoke to Grace", "with_whom": "carer", "occurred_time": "10:00"}
    # Yesterday: 10:00 today is in the future before ten in the morning, and a contact cannot be (REV-2).
    return form | when("occurred_on", today() - timedelta(days=1)) | changes


def test_the_author_edits_a_contact_from_the_activity_page__AUD_1(officer_client, officer, household):
    contact = services.log_contact(household=household, method="phone", summary="Spoke to Grae", by=officer)
    page = officer_client.get(url("household_activity", household.pk)).content.decode()
    assert url("edit_contact", contact.pk) in page
    form_page = officer_client.get(url("edit_contact", contact.pk)).content.decode()
    assert "Spoke to Grae" in form_page
    response = officer_client.post(url("edit_contact", contact.pk), _contact_form(), follow=True)
    assert response.redirect_chain[-1][0] == url("household_activity", household.pk)
    assert "Contact updated" in banner(response)
    contact.refresh_from_db()
    assert contact.summary == "Spoke to Grace" and contact.history.all()[1].summary == "Spoke to Grae"


def test_another_officer_cannot_edit_and_sees_no_edit_link__AUD_1(client, officer, second_officer, household):
    contact = services.log_contact(household=household, method="phone", summary="Mine", by=officer)
    client.force_login(second_officer)
    page = client.get(url("household_activity", household.pk)).content.decode()
    assert url("edit_contact", contact.pk) not in page and url("contact_in_error", contact.pk) not in page
    assert client.post(url("edit_contact", contact.pk), _contact_form()).status_code == 403
    assert client.post(url("contact_in_error", contact.pk), {"reason": "x"}).status_code == 403
    contact.refresh_from_db()
    assert contact.summary == "Mine" and not contact.in_error


def test_after_the_window_the_edit_is_refused_but_recorded_in_error_is_offered__AUD_1(
    officer_client, officer, household
):
    """Policy default 7 days: recorded 8 days ago (set on the row: the clock cannot be moved in a view test)."""
    contact = services.log_contact(household=household, method="phone", summary="Old call", by=officer)
    type(contact).objects.filter(pk=contact.pk).update(recorded_at=timezone.now() - timedelta(days=8))
    page = officer_client.get(url("household_activity", household.pk)).content.decode()
    assert url("edit_contact", contact.pk) not in page and url("contact_in_error", contact.pk) in page
    assert officer_client.post(url("edit_contact", contact.pk), _contact_form()).status_code == 403


def test_a_contact_recorded_in_error_is_struck_through_and_overdue_again__REV_2(
    officer_client, officer, household, placement
):
    """REV-2: the household's only recent contact is recorded in error, so its monthly contact is overdue again."""
    contact = services.log_contact(
        household=household, placement=placement, method="phone", summary="Wrong family", by=officer
    )
    assert not work_rows(officer_client.get(url("my_work")).content.decode(), "Monthly contact")
    page = officer_client.post(url("contact_in_error", contact.pk), {"reason": ""}).content.decode()
    assert ERROR_SUMMARY in page and "This field is required." not in page
    response = officer_client.post(
        url("contact_in_error", contact.pk), {"reason": "Logged against the wrong household"}, follow=True
    )
    assert "Contact marked as recorded in error" in banner(response)
    page = officer_client.get(url("placement_activity", placement.pk)).content.decode()
    assert "<del>Wrong family</del>" in page and "Recorded in error" in page and "the wrong household" in page
    assert url("edit_contact", contact.pk) not in page
    assert work_rows(officer_client.get(url("my_work")).content.decode(), "Monthly contact")


def test_a_manager_edits_a_review_and_marks_another_in_error__REV_5(client, manager, officer, household):
    review = services.record_review(
        household=household, kind="monitoring", held_on=today(), attendees="Grace", by=officer
    )
    client.force_login(manager)
    page = client.get(url("review_detail", review.pk)).content.decode()
    assert url("edit_review", review.pk) in page and url("review_in_error", review.pk) in page
    form = {"in_person": "yes", "attendees": "Grace and Tom", "outcomes": "All well"} | when("held_on", today())
    response = client.post(url("edit_review", review.pk), form, follow=True)
    assert "Review updated" in banner(response)
    review.refresh_from_db()
    assert review.attendees == "Grace and Tom"
    client.post(url("review_in_error", review.pk), {"reason": "Held at another household"})
    page = client.get(url("review_detail", review.pk)).content.decode()
    assert "<del>Monitoring visit</del>" in page and "Held at another household" in page
    assert url("edit_review", review.pk) not in page
    household_page = client.get(reverse("carers:household_detail", args=[household.pk])).content.decode()
    assert "Recorded in error" in household_page


# Query counts --------------------------------------------------------------------------------------------


def _households_with_placements(officer):
    def add_rows(n):
        for _ in range(n):
            household = approved_household(officer=officer)
            placement = started_placement(household=household, starts_on=STARTS_ON)
            services.log_contact(household=household, placement=placement, method="phone", summary="x", by=officer)
            services.log_contact(household=household, method="visit", summary="y", by=officer)

    return add_rows


def test_my_work_query_count_is_constant(officer_client, officer):
    """1 session, 2 user, 3-4 permissions, 5-17 officer_work (reviews.queries: the scheme policy, the
    households with their latest reviews and visits, banding, the latest agreed band, annual reviews, risk reviews
    and housing benefit per placement, the placements with their last contact, open changes of needs, pending
    bandings, expiring training, DBS checks and insurance), 18 the provision requests to send (PLA-1), 19-20
    my_households, 21-25 what was decided on the officer's bandings, extra respite, additional funding, overrides of
    missing checks (SAFE-2) and extra introduction nights, 26 the user's groups (header), 27-29 saving the session. The
    quick form's household choices reuse my_households: no query. SAFE-3 adds eight after the compliance facts:
    the missing checks (carers.checks: requirements, training, DBS, carers, support carers, household members,
    insurance, agreements). SG-5 adds two: open safeguarding concerns, open incidents with their actions' due dates. SG-3 and SG-4 add two: complaints not
    acknowledged or answered, CQC notifications not sent."""
    count = assert_constant_queries(officer_client, url("my_work"), _households_with_placements(officer), at_most=41)
    print(f"My work: {count} queries")


def test_scheme_overview_query_count_is_constant(manager_client, officer):
    """1 session, 2 user, 3-4 permissions, 5-17 overdue_counts (the compliance facts for the whole scheme,
    as on My work, with the provision requests to send), 18 the officers' names, 19 concerns this week, 20-26 the seven
    approval sources (with provision requests, PLA-1, and overrides of missing checks, SAFE-2), 27 outstanding housing
    benefit, 28 overrides of missing checks in force (SAFE-2), 29 the chart's snapshots, 30 the header's groups, 31-34
    saving the session. SAFE-3 adds eight after the compliance facts: the missing checks (carers.checks:
    requirements, training, DBS, carers, support carers, household members, insurance, agreements). SG-5 adds two:
    open safeguarding concerns, open incidents with their actions' due dates. SG-3 and SG-4 add two: complaints not
    acknowledged or answered, CQC notifications not sent."""
    count = assert_constant_queries(manager_client, url("overview"), _households_with_placements(officer), at_most=46)
    print(f"Scheme overview: {count} queries")


def test_filtered_overdue_list_query_count_is_constant__RPT_4(manager_client, officer):
    """RPT-4, the list behind an overview figure, filtered by officer and rule: 1 session, 2 user, 3-4 permissions,
    5-18 overdue_counts (the compliance facts for the whole scheme, as on the overview, with the provision requests
    to send), 19 the officer's name, 20 the header's groups, 21-23 saving the session. SAFE-3 adds eight after the
    compliance facts: the missing checks (carers.checks: requirements, training, DBS, carers, support carers,
    household members, insurance, agreements). SG-5 adds two: open safeguarding concerns, open incidents. SG-3 and SG-4 add two: complaints, notifications."""
    filtered = f"{url('overdue_list')}?officer={officer.pk}&rule=REV-2"
    count = assert_constant_queries(manager_client, filtered, _households_with_placements(officer), at_most=35)
    print(f"Overdue list: {count} queries")


def test_household_activity_query_count_is_constant(officer_client, officer, household, placement):
    """1 session, 2 user, 3-4 permissions, 5 the household, 6 its current placements, 7 and 11 contacts (count,
    page), 8 and 12 reviews (count, page), 9 changes of needs, 10 the header's groups, 13-14 the correction window
    (scheme policy) and whether the user is a manager, for the Edit links, 15-17 saving the session."""

    def add_rows(n):
        for _ in range(n):
            services.log_contact(household=household, placement=placement, method="phone", summary="x", by=officer)
            services.record_review(household=household, kind="monitoring", held_on=today(), attendees="G", by=officer)
            services.raise_change_of_needs(
                placement=placement, raised_on=today(), raised_by="carer", description="x", by=officer
            )

    count = assert_constant_queries(officer_client, url("household_activity", household.pk), add_rows, at_most=17)
    print(f"Household activity: {count} queries")


# Permissions, the digest and the admin ------------------------------------------------------------------


def test_send_digests_emails_each_officer_once_a_week(officer, placement):
    out = StringIO()
    call_command("send_digests", stdout=out)
    assert out.getvalue().strip() == "1 digest sent."
    (message,) = mail.outbox
    assert message.to == [officer.email] and "Monthly contact" in message.body
    again = StringIO()
    call_command("send_digests", stdout=again)
    assert again.getvalue().strip() == "0 digests sent." and len(mail.outbox) == 1


def test_the_admin_keeps_every_reviews_record(client, superuser, officer, household, placement, change):
    services.log_contact(household=household, method="phone", summary="x", by=officer)
    services.record_review(
        household=household,
        kind="monitoring",
        held_on=today(),
        attendees="G",
        actions=[{"description": "x", "owner": "y", "due_on": today()}],
        by=officer,
    )
    services.record_risk_assessment(
        placement=placement, done_on=today(), next_review_on=today() + timedelta(days=9), by=officer
    )
    services.send_digests(on=today())
    client.force_login(superuser)
    for model in (
        Contact,
        Review,
        ReviewAction,
        RiskAssessment,
        ChangeOfNeeds,
        AdditionalFundingRequest,
        OverdueSnapshot,
    ):
        info = (model._meta.app_label, model._meta.model_name)
        assert client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
        obj = model.objects.first()
        if obj is not None:
            page = client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk])).content.decode()
            assert "deletelink" not in page
            assert client.get(reverse("admin:{}_{}_history".format(*info), args=[obj.pk])).status_code == 200


def test_the_household_placement_select_lists_only_current_placements(officer_client, household, placement, officer):
    ended = started_placement(household=household, starts_on=date(2026, 3, 2))
    Placement.objects.filter(pk=ended.pk).update(ends_on=date(2026, 4, 1), ending_reason="other")
    page = officer_client.get(url("log_contact", household.pk)).content.decode()
    assert f'<option value="{placement.pk}"' in page and f'<option value="{ended.pk}"' not in page


# Every decision has its next step (AUD-2, BAN-4, RPT-4) ---------------------------------------------------------


def test_the_management_home_shows_what_waits_for_it_due_first__AUD_2(client, manager, officer, placement):
    from funding import banding
    from funding.models import BandingTool

    tool = BandingTool.objects.get(active=True)
    levels = {d.pk: d.levels.get(score=1).pk for d in tool.domains.all()}
    banding.submit_banding(
        placement=placement,
        review_date=STARTS_ON + timedelta(days=27),
        levels=levels,
        proposed_band="band_2",
        by=officer,
    )
    client.force_login(manager)
    page = client.get(reverse("home")).content.decode()
    assert "<strong>2</strong> waiting for a decision" in page  # the banding and the new-provision request (PLA-1)
    waiting = page.split('id="waiting"', 1)[1].split("</table>", 1)[0]
    due = add_working_days(today(), 5)  # BAN-3: five working days from submission
    assert "Banding: Band 2 proposed for" in waiting and f"{due.day} {due:%b %Y}" in waiting
    # due first: the provision request was due by the start (2 February 2026), before the banding
    assert waiting.index("New provision: ") < waiting.index("Banding: Band 2 proposed for")
    assert "2 Feb 2026" in waiting


def test_overview_figures_link_to_the_items_behind_them__RPT_4(client, manager, officer, placement):
    client.force_login(manager)
    page = client.get(url("overview")).content.decode()
    summary = page.split('id="overview-summary"', 1)[1].split("</p>", 1)[0]
    assert f'href="{reverse("approvals")}"' in summary and f'href="{url("overdue_list")}"' in summary
    by_rule = page.split('data-rule="REV-2"', 1)[1].split("</tr>", 1)[0]
    assert by_rule.count(f'href="{url("overdue_list")}?rule=REV-2"') == 3  # the rule, what it is, the count
    assert (
        f'href="{url("overdue_list")}?officer={officer.pk}"' in page
        and f'href="{url("overdue_list")}?rule=REV-2"' in page
    )
    listing = client.get(url("overdue_list"), {"officer": officer.pk, "rule": "REV-2"}).content.decode()
    assert "Overdue for Olivia Hughes under REV-2" in listing and "Monthly contact" in listing
    assert escape(placement.person.full_name) in listing
    nothing = client.get(url("overdue_list"), {"rule": "XYZ-1"}).content.decode()
    assert "Nothing is overdue here." in nothing


def test_my_work_lists_what_was_decided_on_my_requests_for_14_days__BAN_4(client, officer, manager, placement):
    from funding import banding
    from funding.models import BandingTool

    tool = BandingTool.objects.get(active=True)
    levels = {d.pk: d.levels.get(score=1).pk for d in tool.domains.all()}
    assessment = banding.submit_banding(
        placement=placement,
        review_date=STARTS_ON + timedelta(days=27),
        levels=levels,
        proposed_band="band_3",
        proposal_reason="Night-time support",
        by=officer,
    )
    banding.decide_banding(assessment, by=manager, outcome="changed", band="band_2", reason="Nights are covered")
    client.force_login(officer)
    page = client.get(reverse("home")).content.decode()
    decided = page.split('id="decided"', 1)[1].split("</table>", 1)[0]
    assert "Band 3 proposed, Band 2 agreed" in decided and "Nights are covered" in decided
    assert "Agreed with changes" in decided
    # BAN-4: the agreed band is now to be sent to the funding area team.
    assert "Send the agreed band to the funding area team" in page


def test_refused_requests_show_the_asker_the_reason_and_a_page_they_may_open__AUD_2(
    client, officer, manager, household, referrals_officer
):
    """AUD-2 (why it was decided), RES-1, MAT-3: refused extra respite and extra introduction nights reach the one who
    asked, with the reason, and link to
    the household or the referral (not the decision page, which they may not open)."""
    from carers import services as carer_services
    from placements import services as placement_services
    from reviews import queries as review_queries
    from sharedlives.approvals import decide
    from tests.placements.factories import agreed_match

    carer_services.record_break(
        household=household, starts_on=date(2026, 5, 1), ends_on=date(2026, 5, 20), cover="not_needed", by=officer
    )
    respite = carer_services.record_break(
        household=household,
        starts_on=date(2026, 8, 1),
        ends_on=date(2026, 8, 5),
        cover="not_needed",
        extra_reason="A family wedding",
        by=officer,
    ).extra_respite
    decide(respite, by=manager, outcome="refused", reason="Use the support carer instead")
    match = agreed_match(household=household, by=referrals_officer)
    placement_services.record_introduction(
        match=match, kind="overnight", on=date(2026, 1, 24), nights=2, by=referrals_officer
    )
    nights = placement_services.record_introduction(
        match=match, kind="overnight", on=date(2026, 1, 28), nights=1, extra_reason="A longer move", by=referrals_officer
    )
    decide(nights, by=manager, outcome="refused", reason="Two stays are enough here")

    client.force_login(officer)
    decided = client.get(reverse("home")).content.decode().split('id="decided"', 1)[1].split("</table>", 1)[0]
    assert "Extra respite for" in decided and "Use the support carer instead" in decided and "Refused" in decided
    assert reverse("carers:household_detail", args=[household.pk]) in decided
    assert reverse("carers:decide_extra_respite", args=[respite.carer_break_id]) not in decided
    assert "Extra introduction nights" not in decided  # the referrals officer asked for those

    [mine] = review_queries.decided_for(referrals_officer, today())
    assert mine.what == f"Extra introduction nights for {match.referral.person.full_name} with {household.name}: 1 more"
    assert (mine.outcome, mine.reason) == ("Refused", "Two stays are enough here")
    client.force_login(referrals_officer)  # their home is the referrals board, which shows it too
    board = client.get(reverse("home")).content.decode().split('id="decided"', 1)[1].split("</table>", 1)[0]
    assert "Extra introduction nights for" in board and "Two stays are enough here" in board
    assert reverse("placements:referral_detail", args=[match.referral_id]) in board
