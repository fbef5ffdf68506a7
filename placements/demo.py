"""Demo people, referrals and placements for a local `make run` (seed_demo, after the carers' households).

Everything is made through placements/services.py, so the demo obeys the rules it shows. Idempotent: each
person is keyed on their case-system reference DEMO-001 … DEMO-040 and built whole or not at all. Dates
are relative to today: live-in placements at every stage, short breaks with stays, day support with
sessions, one emergency placement, referrals at every step of the board, housing benefit awarded
(one backdated) and outstanding, and requests waiting in the management team's Approvals.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from carers.capacity import capacity
from carers.checks import gaps_by_household
from carers.models import CarerHousehold, HouseholdStatus
from placements import services
from placements.models import ArrangementKind, Person, Placement
from sharedlives.dates import financial_year_end, financial_year_start, today
from sharedlives.errors import RuleViolation

LIVE_IN, SHORT_BREAK, DAY_SUPPORT = ArrangementKind.LIVE_IN, ArrangementKind.SHORT_BREAK, ArrangementKind.DAY_SUPPORT

# first name, last name, primary support need, interests, preferred area, pets
PEOPLE = [
    ("Daniel", "Price", "learning_disability", "football, music", "Winchester", "likes"),
    ("Amira", "Khan", "learning_disability", "cooking, baking", "Basingstoke", "no_preference"),
    ("Thomas", "Reid", "mental_health", "walking, wildlife", "Andover", "likes"),
    ("Grace", "Owusu", "learning_disability", "church, choir", "Eastleigh", "no_pets"),
    ("Liam", "Fletcher", "pmld", "music, sensory room", "Fareham", "no_preference"),
    ("Chloe", "Barnes", "learning_disability", "crafts, baking", "Havant", "likes"),
    ("Mohammed", "Rahman", "learning_disability", "football, swimming", "Alton", "no_preference"),
    ("Sophie", "Turner", "physical", "cinema, bowling", "Romsey", "likes"),
    ("Aaron", "Walsh", "learning_disability", "gardening, dog walking", "Winchester", "likes"),
    ("Megan", "Hughes", "brain_injury", "allotment, cycling", "Basingstoke", "no_preference"),
    ("Oliver", "Grant", "learning_disability", "cooking, music", "Andover", "no_pets"),
    ("Priya", "Shah", "learning_disability", "dancing, cooking", "Eastleigh", "no_preference"),
    ("Callum", "Stewart", "mental_health", "fishing, walking", "Fareham", "likes"),
    ("Hannah", "Moss", "ld_dementia", "music, gardening", "Havant", "likes"),
    ("Jamal", "Osei", "learning_disability", "football, cinema", "Alton", "no_preference"),
    ("Ellie", "Parker", "learning_disability", "swimming, crafts", "Romsey", "likes"),
    ("Ryan", "Cole", "learning_disability", "walking, bowling", "Winchester", "no_preference"),
    ("Zara", "Ahmed", "learning_disability", "baking, music", "Basingstoke", "no_pets"),
    ("Kieran", "Doyle", "sensory", "music, swimming", "Andover", "likes"),
    ("Lucy", "Bell", "learning_disability", "crafts, church", "Eastleigh", "no_preference"),
    ("Nathan", "Wood", "learning_disability", "football, gardening", "Fareham", "likes"),
    ("Isla", "Murray", "learning_disability", "cooking, dog walking", "Havant", "likes"),
    ("Ben", "Kowalczyk", "physical", "cycling, cinema", "Alton", "no_preference"),
    ("Ruby", "Ellis", "learning_disability", "music, dancing", "Romsey", "likes"),
    ("Adam", "Nguyen", "learning_disability", "computers, walking", "Winchester", "no_preference"),
    ("Maisie", "Carter", "learning_disability", "baking, swimming", "Basingstoke", "likes"),
    ("Joseph", "Adeyemi", "learning_disability", "football, church", "Andover", "no_preference"),
    ("Freya", "Lloyd", "older_age", "gardening, knitting", "Eastleigh", "likes"),
    ("Harvey", "Patel", "learning_disability", "cricket, cooking", "Fareham", "no_preference"),
    ("Alice", "Morgan", "mental_health", "art, walking", "Havant", "likes"),
    ("Samuel", "Byrne", "learning_disability", "bowling, music", "Alton", "no_preference"),
    ("Leah", "Mensah", "learning_disability", "church, choir", "Romsey", "no_pets"),
    ("Jack", "Robertson", "learning_disability", "fishing, football", "Winchester", "likes"),
    ("Evie", "Singh", "learning_disability", "cooking, dancing", "Basingstoke", "no_preference"),
    ("Tyler", "Hall", "learning_disability", "swimming, cinema", "Andover", "likes"),
    ("Poppy", "Ward", "pmld", "music, sensory room", "Eastleigh", "no_preference"),
    ("Reece", "Kaur", "learning_disability", "gardening, crafts", "Fareham", "likes"),
    ("Holly", "Fox", "learning_disability", "baking, walking", "Havant", "no_preference"),
    ("Connor", "Burke", "learning_disability", "football, music", "Alton", "likes"),
    ("Niamh", "Quinn", "learning_disability", "dancing, swimming", "Romsey", "no_preference"),
]

REFERRERS = [
    ("Sam Whitfield", "Winchester adult services"),
    ("Jo Marsh", "Basingstoke community learning disability team"),
    ("Pete Ramsay", "Andover adult services"),
    ("Lena Kowalski", "Transitions team"),
]


def build_demo(*, users) -> str:
    """~40 people through every stage. Returns a one-line summary for seed_demo."""
    demo = _Demo(users)
    existing = set(Person.objects.filter(cdir_reference__startswith="DEMO-").values_list("cdir_reference", flat=True))
    made, skipped = 0, 0
    for number, scenario in enumerate(demo.scenarios(), start=1):
        reference = f"DEMO-{number:03d}"
        if reference in existing:
            continue
        try:
            with transaction.atomic():  # one person whole, or not at all
                scenario(demo.person(number))
            made += 1
        except (RuleViolation, ValidationError):
            skipped += 1  # a household with no room (CAR-1), say: the demo leaves this person out
    summary = f"people and placements: {made} added, {len(existing)} already there"
    return summary + (f", {skipped} left out" if skipped else "")


def _optional(step, *args, **kwargs):
    """A step the demo can do without (a stay across 1 April, say): refused, it is simply left out."""
    try:
        with transaction.atomic():
            return step(*args, **kwargs)
    except (RuleViolation, ValidationError):
        return None


class _Demo:
    def __init__(self, users):
        self.users = users
        self.now = today()
        self.ro = users["referrals"]
        self.manager = users["manager"]
        households = list(
            CarerHousehold.objects.filter(reference__startswith="SL-", status=HouseholdStatus.APPROVED)
            .select_related("allocated_officer")
            .order_by("reference")
        )
        # SAFE-1, SAFE-2: nobody is placed with a household lacking a check, or with one expiring within 90 days
        # (the demo households that show the Checks panel's states, carers/demo.py STATES).
        lacking = gaps_by_household([h.pk for h in households], self.now, warn_days=90)
        self.households = [h for h in households if h.pk not in lacking]
        # Places already taken (another run, or someone trying the app): every arrangement not yet ended.
        self.taken = {h.pk: 0 for h in self.households}
        for household_id in Placement.objects.filter(household__in=self.households, ends_on__isnull=True).values_list(
            "household_id", flat=True
        ):
            self.taken[household_id] += 1
        self.cursor = 0

    def days(self, n: int) -> date:
        return self.now + timedelta(days=n)

    # Building blocks ---------------------------------------------------------------------------------

    def person(self, number: int) -> Person:
        first, last, need, interests, area, pets = PEOPLE[number - 1]
        return services.create_person(
            by=self.ro,
            cdir_reference=f"DEMO-{number:03d}",
            first_name=first,
            last_name=last,
            date_of_birth=date(1965 + number % 38, number % 12 + 1, number % 27 + 1),
            primary_support_need=need,
            interests=interests,
            preferred_area=area,
            pets=pets,
            languages="English",
            likes="Routine, being outdoors" if number % 2 else "Music and company",
            funding_area_team=f"{area} adult services",
        )

    def referral(self, person, kind, received_on, *, emergency=False, documents=True, **fields):
        name, team = REFERRERS[person.pk % len(REFERRERS)]
        if documents:
            fields |= {
                "assessment_received_on": received_on,
                "care_plan_received_on": received_on + timedelta(days=3),
                "risk_assessment_received_on": received_on + timedelta(days=3),
                "risk_review_due_on": received_on + timedelta(days=365),
            }
        return services.create_referral(
            person=person,
            kind=kind,
            emergency=emergency,
            received_on=received_on,
            referrer_name=name,
            referrer_team=team,
            referrals_officer=self.ro,
            by=self.ro,
            **fields,
        )

    def fund(self, referral, decided_on):
        services.record_funding_decision(
            referral=referral, panel="SPOG", decided_on=decided_on, outcome="agreed", by=self.ro
        )
        referral.refresh_from_db()
        return referral

    def pick(self, kind, proposed_on, *, emergency=False) -> CarerHousehold:
        """The next approved household offering `kind`, approved before the match, with a place to spare."""
        offers = {LIVE_IN: "offers_live_in", SHORT_BREAK: "offers_short_breaks", DAY_SUPPORT: "offers_day_support"}
        count = len(self.households)
        for step in range(count):
            household = self.households[(self.cursor + step) % count]
            if (
                getattr(household, offers[kind])
                and household.approved_on <= proposed_on
                and household.emergency_approved == emergency
                and self.taken[household.pk] < capacity(household)
            ):
                self.cursor = (self.cursor + step + 1) % count
                self.taken[household.pk] += 1
                return household
        raise RuleViolation("CAR-1", "No demo household has a place for this person.")

    def match(self, referral, household, proposed_on, agreed_on=None, *, introductions=True):
        match = services.propose_match(
            referral=referral,
            household=household,
            proposed_on=proposed_on,
            why=f"In {household.area}; shared interests",
            by=self.ro,
        )
        if agreed_on is None:
            return match
        match = services.record_match_agreement(
            match=match,
            person_agreed_on=agreed_on,
            person_agreed_by=referral.person.full_name,
            carer_agreed_on=agreed_on,
            by=self.ro,
        )
        if introductions:
            services.record_introduction(match=match, kind="visit", on=agreed_on + timedelta(days=2), by=self.ro)
            if referral.kind != DAY_SUPPORT:
                services.record_introduction(
                    match=match, kind="overnight", on=agreed_on + timedelta(days=9), nights=1, by=self.ro
                )
        return match

    def place(self, person, kind, start, *, emergency=False, known=False, allocation=None, moved_from=None):
        """A referral taken all the way to a placement starting on `start`."""
        if emergency:
            received, decided, proposed, agreed = (start - timedelta(days=d) for d in (3, 2, 2, 1))
        else:
            received, decided, proposed, agreed = (start - timedelta(days=d) for d in (70, 56, 35, 28))
        household = self.pick(kind, proposed, emergency=emergency)
        referral = self.referral(person, kind, received, emergency=emergency)
        if emergency:
            services.record_emergency_discussion(
                referral=referral,
                manager=self.manager,
                discussed_on=received,
                outcome="Agreed to seek an emergency-approved carer today",
                by=self.ro,
            )
        referral = self.fund(referral, decided)
        match = self.match(referral, household, proposed, agreed, introductions=not emergency)
        return services.start_placement(
            referral=referral,
            match=match,
            starts_on=start,
            person_known_to_carer=known,
            placement_agreement_signed_on=start,
            licence_agreement_signed_on=start if kind == LIVE_IN else None,
            respite_allocation_nights=allocation,
            moved_from=moved_from,
            move_reason="carer_left" if moved_from else "",
            by=self.ro,
        )

    def officer(self, placement):
        return placement.household.allocated_officer

    def settled(self, placement, *, hb_applied=True):
        """Past the first 28 days: the checklist complete and the 28-day review held (REV-1)."""
        start = placement.starts_on
        services.record_moving_day(
            placement,
            by=self.officer(placement),
            housing_benefit_applied_on=start if hb_applied else None,
            all_about_me_shared_on=start + timedelta(days=2),
            case_note_flagged_on=start + timedelta(days=3),
        )
        return services.record_initial_review_date(
            placement, held_on=start + timedelta(days=27), by=self.officer(placement)
        )

    def award(self, placement, *, confirmed_after: int, backdated=False):
        claim = placement.housing_benefit_claims.get()
        confirmed = placement.starts_on + timedelta(days=confirmed_after)
        services.confirm_housing_benefit_award(
            claim=claim,
            confirmed_on=confirmed,
            award_starts_on=placement.starts_on if backdated else confirmed,
            weekly_amount=Decimal("82.50"),
            by=self.officer(placement),
        )

    def notice(self, placement, given_on, *, by="person", reason="person_chooses", **extra):
        return services.give_notice(
            placement=placement,
            given_by=by,
            reason=reason,
            given_on=given_on,
            by=self.officer(placement),
            **extra,
        )

    # The scenarios, one per person (DEMO-001 …) ---------------------------------------------------

    def scenarios(self):
        live_in_new = [lambda p, d=d: self.new_live_in(p, d) for d in (5, 12, 19, 26)]
        live_in_settled = [lambda p, d=d: self.settled_live_in(p, d) for d in (45, 90, 150, 220, 300, 420)]
        short_breaks = [lambda p, i=i: self.short_breaks(p, i) for i in range(5)]
        day_support = [lambda p, i=i: self.day_support(p, i) for i in range(4)]
        return [
            *live_in_new,  # 1-4: in the first 28 days
            *live_in_settled,  # 5-10: past the 28-day review
            self.person_gives_notice,  # 11
            self.carer_gives_notice,  # 12
            self.ended_after_notice,  # 13
            self.carer_ended_at_once,  # 14
            self.died,  # 15
            self.moved_household,  # 16
            self.emergency,  # 17
            *short_breaks,  # 18-22
            *day_support,  # 23-26
            lambda p: self.received(p, 3, day_services=4),  # 27
            lambda p: self.received(p, 1, emergency=True),  # 28
            lambda p: self.received(p, 9, kind=SHORT_BREAK),  # 29
            self.awaiting_funding,  # 30
            self.deferred,  # 31
            self.matching,  # 32
            self.match_proposed,  # 33
            self.introductions,  # 34
            self.extra_nights_waiting,  # 35
            lambda p: self.waiting_list(p, 40),  # 36
            lambda p: self.waiting_list(p, 95),  # 37
            self.closed,  # 38
            lambda p: self.matching(p, kind=SHORT_BREAK),  # 39
            lambda p: self.received(p, 14, kind=DAY_SUPPORT),  # 40
        ]

    def new_live_in(self, person, days_ago):
        placement = self.place(person, LIVE_IN, self.days(-days_ago))
        if days_ago >= 12:  # housing benefit applied on moving day, still outstanding (HB-1, HB-4)
            services.record_moving_day(
                placement, by=self.officer(placement), housing_benefit_applied_on=placement.starts_on
            )
        if days_ago >= 19:
            services.record_moving_day(
                placement, by=self.officer(placement), all_about_me_shared_on=placement.starts_on + timedelta(days=4)
            )

    def settled_live_in(self, person, days_ago):
        placement = self.settled(self.place(person, LIVE_IN, self.days(-days_ago)))
        if days_ago == 90:
            self.award(placement, confirmed_after=35)
        elif days_ago == 150:
            self.award(placement, confirmed_after=70, backdated=True)  # HB-3: recovered in full
        elif days_ago == 220:
            self.award(placement, confirmed_after=28)
        elif days_ago == 300:
            services.refuse_housing_benefit(
                claim=placement.housing_benefit_claims.get(),
                refused_on=placement.starts_on + timedelta(days=30),
                by=self.officer(placement),
            )
            services.record_housing_benefit_application(
                placement=placement, applied_on=self.days(-70), by=self.officer(placement)
            )  # waiting 70 days (HB-4)
        elif days_ago == 420:
            self.award(placement, confirmed_after=21)
            request = services.submit_provision_request(
                placement=placement,
                kind="variation",
                reason="Increased support at weekends",
                effective_from=self.days(-40),
                submitted_on=self.days(-45),
                anomaly="Family pays towards the accommodation charge",
                anomaly_discussed_with=self.manager,
                anomaly_discussed_on=self.days(-47),
                by=self.officer(placement),
            )
            services.authorise_provision_request(request, by=self.users["manager2"], on=self.days(-44))

    def person_gives_notice(self, person):
        placement = self.settled(self.place(person, LIVE_IN, self.days(-200)))
        self.award(placement, confirmed_after=30)
        self.notice(placement, self.days(-10))  # eight weeks from today (END-2)

    def carer_gives_notice(self, person):
        placement = self.settled(self.place(person, LIVE_IN, self.days(-260)))
        self.award(placement, confirmed_after=30)
        self.notice(
            placement, self.days(-20), by="carer", reason="change_of_needs", notes="Needs more support at night"
        )

    def ended_after_notice(self, person):
        placement = self.settled(self.place(person, LIVE_IN, self.days(-400)))
        self.award(placement, confirmed_after=30)
        notice = self.notice(placement, self.days(-120))
        services.record_move_out(notice=notice, moved_out_on=notice.notice_ends_on, by=self.officer(placement))
        services.record_belongings_removed(
            notice=notice, removed_on=notice.notice_ends_on + timedelta(days=4), by=self.officer(placement)
        )

    def carer_ended_at_once(self, person):
        placement = self.settled(self.place(person, LIVE_IN, self.days(-330)), hb_applied=False)
        notice = self.notice(placement, self.days(-90), by="carer", reason="carer_at_once")
        services.record_move_out(notice=notice, moved_out_on=self.days(-90), by=self.officer(placement))

    def died(self, person):
        """An exceptional ending; the carer's administrative payment waits for management (END-8)."""
        placement = self.settled(self.place(person, LIVE_IN, self.days(-380)), hb_applied=False)
        notice = self.notice(placement, self.days(-30), by="carer", reason="exceptional", exceptional_ending="died")
        services.record_move_out(notice=notice, moved_out_on=self.days(-30), by=self.officer(placement))
        services.request_admin_payment(
            notice=notice,
            reason="Arranged the funeral with the family and cleared the room",
            by=self.officer(placement),
        )

    def moved_household(self, person):
        """The first carer retired: an internal move keeps the person's facts (PLA-5)."""
        first = self.settled(self.place(person, LIVE_IN, self.days(-500)), hb_applied=False)
        self.place(person, LIVE_IN, self.days(-100), moved_from=first)

    def emergency(self, person):
        """An emergency placement with the emergency-approved household; not known to the carer (FEE-4)."""
        placement = self.place(person, LIVE_IN, self.days(-8), emergency=True, known=False)
        services.record_moving_day(placement, by=self.officer(placement), housing_benefit_applied_on=self.days(-6))

    def short_breaks(self, person, index):
        placement = self.place(person, SHORT_BREAK, self.days(-200 + index * 10), allocation=28)
        year_start, year_end = financial_year_start(self.now), financial_year_end(self.now)
        stays = [(-60 + index * 3, 3), (-20 + index * 2, 2)] + ([] if index == 4 else [(21 + index * 4, 3)])
        for offset, nights in stays:
            first = self.days(offset)
            if first >= max(year_start, placement.starts_on) and first + timedelta(days=nights) <= year_end:
                _optional(
                    services.add_stay,
                    placement=placement,
                    starts_on=first,
                    ends_on=first + timedelta(days=nights),
                    by=self.officer(placement),
                )
        if index == 4:  # an arrangement that came to its planned end
            _optional(services.end_arrangement, placement, ends_on=self.days(-5), by=self.officer(placement))

    def day_support(self, person, index):
        placement = self.place(person, DAY_SUPPORT, self.days(-120 + index * 7))
        blocks = ["full_day", "six_hours", "half_day"]
        for n, offset in enumerate((-14, -7, 7)):
            _optional(
                services.add_day_session,
                placement=placement,
                on=self.days(offset + index),
                block=blocks[(n + index) % 3],
                people_supported_together=1 + (index % 2),
                by=self.officer(placement),
            )

    def received(self, person, days_ago, *, kind=LIVE_IN, emergency=False, day_services=None):
        fields = {}
        if day_services:  # REF-8: beyond three days a week, with the targeted need recorded
            fields = {"day_service_days_per_week": day_services, "targeted_need": "Keeps a college place four days"}
        self.referral(person, kind, self.days(-days_ago), emergency=emergency, documents=False, **fields)

    def awaiting_funding(self, person):
        referral = self.referral(person, LIVE_IN, self.days(-21))
        services.send_to_funding_panel(referral, by=self.ro)

    def deferred(self, person):
        referral = self.referral(person, LIVE_IN, self.days(-35))
        services.send_to_funding_panel(referral, by=self.ro)
        services.record_funding_decision(
            referral=referral,
            panel="SPOG",
            decided_on=self.days(-14),
            outcome="deferred",
            notes="Panel asked for an updated care plan",
            by=self.ro,
        )

    def matching(self, person, kind=LIVE_IN):
        self.fund(self.referral(person, kind, self.days(-30)), self.days(-16))

    def match_proposed(self, person):
        referral = self.fund(self.referral(person, LIVE_IN, self.days(-40)), self.days(-25))
        self.match(referral, self.pick(LIVE_IN, self.days(-6)), self.days(-6))

    def introductions(self, person):
        referral = self.fund(self.referral(person, LIVE_IN, self.days(-50)), self.days(-36))
        self.match(referral, self.pick(LIVE_IN, self.days(-20)), self.days(-20), self.days(-15))

    def extra_nights_waiting(self, person):
        """Two overnight introductions, then a third asked for: waiting in Approvals (MAT-3)."""
        referral = self.fund(self.referral(person, LIVE_IN, self.days(-60)), self.days(-45))
        match = self.match(
            referral, self.pick(LIVE_IN, self.days(-30)), self.days(-30), self.days(-25), introductions=False
        )
        services.record_introduction(match=match, kind="visit", on=self.days(-22), by=self.ro)
        services.record_introduction(match=match, kind="overnight", on=self.days(-15), nights=2, by=self.ro)
        services.record_introduction(
            match=match,
            kind="overnight",
            on=self.days(-3),
            nights=2,
            extra_reason="Anxious about change: two more nights before moving",
            by=self.ro,
        )

    def waiting_list(self, person, days_ago):
        referral = self.fund(self.referral(person, LIVE_IN, self.days(-days_ago - 30)), self.days(-days_ago - 10))
        services.put_on_waiting_list(referral, since=self.days(-days_ago), by=self.ro)

    def closed(self, person):
        referral = self.referral(person, DAY_SUPPORT, self.days(-80))
        services.close_referral(referral, reason="The family found a college place instead", by=self.ro)
