"""Recording contacts, reviews and changes of needs; the compliance list from the database."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from carers import services as carer_services
from reviews import picture, queries, services
from reviews.models import DigestSent, ReviewKind
from sharedlives.approvals import decide
from sharedlives.dates import today
from sharedlives.errors import RuleViolation
from tests.carers.factories import approved_household
from tests.placements.factories import started_placement

TODAY = date(2026, 11, 23)


def _at(day: date):
    return timezone.make_aware(datetime(day.year, day.month, day.day, 0, 30))


def _review(household, kind, held_on, by, **details):
    return services.record_review(
        household=household, kind=kind, held_on=held_on, attendees="Officer and carer", by=by, **details
    )


def test_a_contact_is_a_case_note_and_a_concern_flags_management__PLA_4(officer, manager):
    placement = started_placement(starts_on=date(2026, 11, 2))
    contact = services.log_contact(
        household=placement.household,
        placement=placement,
        method="phone",
        summary="Settling in well",
        concern_raised=True,
        by=officer,
    )
    assert list(queries.concerns_since(TODAY - timedelta(days=7))) == [contact]
    with pytest.raises(RuleViolation):
        services.mark_concern_seen(contact, by=officer)
    services.mark_concern_seen(contact, by=manager)


def test_contact_for_another_households_placement_is_refused__REV_2(officer):
    placement = started_placement()
    with pytest.raises(RuleViolation):
        services.log_contact(
            household=approved_household(), placement=placement, method="phone", summary="x", by=officer
        )


def test_appraisal_and_annual_review_must_be_in_person__REV_4(officer):
    household = approved_household(officer=officer)
    with pytest.raises(RuleViolation) as refused:
        _review(household, ReviewKind.APPRAISAL, date(2026, 11, 2), officer, in_person=False, respite_planned_nights=21)
    assert refused.value.rule == "REV-4" and refused.value.field == "in_person"


def test_each_one_to_one_review_records_its_check__REV_3(officer):
    household = approved_household(officer=officer)
    with pytest.raises(RuleViolation) as refused:
        _review(household, ReviewKind.FINANCIAL, date(2026, 11, 2), officer)
    assert refused.value.field == "finance_audit_done"
    _review(household, ReviewKind.FINANCIAL, date(2026, 11, 2), officer, finance_audit_done=True)
    _review(household, ReviewKind.MEDICATION, date(2026, 11, 2), officer, medication_competency_done=True)


def test_health_and_safety_review_notes_the_insurance_evidence__CAR_5(officer):
    household = approved_household(officer=officer)
    policy = carer_services.record_insurance(
        household=household,
        kind="public_liability",
        insurer="Acme",
        starts_on=date(2026, 4, 1),
        expires_on=date(2027, 3, 31),
        by=officer,
    )
    _review(
        household,
        ReviewKind.HEALTH_SAFETY,
        date(2026, 11, 2),
        officer,
        property_check_done=True,
        insurance_evidence_seen=True,
    )
    policy.refresh_from_db()
    assert policy.evidence_seen_on == date(2026, 11, 2)


def test_next_years_respite_is_planned_at_the_appraisal__RES_4(officer):
    household = approved_household(officer=officer)
    with pytest.raises(RuleViolation) as refused:
        _review(household, ReviewKind.APPRAISAL, date(2026, 11, 2), officer)
    assert refused.value.rule == "RES-4"
    review = _review(
        household,
        ReviewKind.APPRAISAL,
        date(2026, 11, 2),
        officer,
        respite_planned_nights=21,
        wellbeing="Well",
        feedback="Good support",
        training_needs="Refresher first aid",
    )
    assert review.respite_planned_nights == 21


def test_short_notice_visit_is_discussed_with_management__REV_6(officer, manager):
    household = approved_household(officer=officer)
    with pytest.raises(RuleViolation) as refused:
        _review(household, ReviewKind.SHORT_NOTICE, date(2026, 11, 2), officer, discussed_with=officer)
    assert refused.value.rule == "REV-6"
    _review(
        household,
        ReviewKind.SHORT_NOTICE,
        date(2026, 11, 2),
        officer,
        discussed_with=manager,
        concerns="Safeguarding alert",
    )


def test_persons_views_and_an_advocate_for_a_different_officer__REV_8(officer):
    placement = started_placement(starts_on=date(2026, 9, 7))
    with pytest.raises(RuleViolation) as refused:
        services.record_review(
            household=placement.household,
            placement=placement,
            kind=ReviewKind.ANNUAL,
            held_on=date(2026, 11, 2),
            attendees="x",
            by=officer,
        )
    assert refused.value.field == "persons_views"
    with pytest.raises(RuleViolation) as refused:
        services.record_review(
            household=placement.household,
            placement=placement,
            kind=ReviewKind.ANNUAL,
            held_on=date(2026, 11, 2),
            attendees="x",
            persons_views="Happy here",
            different_reviewing_officer=True,
            by=officer,
        )
    assert refused.value.field == "advocate"


def test_28_day_review_sets_the_review_date_for_the_band__REV_1(officer):
    placement = started_placement(starts_on=date(2026, 9, 7))
    services.record_review(
        household=placement.household,
        placement=placement,
        kind=ReviewKind.INITIAL,
        held_on=date(2026, 10, 5),
        attendees="Officer, carer, person and sister",
        persons_views="Likes it",
        concerns="None",
        by=officer,
        actions=[{"description": "Update support plan", "owner": "Officer", "due_on": date(2026, 10, 19)}],
    )
    placement.refresh_from_db()
    assert placement.initial_review_on == date(2026, 10, 5)
    assert placement.reviews.get().actions.count() == 1


INITIAL = {"persons_views": "Likes it", "concerns": "None"}  # REV-8: the 28-day review records both


def test_a_28_day_review_recorded_in_error_no_longer_starts_the_band__FEE_3(officer):
    """FEE-3: the banded fee starts on the 28-day review. Reviews held 5 and 6 October; the 6 October one (the
    placement's date) is recorded in error, so the date goes back to 5 October; then that one too, so none."""
    placement = started_placement(starts_on=date(2026, 9, 7))
    first = _review(placement.household, ReviewKind.INITIAL, date(2026, 10, 5), officer, placement=placement, **INITIAL)
    second = _review(placement.household, ReviewKind.INITIAL, date(2026, 10, 6), officer, placement=placement, **INITIAL)
    placement.refresh_from_db()
    assert placement.initial_review_on == date(2026, 10, 6)
    services.mark_recorded_in_error(second, reason="Wrong date: a phone call", by=officer)
    placement.refresh_from_db()
    assert placement.initial_review_on == date(2026, 10, 5)
    services.mark_recorded_in_error(first, reason="Held with the wrong person", by=officer)
    placement.refresh_from_db()
    assert placement.initial_review_on is None


def test_a_28_day_review_a_banding_rests_on_cannot_be_marked_in_error__FEE_3(officer):
    """FEE-3: a banding submitted at the 5 October review would start its fee on it: refused, and nothing changes."""
    from funding import banding
    from funding.models import BandingTool

    placement = started_placement(starts_on=date(2026, 9, 7))
    review = _review(placement.household, ReviewKind.INITIAL, date(2026, 10, 5), officer, placement=placement, **INITIAL)
    tool = BandingTool.objects.get(active=True)
    levels = {d.pk: d.levels.get(score=1).pk for d in tool.domains.all()}
    banding.submit_banding(
        placement=placement, review_date=date(2026, 10, 5), levels=levels, proposed_band="band_2", by=officer
    )
    with pytest.raises(RuleViolation, match="A banding rests on this 28-day review") as refused:
        services.mark_recorded_in_error(review, reason="Wrong date", by=officer)
    assert refused.value.rule == "FEE-3"
    review.refresh_from_db()
    placement.refresh_from_db()
    assert not review.in_error and placement.initial_review_on == date(2026, 10, 5)


def test_risk_assessment_next_review_after_it__REV_7(officer):
    placement = started_placement()
    with pytest.raises(RuleViolation):
        services.record_risk_assessment(
            placement=placement, done_on=date(2026, 3, 1), next_review_on=date(2026, 3, 1), by=officer
        )
    services.record_risk_assessment(
        placement=placement, done_on=date(2026, 3, 1), next_review_on=date(2026, 9, 1), by=officer
    )


def test_change_of_needs_meeting_then_management_then_funding__CHG_3(officer, manager):
    placement = started_placement()
    change = services.raise_change_of_needs(
        placement=placement, raised_on=date(2026, 11, 2), raised_by="carer", description="Waking at night", by=officer
    )
    with pytest.raises(RuleViolation):
        services.record_change_meeting(change, held_on=date(2026, 11, 1), by=officer)
    with pytest.raises(RuleViolation):
        services.record_change_discussion(
            change, discussed_on=date(2026, 11, 5), manager=manager, agreed_actions="x", by=officer
        )
    change = services.record_change_meeting(change, held_on=date(2026, 11, 4), by=officer)
    with pytest.raises(RuleViolation) as refused:
        services.request_additional_funding(change, what_for="Night support", other_support_explored="PBS", by=officer)
    assert refused.value.rule == "CHG-3"
    change = services.record_change_discussion(
        change,
        discussed_on=date(2026, 11, 5),
        manager=manager,
        agreed_actions="Refer to PBS; review in 4 weeks",
        referred_pbs=True,
        by=officer,
    )
    request = services.request_additional_funding(
        change, what_for="Waking night support", other_support_explored="Care technology", by=officer
    )
    with pytest.raises(RuleViolation):
        decide(request, by=officer, outcome="agreed")
    assert decide(request, by=manager, outcome="agreed").outcome == "agreed"


def test_compliance_list_from_the_database_in_a_fixed_number_of_queries__RPT_4(officer, django_assert_max_num_queries):
    for n in range(3):
        placement = started_placement(starts_on=date(2026, 9, 7), household=approved_household(officer=officer))
        services.log_contact(
            household=placement.household,
            placement=placement,
            method="phone",
            summary="ok",
            occurred_at=_at(date(2026, 10, 1 + n)),
            by=officer,
        )
    # 14 before SAFE-3, + 8 for the missing checks (carers.checks: 7, and the household members, SAFE-1), + 2 for
    # open safeguarding concerns and incidents (SG-5), + 2 for complaints not answered and CQC notifications not sent
    # (SG-3, SG-4)
    with django_assert_max_num_queries(26) as captured:
        found = queries.obligations(officer=officer, on=TODAY)
    few = len(captured)
    for _ in range(10):
        placement = started_placement(starts_on=date(2026, 9, 7), household=approved_household(officer=officer))
    with django_assert_max_num_queries(few):
        more = queries.obligations(officer=officer, on=TODAY)
    assert len(more) > len(found)
    monthly = [o for o in found if o.rule == "REV-2"]
    assert len(monthly) == 3 and all(o.status == "overdue" for o in monthly)


def test_a_logged_contact_clears_the_monthly_item__REV_2(officer):
    placement = started_placement(starts_on=date(2026, 9, 7), household=approved_household(officer=officer))
    assert any(o.rule == "REV-2" and o.status == "overdue" for o in picture.officer_work(officer, TODAY))
    services.log_contact(
        household=placement.household,
        placement=placement,
        method="email",
        summary="All fine",
        occurred_at=_at(TODAY),
        by=officer,
    )
    assert not any(
        o.rule == "REV-2" and o.status in ("overdue", "due_soon") for o in picture.officer_work(officer, TODAY)
    )


def test_weekly_digest_once_per_week(officer):
    officer.email = "olivia@example.org"
    officer.save()
    started_placement(starts_on=date(2026, 9, 7), household=approved_household(officer=officer))
    assert services.send_digests(on=TODAY) == 1
    assert services.send_digests(on=TODAY + timedelta(days=2)) == 0
    assert len(mail.outbox) == 1 and "overdue" in mail.outbox[0].subject
    assert DigestSent.objects.get().week_starting == date(2026, 11, 23)


def test_a_household_whose_four_one_to_ones_fell_in_feb_may_aug_oct_has_no_monitoring_overdue__REV_5(officer):
    """Recorded through the service, as an officer would, on 10 February, 12 May, 11 August and 13 October 2026:
    on 26 November the latest review in person (13 October) is the monitoring visit; the next is due 13 January."""
    household = approved_household(officer=officer, approved_on=date(2025, 6, 2))
    checks = {
        "financial": {"finance_audit_done": True},
        "medication": {"medication_competency_done": True},
        "health_safety": {"property_check_done": True},
        "appraisal": {"respite_planned_nights": 21},
    }
    for kind, held_on in zip(
        checks, [date(2026, 2, 10), date(2026, 5, 12), date(2026, 8, 11), date(2026, 10, 13)], strict=True
    ):
        services.record_review(
            household=household, kind=kind, held_on=held_on, attendees="The carer", by=officer, **checks[kind]
        )
    everything = queries.obligations(officer=officer, on=date(2026, 11, 26), include_upcoming=True)
    [monitoring] = [o for o in everything if o.rule == "REV-5" and o.kind == "Monitoring visit"]
    assert monitoring.due_on == date(2027, 1, 13) and monitoring.status != "overdue"


# Putting a contact or review right (AUD-1) -------------------------------------------------------------------


def _contact(household, by, **extra):
    return services.log_contact(household=household, method="phone", summary="Spoke to Ann", by=by, **extra)


def _edit(contact, by, now=None, **changes):
    values = {
        "method": contact.method,
        "summary": contact.summary,
        "occurred_at": contact.occurred_at,
        "with_whom": contact.with_whom,
        "placement": contact.placement,
        "concern_raised": contact.concern_raised,
    } | changes
    return services.edit_contact(contact, by=by, now=now, **values)


def test_the_author_edits_a_contact_within_the_window_and_history_keeps_the_old_summary__AUD_1(officer):
    contact = _contact(approved_household(officer=officer), officer)
    _edit(contact, officer, summary="Spoke to Anne")
    contact.refresh_from_db()
    assert contact.summary == "Spoke to Anne"
    newest, older = contact.history.all()[:2]
    assert newest.history_change_reason == "contact.edited" and older.summary == "Spoke to Ann"


def test_a_manager_edits_another_officers_contact_but_another_officer_cannot__AUD_1(officer, second_officer, manager):
    contact = _contact(approved_household(officer=officer), officer)
    with pytest.raises(RuleViolation, match="Only the person who recorded it"):
        _edit(contact, second_officer, summary="Not mine")
    _edit(contact, manager, summary="Spoke to Ann and Tom")


def test_no_edit_after_the_correction_window__AUD_1(officer, manager):
    """Policy default: 7 days after it was recorded. 7 days is still in; 7 days and a minute is out."""
    contact = _contact(approved_household(officer=officer), officer)
    _edit(contact, officer, now=contact.recorded_at + timedelta(days=7), summary="Spoke to Anne")
    contact.refresh_from_db()
    with pytest.raises(RuleViolation, match="7 days"):
        _edit(contact, manager, now=contact.recorded_at + timedelta(days=7, minutes=1), summary="Too late")


def test_recorded_in_error_needs_a_reason_and_the_author_or_a_manager__AUD_1(officer, second_officer, manager):
    contact = _contact(approved_household(officer=officer), officer)
    with pytest.raises(RuleViolation, match="Say why"):
        services.mark_recorded_in_error(contact, reason=" ", by=officer)
    with pytest.raises(RuleViolation, match="Only the person who recorded it"):
        services.mark_recorded_in_error(contact, reason="Wrong household", by=second_officer)
    services.mark_recorded_in_error(contact, reason="Wrong household", by=manager)
    contact.refresh_from_db()
    assert contact.in_error and contact.recorded_in_error_by == manager
    assert contact.recorded_in_error_reason == "Wrong household"
    with pytest.raises(RuleViolation, match="can no longer be edited"):
        _edit(contact, officer, summary="Again")


def test_a_contact_recorded_in_error_no_longer_clears_the_monthly_contact__REV_2(officer):
    """REV-2: the only recent contact is recorded in error, so the monthly contact is overdue again."""
    placement = started_placement(starts_on=date(2026, 9, 7), household=approved_household(officer=officer))
    contact = _contact(placement.household, officer, placement=placement, occurred_at=_at(TODAY))
    assert not any(o.rule == "REV-2" and o.status == "overdue" for o in picture.officer_work(officer, TODAY))
    services.mark_recorded_in_error(contact, reason="Logged against the wrong household", by=officer)
    assert any(o.rule == "REV-2" and o.status == "overdue" for o in picture.officer_work(officer, TODAY))
    assert contact.history.first().history_change_reason == "contact.recorded_in_error"


def test_a_review_recorded_in_error_is_not_the_monitoring_visit__REV_5(officer):
    """REV-5: monitoring is due 3 months after the latest in-person review; an in-error review does not count.
    The household was approved 2 June 2025, so without the 13 October review monitoring is long overdue."""
    household = approved_household(officer=officer, approved_on=date(2025, 6, 2))
    review = _review(household, ReviewKind.MONITORING, date(2026, 10, 13), officer)
    on = date(2026, 11, 26)

    def monitoring():
        everything = queries.obligations(officer=officer, on=on, include_upcoming=True)
        return [o for o in everything if o.rule == "REV-5" and o.kind == "Monitoring visit"]

    assert monitoring()[0].status != "overdue"
    services.mark_recorded_in_error(review, reason="Held at another household", by=officer)
    assert monitoring()[0].status == "overdue"


def test_the_author_edits_a_review_within_the_window_under_its_rules__AUD_1(officer):
    household = approved_household(officer=officer, approved_on=date(2025, 6, 2))
    review = _review(household, ReviewKind.MONITORING, date(2026, 10, 13), officer)
    services.edit_review(review, by=officer, attendees="Officer, carer and Tom", outcomes="All well")
    review.refresh_from_db()
    assert review.attendees == "Officer, carer and Tom"
    assert review.history.all()[1].attendees == "Officer and carer"
    with pytest.raises(RuleViolation, match="once it has been held"):
        services.edit_review(review, by=officer, held_on=today() + timedelta(days=1))
    with pytest.raises(RuleViolation, match="7 days"):
        services.edit_review(review, by=officer, now=review.recorded_at + timedelta(days=8), outcomes="Late")


def test_a_provision_request_to_send_is_on_my_work_until_recorded_sent__PLA_1(officer):
    """PLA-1: the start's new-provision request is a due item for the household's officer until it is sent."""
    from placements import services as placement_services
    from sharedlives.dates import today

    placement = started_placement(starts_on=date(2026, 9, 7), household=approved_household(officer=officer))
    on = today()
    [item] = [o for o in picture.officer_work(officer, on) if o.rule == "PLA-1"]
    assert item.kind == "Send the new provision to Brokerage" and item.placement_id == placement.pk
    assert item.due_on == on  # it took effect on 7 September: send it at once
    placement_services.record_provision_sent(placement.provision_requests.get(), sent_on=on, by=officer)
    assert not [o for o in picture.officer_work(officer, on) if o.rule == "PLA-1"]


def test_missing_checks_are_overdue_obligations_with_the_form_that_clears_them__SAFE_3(officer):
    """SAFE-3: items never recorded are listed (not only expiring ones), overdue from approval, with the rule and
    the form; a household holding everything has none; the property check stays the REV-3 review's."""
    bare = approved_household(officer=officer, compliant=False, approved_on=date(2025, 1, 6))
    approved_household(officer=officer)
    missing = [o for o in queries.obligations(officer=officer, on=TODAY) if o.rule in ("CAR-5", "CAR-6", "CAR-7", "CAR-8")]
    assert {o.household_id for o in missing} == {bare.pk}
    agreement = next(o for o in missing if o.rule == "CAR-8")
    assert (agreement.what, agreement.status, agreement.due_on, agreement.action) == (
        "Signed carer agreement", "overdue", date(2025, 1, 6), "carers:record_agreement"
    )
    carer = bare.carers.get()
    dbs = next(o for o in missing if o.rule == "CAR-6")
    assert (dbs.what, dbs.action_query) == (f"Enhanced DBS check with the adults' barred list ({carer.full_name})", f"person=carer-{carer.pk}")
    assert len(missing) == 9  # DBS, six mandatory courses, insurance, agreement (carers/reference.py REQUIREMENTS)
