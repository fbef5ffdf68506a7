"""Incidents and accidents (SG-2, SG-5): recorded with what happened, injury, medical attention and hospital admission;
the family told when the person is taken ill or into hospital; follow-up actions with owners and due dates; reviewed
and closed by the management team, not whoever recorded it (AUD-2)."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from safeguarding import services
from safeguarding.models import Incident, RecordStatus
from sharedlives.errors import RuleViolation
from tests.pages import parsed, refused, when
from tests.querycount import assert_constant_queries
from tests.safeguarding.factories import recorded_incident

pytestmark = pytest.mark.django_db

OCCURRED = timezone.make_aware(datetime(2026, 3, 2, 14, 30))


def _incident(placement, by, **fields):
    return recorded_incident(placement, by, occurred_at=OCCURRED, **fields)


def test_incident_records_what_happened_with_its_household__SG_2(officer, placement):
    incident = _incident(placement, officer, injury="Grazed knee", medical_attention=True)
    assert incident.household == placement.household and incident.status == RecordStatus.OPEN


def test_family_told_cannot_be_before_the_incident_and_names_who__SG_2(officer, placement):
    with pytest.raises(RuleViolation) as before:
        _incident(
            placement,
            officer,
            hospital_admission=True,
            family_informed_on=date(2026, 3, 1),
            family_informed_who="Sister",
        )
    assert before.value.field == "family_informed_on"
    with pytest.raises(RuleViolation) as nobody:
        _incident(placement, officer, hospital_admission=True, family_informed_on=date(2026, 3, 2))
    assert nobody.value.field == "family_informed_who"
    told = _incident(
        placement, officer, hospital_admission=True, family_informed_on=date(2026, 3, 2), family_informed_who="Sister"
    )
    assert not told.family_must_be_told or told.family_informed_on == date(2026, 3, 2)


def test_close_needs_review_family_told_and_actions_done__SG_2_SG_5(officer, manager, second_manager, placement):
    incident = _incident(placement, manager, hospital_admission=True)
    action = services.add_incident_action(
        incident, action="Fit a handrail", owner=officer, due_on=date(2026, 3, 16), by=officer
    )
    with pytest.raises(RuleViolation) as unreviewed:
        services.close_incident(incident, by=second_manager)
    assert unreviewed.value.rule == "SG-5"
    with pytest.raises(RuleViolation) as own:
        services.review_incident(incident, notes="Seen", by=manager)
    assert own.value.rule == "AUD-2"
    services.review_incident(incident, notes="Handrail needed.", by=second_manager)
    with pytest.raises(RuleViolation) as family:
        services.close_incident(incident, by=second_manager)
    assert family.value.rule == "SG-2"
    services.edit_incident(incident, family_informed_on=date(2026, 3, 3), family_informed_who="Brother", by=manager)
    with pytest.raises(RuleViolation):
        services.close_incident(incident, by=second_manager)  # the handrail is not fitted yet
    services.complete_incident_action(action, by=officer, done_on=date(2026, 3, 10))
    closed = services.close_incident(incident, by=second_manager)
    assert closed.status == RecordStatus.CLOSED


def test_only_management_reviews_an_incident__SG_5(officer, placement):
    incident = _incident(placement, officer)
    with pytest.raises(RuleViolation) as refused_:
        services.review_incident(incident, notes="ok", by=officer)
    assert refused_.value.rule == "SG-5"


def _form(placement, **extra):
    return {
        "placement": str(placement.pk),
        **when("occurred_on", date(2026, 3, 2)),
        "occurred_time": "14:30",
        "location": "The garden",
        "people_involved": "The person and the carer",
        "what_happened": "Tripped on the step.",
        "medical_attention": "yes",
        "hospital_admission": "yes",
        "taken_ill": "no",
        **extra,
    }


def test_recording_an_incident_with_a_hospital_admission_warns_until_the_family_is_told__SG_2(
    client, officer, placement
):
    client.force_login(officer)
    url = reverse("safeguarding:record_incident", args=[placement.person_id])
    response = client.post(url, _form(placement), follow=True)
    incident = Incident.objects.get()
    assert timezone.localtime(incident.occurred_at).hour == 14
    assert "has not been recorded as told" in parsed(response).text


def test_family_told_without_who_is_refused_on_the_page__SG_2(client, officer, placement):
    client.force_login(officer)
    url = reverse("safeguarding:record_incident", args=[placement.person_id])
    refused(client.post(url, _form(placement, **when("family_informed_on", date(2026, 3, 2)))), "SG-2")


def test_actions_added_and_marked_done_on_the_page__SG_2(client, officer, placement):
    incident = _incident(placement, officer)
    client.force_login(officer)
    response = client.post(
        reverse("safeguarding:incident_add_action", args=[incident.pk]),
        {"action": "Fit a handrail", "owner": str(officer.pk), **when("due_on", date(2026, 12, 1))},
    )
    assert response.status_code == 302
    action = incident.actions.get()
    client.post(reverse("safeguarding:incident_complete_action", args=[incident.pk]), {"action": str(action.pk)})
    action.refresh_from_db()
    assert action.done_on is not None and action.done_by == officer


def test_officer_cannot_read_another_officers_incident_by_url__SG_6(client, officer, second_officer, placement):
    incident = _incident(placement, officer)
    client.force_login(second_officer)
    assert client.get(reverse("safeguarding:incident_detail", args=[incident.pk])).status_code == 404
    response = client.post(
        reverse("safeguarding:incident_add_action", args=[incident.pk]),
        {"action": "x", "owner": str(second_officer.pk), **when("due_on", date(2026, 12, 1))},
    )
    assert response.status_code == 404 and not incident.actions.exists()


def test_incident_list_queries_do_not_grow_with_rows(client, manager, officer, placement):
    client.force_login(manager)
    # session, user, permissions (2), is a manager (SG-6), count, navigation groups, the page (person, household,
    # recorder, open actions counted), and the session renewed (3)
    assert_constant_queries(
        client,
        reverse("safeguarding:incident_list"),
        lambda n: [_incident(placement, officer) for _ in range(n)],
        at_most=11,
    )


def test_incident_detail_queries_do_not_grow_with_actions(client, manager, officer, placement):
    incident = _incident(placement, officer)

    def add(n):
        for i in range(n):
            services.add_incident_action(
                incident, action=f"Action {i}", owner=officer, due_on=date(2026, 3, 2) + timedelta(days=i), by=officer
            )

    client.force_login(manager)
    assert_constant_queries(client, reverse("safeguarding:incident_detail", args=[incident.pk]), add, at_most=16)
