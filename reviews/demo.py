"""Demo contacts, reviews, risk assessments and changes of needs for a local `make run` (seed_demo).

Idempotent: nothing is added once any contact exists. Everything goes through reviews/services.py, except
the twelve weekly OverdueSnapshot rows of the Scheme overview's chart (the past cannot be snapshotted).
Dates are relative to today, so each demo officer's My work always shows a realistic mix: most households
up to date, one with the monthly contact overdue, an appraisal due soon, a monitoring visit and a risk
review overdue, a change of needs waiting for its meeting, a concern raised this week; plus whatever the
placements demo leaves (a 28-day review due, a moving-day checklist).
"""

import random
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from carers.models import ACTIVE_STATUSES, CarerHousehold
from placements.models import Placement
from reviews import services
from reviews.models import Contact, OverdueSnapshot
from reviews.picture import overdue_counts
from sharedlives.dates import today
from sharedlives.workdays import add_working_days

# What a household shows on its officer's My work (chosen in _profiles); most are up to date.
UP_TO_DATE, CONTACT_OVERDUE, APPRAISAL_DUE, CHANGE_WAITING, MONITORING_OVERDUE = range(5)

CONTACT_NOTES = {
    "phone": [
        "Phoned the carer: all well, settled routine, attending college three days a week.",
        "Phoned: carer asked about medication storage; talked it through and sent the guidance.",
        "Carer called about a missed day-centre pickup; sorted with transport.",
    ],
    "visit": [
        "Visited: the person showed me their new bedroom decoration; carer well supported.",
        "Visited: reviewed the diary and finances record; all in order.",
    ],
    "email": ["Email from the carer about the holiday dates; respite cover arranged with the support carer."],
    "video": ["Video call with the person and the carer: enjoying the swimming club, no concerns."],
}
CONCERNS = [
    "Carer reports two falls at night this week; GP appointment booked for Thursday.",
    "The person said they had been shouted at by a visitor to the household; asked the carer to call me.",
    "Bruise on the person's forearm noticed at the day centre; carer says it happened getting off the bus.",
]
METHODS = ["phone", "visit", "email", "video", "phone", "visit"]
WITH = ["carer", "both", "carer", "person", "family", "carer"]


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 15)))


def _current_placements(households, on: date) -> dict[int, list[Placement]]:
    found: dict[int, list[Placement]] = {}
    for placement in (
        Placement.objects.filter(household__in=households, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("person")
        .order_by("household_id", "starts_on", "pk")
    ):
        found.setdefault(placement.household_id, []).append(placement)
    return found


class _Builder:
    def __init__(self, users, now: date):
        self.users = users
        self.now = now
        self.rng = random.Random(2026)
        self.contacts = self.reviews = self.risks = self.changes = 0

    def ago(self, days: int) -> date:
        return self.now - timedelta(days=days)

    def contact(self, household, officer, day: date, *, placement=None, n=0, **extra) -> Contact:
        method = extra.pop("method", METHODS[n % len(METHODS)])
        notes = CONTACT_NOTES[method]
        contact = services.log_contact(
            household=household,
            placement=placement,
            method=method,
            with_whom=extra.pop("with_whom", WITH[n % len(WITH)]),
            summary=extra.pop("summary", notes[(n + household.pk) % len(notes)]),
            occurred_at=_at(day, 9 + n % 7),
            by=officer,
            **extra,
        )
        self.contacts += 1
        return contact

    def review(self, household, officer, kind: str, held_on: date, **details):
        if held_on < household.approved_on or held_on > self.now:
            return None
        self.reviews += 1
        return services.record_review(
            household=household,
            kind=kind,
            held_on=held_on,
            attendees=details.pop("attendees", f"{household.name} and {officer.get_full_name()}"),
            by=officer,
            **details,
        )

    # A household's own reviews (REV-3, REV-4, REV-5, CAR-2) ----------------------------------------------

    def household_reviews(self, household, officer, profile: int):
        rng = self.rng
        # Two in-person monitoring visits about three months apart cover REV-4 and REV-5.
        first = 100 if profile == MONITORING_OVERDUE else rng.randint(10, 60)
        monitoring = [first, first + rng.randint(85, 95)]
        for days in monitoring:
            self.review(
                household, officer, "monitoring", self.ago(days), outcomes="Placement going well; no new risks."
            )
        self.review(household, officer, "financial", self.ago(rng.randint(30, 300)), finance_audit_done=True)
        self.review(household, officer, "medication", self.ago(rng.randint(30, 300)), medication_competency_done=True)
        self.review(
            household,
            officer,
            "health_safety",
            self.ago(rng.randint(30, 300)),
            property_check_done=True,
            insurance_evidence_seen=True,
        )
        appraisal = 358 if profile == APPRAISAL_DUE else rng.randint(40, 320)
        self.review(
            household,
            officer,
            "appraisal",
            self.ago(appraisal),
            training_needs="Refresher on epilepsy awareness",
            wellbeing="Coping well; would like a break in the summer",
            feedback="Values the monthly calls",
            respite_planned_nights=21,
        )
        if household.probation_ends_on and household.probation_ends_on < self.now:
            self.review(
                household,
                officer,
                "probation",
                household.probation_ends_on - timedelta(days=7),
                outcomes="Probation completed; approved without conditions.",
            )

    # A placement's contacts, reviews and risk assessment (REV-1, REV-2, PLA-4, REV-7) ---------------------

    def placement_records(self, household, officer, placement, profile: int, index: int):
        rng = self.rng
        if (self.now - placement.starts_on).days <= 28:
            # PLA-4: weekly in the first 28 days, the latest within the last week.
            day, n = placement.starts_on + timedelta(days=2), 0
            while day < self.now:
                self.contact(household, officer, day, placement=placement, n=n, method="phone")
                day, n = day + timedelta(days=7), n + 1
        else:
            first = 40 if profile == CONTACT_OVERDUE else rng.randint(3, 20)
            ages = [first] + [first + days + rng.randint(-4, 4) for days in (30, 61, 95, 150, 220, 300)]
            for n, days in enumerate(ages):
                if self.ago(days) >= placement.starts_on:
                    self.contact(household, officer, self.ago(days), placement=placement, n=n)
        if placement.kind == "live_in" and placement.initial_review_on:
            self.review(
                household,
                officer,
                "initial",
                placement.initial_review_on,
                placement=placement,
                persons_views=f"{placement.person.first_name} says they feel at home and like the family's dog.",
                outcomes="Placement confirmed; banding to follow.",
            )
        if placement.kind == "live_in" and (self.now - placement.starts_on).days > 300:
            self.review(
                household,
                officer,
                "annual",
                self.ago(rng.randint(20, 200)),
                placement=placement,
                persons_views=f"{placement.person.first_name} wants to try a new day activity.",
                outcomes="Support plan updated.",
            )
        if (self.now - placement.starts_on).days > 14:
            if profile == MONITORING_OVERDUE and index == 0:
                done_on, next_review = self.ago(190), self.ago(10)  # the review is overdue (REV-7)
            elif profile == APPRAISAL_DUE and index == 0:
                done_on, next_review = self.ago(170), self.now + timedelta(days=9)  # due soon
            else:
                done_on = max(placement.starts_on, self.ago(rng.randint(30, 150)))
                next_review = done_on + timedelta(days=182)
            self.risks += 1
            services.record_risk_assessment(
                placement=placement,
                done_on=done_on,
                next_review_on=next_review,
                summary="Falls, road safety and medication reviewed; plan shared with the carer.",
                by=officer,
            )

    # Changes of needs (CHG-1 … CHG-3) ---------------------------------------------------------------------

    def change_waiting_for_meeting(self, placement, officer):
        services.raise_change_of_needs(
            placement=placement,
            raised_on=self.ago(2),
            raised_by="carer",
            description="Needs more help at night since a hospital stay; carer is getting up two or three times.",
            by=officer,
        )
        self.changes += 1

    def change_further_on(self, placement, officer, stage: str):
        """'discussion' waits for the management discussion; 'funding' has a request waiting; 'closed'."""
        manager = self.users["manager"]
        raised = self.ago({"discussion": 9, "funding": 30, "closed": 70}[stage])
        change = services.raise_change_of_needs(
            placement=placement,
            raised_on=raised,
            raised_by="person",
            description="Wants to move to a four-day week at the day centre and try a supported job.",
            by=officer,
        )
        self.changes += 1
        change = services.record_change_meeting(
            change, held_on=add_working_days(raised, 3), notes="Met the carer and the person at home.", by=officer
        )
        if stage == "discussion":
            return
        change = services.record_change_discussion(
            change,
            discussed_on=add_working_days(change.meeting_held_on, 1),
            manager=manager,
            agreed_actions="Refer to the employment support service; review the support plan in six weeks.",
            referred_health=stage == "closed",
            referred_care_technology=stage == "funding",
            by=officer,
        )
        if stage == "funding":
            services.request_additional_funding(
                change,
                what_for="Two extra hours of support a week during the first month of the job.",
                other_support_explored="Care technology (a door sensor) and the day centre's own job coach.",
                by=officer,
            )
        else:
            services.close_change(change, closed_on=self.ago(40), by=officer)


def build_demo(*, users) -> str:
    """Contacts and reviews over the last year for every approved household. Returns a one-line summary."""
    if Contact.objects.exists():
        return "contacts and reviews: already there"
    now = today()
    builder = _Builder(users, now)
    officers = [users["officer"], users["officer2"], users["officer3"]]
    households = CarerHousehold.objects.filter(
        status__in=ACTIVE_STATUSES, approved_on__isnull=False, allocated_officer__in=officers
    ).order_by("reference")
    placements = _current_placements(households, now)
    by_officer: dict[int, list[CarerHousehold]] = {}
    for household in households:
        by_officer.setdefault(household.allocated_officer_id, []).append(household)

    for number, officer in enumerate(officers):
        caseload = by_officer.get(officer.pk, [])
        profiles = _profiles(caseload, placements, now)
        for household in caseload:
            profile = profiles.get(household.pk, UP_TO_DATE)
            builder.household_reviews(household, officer, profile)
            current = placements.get(household.pk, [])
            for index, placement in enumerate(current):
                builder.placement_records(household, officer, placement, profile, index)
            if not current:
                for n, days in enumerate([40 if profile == CONTACT_OVERDUE else 12, 75, 140, 230, 320]):
                    builder.contact(household, officer, builder.ago(days), n=n)
            if profile == APPRAISAL_DUE:
                concern = builder.contact(
                    household,
                    officer,
                    builder.ago(2),
                    placement=current[0] if current else None,
                    method="visit",
                    with_whom="both",
                    summary=CONCERNS[number % len(CONCERNS)],
                    concern_raised=True,
                )
                if number == 2:  # one already seen by the management team
                    services.mark_concern_seen(concern, by=users["manager2"])
            if profile == CHANGE_WAITING:
                builder.change_waiting_for_meeting(current[0], officer)
        # One change of needs further on per officer: waiting for the discussion, for funding, or closed.
        further = [h for h in caseload if placements.get(h.pk) and profiles.get(h.pk) != CHANGE_WAITING]
        if further:
            stage = ["discussion", "funding", "closed"][number]
            builder.change_further_on(placements[further[-1].pk][0], officer, stage)

    snapshots = _weekly_snapshots(now)
    return (
        f"contacts and reviews: {builder.contacts} contacts, {builder.reviews} reviews, {builder.risks} risk "
        f"assessments, {builder.changes} changes of needs, {snapshots} weekly overdue counts"
    )


def _profiles(caseload, placements, now: date) -> dict[int, int]:
    """Which household shows what on its officer's My work; the rest are up to date."""
    settled = [h for h in caseload if any((now - p.starts_on).days > 60 for p in placements.get(h.pk, []))]
    placed = [h for h in caseload if placements.get(h.pk)]
    established = [h for h in caseload if (now - h.approved_on).days > 400]
    chosen: dict[int, int] = {}
    for profile, candidates in [
        (CONTACT_OVERDUE, settled),
        (CHANGE_WAITING, placed),
        (APPRAISAL_DUE, established),
        (MONITORING_OVERDUE, [h for h in established if h in placed] + established),
    ]:
        household = next((h for h in candidates if h.pk not in chosen), None)
        if household is not None:
            chosen[household.pk] = profile
    return chosen


def _weekly_snapshots(now: date) -> int:
    """Twelve weekly counts before today, trending down to today's (the Scheme overview's chart)."""

    current = overdue_counts(now).total
    rng = random.Random(12)
    existing = set(OverdueSnapshot.objects.values_list("taken_on", flat=True))
    made = 0
    for weeks in range(1, 13):
        taken_on = now - timedelta(weeks=weeks)
        if taken_on in existing:
            continue
        snapshot = OverdueSnapshot(taken_on=taken_on, overdue=current + 2 * weeks + rng.randint(0, 3), by_rule={})
        snapshot._change_reason = "demo.snapshot"
        snapshot.save()
        made += 1
    return made
