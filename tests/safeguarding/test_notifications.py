"""Statutory notifications to the CQC (SG-4): prompted when a concern, incident or ending qualifies (death, serious
injury, abuse or allegation, police incident, events stopping safe running); due without delay, the next working day;
the record keeps what was sent, when and by whom; in the compliance engine until sent (SG-5); read per SG-6."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews import compliance, queries
from reviews.compliance import DUE_SOON, OVERDUE
from safeguarding import complaints, deadlines, services
from safeguarding.models import StatutoryNotification
from sharedlives.errors import RuleViolation
from tests.pages import parsed, refused, when

pytestmark = pytest.mark.django_db

FRIDAY = date(2026, 3, 6)
MAUNDY_THURSDAY = date(2026, 4, 2)


@pytest.fixture
def concern(officer, concern_kwargs):
    return services.raise_concern(by=officer, **concern_kwargs)  # physical abuse, raised Monday 2 March


def _incident(placement, by, **fields):
    return services.record_incident(
        person=placement.person,
        placement=placement,
        occurred_at=timezone.make_aware(datetime(2026, 3, 5, 10, 0)),
        location="The bathroom",
        people_involved="The person",
        what_happened="Fell in the shower.",
        by=by,
        **fields,
    )


def test_due_the_next_working_day__SG_4():
    assert deadlines.notification_due(date(2026, 3, 2)) == date(2026, 3, 3)
    assert deadlines.notification_due(FRIDAY) == date(2026, 3, 9)  # over the weekend
    assert deadlines.notification_due(MAUNDY_THURSDAY) == date(2026, 4, 7)  # over Good Friday and Easter Monday


def _facts(due_on):
    return compliance.NotificationFacts(
        notification_id=1,
        household_id=2,
        household_name="The Okafor family",
        officer_id=3,
        person_name="Sam Jones",
        kind_label="Serious injury",
        due_on=due_on,
    )


@pytest.mark.parametrize(
    ("today", "status"),
    [(date(2026, 4, 6), DUE_SOON), (date(2026, 4, 7), DUE_SOON), (date(2026, 4, 8), OVERDUE)],
    ids=["the day before (Easter Monday)", "on the day", "the working day after"],
)
def test_not_sent_is_overdue_after_the_next_working_day__SG_4(today, status):
    found = compliance.notification_obligation(_facts(deadlines.notification_due(MAUNDY_THURSDAY)), today)
    assert (found.rule, found.due_on, found.status, found.responsible) == ("SG-4", date(2026, 4, 7), status, "management")


def test_what_qualifies__SG_4(officer, placement, concern):
    assert complaints.concern_prompt(concern).kind == "abuse"
    assert complaints.incident_prompt(_incident(placement, officer)) is None
    serious = complaints.incident_prompt(_incident(placement, officer, hospital_admission=True))
    assert (serious.kind, serious.event_on, serious.due_on) == ("serious_injury", date(2026, 3, 5), FRIDAY)
    injured = _incident(placement, officer, injury="Broken wrist", medical_attention=True)
    assert complaints.incident_prompt(injured).kind == "serious_injury"


def test_record_and_send_keeps_what_when_and_who__SG_4(officer, manager, concern):
    notification = complaints.record_notification(kind="abuse", event_on=concern.raised_on, concern=concern, by=officer)
    assert (notification.due_on, notification.person) == (date(2026, 3, 3), concern.person)
    with pytest.raises(RuleViolation) as twice:
        complaints.record_notification(kind="abuse", event_on=concern.raised_on, concern=concern, by=officer)
    assert twice.value.rule == "SG-4"
    with pytest.raises(RuleViolation) as not_manager:
        complaints.mark_notification_sent(notification, what_was_sent="Form sent", by=officer)
    assert not_manager.value.rule == "SG-4"
    with pytest.raises(RuleViolation) as nothing:
        complaints.mark_notification_sent(notification, what_was_sent=" ", by=manager)
    assert nothing.value.field == "what_was_sent"
    sent = complaints.mark_notification_sent(
        notification,
        what_was_sent="Notification of abuse or allegation of abuse, online form.",
        sent_on=date(2026, 3, 3),
        cqc_reference="CQC-123",
        by=manager,
    )
    assert (sent.sent_on, sent.sent_by, sent.cqc_reference) == (date(2026, 3, 3), manager, "CQC-123")
    assert sent.history.count() == 2


def test_unsent_notification_is_in_the_compliance_engine__SG_4(officer, manager, concern):
    notification = complaints.record_notification(kind="abuse", event_on=concern.raised_on, concern=concern, by=officer)
    found = [o for o in queries.obligations(officer=officer, on=date(2026, 3, 4)) if o.rule == "SG-4"]
    assert [(o.what, o.due_on, o.status) for o in found] == [
        ("CQC notification: abuse or an allegation of abuse", date(2026, 3, 3), OVERDUE)
    ]
    complaints.mark_notification_sent(notification, what_was_sent="Sent", sent_on=date(2026, 3, 4), by=manager)
    assert not [o for o in queries.obligations(officer=officer, on=date(2026, 3, 4)) if o.rule == "SG-4"]


def test_concern_page_prompts_and_the_form_is_prefilled__SG_4(client, officer, concern):
    client.force_login(officer)
    page = parsed(client.get(reverse("safeguarding:concern_detail", args=[concern.pk])))
    assert "Notify the CQC" in page.text and "Tuesday 3 March 2026" in page.text
    url = f"{reverse('safeguarding:record_notification')}?concern={concern.pk}"
    assert ("Record the notification to the CQC", url) in page.links
    form = client.get(url).context["form"]
    assert (form.initial["kind"], form.initial["event_on"]) == ("abuse", concern.raised_on)
    response = client.post(url, {"kind": "abuse", **when("event_on", concern.raised_on)}, follow=True)
    notification = StatutoryNotification.objects.get()
    assert notification.concern == concern and notification.recorded_by == officer
    after = parsed(client.get(reverse("safeguarding:concern_detail", args=[concern.pk]))).text
    assert "Record the notification to the CQC" not in after and "not yet sent" in after
    assert response.status_code == 200


def test_incident_without_a_serious_injury_offers_a_plain_link__SG_4(client, officer, placement):
    incident = _incident(placement, officer)
    client.force_login(officer)
    page = parsed(client.get(reverse("safeguarding:incident_detail", args=[incident.pk])))
    assert "Record the notification to the CQC" not in page.text
    assert ("Notify the CQC", f"{reverse('safeguarding:record_notification')}?incident={incident.pk}") in page.links


def test_sent_on_the_page_by_the_management_team__SG_4(client, officer, manager, concern):
    notification = complaints.record_notification(kind="abuse", event_on=concern.raised_on, concern=concern, by=officer)
    client.force_login(manager)
    url = reverse("safeguarding:notification_sent", args=[notification.pk])
    refused(client.post(url, {"what_was_sent": "Form", **when("sent_on", date(2026, 3, 1))}), "SG-4")
    client.post(url, {"what_was_sent": "Form", "cqc_reference": "R1", **when("sent_on", date(2026, 3, 3))})
    log = parsed(client.get(reverse("safeguarding:notification_list"))).text
    assert "3 Mar 2026 by" in log and "(R1)" in log


def test_officer_cannot_open_a_notification_about_another_officers_household__SG_6(
    client, officer, second_officer, concern
):
    notification = complaints.record_notification(kind="abuse", event_on=concern.raised_on, concern=concern, by=officer)
    client.force_login(second_officer)
    assert client.get(reverse("safeguarding:notification_detail", args=[notification.pk])).status_code == 404
    url = f"{reverse('safeguarding:record_notification')}?concern={concern.pk}"
    assert client.get(url).status_code == 404
    assert "Abuse" not in parsed(client.get(reverse("safeguarding:notification_list"))).text


def test_a_placement_ended_by_death_prompts_on_its_page__SG_4(client, officer, placement, exceptional_ending):
    notice = exceptional_ending("died", FRIDAY)
    client.force_login(officer)
    page = parsed(client.get(reverse("placements:placement_detail", args=[placement.pk])))
    url = f"{reverse('safeguarding:record_notification')}?ending={notice.pk}"
    assert "Monday 9 March 2026" in page.text and ("Record the notification to the CQC", url) in page.links
    form = client.get(url).context["form"]
    assert (form.initial["kind"], form.initial["event_on"]) == ("death", FRIDAY)
    client.post(url, {"kind": "death", **when("event_on", FRIDAY)})
    notification = StatutoryNotification.objects.get()
    assert (notification.ending, notification.person, notification.due_on) == (notice, placement.person, date(2026, 3, 9))
    assert "has been notified to the CQC" in parsed(client.get(reverse("placements:placement_detail", args=[placement.pk]))).text


def test_the_households_officer_reads_a_notification_of_its_ending__SG_6(
    client, officer, manager, placement, exceptional_ending
):
    notice = exceptional_ending("died", FRIDAY)
    notification = complaints.record_notification(kind="death", event_on=FRIDAY, ending=notice, by=manager)
    client.force_login(officer)  # the household's officer, who did not record it
    assert client.get(reverse("safeguarding:notification_detail", args=[notification.pk])).status_code == 200
