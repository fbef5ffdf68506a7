"""Demo carer households for a local `make run` (seed_demo). Idempotent: keyed on the household reference.

Dates are relative to today, so the demo always shows a live mix: households on probation, one emergency-approved
household, one that left because the carer retired.

SAFE-1: every household holds what the scheme requires from before its approval, renewed without a gap, so every
arrangement the later demo builders make is safe on every day it covers. Three more households show the Checks
panel's states (SAFE-3): one missing its carer agreement (and with lapsed first aid), one whose insurance expires in
20 days, one whose support carer has no DBS check. placements/demo.py places nobody with a household that has a
gap, or one expiring within 90 days, so none of them starts an arrangement after its gap begins.
"""

import contextlib
import random
from datetime import date, timedelta

from carers import services
from carers.models import BreakCover, CarerHousehold, CarerRole, HoldReason, TrainingCourse
from sharedlives.dates import today
from sharedlives.errors import RuleViolation
from sharedlives.models import ApprovalOutcome, SchemePolicy

AREAS = [
    ("Winchester", "SO23"), ("Basingstoke", "RG21"), ("Andover", "SP10"), ("Eastleigh", "SO50"),
    ("Fareham", "PO16"), ("Havant", "PO9"), ("Alton", "GU34"), ("Romsey", "SO51"),
]
STREETS = ["Station Road", "Church Lane", "Mill Way", "Orchard Close", "Victoria Road", "The Avenue", "Park View",
           "Chapel Street", "Meadow Rise", "Kingsway"]
FAMILIES = [
    ("Okafor", "Grace", "Emeka"), ("Patel", "Anita", "Raj"), ("Hughes", "Sian", None), ("Walker", "Jane", "Tom"),
    ("Nowak", "Ewa", "Piotr"), ("Begum", "Rahima", None), ("Campbell", "Morag", "Ian"), ("Evans", "Carys", "Dylan"),
    ("Murphy", "Siobhan", None), ("Thompson", "Lisa", "Mark"), ("Ahmed", "Farah", "Imran"), ("Clarke", "Helen", None),
    ("Wright", "Joanne", "Steve"), ("Mensah", "Abena", "Kofi"), ("Green", "Paula", None), ("Bennett", "Sarah", "James"),
    ("Kowalski", "Anna", None), ("Singh", "Harpreet", "Manjit"), ("Robinson", "Claire", "Dave"), ("Ali", "Zainab", None),
    ("Fraser", "Linda", "Rob"), ("Taylor", "Maxine", None), ("Lewis", "Bethan", "Huw"), ("Doyle", "Mary", "Sean"),
    ("Harris", "Pat", None),
    # SAFE-3: the Checks panel's states (STATES)
    ("Marsh", "Rosie", None), ("Baker", "Tina", "Paul"), ("Irwin", "Kate", None),
]
STATES = {25: "missing_agreement", 26: "insurance_expiring", 27: "support_carer_without_dbs"}
REQUIRED_COURSES = ["Core Shared Lives carer training", "Learning disability and autism (Oliver McGowan)",
                    "Safeguarding adults", "First aid", "Health and safety", "Medication competence"]
INTERESTS = ["gardening, dog walking", "cooking, music", "football, swimming", "crafts, baking", "church, choir",
             "walking, wildlife", "cinema, bowling", "allotment, cycling"]
LANGUAGES = ["English", "English, Igbo", "English, Gujarati", "English, Polish", "English, Bengali", "English, Welsh"]


def build_demo(*, users) -> str:
    """~25 households across three officers. Returns a one-line summary for seed_demo."""
    existing = set(CarerHousehold.objects.filter(reference__startswith="SL-").values_list("reference", flat=True))
    officers = [users["officer"], users["officer2"], users["officer3"]]
    rng = random.Random(2026)  # the same demo every time
    now = today()
    courses = {course.name: course for course in TrainingCourse.objects.all()}
    made = 0
    for index, (surname, main, joint) in enumerate(FAMILIES):
        reference = f"SL-{index + 1:04d}"
        if reference in existing:
            continue
        made += 1
        area, district = AREAS[index % len(AREAS)]
        officer = officers[index % 3]
        household = services.create_household(
            by=officer,
            reference=reference,
            name=f"The {surname} family" if joint else f"{main} {surname}",
            address_line_1=f"{rng.randint(2, 120)} {STREETS[index % len(STREETS)]}",
            town=area,
            postcode=f"{district} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXY')}{rng.choice('ABDEFGHJLNPQRSTUWXY')}",
            area=area,
            phone=f"01962 {rng.randint(100000, 999999)}",
            offers_live_in=index % 4 != 3,
            offers_short_breaks=index % 3 != 1,
            offers_day_support=index % 5 in (0, 2),
            approved_places=[3, 2, 1, 2][index % 4],
            rooms_available=[2, 1, 1, 2][index % 4],
            skills_experience=rng.choice(["Former support worker; autism experience", "Nursing background",
                                          "Experience of epilepsy and medication", "Raised a disabled son"]),
            interests=INTERESTS[index % len(INTERESTS)],
            languages=LANGUAGES[index % len(LANGUAGES)],
            faith_culture=rng.choice(["", "Christian", "Muslim", "Sikh", "Catholic"]),
            has_pets=index % 3 == 0,
            pets="Dog" if index % 3 == 0 else "",
            smoking_household=index % 7 == 6,
            accessibility="Ground-floor bedroom, level access" if index % 4 == 0 else "",
        )
        services.add_carer(household, by=officer, role=CarerRole.MAIN, first_name=main, last_name=surname,
                           date_of_birth=date(1960 + index % 20, index % 12 + 1, 10), phone=household.phone)
        if joint:
            services.add_carer(household, by=officer, role=CarerRole.JOINT, first_name=joint, last_name=surname,
                               date_of_birth=date(1958 + index % 20, (index + 5) % 12 + 1, 3))
        if index in (22, 23):  # two applicants still being assessed
            if index == 23:
                services.start_assessment(household, by=officer)
            continue
        # Approved between 5 years and 2 months ago; every fourth within the last year (on probation).
        days_ago = 60 + (index * 53) % 300 if index % 4 == 1 else 400 + (index * 97) % 1500
        approved_on = now - timedelta(days=days_ago)
        if STATES.get(index) == "missing_agreement":
            approved_on = now  # SAFE-2: approved today under the management team's override (below)
        # SAFE-2: the approval is refused while a required check is missing, so the checks come first.
        _records(household, approved_on, now, courses, rng, officer, index)
        if STATES.get(index) == "missing_agreement":
            _checks_override(household, officer, users["manager"], now,
                             reason="Carer agreement signed at the panel; the signed copy and first aid renewal to follow")
        household = services.approve_household(household, approved_on=approved_on, officer=officer, by=users["manager"])
        if not household.on_probation(now):
            services.update_household(household, by=officer, more_frequent_support=False)
        _support_carers(household, approved_on, now, rng, officer, index)
        if index == 4:
            services.update_household(household, by=officer, emergency_approved=True,
                                      emergency_trained_on=now - timedelta(days=200))
            services.record_training(carer=household.carers.get(role=CarerRole.MAIN),
                                     course=courses["Emergency placements"],
                                     completed_on=now - timedelta(days=200), by=officer)
        if index == 9:
            services.put_on_hold(household, by=officer, reason="carer recovering from an operation")
        if index == 19:  # SAFE-4: no new arrangements or break cover while the concern is open
            services.put_on_hold(household, by=officer, reason="Allegation reported by a day centre, under enquiry",
                                 hold_reason=HoldReason.SAFEGUARDING)
        if index == 14:
            services.record_leaving(household, left_on=now - timedelta(days=45), reason="retiring",
                                    notes="Retired after nine years; the person she supported moved to the Okafors.",
                                    by=officer)
    first = CarerHousehold.objects.get(reference="SL-0001")
    _extra_respite_request(first, first.allocated_officer, now)
    lapsed_dbs = CarerHousehold.objects.filter(reference="SL-0008").first()  # index 7: a carer's DBS check lapsed
    if lapsed_dbs is not None:
        _checks_override(lapsed_dbs, lapsed_dbs.allocated_officer, users["manager"], now)
    return f"carer households: {made} added, {len(existing)} already there"


def _training_chain(carer, course, since, now, officer):
    """CAR-7: done before approval, then renewed a fortnight before each expiry, held beyond the next 120 days."""
    completed = since
    while True:
        record = services.record_training(carer=carer, course=course, completed_on=completed, by=officer)
        if record.expires_on is None or record.expires_on > now + timedelta(days=120):
            return
        completed = min(record.expires_on - timedelta(days=14), now - timedelta(days=3))


def _records(household, approved_on, now, courses, rng, officer, index):
    state = STATES.get(index, "")
    since = approved_on - timedelta(days=30)
    carers = list(household.carers.all())
    for carer in carers:
        for name in REQUIRED_COURSES:
            if state == "missing_agreement" and name == "First aid":
                completed = now - timedelta(days=courses[name].renewal_months * 31 + 20)  # lapsed three weeks ago
                services.record_training(carer=carer, course=courses[name], completed_on=completed, by=officer)
                continue
            _training_chain(carer, courses[name], since, now, officer)
        # CAR-6: on the DBS update service, with the next recorded status check still ahead.
        services.record_dbs_check(carer=carer, certificate_number=f"00{rng.randint(10**9, 10**10 - 1)}",
                                  issued_on=since - timedelta(days=30), renewal_due_on=now + timedelta(days=rng.randint(150, 900)),
                                  on_update_service=True, by=officer)
    # CAR-5: yearly public liability policies, one after another, from before approval.
    starts = since
    while True:
        expires = now + timedelta(days=20) if state == "insurance_expiring" else starts + timedelta(days=365)
        services.record_insurance(household=household, kind="public_liability", insurer="Shared Lives Plus (Ecclesiastical)",
                                  policy_number=f"PL{rng.randint(10000, 99999)}", starts_on=starts,
                                  expires_on=expires, evidence_seen_on=min(starts + timedelta(days=10), now), by=officer)
        if expires > now + timedelta(days=120) or state == "insurance_expiring":
            break
        starts = expires
    if state != "missing_agreement":
        # CAR-8: the scheme's current version when the policy names one (SAFE-1).
        version = SchemePolicy.current().carer_agreement_version or "2024 v1"
        services.record_agreement(household=household, version=version, signed_on=since, by=officer)


def _support_carers(household, approved_on, now, rng, officer, index):
    """CAR-6: every third household has a support carer, agreed by the scheme a month after approval."""
    state = STATES.get(index, "")
    if index % 3 == 0:
        support = services.add_support_carer(household=household, by=officer, first_name="Chris",
                                             last_name=household.carers.first().last_name, relationship="Brother",
                                             scheme_agreement_on=approved_on + timedelta(days=30))
        if state == "support_carer_without_dbs":
            return  # SAFE-3: agreed by the scheme, but no DBS check yet (CAR-6)
        services.record_dbs_check(support_carer=support, certificate_number=f"00{rng.randint(10**9, 10**10 - 1)}",
                                  issued_on=approved_on + timedelta(days=20),
                                  renewal_due_on=now + timedelta(days=rng.randint(150, 900)), on_update_service=True,
                                  by=officer)
        start = now - timedelta(days=rng.randint(20, 120))
        # A demo break that falls foul of a rule (say, across 1 April) is simply left out.
        with contextlib.suppress(RuleViolation):
            services.record_break(household=household, starts_on=start, ends_on=start + timedelta(days=rng.randint(3, 7)),
                                  cover=BreakCover.SUPPORT_CARER, cover_support_carer=support, by=officer)


def _extra_respite_request(household, officer, now):
    """One break over the allocation, waiting in the management team's Approvals inbox (RES-1)."""
    if household.breaks.filter(extra_respite__isnull=False).exists():
        return
    start = now + timedelta(days=30)
    with contextlib.suppress(RuleViolation):
        services.record_break(household=household, starts_on=start, ends_on=start + timedelta(days=23),
                              cover=BreakCover.OTHER_PROVIDER, cover_provider="Hollybank respite centre",
                              extra_reason="Carer's planned surgery and recovery", by=officer)


def _checks_override(household, officer, manager, now,
                     reason="DBS renewal applied for; the update service check is booked"):
    """An override of missing checks in force for 14 days, agreed by the management team (SAFE-2, AUD-2)."""
    if household.checks_overrides.exists() or officer is None:
        return
    from sharedlives.approvals import decide

    override = services.request_checks_override(household=household, reason=reason, starts_on=now, by=officer)
    decide(override, by=manager, outcome=ApprovalOutcome.AGREED)
