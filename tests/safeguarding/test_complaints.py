"""Complaints, concerns and compliments (SG-3): recorded, acknowledged and answered within the scheme's working-day
limits (3 and 20 by default, SchemePolicy), with outcome and learning, escalated to the council or the Ombudsman;
reviewed and closed by the management team, not by whoever recorded it (SG-5, AUD-2); read per SG-6."""

from datetime import date

import pytest
from django.urls import reverse

from reviews import compliance, queries
from reviews.compliance import DUE_SOON, OVERDUE, UPCOMING
from safeguarding import complaints, deadlines
from safeguarding.models import Complaint, EscalatedTo, RecordStatus
from sharedlives.errors import RuleViolation
from sharedlives.models import SchemePolicy
from tests.pages import parsed, refused, when
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)  # acknowledgement due Thursday 5 March, response due Monday 30 March
MAUNDY_THURSDAY = date(2026, 4, 2)  # Good Friday 3 April and Easter Monday 6 April are bank holidays


def _complaint(by, placement=None, *, kind="complaint", received_on=MONDAY, **fields):
    return complaints.record_complaint(
        kind=kind,
        from_whom=fields.pop("from_whom", "family"),
        from_name=fields.pop("from_name", "Ann Jones (sister)"),
        about=fields.pop("about", "Visits home were cancelled twice without notice."),
        received_on=received_on,
        placement=placement,
        by=by,
        **fields,
    )


# Deadlines at their boundaries (SG-3) ----------------------------------------------------------------------------


def test_deadlines_count_working_days_from_receipt__SG_3():
    assert deadlines.acknowledgement_due(MONDAY, 3) == date(2026, 3, 5)
    assert deadlines.response_due(MONDAY, 20) == date(2026, 3, 30)
    friday = date(2026, 3, 6)
    assert deadlines.acknowledgement_due(friday, 3) == date(2026, 3, 11)  # the weekend does not count


def test_deadlines_skip_the_easter_bank_holidays__SG_3():
    # Thursday 2 April: Good Friday and Easter Monday do not count, so 3 working days is Thursday 9 April
    assert deadlines.acknowledgement_due(MAUNDY_THURSDAY, 3) == date(2026, 4, 9)
    assert deadlines.response_due(MAUNDY_THURSDAY, 20) == date(2026, 5, 5)  # and the early May bank holiday


def _facts(**overrides):
    return compliance.ComplaintFacts(
        **{
            "complaint_id": 1,
            "household_id": 2,
            "household_name": "The Okafor family",
            "officer_id": 3,
            "person_name": "Sam Jones",
            "placement_id": None,
            "kind_label": "Complaint",
            "received_on": MONDAY,
            "acknowledged_on": None,
            "responded_on": None,
            **overrides,
        }
    )


def _acknowledgement(obligations):
    return next(o for o in obligations if o.what.endswith("acknowledgement"))


@pytest.mark.parametrize(
    ("today", "status"),
    [(date(2026, 3, 4), DUE_SOON), (date(2026, 3, 5), DUE_SOON), (date(2026, 3, 6), OVERDUE)],
    ids=["working day before", "on the day", "working day after"],
)
def test_acknowledgement_due_on_the_third_working_day__SG_3(today, status):
    found = _acknowledgement(compliance.complaint_obligations(_facts(), today))
    assert (found.rule, found.due_on, found.status) == ("SG-3", date(2026, 3, 5), status)


@pytest.mark.parametrize(
    ("today", "status"),
    [(date(2026, 4, 8), DUE_SOON), (date(2026, 4, 9), DUE_SOON), (date(2026, 4, 10), OVERDUE)],
    ids=["working day before", "on the day", "working day after"],
)
def test_acknowledgement_across_easter_bank_holidays__SG_3(today, status):
    found = _acknowledgement(compliance.complaint_obligations(_facts(received_on=MAUNDY_THURSDAY), today))
    assert (found.due_on, found.status) == (date(2026, 4, 9), status)


@pytest.mark.parametrize(
    ("today", "status"),
    [(date(2026, 3, 27), DUE_SOON), (date(2026, 3, 30), DUE_SOON), (date(2026, 3, 31), OVERDUE)],
    ids=["working day before (Friday)", "on the day (Monday)", "working day after"],
)
def test_response_due_on_the_twentieth_working_day__SG_3(today, status):
    found = compliance.complaint_obligations(_facts(acknowledged_on=MONDAY), today)
    assert [(o.what, o.due_on, o.status) for o in found] == [("Complaint: response", date(2026, 3, 30), status)]


def test_the_policys_working_days_set_the_deadlines__SG_3(officer, placement):
    policy = SchemePolicy.current()
    policy.complaint_acknowledgement_days, policy.complaint_response_days = 5, 10
    policy.save()
    complaint = _complaint(officer, placement)
    due = complaints.complaint_deadlines(complaint)
    assert (due.acknowledge_by, due.respond_by) == (date(2026, 3, 9), date(2026, 3, 16))


def test_open_complaints_are_in_the_compliance_engine_until_answered__SG_3(officer, placement):
    complaint = _complaint(officer, placement)
    found = [o for o in queries.obligations(officer=officer, on=date(2026, 3, 6)) if o.rule == "SG-3"]
    assert [(o.what, o.status) for o in found] == [
        ("Complaint: acknowledgement", OVERDUE),
        ("Complaint: response", UPCOMING),
    ]
    complaints.respond_to_complaint(
        complaint, response="Apologised.", outcome="upheld", responded_on=date(2026, 3, 6), by=officer
    )
    assert not [o for o in queries.obligations(officer=officer, on=date(2026, 3, 9)) if o.rule == "SG-3"]


def test_compliments_have_no_deadlines__SG_3(officer, placement):
    compliment = _complaint(officer, placement, kind="compliment", about="The carer made the birthday special.")
    assert complaints.complaint_deadlines(compliment) == complaints.ComplaintDeadlines(None, None)
    assert not [o for o in queries.obligations(officer=officer, on=date(2026, 6, 1)) if o.rule == "SG-3"]
    with pytest.raises(RuleViolation):
        complaints.acknowledge_complaint(compliment, by=officer)


# The steps (SG-3, SG-5, AUD-2) -----------------------------------------------------------------------------------


def test_acknowledge_respond_escalate__SG_3(officer, placement):
    complaint = _complaint(officer, placement)
    assert complaints.complaint_stage(complaint) == "Received"
    with pytest.raises(RuleViolation) as early:
        complaints.acknowledge_complaint(complaint, acknowledged_on=date(2026, 3, 1), by=officer)
    assert early.value.field == "acknowledged_on"
    complaint = complaints.acknowledge_complaint(complaint, acknowledged_on=date(2026, 3, 3), by=officer)
    assert complaints.complaint_stage(complaint) == "Acknowledged"
    with pytest.raises(RuleViolation) as not_answered:
        complaints.escalate_complaint(complaint, escalated_to=EscalatedTo.COUNCIL, by=officer)
    assert not_answered.value.rule == "SG-3"
    with pytest.raises(RuleViolation) as no_outcome:
        complaints.respond_to_complaint(complaint, response="We apologised.", outcome="", by=officer)
    assert no_outcome.value.field == "outcome"
    complaints.respond_to_complaint(
        complaint,
        response="We apologised; visits are now in the diary.",
        outcome="partly",
        learning="Visits home are planned a month ahead.",
        responded_on=date(2026, 3, 20),
        by=officer,
    )
    complaints.escalate_complaint(complaint, escalated_to=EscalatedTo.COUNCIL, escalated_on=date(2026, 3, 25), by=officer)
    complaints.escalate_complaint(
        complaint, escalated_to=EscalatedTo.OMBUDSMAN, escalated_on=date(2026, 4, 20), by=officer
    )
    complaint.refresh_from_db()
    assert (complaint.outcome, complaint.escalated_to, complaints.complaint_stage(complaint)) == (
        "partly",
        "ombudsman",
        "Escalated",
    )
    assert complaint.history.count() == 5


def test_a_response_before_any_acknowledgement_acknowledges_it__SG_3(officer, placement):
    complaint = complaints.respond_to_complaint(
        _complaint(officer, placement), response="Sorted.", outcome="upheld", responded_on=MONDAY, by=officer
    )
    assert complaint.acknowledged_on == MONDAY


def test_reviewed_and_closed_by_management_not_by_who_recorded_it__SG_5_AUD_2(
    officer, manager, second_manager, placement
):
    complaint = _complaint(manager, placement)
    with pytest.raises(RuleViolation) as by_officer:
        complaints.review_complaint(complaint, notes="Seen", by=officer)
    assert by_officer.value.rule == "SG-5"
    with pytest.raises(RuleViolation) as own:
        complaints.review_complaint(complaint, notes="Seen", by=manager)
    assert own.value.rule == "AUD-2"
    complaints.review_complaint(complaint, notes="Handled well.", by=second_manager)
    with pytest.raises(RuleViolation) as unanswered:
        complaints.close_complaint(complaint, by=second_manager)
    assert unanswered.value.rule == "SG-3"
    complaints.respond_to_complaint(complaint, response="Apologised.", outcome="not_upheld", by=manager)
    with pytest.raises(RuleViolation) as own_close:
        complaints.close_complaint(complaint, by=manager)
    assert own_close.value.rule == "AUD-2"
    closed = complaints.close_complaint(complaint, by=second_manager)
    assert closed.status == RecordStatus.CLOSED and closed.closed_by == second_manager
    with pytest.raises(RuleViolation):
        complaints.acknowledge_complaint(closed, by=manager)


def test_a_compliment_is_reviewed_and_closed_without_a_response__SG_3(officer, manager, placement):
    compliment = _complaint(officer, placement, kind="compliment", about="Thank you to the carer.")
    complaints.review_complaint(compliment, notes="Shared with the carer.", by=manager)
    assert complaints.close_complaint(compliment, by=manager).status == RecordStatus.CLOSED


def test_anonymous_keeps_no_name__SG_3(officer):
    complaint = _complaint(officer, from_whom="anonymous", from_name="Someone")
    assert complaint.from_name == "" and complaint.person is None


def test_received_on_cannot_be_in_the_future__SG_3(officer):
    with pytest.raises(RuleViolation) as future:
        _complaint(officer, received_on=date(2099, 1, 1))
    assert future.value.field == "received_on"


# Pages ------------------------------------------------------------------------------------------------------------


def test_record_from_a_persons_page_and_see_the_deadlines__SG_3(client, officer, placement):
    client.force_login(officer)
    url = reverse("safeguarding:record_complaint") + f"?person={placement.person_id}"
    response = client.post(
        url,
        {
            "kind": "complaint",
            "from_whom": "family",
            "from_name": "Ann Jones",
            "about": "Visits home cancelled.",
            "placement": str(placement.pk),
            **when("received_on", MONDAY),
        },
        follow=True,
    )
    complaint = Complaint.objects.get()
    assert complaint.person == placement.person and complaint.household == placement.household
    deadlines_text = parsed(response, "deadlines").text
    assert "Acknowledge by 5 Mar 2026" in deadlines_text and "Respond by 30 Mar 2026" in deadlines_text


def test_respond_on_the_page_without_an_outcome_is_refused__SG_3(client, officer, placement):
    complaint = _complaint(officer, placement)
    client.force_login(officer)
    url = reverse("safeguarding:complaint_respond", args=[complaint.pk])
    refused(client.post(url, {"response": "Sorry", **when("responded_on", MONDAY)}), "SG-3")


def test_escalating_before_the_response_is_refused_on_the_page__SG_3(client, officer, placement):
    complaint = _complaint(officer, placement)
    client.force_login(officer)
    url = reverse("safeguarding:complaint_escalate", args=[complaint.pk])
    refused(client.post(url, {"escalated_to": "council", **when("escalated_on", MONDAY)}), "SG-3")


def test_officer_cannot_read_another_officers_complaint_by_url__SG_6(client, second_officer, officer, placement):
    complaint = _complaint(officer, placement)  # officer is the household's officer and recorded it
    client.force_login(second_officer)
    for name in ("complaint_detail", "complaint_acknowledge", "complaint_respond", "complaint_escalate"):
        assert client.get(reverse(f"safeguarding:{name}", args=[complaint.pk])).status_code == 404, name
    response = client.post(
        reverse("safeguarding:complaint_acknowledge", args=[complaint.pk]), when("acknowledged_on", MONDAY)
    )
    assert response.status_code == 404
    complaint.refresh_from_db()
    assert complaint.acknowledged_on is None
    assert "Visits home" not in client.get(reverse("safeguarding:complaint_list")).content.decode()


def test_household_officer_reads_a_complaint_someone_else_recorded__SG_6(client, officer, manager, placement):
    complaint = _complaint(manager, placement)
    client.force_login(officer)
    assert client.get(reverse("safeguarding:complaint_detail", args=[complaint.pk])).status_code == 200


def test_complaint_list_queries_do_not_grow_with_rows(client, manager, officer, placement):
    client.force_login(manager)
    # session, user, permissions (2), is a manager (SG-6), the policy, count, the page, navigation groups, and the
    # session renewed (3)
    assert_constant_queries(
        client,
        reverse("safeguarding:complaint_list"),
        lambda n: [_complaint(officer, placement) for _ in range(n)],
        at_most=13,
    )


def test_person_page_links_to_recording_a_complaint__SG_3(client, officer, referrals_officer, placement):
    client.force_login(officer)
    links = parsed(client.get(reverse("placements:person_detail", args=[placement.person_id]))).links
    url = f"{reverse('safeguarding:record_complaint')}?person={placement.person_id}"
    assert any(href == url for _, href in links)
    client.force_login(referrals_officer)
    links = parsed(client.get(reverse("placements:person_detail", args=[placement.person_id]))).links
    assert not any(href == url for _, href in links)


# From a contact (SG-5: a contact with a concern raised becomes a complaint or concern in one step) -----------------


def test_contact_with_a_concern_becomes_a_complaint_carrying_its_date_and_text__SG_3(
    client, officer, household, placement, concern_contact
):
    contact = concern_contact("The person's sister says the carer's son's music keeps them awake.", method="phone")
    client.force_login(officer)
    activity = parsed(client.get(reverse("reviews:placement_activity", args=[placement.pk])))
    url = reverse("reviews:contact_to_complaint", args=[contact.pk])
    assert url in dict(activity.links).values()
    form = parsed(client.get(url)).text
    assert "The person's sister says the carer's son's music keeps them awake." in form
    received = contact.occurred_at.date()
    data = {"kind": "concern", "from_whom": "family", "from_name": "Ann", "placement": placement.pk}
    data |= {"about": "The person's sister says the carer's son's music keeps them awake."}
    response = client.post(url, data | when("received_on", received))
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response.url == reverse("safeguarding:complaint_detail", args=[complaint.pk])
    assert (complaint.household, complaint.person, complaint.received_on) == (household, placement.person, received)


def test_only_a_contact_with_a_concern_raised_becomes_a_complaint__SG_3(client, officer, household):
    from reviews import services as review_services

    contact = review_services.log_contact(household=household, method="phone", summary="A routine call.", by=officer)
    client.force_login(officer)
    assert client.get(reverse("reviews:contact_to_complaint", args=[contact.pk])).status_code == 404
