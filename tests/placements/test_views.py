"""The referral and placement pages: each page answers, each form posts real GOV.UK form data through its
service, and a refused rule shows in the error summary with its ID. Permissions per role are in
docs/roles.md.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from placements import services
from placements.models import (
    AdminPaymentRequest,
    EndingReason,
    ExtraIntroductionNights,
    Match,
    MatchStatus,
    Person,
    Placement,
    Referral,
    ReferralStatus,
)
from sharedlives.dates import today
from tests.carers.factories import approved_household
from tests.pages import ERROR_SUMMARY, app_url, csv_rows, done, message, parsed, refused, when
from tests.placements.factories import PersonFactory, agreed_match, funded_referral, referral, started_placement
from tests.querycount import assert_constant_queries

url = app_url("placements")


@pytest.fixture
def rita_client(client, referrals_officer):
    client.force_login(referrals_officer)
    return client


@pytest.fixture
def household(officer):
    return approved_household(
        officer=officer,
        name="The Okafor family",
        area="Winchester",
        offers_short_breaks=True,
        offers_day_support=True,
    )


@pytest.fixture
def placement(household, referrals_officer):
    """A live-in placement in the Okafor household from 2 February 2026."""
    return started_placement(household=household, by=referrals_officer)


PERSON_FORM = {
    "cdir_reference": " cdir424242 ",
    "first_name": "Daniel",
    "last_name": "Price",
    "preferred_name": "Dan",
    "date_of_birth_day": "14",
    "date_of_birth_month": "3",
    "date_of_birth_year": "1991",
    "primary_support_need": "learning_disability",
    "interests": "football, cooking",
    "languages": "English",
    "preferred_area": "Winchester",
    "pets": "likes",
}


# People ------------------------------------------------------------------------------------------------


def test_person_list_searches_by_name_and_case_system_reference(rita_client):
    PersonFactory(first_name="Amira", last_name="Khan", cdir_reference="CDIR555001")
    PersonFactory(first_name="Ben", last_name="Jones", cdir_reference="CDIR555002")
    page = rita_client.get(url("person_list")).content.decode()
    assert "Amira Khan" in page and "Ben Jones" in page and "2 people" in page and "Add a person" in page
    by_name = rita_client.get(url("person_list"), {"q": "amira khan"}).content.decode()
    assert "Amira Khan" in by_name and "Ben Jones" not in by_name
    by_reference = rita_client.get(url("person_list"), {"q": "555002"}).content.decode()
    assert "Ben Jones" in by_reference and "Amira Khan" not in by_reference
    assert "Nobody matches" in rita_client.get(url("person_list"), {"q": "zzz"}).content.decode()
    assert rita_client.get(url("person_list"), {"q": "\x00"}).status_code == 200


def test_person_list_pagination_keeps_the_search(rita_client):
    for n in range(30):
        PersonFactory(last_name=f"Smith{n:02d}")
    PersonFactory(last_name="Jones")
    first = rita_client.get(url("person_list"), {"q": "smith"}).content.decode()
    assert "30 people" in first and "Page 1 of 2" in first and "?q=smith&amp;page=2" in first
    second = rita_client.get(url("person_list"), {"q": "smith", "page": 2}).content.decode()
    assert "Smith29" in second and "Jones" not in second
    assert rita_client.get(url("person_list"), {"page": "abc"}).status_code in (200, 404)


def test_add_a_person(rita_client):
    assert "Add a person" in rita_client.get(url("person_create")).content.decode()
    response = rita_client.post(url("person_create"), PERSON_FORM, follow=True)
    person = Person.objects.get()
    page = done(response, url("person_detail", person.pk))
    assert person.cdir_reference == "CDIR424242" and person.full_name == "Dan Price"
    assert person.date_of_birth == date(1991, 3, 14)
    assert "Dan Price added (CDIR424242)." in page


def test_a_case_system_reference_is_unique__REF_1(rita_client):
    PersonFactory(cdir_reference="CDIR424242")
    page = refused(rita_client.post(url("person_create"), PERSON_FORM), "REF-1")
    assert 'id="id_cdir_reference-error"' in page
    assert Person.objects.count() == 1


def test_a_person_form_with_a_bad_date_shows_the_error_summary(rita_client):
    response = rita_client.post(url("person_create"), PERSON_FORM | {"date_of_birth_month": "13"})
    page = response.content.decode()
    assert response.status_code == 200 and ERROR_SUMMARY in page and "Enter a real date" in page
    assert "<title>Error:" in page


def test_add_the_person_first_comes_back_to_the_referral_form(rita_client):
    new_referral = url("referral_create")
    page = rita_client.get(new_referral).content.decode()
    assert f"{url('person_create')}?next={new_referral}" in page
    response = rita_client.post(f"{url('person_create')}?next={new_referral}", PERSON_FORM)
    person = Person.objects.get()
    assert response.status_code == 302 and response.url == f"{new_referral}?person={person.pk}"
    form = rita_client.get(response.url).content.decode()
    assert f'value="{escape(str(person))}"' in form  # typed in for them: "Name (CDIR…)" (issue 15)


def test_add_a_person_ignores_a_next_address_on_another_site(rita_client):
    response = rita_client.post(f"{url('person_create')}?next=https://evil.example/", PERSON_FORM)
    assert response.url == url("person_detail", Person.objects.get().pk)


def test_person_page_shows_the_profile_and_the_timeline_newest_first(rita_client, placement):
    person = placement.person
    response = rita_client.get(url("person_detail", person.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert person.cdir_reference in page and "Matching profile" in page and "History" in page
    started = page.index("Live-in with The Okafor family started")
    received = page.index("Live-in referral received")
    assert started < received  # newest first
    assert url("placement_detail", placement.pk) in page and url("referral_detail", placement.referral_id) in page


def test_finance_sees_a_person_without_links_to_referrals(finance_client, placement):
    page = finance_client.get(url("person_detail", placement.person_id)).content.decode()
    assert "Live-in referral received" in page
    assert url("referral_detail", placement.referral_id) not in page
    assert url("placement_detail", placement.pk) in page
    assert "Edit the person" not in page


def test_edit_a_person(officer_client):
    person = PersonFactory(first_name="Amira", last_name="Khan")
    page = officer_client.get(url("person_edit", person.pk)).content.decode()
    assert 'value="Amira"' in page
    form = PERSON_FORM | {"cdir_reference": person.cdir_reference, "first_name": "Amira", "preferred_name": ""}
    response = officer_client.post(url("person_edit", person.pk), form, follow=True)
    done(response, url("person_detail", person.pk))
    person.refresh_from_db()
    assert person.last_name == "Price" and person.history.first().history_change_reason == "person.updated"


def test_missing_records_are_404(manager_client):
    for name in ("person_detail", "person_edit", "referral_detail", "start_placement", "placement_detail"):
        assert manager_client.get(url(name, 999999)).status_code == 404, name
    assert manager_client.get(url("record_match_agreement", 999999)).status_code == 404
    assert manager_client.get(url("decide_extra_nights", 999999)).status_code == 404
    assert manager_client.get(url("decide_admin_payment", 999999)).status_code == 404
    assert manager_client.get(url("housing_benefit_award", 999999)).status_code == 404
    assert manager_client.get(url("authorise_provision_request", 999999)).status_code == 404


# Referrals ---------------------------------------------------------------------------------------------


def test_referral_board_groups_by_status_with_counts_and_days(rita_client, referrals_officer):
    received_on = today() - timedelta(days=12)
    new = referral(received_on=received_on, emergency=True, by=referrals_officer)
    funded = funded_referral(by=referrals_officer)
    closed = referral(by=referrals_officer)
    services.close_referral(closed, reason="Moved away", by=referrals_officer)
    response = rita_client.get(url("referral_board"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 open referrals" in page
    assert url("referral_detail", new.pk) in page and url("referral_detail", funded.pk) in page
    assert url("referral_detail", closed.pk) not in page
    assert 'govuk-tag--red">Emergency' in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">12</td>' in page
    columns = {c["label"]: c["count"] for c in response.context["board"]["columns"]}
    assert columns == {"Received": 1, "Awaiting funding": 0, "Matching": 1, "Introductions": 0, "Waiting list": 0}


def test_record_a_referral(rita_client, referrals_officer):
    person = PersonFactory()
    form = {
        "person": person.cdir_reference,  # typed: a select of 10,000 people is no use (issue 15)
        "kind": "live_in",
        "referrer_name": "Sam Social-Worker",
        "referrer_team": "Winchester adult services",
    } | when("received_on", today())
    response = rita_client.post(url("referral_create"), form, follow=True)
    made = Referral.objects.get()
    page = done(response, url("referral_detail", made.pk))
    assert made.status == ReferralStatus.RECEIVED and made.referrals_officer == referrals_officer
    assert "Send to funding panel" in page and "Record funding decision" in page and "Find carers" not in page


def test_a_referral_received_in_the_future_is_refused__REF_1(rita_client):
    form = {
        "person": PersonFactory().cdir_reference,
        "kind": "live_in",
        "referrer_name": "Sam",
        "referrer_team": "Team",
    }
    refused(rita_client.post(url("referral_create"), form | when("received_on", today() + timedelta(days=3))), "REF-1")
    assert not Referral.objects.exists()


def test_day_services_beyond_three_days_need_a_targeted_need__REF_8(rita_client):
    form = {
        "person": PersonFactory().cdir_reference,
        "kind": "live_in",
        "referrer_name": "Sam",
        "referrer_team": "Team",
    }
    form |= when("received_on", today()) | {"day_service_days_per_week": "4"}
    page = refused(rita_client.post(url("referral_create"), form), "REF-8")
    assert 'id="id_targeted_need-error"' in page


def test_referral_page_shows_every_section(rita_client, placement):
    response = rita_client.get(url("referral_detail", placement.referral_id))
    page = response.content.decode()
    assert response.status_code == 200
    for heading in ("Documents", "Funding decisions", "Matches", "Hand-over", "Placements", "History"):
        assert f">{heading}</h2>" in page, heading
    assert 'govuk-tag--green">Placed' in page and "SPOG" in page and "Agreed by both" in page
    assert url("placement_detail", placement.pk) in page
    assert "Handed over to Olivia Hughes" in page  # the household's officer, on the start date (REF-4)


def test_send_to_panel_then_record_the_funding_decision__REF_2(rita_client, referrals_officer):
    made = referral(by=referrals_officer)
    response = rita_client.post(url("referral_send_to_panel", made.pk), follow=True)
    assert "Sent to the funding panel." in done(response, url("referral_detail", made.pk))
    made.refresh_from_db()
    assert made.status == ReferralStatus.AWAITING_FUNDING
    refused(rita_client.post(url("referral_send_to_panel", made.pk)), "REF-2")  # only once
    form = {"panel": "SPOG", "outcome": "agreed"} | when("decided_on", date(2026, 1, 16))
    response = rita_client.post(url("referral_funding_decision", made.pk), form, follow=True)
    assert "Funding decision recorded: Agreed." in done(response, url("referral_detail", made.pk))
    made.refresh_from_db()
    assert made.status == ReferralStatus.MATCHING and made.has_agreed_funding


def test_a_panel_decision_before_the_referral_is_refused__REF_2(rita_client, referrals_officer):
    made = referral(received_on=date(2026, 1, 5), by=referrals_officer)
    form = {"panel": "SPOG", "outcome": "agreed"} | when("decided_on", date(2026, 1, 1))
    refused(rita_client.post(url("referral_funding_decision", made.pk), form), "REF-2")


def test_emergency_discussion_with_a_manager__REF_5(rita_client, referrals_officer, manager):
    made = referral(emergency=True, by=referrals_officer)
    page = rita_client.get(url("referral_detail", made.pk)).content.decode()
    assert "Record emergency discussion" in page and "Discuss this emergency referral" in page
    form = {"manager": manager.pk, "outcome": "Seek an emergency carer"} | when("discussed_on", made.received_on)
    response = rita_client.post(url("referral_emergency_discussion", made.pk), form, follow=True)
    page = done(response, url("referral_detail", made.pk))
    made.refresh_from_db()
    assert made.emergency_discussed_with == manager and "Maya Clarke" in page


def test_the_emergency_form_offers_only_the_management_team__REF_5(rita_client, referrals_officer, officer, manager):
    made = referral(emergency=True, by=referrals_officer)
    page = rita_client.get(url("referral_emergency_discussion", made.pk)).content.decode()
    assert "Maya Clarke" in page and "Olivia Hughes" not in page
    form = {"manager": officer.pk, "outcome": "x"} | when("discussed_on", made.received_on)
    response = rita_client.post(url("referral_emergency_discussion", made.pk), form)
    assert response.status_code == 200 and ERROR_SUMMARY in response.content.decode()


def test_no_match_before_the_emergency_discussion__REF_5(rita_client, referrals_officer, household):
    made = referral(emergency=True, by=referrals_officer)
    services.record_funding_decision(
        referral=made, panel="SPOG", decided_on=made.received_on, outcome="agreed", by=referrals_officer
    )
    refused(rita_client.post(url("propose_match", made.pk), {"household": household.pk}), "REF-5")


def test_documents_risk_review_needs_the_risk_assessment__REF_6(rita_client, referrals_officer):
    made = referral(by=referrals_officer)
    page = refused(
        rita_client.post(url("referral_documents", made.pk), when("risk_review_due_on", date(2027, 1, 5))), "REF-6"
    )
    assert 'id="id_risk_assessment_received_on-error"' in page
    form = when("risk_assessment_received_on", date(2026, 1, 6)) | when("risk_review_due_on", date(2027, 1, 5))
    response = rita_client.post(
        url("referral_documents", made.pk), form | when("assessment_received_on", date(2026, 1, 5))
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.risk_review_due_on == date(2027, 1, 5) and made.assessment_received_on == date(2026, 1, 5)


def test_waiting_list_then_still_needed_check__REF_7(rita_client, referrals_officer):
    made = funded_referral(by=referrals_officer)
    response = rita_client.post(url("referral_waiting_list", made.pk), when("since", date(2026, 2, 1)), follow=True)
    page = done(response, url("referral_detail", made.pk))
    assert "Record &quot;still needed?&quot; check" in page and "Find carers" not in page
    refused(
        rita_client.post(
            url("referral_still_needed", made.pk),
            {"checked_with": "Jo in the case team", "still_needed": "yes"} | when("checked_on", date(2026, 1, 20)),
        ),
        "REF-7",
    )
    response = rita_client.post(
        url("referral_still_needed", made.pk),
        {"checked_with": "Jo in the case team", "still_needed": "yes"} | when("checked_on", date(2026, 3, 1)),
        follow=True,
    )
    assert "back in matching" in message(response)
    made.refresh_from_db()
    assert made.status == ReferralStatus.MATCHING and made.still_needed_checked_with == "Jo in the case team"


def test_close_a_referral(rita_client, referrals_officer):
    made = referral(by=referrals_officer)
    response = rita_client.post(url("referral_close", made.pk), {"reason": "Family found another service"}, follow=True)
    done(response, url("referral_detail", made.pk))
    made.refresh_from_db()
    assert made.status == ReferralStatus.CLOSED and made.closed_reason == "Family found another service"
    refused(rita_client.post(url("referral_close", made.pk), {"reason": "Again"}), "REF-1")


def test_hand_over_to_the_households_officer__REF_4(rita_client, referrals_officer, household, officer):
    match = agreed_match(household=household, by=referrals_officer)
    page = rita_client.get(url("referral_hand_over", match.referral_id)).content.decode()
    assert 'value="Olivia Hughes (olivia)"' in page  # the chosen household's officer, typed in (issue 15)
    response = rita_client.post(
        url("referral_hand_over", match.referral_id),
        {"officer": "olivia hughes"} | when("on", date(2026, 1, 22)),
        follow=True,
    )
    assert "Handed over to Olivia Hughes." in message(response)
    match.referral.refresh_from_db()
    assert match.referral.handed_over_to == officer and match.referral.handed_over_on == date(2026, 1, 22)


# Matching and introductions ----------------------------------------------------------------------------


def test_find_carers_ranks_households_with_reasons_and_cautions__MAT_1(rita_client, referrals_officer):
    person = PersonFactory(preferred_area="Romsey", interests="gardening, football", pets="no_pets")
    made = funded_referral(person=person, by=referrals_officer)
    approved_household(name="The Good family", area="Romsey", interests="football, cooking")
    approved_household(name="The Pets family", area="Romsey", has_pets=True, pets="Two cats")
    approved_household(name="The Full family", approved_places=1)
    started_placement(household=approved_household(name="The Busy family", approved_places=1))
    response = rita_client.get(url("find_carers", made.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("The Good family") < page.index("The Full family") < page.index("The Pets family")
    assert "The Busy family" not in page  # no place free (CAR-1)
    assert "the person&#x27;s preferred area" in page and "Shared interests: football" in page
    assert "govuk-warning-text" in page and "the person cannot live with pets" in page
    assert page.count("Propose this match") == 3


def test_find_carers_costs_the_same_queries_for_one_household_or_many__MAT_1(rita_client, referrals_officer):
    """1 session, 2 user, 3-4 permissions, 5 the referral with its person, 6 the households offering the type, 7-9
    who they support (live-in, stays, day sessions), 10 the test app's sample occupants (tests/testapp registers an
    occupancy source), 11 the scheme policy's limit per household (CAR-1: once, not once a household), 12 the
    header's groups, 13 whether funding is agreed (REF-2)."""
    made = funded_referral(by=referrals_officer)
    count = assert_constant_queries(
        rita_client, url("find_carers", made.pk), lambda n: [approved_household() for _ in range(n)], at_most=13
    )
    assert count == 13


def test_find_carers_shows_the_best_30_of_many(rita_client, referrals_officer):
    made = funded_referral(by=referrals_officer)
    for n in range(32):
        approved_household(name=f"The Family {n:02d}")
    page = parsed(rita_client.get(url("find_carers", made.pk)))
    assert "The best 30 of 32 households with a place free." in page.text
    assert page.text.count("Propose this match") == 30


def test_propose_a_match_from_the_find_carers_page(rita_client, referrals_officer, household):
    made = funded_referral(by=referrals_officer)
    response = rita_client.post(
        url("propose_match", made.pk), {"household": household.pk, "why": "In Winchester"}, follow=True
    )
    page = done(response, url("referral_detail", made.pk))
    match = Match.objects.get()
    assert match.household == household and match.why_suggested == "In Winchester" and match.proposed_on == today()
    assert "Match proposed with The Okafor family" in page and "Record agreement" in page
    assert rita_client.get(url("propose_match", made.pk)).status_code == 405


def test_no_match_without_agreed_funding__REF_2(rita_client, referrals_officer, household):
    made = referral(by=referrals_officer)
    page = refused(rita_client.post(url("propose_match", made.pk), {"household": household.pk}), "REF-2")
    assert "Find carers" in page and not Match.objects.exists()


def test_proposing_a_household_that_is_not_there_shows_the_error(rita_client, referrals_officer):
    made = funded_referral(by=referrals_officer)
    response = rita_client.post(url("propose_match", made.pk), {"household": "999999"})
    assert response.status_code == 200 and ERROR_SUMMARY in response.content.decode()


def test_record_both_agreements__MAT_2(rita_client, referrals_officer, household):
    made = funded_referral(by=referrals_officer)
    match = services.propose_match(
        referral=made, household=household, proposed_on=date(2026, 1, 20), by=referrals_officer
    )
    response = rita_client.post(
        url("record_match_agreement", match.pk), when("carer_agreed_on", date(2026, 1, 21)), follow=True
    )
    assert "once both have agreed" in message(response)
    form = {"person_agreed_by": "Jo Bloggs (advocate)"} | when("person_agreed_on", date(2026, 1, 22))
    form |= when("carer_agreed_on", date(2026, 1, 21))
    response = rita_client.post(url("record_match_agreement", match.pk), form, follow=True)
    done(response, url("referral_detail", made.pk))
    assert "Both have agreed" in message(response)
    match.refresh_from_db()
    made.refresh_from_db()
    assert match.status == MatchStatus.AGREED and made.status == ReferralStatus.INTRODUCTIONS


def test_the_persons_agreement_says_who_agreed__MAT_2(rita_client, referrals_officer, household):
    made = funded_referral(by=referrals_officer)
    match = services.propose_match(
        referral=made, household=household, proposed_on=date(2026, 1, 20), by=referrals_officer
    )
    page = refused(
        rita_client.post(url("record_match_agreement", match.pk), when("person_agreed_on", date(2026, 1, 22))), "MAT-2"
    )
    assert 'id="id_person_agreed_by-error"' in page


def test_record_an_introduction_visit__MAT_3(rita_client, referrals_officer, household):
    match = agreed_match(household=household, by=referrals_officer)
    form = {"kind": "visit", "notes": "Tea and a walk"} | when("on", date(2026, 1, 23))
    response = rita_client.post(url("record_introduction", match.pk), form, follow=True)
    page = done(response, url("referral_detail", match.referral_id))
    assert "Visit on 23 January 2026 recorded." in page and "Tea and a walk" in page


def test_a_third_overnight_stay_asks_the_management_team__MAT_3(rita_client, referrals_officer, household):
    match = agreed_match(household=household, by=referrals_officer)
    overnight = {"kind": "overnight", "nights": "2"} | when("on", date(2026, 1, 24))
    rita_client.post(url("record_introduction", match.pk), overnight)
    third = {"kind": "overnight", "nights": "1"} | when("on", date(2026, 1, 28))
    page = refused(rita_client.post(url("record_introduction", match.pk), third), "MAT-3")
    assert 'id="id_extra_reason-error"' in page and "Only needed beyond the usual two overnight stays" in page
    response = rita_client.post(
        url("record_introduction", match.pk), third | {"extra_reason": "Anxious about moving"}, follow=True
    )
    page = done(response, url("referral_detail", match.referral_id))
    assert "Overnight stay recorded; asked the management team for 1 more night." in page
    request = ExtraIntroductionNights.objects.get()
    assert request.is_pending and request.submitted_by == referrals_officer
    # MAT-3: the overnight stays are under Introductions, the one beyond the allowance waiting for management
    introductions = page.split(">Introductions</dt>", 1)[1].split("</dd>", 1)[0]
    assert "Overnight stay on 24 Jan 2026, 2 nights" in introductions
    assert "Overnight stay on 28 Jan 2026, 1 night" in introductions and "Waiting for management" in introductions


def test_no_introduction_form_before_both_agree__MAT_2(rita_client, referrals_officer, household):
    """MAT-2: the page hides the form (and the referral page the link) until both have agreed; a post is refused."""
    made = funded_referral(by=referrals_officer)
    match = services.propose_match(
        referral=made, household=household, proposed_on=date(2026, 1, 20), by=referrals_officer
    )
    referral_page = rita_client.get(url("referral_detail", made.pk)).content.decode()
    assert url("record_introduction", match.pk) not in referral_page
    page = rita_client.get(url("record_introduction", match.pk)).content.decode()
    assert "Introductions start once the person (or their advocate) and the carer have both agreed" in page
    assert "Save introduction" not in page
    form = {"kind": "visit"} | when("on", date(2026, 1, 22))
    refused(rita_client.post(url("record_introduction", match.pk), form), "MAT-2")
    assert not match.introductions.exists()


def test_withdraw_a_match(rita_client, referrals_officer, household):
    match = agreed_match(household=household, by=referrals_officer)
    response = rita_client.post(
        url("withdraw_match", match.pk), {"reason": "The carer's circumstances changed"}, follow=True
    )
    page = done(response, url("referral_detail", match.referral_id))
    match.refresh_from_db()
    assert match.status == MatchStatus.WITHDRAWN and "Withdrawn because" in page


def _extra_nights_request(by, household):
    match = agreed_match(household=household, by=by)
    services.record_introduction(match=match, kind="overnight", on=date(2026, 1, 24), nights=2, by=by)
    return services.record_introduction(
        match=match, kind="overnight", on=date(2026, 1, 28), nights=1, extra_reason="Longer move", by=by
    )


def test_a_manager_decides_extra_introduction_nights__AUD_2(manager_client, referrals_officer, household):
    request = _extra_nights_request(referrals_officer, household)
    assert request.nights_requested == 1
    approvals = manager_client.get(reverse("approvals")).content.decode()
    assert url("decide_extra_nights", request.pk) in approvals
    page = manager_client.get(url("decide_extra_nights", request.pk)).content.decode()
    assert "Longer move" in page and "Save decision" in page
    response = manager_client.post(url("decide_extra_nights", request.pk), {"outcome": "agreed"}, follow=True)
    done(response, reverse("approvals"))
    request.refresh_from_db()
    assert request.outcome == "agreed"
    decided = manager_client.get(url("decide_extra_nights", request.pk)).content.decode()
    assert "Decided by" in decided and "Save decision" not in decided  # the decision instead of the form


def test_a_manager_cannot_decide_their_own_request__AUD_2(manager_client, manager, household):
    request = _extra_nights_request(manager, household)
    refused(manager_client.post(url("decide_extra_nights", request.pk), {"outcome": "agreed"}), "AUD-2")
    request.refresh_from_db()
    assert request.is_pending


def test_refusing_needs_a_reason__AUD_2(manager_client, referrals_officer, household):
    request = _extra_nights_request(referrals_officer, household)
    page = refused(manager_client.post(url("decide_extra_nights", request.pk), {"outcome": "refused"}), "AUD-2")
    assert 'id="id_decision_reason-error"' in page


# Starting a placement ----------------------------------------------------------------------------------


def test_start_a_live_in_placement(rita_client, referrals_officer, household):
    match = agreed_match(household=household, by=referrals_officer)
    page = rita_client.get(url("start_placement", match.referral_id)).content.decode()
    assert f'<option value="{match.pk}" selected>' in page and '<span class="app-rule">Rule FEE-4</span>' in page
    assert "Respite allocation" not in page and "Moving from" not in page
    form = {"match": match.pk, "person_known_to_carer": "on"} | when("starts_on", date(2026, 2, 2))
    form |= when("placement_agreement_signed_on", date(2026, 2, 2))
    response = rita_client.post(url("start_placement", match.referral_id), form, follow=True)
    placement = Placement.objects.get()
    page = done(response, url("placement_detail", placement.pk))
    assert (
        placement.person_known_to_carer and placement.new_to_shared_lives and placement.created_by == referrals_officer
    )
    assert placement.placement_agreement_signed_on == date(2026, 2, 2)
    assert "starts on 2 February 2026" in page


def test_start_form_takes_the_reference_of_a_request_already_sent__PLA_1(rita_client, referrals_officer, household):
    match = agreed_match(household=household, by=referrals_officer)
    page = rita_client.get(url("start_placement", match.referral_id)).content.decode()
    assert "New-provision request already sent to Brokerage on" in page and "Brokerage reference" in page
    form = {"match": match.pk, "provision_reference": "BRK-77"} | when("starts_on", date(2026, 2, 2))
    form |= when("provision_sent_on", date(2026, 1, 30))
    done(
        rita_client.post(url("start_placement", match.referral_id), form, follow=True),
        url("placement_detail", Placement.objects.get().pk),
    )
    request = Placement.objects.get().provision_requests.get()
    assert (request.submitted_on, request.reference) == (date(2026, 1, 30), "BRK-77")


def test_record_a_provision_request_sent_from_the_placement_page__PLA_1(officer_client, officer, household):
    placement = started_placement(household=household)
    request = placement.provision_requests.get()
    page = officer_client.get(url("placement_detail", placement.pk)).content.decode()
    assert "To be sent" in page and url("record_provision_sent", placement.pk, request.pk) in page
    response = officer_client.post(
        url("record_provision_sent", placement.pk, request.pk),
        {"reference": "BRK-8"} | when("sent_on", today()),
        follow=True,
    )
    page = done(response, url("placement_detail", placement.pk))
    assert "recorded as sent to Brokerage" in message(response) and "Reference BRK-8" in page
    refused(
        officer_client.post(url("record_provision_sent", placement.pk, request.pk), when("sent_on", today())), "PLA-1"
    )


def test_start_a_short_break_arrangement_with_its_allocation(rita_client, referrals_officer, household):
    match = agreed_match(household=household, kind="short_break", by=referrals_officer)
    assert "Respite allocation" in rita_client.get(url("start_placement", match.referral_id)).content.decode()
    form = {"match": match.pk, "respite_allocation_nights": "28"} | when("starts_on", date(2026, 4, 20))
    response = rita_client.post(url("start_placement", match.referral_id), form)
    placement = Placement.objects.get()
    assert response.status_code == 302 and placement.respite_allocation_nights == 28


def test_no_placement_without_agreed_funding__REF_2(rita_client, referrals_officer, household):
    made = referral(by=referrals_officer)
    match = Match.objects.create(
        referral=made,
        household=household,
        proposed_on=date(2026, 1, 20),
        proposed_by=referrals_officer,
        person_agreed_on=date(2026, 1, 20),
        person_agreed_by="The person",
        carer_agreed_on=date(2026, 1, 20),
        status=MatchStatus.AGREED,
    )
    form = {"match": match.pk} | when("starts_on", date(2026, 2, 2))
    refused(rita_client.post(url("start_placement", made.pk), form), "REF-2")
    assert not Placement.objects.exists()


def test_no_placement_without_both_agreements__MAT_2(rita_client, referrals_officer, household):
    made = funded_referral(by=referrals_officer)
    match = services.propose_match(
        referral=made, household=household, proposed_on=date(2026, 1, 20), by=referrals_officer
    )
    services.record_match_agreement(match=match, carer_agreed_on=date(2026, 1, 21), by=referrals_officer)
    page = rita_client.get(url("start_placement", made.pk)).content.decode()
    assert "not yet agreed by both" in page
    refused(
        rita_client.post(url("start_placement", made.pk), {"match": match.pk} | when("starts_on", date(2026, 2, 2))),
        "MAT-2",
    )
    assert not Placement.objects.exists()


def test_no_placement_in_a_full_household__CAR_1(rita_client, referrals_officer):
    full = approved_household(name="The Full family", approved_places=1)
    started_placement(household=full)
    match = agreed_match(household=full, by=referrals_officer)
    form = {"match": match.pk} | when("starts_on", date(2026, 3, 2))
    page = refused(rita_client.post(url("start_placement", match.referral_id), form), "CAR-1")
    assert "The Full family already supports 1 person" in page
    assert Placement.objects.filter(household=full).count() == 1


def test_one_live_in_placement_at_a_time_for_a_person__PLA_5(rita_client, referrals_officer, placement):
    match = agreed_match(
        person=placement.person, household=approved_household(name="The Other family"), by=referrals_officer
    )
    form = {"match": match.pk} | when("starts_on", date(2026, 3, 2))
    page = refused(rita_client.post(url("start_placement", match.referral_id), form), "PLA-5")
    assert "already lives with The Okafor family" in page
    assert Placement.objects.filter(person=placement.person).count() == 1


def test_an_internal_move_ends_the_old_placement__PLA_5(rita_client, referrals_officer, placement):
    match = agreed_match(
        person=placement.person, household=approved_household(name="The Other family"), by=referrals_officer
    )
    page = rita_client.get(url("start_placement", match.referral_id)).content.decode()
    assert "Moving from" in page and "Live-in with The Okafor family from 2 February 2026" in page
    form = {"match": match.pk, "moved_from": placement.pk, "move_reason": "carer_left"} | when(
        "starts_on", date(2026, 6, 1)
    )
    response = rita_client.post(url("start_placement", match.referral_id), form)
    assert response.status_code == 302
    placement.refresh_from_db()
    moved = placement.moved_to.get()
    assert placement.ends_on == date(2026, 5, 31) and placement.ending_reason == EndingReason.INTERNAL_MOVE
    assert not moved.new_to_shared_lives and moved.move_reason == "carer_left"


# The placements list, CSV and placement page -----------------------------------------------------------


def _short_break(household, by, starts_on=date(2026, 4, 20), **kwargs):
    match = agreed_match(referral=funded_referral(kind="short_break", by=by, **kwargs), household=household)
    return services.start_placement(
        referral=match.referral, match=match, starts_on=starts_on, respite_allocation_nights=28, by=by
    )


def test_placement_list_filters(officer_client, placement, referrals_officer, second_officer):
    other_household = approved_household(officer=second_officer, name="The Said family", offers_short_breaks=True)
    short = _short_break(other_household, referrals_officer)
    emergency = started_placement(emergency=True, starts_on=date(2026, 5, 4))
    listing = url("placement_list")
    everything = officer_client.get(listing).content.decode()
    assert "3 placements" in everything and "Download CSV" in everything
    by_kind = officer_client.get(listing, {"kind": "short_break"}).content.decode()
    assert escape(short.person.full_name) in by_kind and escape(placement.person.full_name) not in by_kind
    by_officer = officer_client.get(listing, {"officer": second_officer.pk}).content.decode()
    assert escape(short.person.full_name) in by_officer and escape(placement.person.full_name) not in by_officer
    by_household = officer_client.get(listing, {"household": placement.household_id}).content.decode()
    assert "1 placement<" in by_household and escape(placement.person.full_name) in by_household
    # A name or reference typed, not a list of every household: the list offers none as options.
    assert escape(other_household.name) not in everything.split("<table")[0]
    by_name = officer_client.get(listing, {"household_name": " said FAMILY "}).content.decode()
    assert "1 placement<" in by_name and escape(short.person.full_name) in by_name
    by_reference = officer_client.get(listing, {"household_name": other_household.reference.lower()}).content.decode()
    assert "1 placement<" in by_reference and escape(short.person.full_name) in by_reference
    only_emergency = officer_client.get(listing, {"emergency": "on"}).content.decode()
    assert escape(emergency.person.full_name) in only_emergency and "1 placement<" in only_emergency
    starting = officer_client.get(listing, when("starts_from", date(2026, 4, 1)) | when("starts_to", date(2026, 4, 30)))
    assert escape(short.person.full_name) in starting.content.decode() and "1 placement<" in starting.content.decode()


def test_placement_list_status_filter_current_on_notice_ended(officer_client, referrals_officer, household):
    current = started_placement(household=household, starts_on=date(2026, 2, 2))
    on_notice = started_placement(household=household, starts_on=date(2026, 2, 2))
    services.give_notice(
        placement=on_notice, given_by="person", reason="person_chooses", given_on=today(), by=referrals_officer
    )
    ended = started_placement(household=household, starts_on=date(2026, 2, 2))
    notice = services.give_notice(
        placement=ended, given_by="person", reason="person_chooses", given_on=date(2026, 6, 1), by=referrals_officer
    )
    services.record_move_out(notice=notice, moved_out_on=date(2026, 7, 1), by=referrals_officer)
    listing = url("placement_list")
    for status, expected in (("current", current), ("on_notice", on_notice), ("ended", ended)):
        page = officer_client.get(listing, {"status": status}).content.decode()
        assert "1 placement<" in page and escape(expected.person.full_name) in page, status
    ending = officer_client.get(listing, when("ends_from", date(2026, 7, 1)) | when("ends_to", date(2026, 7, 1)))
    assert escape(ended.person.full_name) in ending.content.decode() and "1 placement<" in ending.content.decode()


def test_placement_list_pagination_keeps_the_filters(officer_client, referrals_officer, household):
    for _ in range(26):
        _short_break(household, referrals_officer)
    first = officer_client.get(url("placement_list"), {"kind": "short_break"}).content.decode()
    assert "26 placements" in first and "Page 1 of 2" in first and "?kind=short_break&amp;page=2" in first


def test_placement_list_with_a_bad_date_filter_does_not_fail(officer_client, placement):
    response = officer_client.get(
        url("placement_list"), {"starts_from_day": "31", "starts_from_month": "2", "starts_from_year": "2026"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and ERROR_SUMMARY in page and "Enter a real date" in page
    assert officer_client.get(url("placement_export"), {"starts_from_day": "x"}).status_code == 200


def test_csv_export_has_the_filtered_placements(finance_client, placement, referrals_officer, household):
    _short_break(household, referrals_officer)
    response = finance_client.get(url("placement_export"), {"kind": "live_in"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["person"] == placement.person.full_name and row["household"] == "The Okafor family"
    assert row["officer"] == "Olivia Hughes" and row["type"] == "Live-in" and row["starts on"] == "2026-02-02"
    assert row["new to Shared Lives"] == "yes" and row["ends on"] == ""


def test_placement_page_shows_every_section(officer_client, placement):
    response = officer_client.get(url("placement_detail", placement.pk))
    page = response.content.decode()
    assert response.status_code == 200
    for heading in ("Summary", "Moving-day checklist", "Agreements", "Provision requests", "Notice and ending"):
        assert f">{heading}</h2>" in page, heading
    assert ">Housing benefit</h2>" in page and ">Fees</h2>" in page and ">History</h2>" in page
    assert "Fees and payment lines" in page and "Contacts and reviews</h2>" in page  # funding's and reviews' sections
    assert page.count('govuk-tag--red">Outstanding') == 5 and "5 items outstanding" in page
    assert "Due by 1 March 2026" in page and "Overdue" in page  # the 28-day review, not yet recorded
    assert "Give notice" in page and "Record moving-day checklist" in page and "End the arrangement" not in page


def test_finance_reads_the_placement_page_without_actions(finance_client, placement):
    page = finance_client.get(url("placement_detail", placement.pk)).content.decode()
    assert "Nothing to record." in page and "Give notice" not in page


def test_moving_day_checklist__PLA_3(officer_client, placement):
    form = {}
    for name in (
        "placement_agreement_signed_on",
        "licence_agreement_signed_on",
        "housing_benefit_applied_on",
        "all_about_me_shared_on",
        "case_note_flagged_on",
    ):
        form |= when(name, date(2026, 2, 2))
    response = officer_client.post(url("moving_day", placement.pk), form, follow=True)
    page = done(response, url("placement_detail", placement.pk))
    placement.refresh_from_db()
    assert placement.checklist_complete and placement.housing_benefit_claims.get().applied_on == date(2026, 2, 2)
    assert "Complete." in page and 'govuk-tag--red">Outstanding' not in page
    assert "Outstanding</strong> waiting" in page  # the housing benefit claim it opened (HB-1)


def test_a_moving_day_date_long_before_the_start_is_refused__PLA_3(officer_client, placement):
    refused(
        officer_client.post(url("moving_day", placement.pk), when("case_note_flagged_on", date(2025, 1, 1))), "PLA-3"
    )


def test_add_a_stay_to_a_short_break__RES_2(officer_client, referrals_officer, household):
    short = _short_break(household, referrals_officer)
    form = when("starts_on", date(2026, 5, 1)) | when("ends_on", date(2026, 5, 4))
    response = officer_client.post(url("add_stay", short.pk), form, follow=True)
    page = done(response, url("placement_detail", short.pk))
    stay = short.stays.get()
    assert stay.nights == 3 and stay.provision_request.kind == "new"
    assert ">Stays</h2>" in page and "3 nights." in page
    refused(officer_client.post(url("add_stay", short.pk), form), "RES-2")  # overlaps the first


def test_a_stay_in_a_full_household_is_refused__CAR_1(officer_client, referrals_officer):
    one_place = approved_household(name="The Small family", approved_places=1, offers_short_breaks=True)
    short = _short_break(one_place, referrals_officer)
    started_placement(household=one_place, starts_on=date(2026, 5, 1))
    form = when("starts_on", date(2026, 6, 1)) | when("ends_on", date(2026, 6, 3))
    refused(officer_client.post(url("add_stay", short.pk), form), "CAR-1")


def test_add_a_day_session__FEE_6(officer_client, referrals_officer, household):
    match = agreed_match(referral=funded_referral(kind="day_support", by=referrals_officer), household=household)
    day = services.start_placement(
        referral=match.referral, match=match, starts_on=date(2026, 4, 20), by=referrals_officer
    )
    form = {"block": "six_hours", "people_supported_together": "2"} | when("on", date(2026, 4, 21))
    response = officer_client.post(url("add_day_session", day.pk), form, follow=True)
    page = done(response, url("placement_detail", day.pk))
    assert day.day_sessions.get().people_supported_together == 2 and "Six hours" in page
    refused(officer_client.post(url("add_day_session", day.pk), form), "FEE-6")  # one session a day


def test_provision_request_anomaly_is_discussed_first__PLA_2(officer_client, placement, manager):
    form = {"kind": "new", "reason": "Placement start", "anomaly": "Self-funds the accommodation charge"}
    form |= when("effective_from", date(2026, 2, 2)) | when("submitted_on", date(2026, 2, 1))
    page = refused(officer_client.post(url("add_provision_request", placement.pk), form), "PLA-2")
    assert 'id="id_anomaly_discussed_with-error"' in page
    form |= {"anomaly_discussed_with": manager.pk} | when("anomaly_discussed_on", date(2026, 1, 30))
    response = officer_client.post(url("add_provision_request", placement.pk), form, follow=True)
    page = done(response, url("placement_detail", placement.pk))
    assert "Self-funds the accommodation charge" in page and "discussed with Maya Clarke" in page


def test_a_manager_authorises_a_provision_request__PLA_1(manager_client, placement, officer):
    request = services.submit_provision_request(
        placement=placement,
        kind="variation",
        reason="More support",
        effective_from=date(2026, 3, 1),
        submitted_on=date(2026, 2, 20),
        by=officer,
    )
    assert "Authorise" in manager_client.get(url("placement_detail", placement.pk)).content.decode()
    response = manager_client.post(
        url("authorise_provision_request", request.pk), when("on", date(2026, 2, 21)), follow=True
    )
    page = done(response, url("placement_detail", placement.pk))
    request.refresh_from_db()
    assert request.authorised_on == date(2026, 2, 21) and "21 Feb 2026 by Maya Clarke" in page


def test_nobody_authorises_their_own_provision_request__AUD_2(manager_client, placement, manager):
    request = services.submit_provision_request(
        placement=placement,
        kind="new",
        reason="Start",
        effective_from=date(2026, 2, 2),
        submitted_on=date(2026, 2, 1),
        by=manager,
    )
    refused(manager_client.post(url("authorise_provision_request", request.pk), when("on", date(2026, 2, 2))), "AUD-2")


# Notice and endings ------------------------------------------------------------------------------------


def test_give_notice_after_the_initial_period__END_2(officer_client, placement):
    form = {"given_by": "person", "reason": "person_chooses"} | when("given_on", date(2026, 6, 1))
    response = officer_client.post(url("give_notice", placement.pk), form, follow=True)
    page = done(response, url("placement_detail", placement.pk))
    assert "it ends on 27 July 2026" in page and "Record the move-out" in page and "Give notice" not in page


def test_notice_before_the_start_is_refused__END_1(officer_client, placement):
    form = {"given_by": "person", "reason": "person_chooses"} | when("given_on", date(2026, 1, 1))
    refused(officer_client.post(url("give_notice", placement.pk), form), "END-1")


def test_moved_out_before_notice_was_given_is_refused__END_2(officer_client, placement, officer):
    services.give_notice(
        placement=placement, given_by="person", reason="person_chooses", given_on=date(2026, 6, 1), by=officer
    )
    page = refused(officer_client.post(url("move_out", placement.pk), when("moved_out_on", date(2026, 5, 30))), "END-2")
    assert 'id="id_moved_out_on-error"' in page
    placement.refresh_from_db()
    assert placement.ends_on is None


def test_move_out_without_notice_is_refused__END_2(officer_client, placement):
    page = refused(officer_client.post(url("move_out", placement.pk), when("moved_out_on", date(2026, 5, 30))), "END-2")
    assert "Record the notice first." in page


def test_move_out_then_belongings_removed__END_6(officer_client, placement, officer):
    services.give_notice(
        placement=placement, given_by="person", reason="person_chooses", given_on=date(2026, 6, 1), by=officer
    )
    response = officer_client.post(url("move_out", placement.pk), when("moved_out_on", date(2026, 7, 1)), follow=True)
    page = done(response, url("placement_detail", placement.pk))
    assert "Record belongings removed" in page
    placement.refresh_from_db()
    assert placement.ends_on == date(2026, 7, 1) and placement.ending_reason == EndingReason.PERSON_LEFT
    refused(officer_client.post(url("belongings", placement.pk), when("removed_on", date(2026, 6, 30))), "END-6")
    response = officer_client.post(url("belongings", placement.pk), when("removed_on", date(2026, 7, 8)), follow=True)
    assert "Belongings removed on 8 July 2026." in done(response, url("placement_detail", placement.pk))


def test_carer_unable_to_care_needs_the_rent_decision__END_7(officer_client, placement, officer):
    services.give_notice(
        placement=placement, given_by="carer", reason="carer_unable", given_on=date(2026, 6, 1), by=officer
    )
    page = refused(officer_client.post(url("move_out", placement.pk), when("moved_out_on", date(2026, 6, 1))), "END-7")
    assert 'id="id_rent_decision-error"' in page


def test_exceptional_ending_payment_is_decided_by_another_manager__END_8(
    officer_client, client, placement, officer, manager
):
    form = {"given_by": "carer", "reason": "exceptional", "exceptional_ending": "died"} | when(
        "given_on", date(2026, 6, 1)
    )
    officer_client.post(url("give_notice", placement.pk), form)
    officer_client.post(url("move_out", placement.pk), when("moved_out_on", date(2026, 6, 1)))
    response = officer_client.post(url("admin_payment", placement.pk), {"reason": "Funeral arrangements"}, follow=True)
    assert "Asked the management team" in done(response, url("placement_detail", placement.pk))
    payment = AdminPaymentRequest.objects.get()
    client.force_login(manager)
    assert url("decide_admin_payment", payment.pk) in client.get(reverse("approvals")).content.decode()
    response = client.post(url("decide_admin_payment", payment.pk), {"outcome": "agreed"}, follow=True)
    done(response, reverse("approvals"))
    payment.refresh_from_db()
    placement.refresh_from_db()
    assert payment.outcome == "agreed" and payment.decided_by == manager
    assert placement.ending_reason == EndingReason.DIED


def test_a_manager_cannot_decide_a_payment_they_asked_for__AUD_2(manager_client, placement, manager):
    notice = services.give_notice(
        placement=placement,
        given_by="carer",
        reason="exceptional",
        exceptional_ending="safeguarding",
        given_on=date(2026, 6, 1),
        by=manager,
    )
    payment = services.request_admin_payment(notice=notice, reason="Packing belongings", by=manager)
    refused(manager_client.post(url("decide_admin_payment", payment.pk), {"outcome": "agreed"}), "AUD-2")


def test_an_arrangement_cannot_end_before_it_starts__END_2(officer_client, referrals_officer, household):
    short = _short_break(household, referrals_officer, starts_on=date(2026, 4, 20))
    page = refused(officer_client.post(url("end_arrangement", short.pk), when("ends_on", date(2026, 4, 1))), "END-2")
    assert 'id="id_ends_on-error"' in page
    response = officer_client.post(url("end_arrangement", short.pk), when("ends_on", date(2026, 10, 31)), follow=True)
    assert "The arrangement ends on 31 October 2026." in done(response, url("placement_detail", short.pk))


def test_a_live_in_placement_ends_through_notice__END_2(officer_client, placement):
    refused(officer_client.post(url("end_arrangement", placement.pk), when("ends_on", date(2026, 10, 31))), "END-2")


# Housing benefit ---------------------------------------------------------------------------------------


def test_housing_benefit_application_then_backdated_award__HB_3(officer_client, placement):
    response = officer_client.post(
        url("add_housing_benefit", placement.pk), when("applied_on", date(2026, 2, 2)), follow=True
    )
    done(response, url("placement_detail", placement.pk))
    claim = placement.housing_benefit_claims.get()
    refused(officer_client.post(url("add_housing_benefit", placement.pk), when("applied_on", date(2026, 2, 3))), "HB-1")
    form = (
        {"weekly_amount": "79.40"} | when("confirmed_on", date(2026, 4, 20)) | when("award_starts_on", date(2026, 2, 2))
    )
    response = officer_client.post(url("housing_benefit_award", claim.pk), form, follow=True)
    page = done(response, url("placement_detail", placement.pk))
    claim.refresh_from_db()
    assert claim.weekly_amount == Decimal("79.40") and isinstance(claim.weekly_amount, Decimal) and claim.backdated
    assert "£79.40 a week" in page and 'govuk-tag--orange">Backdated' in page and "£79.40" in page
    assert "remove the housing payment" in page  # the provision variation (HB-2)


def test_housing_benefit_award_amount_must_be_money__HB_2(officer_client, placement, officer):
    claim = services.record_housing_benefit_application(placement=placement, applied_on=date(2026, 2, 2), by=officer)
    dates = when("confirmed_on", date(2026, 3, 16)) | when("award_starts_on", date(2026, 3, 16))
    for bad in ("abc", "-5", "12.345"):
        response = officer_client.post(url("housing_benefit_award", claim.pk), dates | {"weekly_amount": bad})
        assert response.status_code == 200 and 'id="id_weekly_amount-error"' in response.content.decode(), bad
    refused(
        officer_client.post(
            url("housing_benefit_award", claim.pk),
            dates | when("confirmed_on", date(2026, 1, 1)) | {"weekly_amount": "10"},
        ),
        "HB-2",
    )
    claim.refresh_from_db()
    assert claim.outstanding


def test_housing_benefit_refused(officer_client, placement, officer):
    claim = services.record_housing_benefit_application(placement=placement, applied_on=date(2026, 2, 2), by=officer)
    response = officer_client.post(
        url("housing_benefit_refused", claim.pk), when("refused_on", date(2026, 3, 1)), follow=True
    )
    assert 'govuk-tag--red">Refused' in done(response, url("placement_detail", placement.pk))
    refused(officer_client.post(url("housing_benefit_refused", claim.pk), when("refused_on", date(2026, 3, 2))), "HB-2")


def test_outstanding_housing_benefit_with_days_waiting__HB_4(manager_client, placement, officer):
    services.record_housing_benefit_application(
        placement=placement, applied_on=today() - timedelta(days=40), by=officer
    )
    listing = manager_client.get(url("placement_list")).content.decode()
    assert url("housing_benefit_outstanding") in listing
    page = manager_client.get(url("housing_benefit_outstanding")).content.decode()
    assert escape(placement.person.full_name) in page and 'govuk-tag--orange">40<' in page and "1 waiting" in page


# Query counts (STYLE 8) --------------------------------------------------------------------------------


def test_referral_board_query_count_is_constant(rita_client, referrals_officer):
    """1 session, 2 user, 3-4 user and group permissions, 5 the count at each stage, 6 the oldest 25 at each stage
    with person, officer and agreed-funding count (queries.referral_board), 7 the extra introduction nights decided
    for the user in the last 14 days (MAT-3), 8 the user's groups (header)."""
    count = assert_constant_queries(
        rita_client,
        url("referral_board"),
        lambda n: [referral(by=referrals_officer) for _ in range(n)],
        at_most=8,
    )
    assert count == 8


def test_referral_board_shows_the_oldest_25_of_a_stage_and_its_own_page_the_rest(rita_client, referrals_officer):
    """A national scheme has hundreds of referrals open: the board shows the oldest 25 of each stage and links to
    the stage's own page, 25 a page, oldest first."""
    made = [referral(by=referrals_officer, received_on=date(2026, 1, 1) + timedelta(days=n)) for n in range(30)]
    board = rita_client.get(url("referral_board")).content.decode()
    assert board.count("/referrals/" + str(made[0].pk) + '/"') == 1
    assert f'/referrals/{made[24].pk}/"' in board and f'/referrals/{made[25].pk}/"' not in board
    assert "All 30 at received" in parsed(board).text
    stage = url("referral_stage", "received")
    first, second = rita_client.get(stage).content.decode(), rita_client.get(stage, {"page": 2}).content.decode()
    assert f'/referrals/{made[0].pk}/"' in first and f'/referrals/{made[25].pk}/"' not in first
    assert f'/referrals/{made[25].pk}/"' in second and f'/referrals/{made[29].pk}/"' in second
    assert "30 open referrals at this stage" in parsed(first).text
    assert rita_client.get(url("referral_stage", "placed")).status_code == 404


def test_referral_stage_query_count_is_constant(rita_client, referrals_officer):
    """1 session, 2 user, 3-4 permissions, 5 the count, 6 the page with person, officer and agreed-funding count,
    7 the user's groups (header)."""
    count = assert_constant_queries(
        rita_client,
        url("referral_stage", "received"),
        lambda n: [referral(by=referrals_officer) for _ in range(n)],
        at_most=7,
    )
    assert count == 7


def test_person_list_query_count_is_constant(rita_client):
    """1 session, 2 user, 3-4 permissions, 5 the count, 6 the user's groups (header), 7 the page of people,
    (the session is renewed once a minute, not on every page)."""
    count = assert_constant_queries(
        rita_client, url("person_list"), lambda n: [PersonFactory() for _ in range(n)], at_most=7
    )
    assert count == 7


def test_placement_list_query_count_is_constant(officer_client, referrals_officer, household):
    """1 session, 2 user, 3-4 permissions, 5 the count, 6 the user's groups (header), 7 the page with person,
    household, officer and notice. Officers and households are typed, not listed."""
    count = assert_constant_queries(
        officer_client,
        url("placement_list"),
        lambda n: [_short_break(household, referrals_officer) for _ in range(n)],
        at_most=7,
    )
    assert count == 7


def test_person_page_query_count_is_constant(rita_client, referrals_officer, household):
    """1 session, 2 user, 3-4 permissions, 5 the person; the timeline: 6 referrals, 7 their funding
    decisions, 8 their matches with households, 9 placements with households, 10 their notices;
    11 the user's groups (header), 12 the person's history. SG-6 adds two: how many
    safeguarding concerns and incidents there are, which a referrals officer may not read (safeguarding/sections.py)."""
    person = PersonFactory()

    def add_rows(n):
        for _ in range(n):
            _short_break(household, referrals_officer, person=person)

    count = assert_constant_queries(rita_client, url("person_detail", person.pk), add_rows, at_most=14)
    assert count == 14


def test_placement_page_query_count_is_constant(officer_client, placement, officer, manager):
    """1 session, 2 user, 3-4 permissions, 5 the placement with person, household, officer, referral,
    match, moved-from, notice, admin payment and creator (queries.placement_detail); prefetched 6 stays,
    7 day sessions, 8 provision requests, 9-11 who submitted, authorised and discussed them, 12 housing
    benefit claims, 13 withdrawn notices (END-2), 14 moved-to with households; 15 the scheme policy, 16 the
    household's carer agreement, 17 bandings (funding's Fees section), 18-19 contacts and reviews (reviews'
    section), 20 the user's groups (header), 21 the placement's history, 22 its housing benefit claims' history
    (one query for them all; a notice would add one more). SG-6 adds four (the
    Safeguarding and incidents section): the concerns and incidents the officer may read, and how many others."""

    def add_rows(n):
        for _ in range(n):
            request = services.submit_provision_request(
                placement=placement,
                kind="amendment",
                reason="Change",
                effective_from=date(2026, 3, 1),
                submitted_on=date(2026, 2, 20),
                anomaly="Self-funds the accommodation charge",
                anomaly_discussed_with=manager,
                anomaly_discussed_on=date(2026, 2, 19),
                by=officer,
            )
            services.authorise_provision_request(request, by=manager, on=date(2026, 2, 21))
            claim = services.record_housing_benefit_application(
                placement=placement, applied_on=date(2026, 2, 2), by=officer
            )
            services.refuse_housing_benefit(claim=claim, refused_on=date(2026, 3, 1), by=officer)

    count = assert_constant_queries(officer_client, url("placement_detail", placement.pk), add_rows, at_most=26)
    assert count == 26


def test_placement_export_query_count_is_constant(finance_client, referrals_officer, household):
    """1 session, 2 user, 3-4 permissions, 5 the placements with person, household, officer and notice,
    (the session is renewed once a minute, not here)."""
    count = assert_constant_queries(
        finance_client,
        url("placement_export"),
        lambda n: [_short_break(household, referrals_officer) for _ in range(n)],
        at_most=5,
    )
    assert count == 5
