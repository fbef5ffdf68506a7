"""Safeguarding concerns (SG-1, SG-5, SAFE-4, AUD-2): raised through the service and the pages; an allegation puts
the household on hold in the same step; reviewed, referred and closed by the management team, never by whoever
raised it; a hold is lifted only by the management team with a reason."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from carers.gates import under_safeguarding_hold
from carers.models import HouseholdStatus
from safeguarding import services
from safeguarding.models import RecordStatus, SafeguardingConcern
from sharedlives.errors import RuleViolation
from tests.pages import parsed, refused, when
from tests.querycount import assert_constant_queries
from tests.safeguarding.conftest import RAISED_ON

pytestmark = pytest.mark.django_db


def test_allegation_against_household_puts_it_on_safeguarding_hold__SAFE_4(officer, household, concern_kwargs):
    concern = services.raise_concern(allegation_against_household=True, by=officer, **concern_kwargs)
    household.refresh_from_db()
    assert under_safeguarding_hold(household)
    assert concern.hold_placed_on == RAISED_ON
    assert concern.household == household


def test_concern_not_an_allegation_holds_only_when_asked__SAFE_4(officer, household, concern_kwargs):
    services.raise_concern(by=officer, **concern_kwargs)
    household.refresh_from_db()
    assert household.status == HouseholdStatus.APPROVED
    concern = services.raise_concern(by=officer, put_on_hold=True, **concern_kwargs)
    household.refresh_from_db()
    assert under_safeguarding_hold(household) and concern.hold_placed_on == RAISED_ON


def test_second_allegation_keeps_the_hold_and_lifting_one_leaves_it__SAFE_4(
    officer, manager, household, concern_kwargs
):
    first = services.raise_concern(allegation_against_household=True, by=officer, **concern_kwargs)
    second = services.raise_concern(allegation_against_household=True, by=officer, **concern_kwargs)
    assert second.hold_placed_on is None  # already held by the first
    services.lift_hold(first, reason="Council enquiry found no case to answer.", by=manager)
    household.refresh_from_db()
    assert household.status == HouseholdStatus.APPROVED  # the second never placed a hold of its own


def test_only_management_lifts_a_hold_with_a_reason__SAFE_4(officer, manager, household, concern_kwargs):
    concern = services.raise_concern(allegation_against_household=True, by=officer, **concern_kwargs)
    with pytest.raises(RuleViolation) as refused_officer:
        services.lift_hold(concern, reason="Resolved", by=officer)
    assert refused_officer.value.rule == "SAFE-4"
    with pytest.raises(RuleViolation):
        services.lift_hold(concern, reason="  ", by=manager)
    services.lift_hold(concern, reason="Enquiry closed: unfounded.", by=manager)
    household.refresh_from_db()
    assert household.status == HouseholdStatus.APPROVED
    concern.refresh_from_db()
    assert concern.hold_lifted_by == manager and concern.hold_lift_reason == "Enquiry closed: unfounded."


def test_review_only_by_management_not_the_raiser__SG_5_AUD_2(officer, manager, second_manager, concern_kwargs):
    concern = services.raise_concern(by=officer, **concern_kwargs)
    with pytest.raises(RuleViolation) as not_manager:
        services.review_concern(concern, notes="Seen", by=officer)
    assert not_manager.value.rule == "SG-5"
    by_manager = services.raise_concern(by=manager, **concern_kwargs)
    with pytest.raises(RuleViolation) as own:
        services.review_concern(by_manager, notes="Seen", by=manager)
    assert own.value.rule == "AUD-2"
    reviewed = services.review_concern(by_manager, notes="Refer to the council today.", by=second_manager)
    assert reviewed.status == RecordStatus.REVIEWED and reviewed.reviewed_by == second_manager


def test_close_needs_review_referral_and_outcome_and_never_the_raiser__SG_5_SG_1(
    officer, manager, second_manager, concern_kwargs
):
    concern = services.raise_concern(by=manager, **concern_kwargs)
    with pytest.raises(RuleViolation) as unreviewed:
        services.close_concern(concern, by=second_manager)
    assert unreviewed.value.rule == "SG-5"
    services.review_concern(concern, notes="Refer.", by=second_manager)
    with pytest.raises(RuleViolation) as no_referral:
        services.close_concern(concern, by=second_manager)
    assert no_referral.value.rule == "SG-1"
    services.record_council_referral(concern, referred_on=RAISED_ON, reference="HCC-SG-1", by=officer)
    with pytest.raises(RuleViolation):
        services.close_concern(concern, by=second_manager)  # no outcome yet
    services.record_outcome(concern, outcome="Enquiry: no further action.", lessons_learned="", by=officer)
    with pytest.raises(RuleViolation) as own:
        services.close_concern(concern, by=manager)
    assert own.value.rule == "AUD-2"
    closed = services.close_concern(concern, by=second_manager, closed_on=RAISED_ON + timedelta(days=30))
    assert closed.status == RecordStatus.CLOSED and closed.closed_by == second_manager


def test_not_referring_is_the_management_teams_decision__SG_1(officer, manager, concern_kwargs):
    concern = services.raise_concern(by=officer, **concern_kwargs)
    with pytest.raises(RuleViolation):
        services.record_council_referral(concern, no_referral_reason="Below threshold", by=officer)
    services.record_council_referral(concern, no_referral_reason="Below the council's threshold.", by=manager)
    with pytest.raises(RuleViolation):
        services.record_council_referral(concern, referred_on=RAISED_ON - timedelta(days=1), by=officer)


def test_recorded_in_error_needs_the_hold_lifted_first__SAFE_4(officer, manager, concern_kwargs):
    concern = services.raise_concern(allegation_against_household=True, by=officer, **concern_kwargs)
    with pytest.raises(RuleViolation):
        services.mark_recorded_in_error(concern, reason="Wrong person", by=manager)
    services.lift_hold(concern, reason="Raised against the wrong household.", by=manager)
    marked = services.mark_recorded_in_error(concern, reason="Wrong person", by=manager)
    assert marked.recorded_in_error and SafeguardingConcern.objects.filter(pk=concern.pk).exists()


# Pages ---------------------------------------------------------------------------------------------------------


def _form(placement, **extra):
    return {
        "placement": str(placement.pk),
        "allegation_against_household": "yes",
        **when("raised_on", RAISED_ON),
        "category": "physical",
        "description": "Bruising on the person's arm.",
        "immediate_actions": "The person is safe with their sister.",
        **extra,
    }


def test_raising_an_allegation_on_the_page_holds_the_household_and_offers_the_visit__SAFE_4_REV_6(
    client, officer, household, placement
):
    client.force_login(officer)
    url = reverse("safeguarding:raise_concern", args=[placement.person_id]) + f"?household={household.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert f'value="{placement.pk}" selected' in page.content.decode()
    response = client.post(url, _form(placement), follow=True)
    concern = SafeguardingConcern.objects.get()
    assert response.redirect_chain[-1][0] == reverse("safeguarding:concern_detail", args=[concern.pk])
    text = parsed(response).text
    assert "is on hold" in text
    links = dict(parsed(response).links)
    assert links["Record the short-notice visit (REV-6)"] == (
        reverse("reviews:record_review", args=[household.pk]) + "?kind=short_notice"
    )
    household.refresh_from_db()
    assert under_safeguarding_hold(household)


def test_missing_immediate_actions_is_refused_on_the_page__SG_1(client, officer, placement):
    client.force_login(officer)
    url = reverse("safeguarding:raise_concern", args=[placement.person_id])
    refused(client.post(url, _form(placement, immediate_actions="")), "SG-1")
    assert not SafeguardingConcern.objects.exists()


def test_manager_reviews_refers_records_outcome_and_closes_on_the_pages__SG_5(client, officer, manager, concern_kwargs):
    concern = services.raise_concern(allegation_against_household=True, by=officer, **concern_kwargs)
    client.force_login(manager)
    steps = [
        ("concern_review", {"notes": "Refer to the council today."}),
        ("concern_referral", {**when("referred_on", RAISED_ON), "reference": "HCC-123"}),
        ("concern_outcome", {"outcome": "No further action.", "lessons_learned": "Moving and handling training."}),
        ("concern_lift_hold", {"reason": "Enquiry found no case to answer."}),
        ("concern_close", {}),
    ]
    for name, data in steps:
        response = client.post(reverse(f"safeguarding:{name}", args=[concern.pk]), data)
        assert response.status_code == 302, (name, parsed(response).text[:400])
    concern.refresh_from_db()
    assert concern.status == RecordStatus.CLOSED and concern.council_reference == "HCC-123"
    assert concern.household.status == HouseholdStatus.APPROVED


def test_officer_who_raised_cannot_review_by_url__AUD_2(client, officer, concern_kwargs):
    concern = services.raise_concern(by=officer, **concern_kwargs)
    client.force_login(officer)
    assert client.get(reverse("safeguarding:concern_review", args=[concern.pk])).status_code == 403


def test_concern_list_queries_do_not_grow_with_rows(client, manager, officer, concern_kwargs):
    client.force_login(manager)
    # session, user, permissions (2), is a manager (SG-6), count, navigation groups, the page (person, household,
    # raiser), and the session renewed (3)
    assert_constant_queries(
        client,
        reverse("safeguarding:concern_list"),
        lambda n: [services.raise_concern(by=officer, **concern_kwargs) for _ in range(n)],
        at_most=11,
    )


def test_concern_detail_queries(client, manager, officer, concern_kwargs, django_assert_max_num_queries):
    concern = services.raise_concern(allegation_against_household=True, by=officer, **concern_kwargs)
    client.force_login(manager)
    # + 1 for the "Notify the CQC" panel (SG-4): the concern's notifications
    with django_assert_max_num_queries(13):
        assert client.get(reverse("safeguarding:concern_detail", args=[concern.pk])).status_code == 200


def test_raised_on_cannot_be_in_the_future__SG_1(client, officer, placement):
    client.force_login(officer)
    url = reverse("safeguarding:raise_concern", args=[placement.person_id])
    response = client.post(url, _form(placement, **when("raised_on", date(2099, 1, 1))))
    assert response.status_code == 200 and not SafeguardingConcern.objects.exists()


# From a contact (SG-1) -------------------------------------------------------------------------------------------


def test_contact_with_a_concern_becomes_a_safeguarding_concern_carrying_its_text__SG_1(
    client, officer, placement, concern_contact
):
    contact = concern_contact("The person said the carer shouts at them at night.")
    client.force_login(officer)
    activity = parsed(client.get(reverse("reviews:placement_activity", args=[placement.pk])))
    url = reverse("reviews:contact_to_concern", args=[contact.pk])
    assert url in dict(activity.links).values()
    form = client.get(url).content.decode()
    assert "The person said the carer shouts at them at night." in form
    data = _form(placement, description="The person said the carer shouts at them at night.", category="psychological")
    response = client.post(url, data)
    concern = SafeguardingConcern.objects.get()
    assert response.status_code == 302 and response.url == reverse("safeguarding:concern_detail", args=[concern.pk])
    contact.refresh_from_db()
    assert contact.safeguarding_concern == concern and concern.hold_placed_on is not None
    assert client.get(url).url == response.url  # raised once: the link now leads to the concern


def test_household_contact_asks_who_the_concern_is_about__SG_1(client, officer, household, placement):
    from reviews import services as review_services

    contact = review_services.log_contact(
        household=household, method="phone", summary="Neighbour worried.", concern_raised=True, by=officer
    )
    client.force_login(officer)
    url = reverse("reviews:contact_to_concern", args=[contact.pk])
    chooser = parsed(client.get(url))
    assert "Who is the concern about?" in chooser.text
    assert dict(chooser.links)[placement.person.full_name] == f"?person={placement.person_id}"
    assert client.get(f"{url}?person={placement.person_id}").status_code == 200


# A safeguarding removal (END-8) ----------------------------------------------------------------------------------


def test_safeguarding_removal_links_to_its_concern_and_the_payment_decision__END_8(
    client, officer, manager, placement, concern_kwargs, exceptional_ending
):
    from placements.services import request_admin_payment

    concern = services.raise_concern(allegation_against_household=True, by=officer, **concern_kwargs)
    client.force_login(officer)
    before = parsed(client.get(reverse("safeguarding:concern_detail", args=[concern.pk])))
    assert "Link the placement ending (END-8)" not in dict(before.links)  # no safeguarding removal yet
    ending = exceptional_ending("safeguarding", RAISED_ON)
    client.force_login(officer)
    detail = parsed(client.get(reverse("safeguarding:concern_detail", args=[concern.pk])))
    assert dict(detail.links)["Link the placement ending (END-8)"] == reverse(
        "safeguarding:concern_ending", args=[concern.pk]
    )
    response = client.post(reverse("safeguarding:concern_ending", args=[concern.pk]), {"ending": str(ending.pk)})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.ending == ending
    detail = parsed(client.get(reverse("safeguarding:concern_detail", args=[concern.pk])))
    assert dict(detail.links)["ask for the administrative payment to the carer"] == reverse(
        "placements:admin_payment", args=[placement.pk]
    )
    payment = request_admin_payment(notice=ending, reason="Packing and handover", by=officer)
    client.force_login(manager)
    detail = parsed(client.get(reverse("safeguarding:concern_detail", args=[concern.pk])))
    assert reverse("placements:decide_admin_payment", args=[payment.pk]) in dict(detail.links).values()


def test_only_a_safeguarding_removal_links_to_a_concern__END_8(officer, placement, concern_kwargs):
    from placements.services import give_notice

    concern = services.raise_concern(by=officer, **concern_kwargs)
    ending = give_notice(
        placement=placement, given_by="person", reason="person_chooses", given_on=RAISED_ON, by=officer
    )
    with pytest.raises(RuleViolation) as refused_:
        services.link_ending(concern, ending=ending, by=officer)
    assert refused_.value.rule == "END-8"


def test_allegation_about_an_applicant_household_is_recorded_without_a_hold__SAFE_4(officer, concern_kwargs):
    from tests.carers.factories import HouseholdFactory

    applicant = HouseholdFactory()
    kwargs = {**concern_kwargs, "placement": None}
    concern = services.raise_concern(household=applicant, allegation_against_household=True, by=officer, **kwargs)
    applicant.refresh_from_db()
    assert concern.pk and concern.hold_placed_on is None and applicant.status == HouseholdStatus.APPLICANT


def test_an_officer_cannot_lift_a_safeguarding_hold_from_the_household_page__SAFE_4(
    client, officer, household, concern_kwargs
):
    services.raise_concern(allegation_against_household=True, by=officer, **concern_kwargs)
    client.force_login(officer)
    refused(client.post(reverse("carers:household_resume", args=[household.pk]), {"reason": "Sorted"}), "SAFE-4")
    household.refresh_from_db()
    assert under_safeguarding_hold(household)
