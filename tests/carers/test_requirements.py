"""SAFE-1: the pure requirements function, at its date boundaries (the day before, on and after an expiry)."""

from datetime import date

from carers.requirements import Household, Period, Person, Rule, add_months, birthday, check, gaps

DBS = Rule("Enhanced DBS check with the adults' barred list", "carer", "dbs", rule="CAR-6", renewal_months=36)
FIRST_AID = Rule("First aid", "carer", "training", rule="CAR-7", course_id=4)
INSURANCE = Rule(
    "Public liability insurance", "household", "insurance", rule="CAR-5", insurance_kind="public_liability"
)
AGREEMENT = Rule("Signed carer agreement", "household", "agreement", rule="CAR-8")
SUPPORT_DBS = Rule("Enhanced DBS check (support carer)", "support_carer", "dbs", rule="CAR-6", renewal_months=36)
SUPPORT_AGREED = Rule("Scheme's prior agreement (support carer)", "support_carer", "agreement", rule="CAR-6")
PROPERTY = Rule("Property health and safety check", "household", "property_check", renewal_months=12)
MEMBER_DBS = Rule("Enhanced DBS check (household member 16 or over)", "member", "dbs", renewal_months=36)
EMERGENCY = Rule("Emergency placements", "carer", "training", rule="MAT-4", course_id=9, arrangement_kind="emergency")


def carer(**facts) -> Person:
    return Person("carer", 1, "Grace Okafor", **facts)


def household(*people, **facts) -> Household:
    return Household(10, people=people, **facts)


def lacking(rules, h, start, end=None, **kwargs):
    return [(g.rule, g.who, g.lacking_from, g.kind) for g in gaps(rules, h, start, end or start, **kwargs)]


def test_insurance_counts_on_its_expiry_date_and_lacks_the_day_after__CAR_5():
    """CAR-5, SAFE-1: a policy ending 30 June 2026 covers 30 June; 1 July is the first day without it."""
    h = household(insurance={"public_liability": (Period(date(2025, 7, 1), date(2026, 6, 30)),)})
    assert lacking([INSURANCE], h, date(2026, 6, 29)) == []
    assert lacking([INSURANCE], h, date(2026, 6, 30)) == []
    assert lacking([INSURANCE], h, date(2026, 7, 1)) == [("CAR-5", "The household", date(2026, 7, 1), "expired")]


def test_a_policy_expiring_mid_stay_is_a_gap_from_the_day_after__SAFE_1():
    """SAFE-1: a range is checked on every day; the gap starts the day after expiry, not at the range's start."""
    h = household(insurance={"public_liability": (Period(date(2025, 7, 1), date(2026, 6, 30)),)})
    assert lacking([INSURANCE], h, date(2026, 6, 28), date(2026, 7, 3)) == [
        ("CAR-5", "The household", date(2026, 7, 1), "expired")
    ]
    assert lacking([INSURANCE], h, date(2026, 6, 28), date(2026, 6, 30)) == []


def test_a_renewal_starting_the_day_after_leaves_no_gap__CAR_5():
    h = household(
        insurance={
            "public_liability": (
                Period(date(2026, 7, 1), date(2027, 6, 30)),
                Period(date(2025, 7, 1), date(2026, 6, 30)),
            )
        }
    )
    assert lacking([INSURANCE], h, date(2026, 6, 1), date(2027, 6, 30)) == []


def test_no_policy_at_all_is_missing_and_a_future_one_does_not_cover_today__CAR_5():
    assert lacking([INSURANCE], household(), date(2026, 6, 1)) == [
        ("CAR-5", "The household", date(2026, 6, 1), "missing")
    ]
    later = household(insurance={"public_liability": (Period(date(2026, 6, 10), date(2027, 6, 9)),)})
    assert lacking([INSURANCE], later, date(2026, 6, 1), date(2026, 6, 12)) == [
        ("CAR-5", "The household", date(2026, 6, 1), "missing")
    ]


def test_dbs_not_on_the_update_service_lapses_after_three_years__CAR_6():
    """CAR-6, SAFE-1: issued 10 March 2023, renewed every 36 months: held to 9 March 2026, lacking from 10 March."""
    grace = carer(dbs=(Period(date(2023, 3, 10), date(2030, 1, 1)),))
    h = household(grace)
    assert lacking([DBS], h, date(2026, 3, 8)) == []
    assert lacking([DBS], h, date(2026, 3, 9)) == []
    assert lacking([DBS], h, date(2026, 3, 10)) == [("CAR-6", "Grace Okafor", date(2026, 3, 10), "expired")]


def test_dbs_on_the_update_service_holds_to_its_recorded_status_check__CAR_6():
    """CAR-6: on the update service, the next recorded status check (renewal_due_on) is the limit, not 36 months."""
    grace = carer(dbs=(Period(date(2015, 1, 1), date(2026, 9, 30), capped=False),))
    h = household(grace)
    assert lacking([DBS], h, date(2026, 9, 29)) == []
    assert lacking([DBS], h, date(2026, 9, 30)) == []
    assert lacking([DBS], h, date(2026, 10, 1)) == [("CAR-6", "Grace Okafor", date(2026, 10, 1), "expired")]


def test_training_lapses_the_day_after_its_expiry__CAR_7():
    grace = carer(training={4: (Period(date(2023, 12, 1), date(2026, 12, 1)),)})
    h = household(grace)
    assert lacking([FIRST_AID], h, date(2026, 11, 30)) == []
    assert lacking([FIRST_AID], h, date(2026, 12, 1)) == []
    assert lacking([FIRST_AID], h, date(2026, 12, 2)) == [("CAR-7", "Grace Okafor", date(2026, 12, 2), "expired")]
    assert lacking([FIRST_AID], household(carer()), date(2026, 12, 1)) == [
        ("CAR-7", "Grace Okafor", date(2026, 12, 1), "missing")
    ]


def test_the_carer_agreement_counts_from_the_day_it_is_signed__CAR_8():
    h = household(agreements=(Period(date(2026, 4, 2)),))
    assert lacking([AGREEMENT], h, date(2026, 4, 1)) == [("CAR-8", "The household", date(2026, 4, 1), "missing")]
    assert lacking([AGREEMENT], h, date(2026, 4, 2)) == []
    assert lacking([AGREEMENT], h, date(2026, 4, 3)) == []


def test_only_the_current_version_of_the_carer_agreement_counts__SAFE_1_CAR_8():
    """SAFE-1, CAR-8: "a signed carer agreement (current version)". With the policy's current version set, an
    agreement of another version is missing (never "expired": the current one was never signed); blank: any counts."""
    old = household(agreements=(Period(date(2025, 3, 1), version="2025 v2"),), agreement_version="2026 v1")
    [gap] = gaps([AGREEMENT], old, date(2026, 11, 23), date(2026, 11, 23))
    assert (gap.rule, gap.item, gap.who, gap.lacking_from, gap.kind, gap.record) == (
        "CAR-8",
        "Signed carer agreement, version 2026 v1",
        "The household",
        date(2026, 11, 23),
        "missing",
        "carers:record_agreement",
    )
    # Signing the current version (spelt with other spaces and case) clears it; no policy version: any version.
    current = household(
        agreements=(Period(date(2025, 3, 1), version="2025 v2"), Period(date(2026, 11, 1), version=" 2026 V1")),
        agreement_version="2026 v1",
    )
    assert gaps([AGREEMENT], current, date(2026, 11, 23), date(2026, 11, 23)) == []
    assert gaps([AGREEMENT], household(agreements=old.agreements), date(2026, 11, 23), date(2026, 11, 23)) == []
    [line] = check([AGREEMENT], old, date(2026, 11, 23), date(2026, 11, 23))
    assert (line.item, line.held) == ("Signed carer agreement, version 2026 v1", False)


def test_a_support_carer_needs_dbs_and_the_schemes_prior_agreement__CAR_6():
    sam = Person("support_carer", 7, "Sam Ng", agreed=(Period(date(2026, 2, 1)),))
    h = household(sam)
    assert lacking([SUPPORT_DBS, SUPPORT_AGREED], h, date(2026, 2, 1)) == [
        ("CAR-6", "Sam Ng", date(2026, 2, 1), "missing")
    ]
    assert lacking([SUPPORT_AGREED], h, date(2026, 1, 31)) == [("CAR-6", "Sam Ng", date(2026, 1, 31), "missing")]


def test_the_property_check_lasts_twelve_months_and_is_skipped_when_not_known__SAFE_1():
    """SAFE-1: a check on 15 May 2025 covers to 14 May 2026; a gate (property_checks None) skips it."""
    h = household(property_checks=(Period(date(2025, 5, 15)),))
    assert lacking([PROPERTY], h, date(2026, 5, 13)) == []
    assert lacking([PROPERTY], h, date(2026, 5, 14)) == []
    assert lacking([PROPERTY], h, date(2026, 5, 15)) == [("SAFE-1", "The household", date(2026, 5, 15), "expired")]
    assert lacking([PROPERTY], household(), date(2026, 5, 15)) == []


def test_an_arrangement_kind_requirement_applies_only_to_that_kind__MAT_4():
    h = household(carer())
    assert lacking([EMERGENCY], h, date(2026, 5, 1)) == []
    assert lacking([EMERGENCY], h, date(2026, 5, 1), arrangement_kind="emergency") == [
        ("MAT-4", "Grace Okafor", date(2026, 5, 1), "missing")
    ]


def test_expiring_is_only_reported_with_a_warning_window__SAFE_3():
    """SAFE-3: insurance ending 20 days after today is 'expiring' in lists (warn 90), nothing at a gate."""
    h = household(insurance={"public_liability": (Period(date(2025, 7, 1), date(2026, 6, 30)),)})
    assert lacking([INSURANCE], h, date(2026, 6, 10)) == []
    assert lacking([INSURANCE], h, date(2026, 6, 10), warn_days=90) == [
        ("CAR-5", "The household", date(2026, 7, 1), "expiring")
    ]
    assert lacking([INSURANCE], h, date(2026, 6, 10), warn_days=20) == [
        ("CAR-5", "The household", date(2026, 7, 1), "expiring")
    ]
    assert lacking([INSURANCE], h, date(2026, 6, 10), warn_days=19) == []


def test_lines_say_what_is_held_and_until_when__SAFE_3():
    grace = carer(training={4: (Period(date(2023, 12, 1), date(2026, 12, 1)),)})
    h = household(grace, agreements=(Period(date(2020, 1, 1)),))
    lines = check([FIRST_AID, AGREEMENT, INSURANCE], h, date(2026, 6, 1), date(2026, 6, 1))
    assert [(line.item, line.held, line.held_until) for line in lines] == [
        ("First aid", True, date(2026, 12, 1)),
        ("Signed carer agreement", True, None),  # no expiry
        ("Public liability insurance", False, None),
    ]


def test_add_months_takes_the_months_last_day():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 3, 10), 36) == date(2026, 3, 10)


def test_a_household_member_needs_a_dbs_check_from_their_16th_birthday__SAFE_1():
    """SAFE-1: a member born 10 December 2010 turns 16 on 10 December 2026: fine on the 9th, lacking from the 10th."""
    sam = Person("member", 7, "Sam Okafor", born=date(2010, 12, 10))
    h = household(carer(), sam)
    assert lacking([MEMBER_DBS], h, date(2026, 12, 9)) == []
    assert lacking([MEMBER_DBS], h, date(2026, 12, 10)) == [("SAFE-1", "Sam Okafor", date(2026, 12, 10), "missing")]
    assert lacking([MEMBER_DBS], h, date(2026, 12, 11)) == [("SAFE-1", "Sam Okafor", date(2026, 12, 11), "missing")]
    # A stay from 1 to 20 December lacks it from the birthday, not from the stay's start.
    assert lacking([MEMBER_DBS], h, date(2026, 12, 1), date(2026, 12, 20)) == [
        ("SAFE-1", "Sam Okafor", date(2026, 12, 10), "missing")
    ]
    [gap] = gaps([MEMBER_DBS], h, date(2026, 12, 10), date(2026, 12, 10))
    assert (gap.record, gap.query) == ("carers:record_dbs", "person=member-7")
    # The carer requirements are not the member's, and a check issued on the birthday clears it.
    checked = Person(
        "member", 7, "Sam Okafor", born=date(2010, 12, 10), dbs=(Period(date(2026, 12, 10), date(2029, 12, 1)),)
    )
    assert lacking([MEMBER_DBS, FIRST_AID], household(checked), date(2026, 12, 10)) == []


def test_a_29_february_birthday_is_reached_on_1_march_in_other_years__SAFE_1():
    assert birthday(date(2008, 2, 29), 16) == date(2024, 2, 29)  # 2024 is a leap year
    assert birthday(date(2010, 2, 28), 16) == date(2026, 2, 28)
    assert birthday(date(2012, 2, 29), 16) == date(2028, 2, 29)
    assert birthday(date(2011, 2, 28), 16) == date(2027, 2, 28)
    assert birthday(date(2008, 2, 29), 17) == date(2025, 3, 1)
