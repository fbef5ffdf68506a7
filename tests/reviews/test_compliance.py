"""The compliance engine at its date boundaries: the day before, on and after each due date."""

from datetime import date

import pytest

from reviews import compliance
from reviews.compliance import DUE_SOON, OVERDUE, UPCOMING, add_months, status_of


def _household(**facts):
    return compliance.HouseholdFacts(
        **{"household_id": 1, "name": "The Okafors", "officer_id": 7, "approved_on": date(2025, 1, 6), **facts}
    )


def _change(**facts):
    base = {"change_id": 5, "placement_id": 3, "household_id": 1, "household_name": "The Okafors", "officer_id": 7}
    base |= {"person_name": "Amy", "meeting_held_on": None, "management_discussed_on": None}
    return compliance.ChangeFacts(**base | facts)


def _placement(**facts):
    return compliance.PlacementFacts(
        **{
            "placement_id": 3,
            "household_id": 1,
            "household_name": "The Okafors",
            "officer_id": 7,
            "person_name": "Amy",
            "kind": "live_in",
            "starts_on": date(2026, 9, 7),
            **facts,
        }
    )


def _by_rule(obligations, rule):
    return [o for o in obligations if o.rule == rule]


def test_status_boundaries():
    assert status_of(date(2026, 11, 22), date(2026, 11, 23)) == OVERDUE
    assert status_of(date(2026, 11, 23), date(2026, 11, 23)) == DUE_SOON  # due today: not yet overdue
    assert status_of(date(2026, 12, 7), date(2026, 11, 23)) == DUE_SOON  # 14 days
    assert status_of(date(2026, 12, 8), date(2026, 11, 23)) == UPCOMING


def test_monthly_contact_due_a_month_after_the_last__REV_2():
    facts = _placement(last_contact=date(2026, 10, 31), initial_review_on=date(2026, 10, 4))
    [item] = _by_rule(compliance.placement_obligations(facts, date(2026, 11, 30)), "REV-2")
    assert item.due_on == date(2026, 11, 30) and item.status == DUE_SOON  # 31 Oct + 1 month = 30 Nov
    [item] = _by_rule(compliance.placement_obligations(facts, date(2026, 12, 1)), "REV-2")
    assert item.status == OVERDUE
    assert item.action == "reviews:log_contact" and item.action_query == "placement=3"


def test_first_28_days_weekly_contact__PLA_4():
    facts = _placement(last_contact=date(2026, 9, 10))
    [item] = _by_rule(compliance.placement_obligations(facts, date(2026, 9, 17)), "PLA-4")
    assert item.due_on == date(2026, 9, 17) and item.status == DUE_SOON
    [item] = _by_rule(compliance.placement_obligations(facts, date(2026, 9, 18)), "PLA-4")
    assert item.status == OVERDUE
    # After day 28 the monthly rule takes over.
    assert not _by_rule(compliance.placement_obligations(facts, date(2026, 10, 5)), "PLA-4")
    assert _by_rule(compliance.placement_obligations(facts, date(2026, 10, 5)), "REV-2")


def test_28_day_review_due_on_day_28__REV_1():
    facts = _placement()
    [item] = _by_rule(compliance.placement_obligations(facts, date(2026, 10, 4)), "REV-1")
    assert item.due_on == date(2026, 10, 4) and item.status == DUE_SOON
    [item] = _by_rule(compliance.placement_obligations(facts, date(2026, 10, 5)), "REV-1")
    assert item.status == OVERDUE
    assert not _by_rule(
        compliance.placement_obligations(_placement(initial_review_on=date(2026, 10, 2)), date(2026, 10, 5)), "REV-1"
    )


def test_coventry_six_week_initial_review_is_policy__REV_1():
    [item] = _by_rule(
        compliance.placement_obligations(
            _placement(), date(2026, 10, 5), policy=compliance.CompliancePolicy(initial_review_days=42)
        ),
        "REV-1",
    )
    assert item.due_on == date(2026, 10, 18) and item.status == DUE_SOON


def test_banding_submission_three_working_days_after_the_review__BAN_2():
    facts = _placement(initial_review_on=date(2026, 12, 23))  # Wednesday before Christmas
    [item] = _by_rule(compliance.placement_obligations(facts, date(2026, 12, 24)), "BAN-2")
    assert item.due_on == date(2026, 12, 30)  # 24th, (25th, 26th, 27th, 28th off), 29th, 30th
    assert compliance.placement_obligations(
        _placement(initial_review_on=date(2026, 12, 23), banding_submitted_on=date(2026, 12, 24)), date(2026, 12, 24)
    )
    assert not _by_rule(
        compliance.placement_obligations(
            _placement(initial_review_on=date(2026, 12, 23), banding_submitted_on=date(2026, 12, 24)),
            date(2026, 12, 24),
        ),
        "BAN-2",
    )


def test_banding_decision_five_working_days_after_submission__BAN_3():
    pending = compliance.PendingBanding(
        placement_id=3,
        household_id=1,
        household_name="The Okafors",
        officer_id=7,
        person_name="Amy",
        submitted_on=date(2027, 3, 24),
        assessment_id=9,
    )  # Wednesday before Easter
    item = compliance.banding_decision_obligation(pending, date(2027, 3, 31))
    # 25th, (Good Friday, the weekend, Easter Monday), 30th, 31st, 1 and 2 April.
    assert item.due_on == date(2027, 4, 2)
    assert item.status == DUE_SOON and item.responsible == "management"
    assert compliance.banding_decision_obligation(pending, date(2027, 4, 2)).status == DUE_SOON
    assert compliance.banding_decision_obligation(pending, date(2027, 4, 3)).status == OVERDUE


def test_change_of_needs_meeting_within_five_working_days__CHG_1():
    change = _change(raised_on=date(2026, 4, 2))
    [item] = compliance.change_obligations(change, date(2026, 4, 9))
    assert item.rule == "CHG-1" and item.due_on == date(2026, 4, 13)  # Good Friday and Easter Monday skipped
    assert item.status == DUE_SOON
    assert compliance.change_obligations(change, date(2026, 4, 14))[0].status == OVERDUE


def test_management_discussion_one_working_day_after_the_meeting__CHG_2():
    change = _change(raised_on=date(2026, 12, 21), meeting_held_on=date(2026, 12, 24))
    [item] = compliance.change_obligations(change, date(2026, 12, 24))
    assert item.rule == "CHG-2" and item.due_on == date(2026, 12, 29)
    done = _change(
        raised_on=date(2026, 12, 21), meeting_held_on=date(2026, 12, 24), management_discussed_on=date(2026, 12, 29)
    )
    assert compliance.change_obligations(done, date(2026, 12, 30)) == []


def test_quarterly_monitoring_visit__REV_5():
    h = _household(last_review={"monitoring": date(2026, 8, 31)})
    [item] = _by_rule(compliance.household_obligations(h, date(2026, 11, 30)), "REV-5")
    assert item.due_on == date(2026, 11, 30) and item.status == DUE_SOON
    assert _by_rule(compliance.household_obligations(h, date(2026, 12, 1)), "REV-5")[0].status == OVERDUE


def test_the_four_one_to_one_reviews_each_yearly__REV_3():
    h = _household(
        last_review={
            "financial": date(2025, 11, 23),
            "medication": date(2026, 6, 1),
            "health_safety": date(2025, 11, 24),
            "appraisal": date(2026, 2, 1),
        }
    )
    items = {o.what: o for o in _by_rule(compliance.household_obligations(h, date(2026, 11, 24)), "REV-3")}
    assert items["1:1 financial review"].status == OVERDUE
    assert items["1:1 health and safety review"].status == DUE_SOON  # due today
    assert items["1:1 medication review"].status == UPCOMING
    assert items["Carer appraisal"].action_query == "kind=appraisal"


def test_two_face_to_face_visits_a_year__REV_4():
    h = _household(in_person_visits=(date(2026, 6, 1), date(2025, 11, 30)))
    [item] = _by_rule(compliance.household_obligations(h, date(2026, 11, 23)), "REV-4")
    assert item.due_on == date(2026, 11, 30) and item.status == DUE_SOON
    [item] = _by_rule(
        compliance.household_obligations(_household(in_person_visits=(date(2026, 6, 1),)), date(2026, 11, 23)), "REV-4"
    )
    assert item.due_on == date(2026, 1, 6) and item.status == OVERDUE  # one visit only: counted from approval


def test_annual_review_of_the_person__REV_5():
    facts = _placement(
        starts_on=date(2025, 11, 24),
        initial_review_on=date(2025, 12, 21),
        banding_agreed=True,
        last_contact=date(2026, 11, 20),
    )
    [item] = [
        o for o in compliance.placement_obligations(facts, date(2026, 11, 23)) if o.what == "Person's annual review"
    ]
    assert item.due_on == date(2026, 11, 24) and item.status == DUE_SOON


def test_risk_assessment_review_date__REV_7():
    facts = _placement(risk_review_due_on=date(2026, 11, 22), initial_review_on=date(2026, 10, 1))
    [item] = _by_rule(compliance.placement_obligations(facts, date(2026, 11, 23)), "REV-7")
    assert item.status == OVERDUE and item.action == "reviews:record_risk_assessment"


def test_incomplete_moving_day_checklist__PLA_3():
    facts = _placement(checklist_incomplete=True)
    [item] = _by_rule(compliance.placement_obligations(facts, date(2026, 9, 14)), "PLA-3")
    assert item.due_on == date(2026, 9, 14) and item.status == DUE_SOON
    assert _by_rule(compliance.placement_obligations(facts, date(2026, 9, 15)), "PLA-3")[0].status == OVERDUE


def test_outstanding_housing_benefit__HB_4():
    facts = _placement(housing_benefit_applied_on=date(2026, 9, 7))
    [item] = _by_rule(compliance.placement_obligations(facts, date(2026, 10, 6)), "HB-4")
    assert item.due_on == date(2026, 10, 5) and item.status == OVERDUE


def test_end_of_probation_review__CAR_2():
    h = _household(approved_on=date(2025, 12, 1), probation_ends_on=date(2026, 12, 1))
    [item] = [o for o in compliance.household_obligations(h, date(2026, 11, 23)) if o.kind == "End of probation review"]
    assert item.rule == "CAR-2" and item.due_on == date(2026, 12, 1) and item.status == DUE_SOON
    held = _household(
        approved_on=date(2025, 12, 1), probation_ends_on=date(2026, 12, 1), probation_review_on=date(2026, 11, 20)
    )
    assert not [
        o for o in compliance.household_obligations(held, date(2026, 11, 23)) if o.kind == "End of probation review"
    ]


@pytest.mark.parametrize(
    ("rule", "expires", "status"),
    [
        ("CAR-7", date(2026, 11, 22), OVERDUE),
        ("CAR-5", date(2026, 11, 23), DUE_SOON),
        ("CAR-6", date(2027, 1, 1), UPCOMING),
    ],
)
def test_expiries_become_obligations__CAR_5_CAR_7(rule, expires, status):
    item = compliance.expiry_obligation(
        compliance.ExpiryFacts(
            household_id=1,
            household_name="The Okafors",
            officer_id=7,
            rule=rule,
            what="First aid",
            who="Grace Okafor",
            expires_on=expires,
            action="carers:record_training",
        ),
        date(2026, 11, 23),
    )
    assert item.status == status and item.rule == rule


def _obligation(rule: str, what: str, due_on: date, status: str) -> compliance.Obligation:
    """One household's obligation, named by `what` (also its kind)."""
    return compliance.Obligation(
        rule=rule, kind=what, what=what, due_on=due_on, status=status, household_id=1, household_name="A", officer_id=7
    )


def test_outstanding_lists_overdue_first():
    items = [
        _obligation("REV-2", "b", date(2026, 11, 25), DUE_SOON),
        _obligation("REV-5", "c", date(2026, 11, 1), OVERDUE),
        _obligation("REV-3", "d", date(2027, 1, 1), UPCOMING),
        _obligation("REV-1", "a", date(2026, 10, 1), OVERDUE),
    ]
    assert [o.what for o in compliance.outstanding(items)] == ["a", "c", "b"]


def test_add_months_clamps_to_the_month_end():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_the_four_one_to_one_reviews_in_person_are_the_monitoring_visits__REV_5():
    """Hampshire: reviews in February, May, August and October (in person) leave no monitoring visit overdue in
    November; the latest, 12 October, makes the next due on 12 January (three months on)."""
    reviews = {"financial": date(2026, 2, 9), "medication": date(2026, 5, 11), "health_safety": date(2026, 8, 10)}
    reviews["appraisal"] = date(2026, 10, 12)
    h = _household(last_review=reviews, in_person_visits=(date(2026, 10, 12), date(2026, 8, 10)))
    [monitoring] = _by_rule(compliance.household_obligations(h, date(2026, 11, 26)), "REV-5")
    assert monitoring.due_on == date(2027, 1, 12) and monitoring.status == UPCOMING
    # A scheme where only a monitoring visit counts: none since approval on 6 January 2025, so overdue.
    strict = compliance.CompliancePolicy(monitoring_any_in_person=False)
    [monitoring] = _by_rule(compliance.household_obligations(h, date(2026, 11, 26), policy=strict), "REV-5")
    assert monitoring.due_on == date(2025, 4, 6) and monitoring.status == OVERDUE


def test_every_arrangement_has_its_yearly_review__REV_5():
    """A short break from 1 March 2024 with no review: due 1 March 2025, overdue now; at a policy of 6 months, due
    on 1 September 2024."""
    short = _placement(kind="short_break", starts_on=date(2024, 3, 1))
    [yearly] = _by_rule(compliance.placement_obligations(short, date(2026, 11, 26)), "REV-5")
    assert yearly.kind == "Person's annual review" and yearly.due_on == date(2025, 3, 1) and yearly.status == OVERDUE
    day = _placement(kind="day_support", starts_on=date(2024, 3, 1), last_annual_review=date(2026, 3, 2))
    [yearly] = _by_rule(compliance.placement_obligations(day, date(2026, 11, 26)), "REV-5")
    assert yearly.due_on == date(2027, 3, 2)
    half_yearly = compliance.CompliancePolicy(yearly_review_months=6)
    [yearly] = _by_rule(compliance.placement_obligations(short, date(2026, 11, 26), policy=half_yearly), "REV-5")
    assert yearly.due_on == date(2024, 9, 1)


def test_a_household_on_probation_is_contacted_every_fortnight__CAR_2():
    """Approved 2 November 2026 (probation to 2 November 2027), last contact 10 November: next by 24 November, so
    overdue on the 26th; no such item once probation has ended."""
    h = _household(approved_on=date(2026, 11, 2), probation_ends_on=date(2027, 11, 2), last_contact=date(2026, 11, 10))
    [contact] = [o for o in compliance.household_obligations(h, date(2026, 11, 26)) if o.kind.startswith("Contact")]
    assert contact.rule == "CAR-2" and contact.due_on == date(2026, 11, 24) and contact.status == OVERDUE
    assert contact.what == "Contact while on probation (every 14 days)"
    weekly = compliance.CompliancePolicy(probation_contact_days=7)
    [contact] = [
        o
        for o in compliance.household_obligations(h, date(2026, 11, 26), policy=weekly)
        if o.kind.startswith("Contact")
    ]
    assert contact.due_on == date(2026, 11, 17)
    done = _household(approved_on=date(2025, 1, 6), probation_ends_on=date(2026, 1, 6), last_contact=date(2025, 12, 1))
    assert not [o for o in compliance.household_obligations(done, date(2026, 11, 26)) if o.kind.startswith("Contact")]


def test_an_agreed_band_is_sent_on_to_the_area_team_then_brokerage__BAN_4():
    """Agreed on Monday 2 November 2026: sent to the area team within five working days (9 November); once sent on
    the 4th, the provision variation within five more (11 November)."""
    agreed = _placement(initial_review_on=date(2026, 10, 5), banding_agreed=True, band_assessment_id=9)
    agreed.band_agreed_on = date(2026, 11, 2)
    [send] = _by_rule(compliance.placement_obligations(agreed, date(2026, 11, 6)), "BAN-4")
    assert send.kind == "Send the agreed band to the funding area team" and send.due_on == date(2026, 11, 9)
    assert send.action == "funding:record_band_sent" and send.action_kwargs == (("assessment_pk", 9),)
    agreed.band_sent_to_area_team_on = date(2026, 11, 4)
    [variation] = _by_rule(compliance.placement_obligations(agreed, date(2026, 11, 6)), "BAN-4")
    assert variation.kind == "Send the provision variation for the agreed band"
    assert variation.due_on == date(2026, 11, 11)
    agreed.band_variation_on = date(2026, 11, 6)
    assert not _by_rule(compliance.placement_obligations(agreed, date(2026, 11, 6)), "BAN-4")


def _to_send(**facts):
    return compliance.ProvisionToSend(
        **{
            "request_id": 5,
            "placement_id": 3,
            "household_id": 1,
            "household_name": "The Okafors",
            "officer_id": 7,
            "person_name": "Sam Ng",
            "kind_label": "New provision",
            "cause": "start",
            "raised_on": date(2026, 11, 2),
            "effective_from": date(2026, 12, 7),
        }
        | facts
    )


def test_a_provision_request_to_send_is_due_within_a_working_week_or_before_it_takes_effect__PLA_1():
    """Raised Monday 2 November 2026: due five working days later (9 November) when it takes effect later; by
    the effective date when that is sooner; at once when it already took effect."""
    item = compliance.provision_obligation(_to_send(), date(2026, 11, 3))
    assert (item.rule, item.kind, item.due_on, item.status) == (
        "PLA-1",
        "Send the new provision to Brokerage",
        date(2026, 11, 9),
        DUE_SOON,
    )
    assert item.action == "placements:record_provision_sent"
    assert item.action_kwargs == (("placement_pk", 3), ("provision_pk", 5))
    assert compliance.provision_obligation(
        _to_send(effective_from=date(2026, 11, 4)), date(2026, 11, 3)
    ).due_on == date(2026, 11, 4)
    late = compliance.provision_obligation(_to_send(effective_from=date(2026, 10, 1)), date(2026, 11, 3))
    assert late.due_on == date(2026, 11, 2) and late.status == OVERDUE


def test_a_band_changes_variation_is_ban_4s_item_not_a_second_one__PLA_1():
    assert compliance.provision_obligation(_to_send(cause="band_change"), date(2026, 11, 3)) is None
