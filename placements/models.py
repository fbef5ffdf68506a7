"""People supported, their referrals, matching and introductions, placements and how they end.

The facts the fee engine needs (dates, types, notices, endings, housing benefit) are recorded here exactly
and checked so they cannot contradict each other. Workflows live in placements/services.py.
"""

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Concat
from simple_history.models import HistoricalRecords

from sharedlives.fields import BoundedDateField
from sharedlives.models import ApprovalRecord

USER = settings.AUTH_USER_MODEL


class SupportNeed(models.TextChoices):
    """Primary support need, as reported nationally (RPT-1)."""

    LEARNING_DISABILITY = "learning_disability", "Learning disability"
    MENTAL_HEALTH = "mental_health", "Mental ill health"
    PMLD = "pmld", "Profound and multiple learning disability"
    PHYSICAL = "physical", "Physical disability"
    SENSORY = "sensory", "Sensory impairment"
    OLDER_AGE = "older_age", "Older age"
    LD_DEMENTIA = "ld_dementia", "Learning disability with dementia"
    DEMENTIA = "dementia", "Dementia"
    BRAIN_INJURY = "brain_injury", "Acquired brain injury"
    OTHER = "other", "Other"


class PetsPreference(models.TextChoices):
    LIKES = "likes", "Likes pets"
    NO_PREFERENCE = "no_preference", "No preference"
    NO_PETS = "no_pets", "Cannot live with pets"


def person_search_name():
    """What the header search compares with a person's name (placements/search.py); the trigram index is on it."""
    return Concat("first_name", Value(" "), "last_name", Value(" "), "preferred_name")


class Person(models.Model):
    """Someone the scheme supports (or may): a referral's subject."""

    cdir_reference = models.CharField(
        "case-system reference",
        max_length=30,
        unique=True,
        help_text="The Care Director (CDir) referral number (REF-1).",
    )
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    preferred_name = models.CharField(max_length=80, blank=True)
    date_of_birth = BoundedDateField(kind="birth")
    primary_support_need = models.CharField(max_length=30, choices=SupportNeed.choices)
    likes = models.TextField(blank=True)
    dislikes = models.TextField(blank=True)
    interests = models.TextField(blank=True, help_text="Used in matching (MAT-1).")
    languages = models.CharField(max_length=200, blank=True, default="English")
    faith_culture = models.CharField("faith and culture", max_length=200, blank=True)
    preferred_area = models.CharField(max_length=80, blank=True)
    pets = models.CharField(max_length=20, choices=PetsPreference.choices, default=PetsPreference.NO_PREFERENCE)
    can_live_with_smokers = models.BooleanField(default=False)
    accessibility_needs = models.TextField(blank=True, help_text="E.g. needs a ground-floor room, wheelchair user.")
    advocate_name = models.CharField("advocate or representative", max_length=120, blank=True)
    advocate_contact = models.CharField(max_length=200, blank=True)
    funding_area_team = models.CharField(
        max_length=120, blank=True, help_text="The area team that funds the person (BAN-4)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"
        indexes = [
            # The header search (pg_trgm word similarity) on the whole name, misspellings included.
            GinIndex(OpClass(person_search_name(), name="gin_trgm_ops"), name="person_name_trgm"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.cdir_reference})"

    @property
    def full_name(self) -> str:
        return self.name_from(self.preferred_name, self.first_name, self.last_name)

    @staticmethod
    def name_from(preferred: str, first: str, last: str) -> str:
        """full_name for a row read with .values()."""
        return f"{preferred or first} {last}"


class ArrangementKind(models.TextChoices):
    LIVE_IN = "live_in", "Live-in"
    SHORT_BREAK = "short_break", "Short breaks"
    DAY_SUPPORT = "day_support", "Day support"


class ReferralStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    AWAITING_FUNDING = "awaiting_funding", "Awaiting funding"
    MATCHING = "matching", "Matching"
    INTRODUCTIONS = "introductions", "Introductions"
    PLACED = "placed", "Placed"
    WAITING_LIST = "waiting_list", "Waiting list"
    CLOSED = "closed", "Closed"


OPEN_REFERRAL_STATUSES = [
    ReferralStatus.RECEIVED,
    ReferralStatus.AWAITING_FUNDING,
    ReferralStatus.MATCHING,
    ReferralStatus.INTRODUCTIONS,
    ReferralStatus.WAITING_LIST,
]


class Referral(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    kind = models.CharField(max_length=20, choices=ArrangementKind.choices)
    emergency = models.BooleanField(default=False, help_text="An emergency referral (REF-3, REF-5).")
    received_on = BoundedDateField(kind="past")
    referrer_name = models.CharField(max_length=120)
    referrer_team = models.CharField(max_length=120)
    referrals_officer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="referrals_handled")
    wanted_from = BoundedDateField(
        null=True, blank=True, help_text="When the person needs the arrangement to start.", kind="planned"
    )
    status = models.CharField(max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.RECEIVED)
    closed_reason = models.CharField(max_length=200, blank=True)

    # REF-6: the documents the referral carries.
    assessment_received_on = BoundedDateField("care-management assessment received", null=True, blank=True, kind="past")
    care_plan_received_on = BoundedDateField("care plan received", null=True, blank=True, kind="past")
    risk_assessment_received_on = BoundedDateField("risk assessment received", null=True, blank=True, kind="past")
    risk_review_due_on = BoundedDateField("risk assessment next review", null=True, blank=True, kind="planned")

    # REF-5: an emergency referral is discussed in person with the management team before matching.
    emergency_discussed_with = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    emergency_discussed_on = BoundedDateField(null=True, blank=True, kind="past")
    emergency_discussion_outcome = models.TextField(blank=True)

    # REF-8: commissioned day services beyond three days a week need a recorded targeted need.
    day_service_days_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    targeted_need = models.TextField(blank=True)

    # REF-4: hand-over to the Shared Lives officer of the chosen household.
    handed_over_to = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals_received"
    )
    handed_over_on = BoundedDateField(null=True, blank=True, kind="past")

    # REF-7: waiting list and the "still needed?" check when a vacancy arises.
    waiting_since = BoundedDateField(null=True, blank=True, kind="past")
    still_needed_checked_on = BoundedDateField(null=True, blank=True, kind="past")
    still_needed_checked_with = models.CharField(max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-pk"]
        permissions = [("decide_emergency_referral", "Record the management discussion of an emergency referral")]
        constraints = [
            models.CheckConstraint(
                condition=Q(day_service_days_per_week__isnull=True) | Q(day_service_days_per_week__lte=7),
                name="referral_day_service_days_in_week",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(closed_reason=""),
                name="referral_closed_has_reason",
                violation_error_message="Say why the referral is closed.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} referral for {self.person.full_name}"

    @property
    def has_agreed_funding(self) -> bool:
        return any(decision.outcome == FundingOutcome.AGREED for decision in self.funding_decisions.all())


class FundingOutcome(models.TextChoices):
    AGREED = "agreed", "Agreed"
    NOT_AGREED = "not_agreed", "Not agreed"
    DEFERRED = "deferred", "Deferred"


class FundingDecision(models.Model):
    """The funding panel's decision (REF-2; Hampshire: SPOG)."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="funding_decisions")
    panel = models.CharField(max_length=80, default="SPOG")
    decided_on = BoundedDateField(kind="past")
    outcome = models.CharField(max_length=20, choices=FundingOutcome.choices)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.panel} {self.decided_on:%-d %b %Y}: {self.get_outcome_display()}"


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    AGREED = "agreed", "Agreed by both"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Match(models.Model):
    """A proposed match of a referral with a household; both parties must agree (MAT-2)."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="matches")
    household = models.ForeignKey("carers.CarerHousehold", on_delete=models.PROTECT, related_name="matches")
    proposed_on = BoundedDateField(kind="past")
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    why_suggested = models.TextField(blank=True)
    person_agreed_on = BoundedDateField(null=True, blank=True, kind="past")
    person_agreed_by = models.CharField(
        max_length=120, blank=True, help_text="The person, or their advocate or representative, by name."
    )
    carer_agreed_on = BoundedDateField(null=True, blank=True, kind="past")
    status = models.CharField(max_length=20, choices=MatchStatus.choices, default=MatchStatus.PROPOSED)
    withdrawn_reason = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_on", "-pk"]
        verbose_name_plural = "matches"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="agreed") | (Q(person_agreed_on__isnull=False) & Q(carer_agreed_on__isnull=False)),
                name="match_agreed_by_both",
                violation_error_message="A match is agreed only when the person and the carer have both agreed (MAT-2).",
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral.person.full_name} with {self.household.name}"

    @property
    def both_agreed(self) -> bool:
        return bool(self.person_agreed_on and self.carer_agreed_on)


class IntroductionKind(models.TextChoices):
    VISIT = "visit", "Visit"
    OVERNIGHT = "overnight", "Overnight stay"


COUNTED_OUTCOMES = ["agreed", "changed"]  # sharedlives.ApprovalOutcome: the extra nights were agreed


class IntroductionQuerySet(models.QuerySet):
    def counted(self):
        """The stays that happen (MAT-3): within the allowance, or beyond it with the management team's agreement."""
        return self.filter(Q(extra_nights__isnull=True) | Q(extra_nights__outcome__in=COUNTED_OUTCOMES))


class Introduction(models.Model):
    """Introductory visits and overnight stays (MAT-3). A stay beyond the usual allowance is recorded with its
    request for extra nights and counts once the management team agrees it."""

    match = models.ForeignKey(Match, on_delete=models.PROTECT, related_name="introductions")
    kind = models.CharField(max_length=20, choices=IntroductionKind.choices)
    on = BoundedDateField("date", kind="planned")
    nights = models.PositiveSmallIntegerField(default=0)
    notes = models.TextField(blank=True)
    extra_nights = models.OneToOneField(
        "ExtraIntroductionNights",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="introduction",
        help_text="MAT-3: the request this stay waits on, beyond the usual overnight stays.",
    )
    history = HistoricalRecords()

    objects = IntroductionQuerySet.as_manager()

    class Meta:
        ordering = ["on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="visit") & Q(nights=0)) | (Q(kind="overnight") & Q(nights__gte=1)),
                name="introduction_nights_match_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on:%-d %b %Y}"

    @property
    def counted(self) -> bool:
        return self.extra_nights_id is None or self.extra_nights.outcome in COUNTED_OUTCOMES


class ExtraIntroductionNights(ApprovalRecord):
    """More introduction overnight stays than the policy allows need management agreement (MAT-3, AUD-2)."""

    match = models.ForeignKey(Match, on_delete=models.PROTECT, related_name="extra_night_requests")
    nights_requested = models.PositiveSmallIntegerField()
    reason = models.TextField()
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "extra introduction nights"
        permissions = [("decide_extra_introduction_nights", "Decide extra introduction overnight stays")]

    def __str__(self) -> str:
        return f"{self.nights_requested} extra introduction nights for {self.match}"


class MoveReason(models.TextChoices):
    CARER_LEFT = "carer_left", "The carer is leaving the scheme (PLA-5)"
    NEEDS_INCREASED = "needs_increased", "The person's needs increased (PLA-6)"
    OTHER = "other", "Other"


class EndingReason(models.TextChoices):
    PERSON_LEFT = "person_left", "The person chose to leave"
    CARER_NOTICE = "carer_notice", "The carer gave notice"
    CARER_ENDED_AT_ONCE = "carer_ended", "The carer ended it at once"
    CARER_UNABLE = "carer_unable", "The carer is unable to care"
    INTERNAL_MOVE = "internal_move", "Moved to another Shared Lives household"
    DIED = "died", "The person died"
    SAFEGUARDING = "safeguarding", "Safeguarding removal"
    END_OF_ARRANGEMENT = "arrangement_end", "The arrangement came to its planned end"
    OTHER = "other", "Other"


EXCEPTIONAL_ENDINGS = [EndingReason.DIED, EndingReason.SAFEGUARDING]


class Placement(models.Model):
    """An arrangement: a person with a household, live-in, short breaks or day support."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="placements")
    household = models.ForeignKey("carers.CarerHousehold", on_delete=models.PROTECT, related_name="placements")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="placements")
    match = models.ForeignKey(Match, on_delete=models.PROTECT, null=True, blank=True, related_name="placements")
    kind = models.CharField(max_length=20, choices=ArrangementKind.choices)
    emergency = models.BooleanField(default=False)
    person_known_to_carer = models.BooleanField(
        default=False, help_text="Known before: the respite rate applies instead of the emergency rate (FEE-4)."
    )
    starts_on = BoundedDateField(kind="planned")
    ends_on = BoundedDateField(null=True, blank=True, help_text="The last day of the arrangement.", kind="planned")
    ending_reason = models.CharField(max_length=20, choices=EndingReason.choices, blank=True)
    new_to_shared_lives = models.BooleanField(
        default=True, help_text="No Shared Lives placement before: the initial fee applies (FEE-2, PLA-5)."
    )
    moved_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="moved_to", help_text="PLA-5, PLA-6"
    )
    move_reason = models.CharField(max_length=20, choices=MoveReason.choices, blank=True)
    respite_allocation_nights = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Short breaks: the person's nights a year (RES-2); trial nights count (MAT-3)."
    )
    initial_review_on = BoundedDateField(
        "28-day review held on",
        null=True,
        blank=True,
        help_text="The banded fee starts on this date (FEE-3, REV-1).",
        kind="past",
    )

    # CAR-8 and PLA-3: agreements and the moving-day checklist.
    placement_agreement_signed_on = BoundedDateField(null=True, blank=True, kind="past")
    licence_agreement_signed_on = BoundedDateField(null=True, blank=True, kind="past")
    housing_benefit_applied_on = BoundedDateField(
        "housing benefit / UC application made", null=True, blank=True, help_text="HB-1", kind="past"
    )
    all_about_me_shared_on = BoundedDateField(
        "All About Me and support plan shared", null=True, blank=True, kind="past"
    )
    case_note_flagged_on = BoundedDateField(
        "summary case note flagged to management", null=True, blank=True, kind="past"
    )

    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        permissions = [("start_placement", "Start a placement"), ("end_placement", "Record notice and endings")]
        # The list's order: its first page is an index scan, not a sort of every placement (issue 15).
        indexes = [models.Index(F("starts_on").desc(), F("id").desc(), name="placement_list_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="placement_ends_after_start",
                violation_error_message="A placement cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | ~Q(ending_reason=""),
                name="placement_end_has_reason",
                violation_error_message="Say why the placement ended.",
            ),
            models.CheckConstraint(
                condition=Q(moved_from__isnull=True) | ~Q(move_reason=""),
                name="placement_move_has_reason",
            ),
            # One person lives in one place at a time (inclusive date ranges; open-ended runs to infinity).
            ExclusionConstraint(
                name="placement_one_live_in_at_a_time",
                expressions=[
                    ("person", RangeOperators.EQUAL),
                    (
                        Func(F("starts_on"), F("ends_on"), models.Value("[]"), function="daterange"),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                condition=Q(kind="live_in"),
                violation_error_message="This person already has a live-in placement on some of these dates.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.full_name} with {self.household.name} ({self.get_kind_display().lower()})"

    @property
    def is_live_in(self) -> bool:
        return self.kind == ArrangementKind.LIVE_IN

    def is_current(self, on) -> bool:
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)

    @property
    def checklist(self) -> list[tuple[str, object]]:
        """The moving-day checklist (PLA-3, HB-1, CAR-8): label and the date done (None: outstanding)."""
        return [
            ("Placement agreement signed", self.placement_agreement_signed_on),
            ("Licence agreement signed", self.licence_agreement_signed_on),
            ("Housing benefit / Universal Credit application made", self.housing_benefit_applied_on),
            ("All About Me and support plan updated and shared", self.all_about_me_shared_on),
            ("Summary case note flagged to management", self.case_note_flagged_on),
        ]

    @property
    def checklist_complete(self) -> bool:
        return all(done for _, done in self.checklist)


class Stay(models.Model):
    """One short-break stay: nights from the person's respite allocation (RES-2)."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="stays")
    starts_on = BoundedDateField(help_text="The first night.", kind="planned")
    ends_on = BoundedDateField(help_text="The day the person goes home.", kind="planned")
    trial = models.BooleanField(default=False, help_text="An introduction trial night (MAT-3).")
    cancelled = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="stay_at_least_one_night",
                violation_error_message="A stay ends after it starts: at least one night.",
            )
        ]

    def __str__(self) -> str:
        return f"Stay {self.starts_on:%-d %b} to {self.ends_on:%-d %b %Y}"

    @property
    def nights(self) -> int:
        return (self.ends_on - self.starts_on).days


class DayBlock(models.TextChoices):
    """Day support is paid in blocks of time (FEE-6)."""

    HALF_DAY = "half_day", "Half day (up to 4 hours)"
    SIX_HOURS = "six_hours", "Six hours"
    FULL_DAY = "full_day", "Full day (up to 8 hours)"


class DaySession(models.Model):
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="day_sessions")
    on = BoundedDateField("date", kind="planned")
    block = models.CharField(max_length=20, choices=DayBlock.choices)
    people_supported_together = models.PositiveSmallIntegerField(
        default=1, help_text="People the carer supports at the same time (FEE-6 uplift)."
    )
    cancelled = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(people_supported_together__gte=1) & Q(people_supported_together__lte=3),
                name="day_session_one_to_three_people",
            ),
            models.UniqueConstraint(fields=["placement", "on"], name="one_day_session_per_placement_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_block_display()} on {self.on:%-d %b %Y}"


class ProvisionKind(models.TextChoices):
    NEW = "new", "New provision"
    VARIATION = "variation", "Provision variation"
    AMENDMENT = "amendment", "Provision amendment"


class ProvisionCause(models.TextChoices):
    """What made the request: the follow-through of a decision (PLA-1, BAN-4), or an officer's own."""

    START = "start", "The placement started"
    BAND_CHANGE = "band_change", "A band was agreed"
    ENDING = "ending", "The placement is ending"
    NOTICE_WITHDRAWN = "notice_withdrawn", "A notice was withdrawn"
    STAY = "stay", "A short-break stay"
    HOUSING_BENEFIT = "housing_benefit", "Housing benefit"
    OTHER = "other", "Other"


class ProvisionRequest(models.Model):
    """A request to Brokerage (PLA-1); anomalies are discussed with management first (PLA-2).

    A decision (a start, an agreed band, an ending) raises its request "to be sent": `submitted_on` stays empty
    until the officer records it sent, and meanwhile it is a due item on their My work."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="provision_requests")
    stay = models.OneToOneField(Stay, on_delete=models.PROTECT, null=True, blank=True, related_name="provision_request")
    kind = models.CharField(max_length=20, choices=ProvisionKind.choices)
    cause = models.CharField(max_length=20, choices=ProvisionCause.choices, default=ProvisionCause.OTHER)
    reason = models.CharField(max_length=200)
    effective_from = BoundedDateField(kind="planned")
    raised_on = BoundedDateField(null=True, blank=True, help_text="When the request was raised (PLA-1).", kind="past")
    submitted_on = BoundedDateField(
        "sent to Brokerage on", null=True, blank=True, help_text="Empty: still to be sent (PLA-1).", kind="past"
    )
    reference = models.CharField("Brokerage reference", max_length=40, blank=True)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    authorised_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    authorised_on = BoundedDateField(null=True, blank=True, kind="past")
    anomaly = models.CharField(
        max_length=200, blank=True, help_text="E.g. the person self-funds the accommodation charge."
    )
    anomaly_discussed_with = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    anomaly_discussed_on = BoundedDateField(null=True, blank=True, kind="past")
    no_longer_needed_on = BoundedDateField(
        null=True, blank=True, kind="past", help_text="Not sent: the decision behind it was undone (END-2)."
    )
    no_longer_needed_reason = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(anomaly="")
                | (Q(anomaly_discussed_with__isnull=False) & Q(anomaly_discussed_on__isnull=False)),
                name="provision_anomaly_discussed",
                violation_error_message="Discuss the anomaly with the management team before the request (PLA-2).",
            ),
            models.CheckConstraint(
                condition=Q(reference="") | Q(submitted_on__isnull=False),
                name="provision_reference_when_sent",
                violation_error_message="A Brokerage reference belongs to a request that was sent (PLA-1).",
            ),
            models.CheckConstraint(
                condition=Q(no_longer_needed_on__isnull=True) | Q(submitted_on__isnull=True),
                name="provision_sent_or_no_longer_needed",
                violation_error_message="A request that was sent is followed by an amendment, not set aside (PLA-1).",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.effective_from:%-d %b %Y}"

    @property
    def sent(self) -> bool:
        return self.submitted_on is not None


class NoticeGivenBy(models.TextChoices):
    PERSON = "person", "The person (or their representative)"
    CARER = "carer", "The carer"


class NoticeReason(models.TextChoices):
    PERSON_CHOOSES = "person_chooses", "The person chooses to leave"
    CHANGE_OF_NEEDS = "change_of_needs", "Carer: the person's needs have changed"
    CARER_OTHER = "carer_other", "Carer: other reasons"
    CARER_AT_ONCE = "carer_at_once", "Carer ends the placement at once"
    CARER_UNABLE = "carer_unable", "Carer is unable to care (illness, family)"
    EXCEPTIONAL = "exceptional", "Exceptional ending (death, safeguarding removal)"


class Notice(models.Model):
    """Notice and the facts of an ending (END-1 … END-8). The money each fact causes is the fee engine's.

    A notice withdrawn (END-2) is kept: it moves from `placement` to `withdrawn_from`, so the placement has no
    notice again (everything that reads `placement.notice` sees it as never given) and a new one can be given."""

    placement = models.OneToOneField(Placement, on_delete=models.PROTECT, related_name="notice", null=True, blank=True)
    withdrawn_from = models.ForeignKey(
        Placement, on_delete=models.PROTECT, null=True, blank=True, related_name="withdrawn_notices"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    withdrawn_reason = models.TextField("why the notice was withdrawn", blank=True)
    given_by = models.CharField(max_length=10, choices=NoticeGivenBy.choices)
    reason = models.CharField(max_length=20, choices=NoticeReason.choices)
    given_on = BoundedDateField(kind="past")
    notice_ends_on = BoundedDateField(
        help_text="Computed from the scheme policy (END-2), or the given date at once.", kind="planned"
    )
    within_initial_period = models.BooleanField(default=False, help_text="Given inside the first 28 days (END-1).")
    moved_out_on = BoundedDateField("person moved out on", null=True, blank=True, kind="planned")
    belongings_removed_on = BoundedDateField(
        null=True, blank=True, help_text="Rent continues until this date (END-6).", kind="planned"
    )
    alternative_found = models.BooleanField(default=False, help_text="Another placement found (END-3).")
    exceptional_ending = models.CharField(max_length=20, choices=EndingReason.choices, blank=True)
    admin_payment_requested = models.BooleanField(
        default=False, help_text="Ask management to agree an administrative payment to the carer (END-8)."
    )
    rent_decision = models.CharField(
        "management decision on rent",
        max_length=200,
        blank=True,
        help_text="END-7: housing costs as management decides.",
    )
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(placement__isnull=False, withdrawn_from__isnull=True, withdrawn_at__isnull=True)
                    | (
                        Q(placement__isnull=True, withdrawn_from__isnull=False, withdrawn_at__isnull=False)
                        & Q(withdrawn_by__isnull=False)
                        & ~Q(withdrawn_reason="")
                    )
                ),
                name="notice_on_its_placement_or_withdrawn_with_reason",
                violation_error_message="A withdrawn notice says who withdrew it and why (END-2).",
            ),
            models.CheckConstraint(
                condition=Q(notice_ends_on__gte=F("given_on")),
                name="notice_ends_after_given",
                violation_error_message="Notice cannot end before it was given.",
            ),
            models.CheckConstraint(
                condition=Q(moved_out_on__isnull=True) | Q(moved_out_on__gte=F("given_on")),
                name="notice_moved_out_after_given",
                violation_error_message="The person cannot move out before notice was given.",
            ),
            models.CheckConstraint(
                condition=Q(belongings_removed_on__isnull=True)
                | (Q(moved_out_on__isnull=False) & Q(belongings_removed_on__gte=F("moved_out_on"))),
                name="notice_belongings_after_move",
                violation_error_message="Belongings are removed on or after the day the person moves out.",
            ),
        ]

    def __str__(self) -> str:
        return f"Notice given {self.given_on:%-d %b %Y} by {self.get_given_by_display().lower()}"


class AdminPaymentRequest(ApprovalRecord):
    """An exceptional ending's one-off administrative payment, once the management team agrees (END-8)."""

    notice = models.OneToOneField(Notice, on_delete=models.PROTECT, related_name="admin_payment")
    reason = models.TextField()
    history = HistoricalRecords()

    class Meta:
        permissions = [("decide_admin_payment", "Decide an exceptional ending's administrative payment")]


class HousingBenefitClaim(models.Model):
    """Housing benefit or Universal Credit for the rent element (HB-1 … HB-4)."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="housing_benefit_claims")
    applied_on = BoundedDateField(kind="past")
    award_confirmed_on = BoundedDateField(null=True, blank=True, kind="past")
    award_starts_on = BoundedDateField(
        null=True, blank=True, help_text="Earlier than the confirmation: backdated (HB-3).", kind="planned"
    )
    weekly_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    refused_on = BoundedDateField(null=True, blank=True, kind="past")
    provision_variation = models.ForeignKey(
        ProvisionRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-applied_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(award_confirmed_on__isnull=True) | Q(award_confirmed_on__gte=F("applied_on")),
                name="hb_confirmed_after_applied",
                violation_error_message="An award is confirmed on or after the application.",
            ),
            models.CheckConstraint(
                condition=Q(award_confirmed_on__isnull=True)
                | (Q(award_starts_on__isnull=False) & Q(weekly_amount__isnull=False)),
                name="hb_confirmed_has_start_and_amount",
                violation_error_message="A confirmed award has a start date and a weekly amount (HB-2).",
            ),
            models.CheckConstraint(
                condition=Q(weekly_amount__isnull=True) | Q(weekly_amount__gte=0), name="hb_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"Housing benefit claim made {self.applied_on:%-d %b %Y}"

    @property
    def outstanding(self) -> bool:
        return self.award_confirmed_on is None and self.refused_on is None

    @property
    def backdated(self) -> bool:
        return bool(self.award_starts_on and self.award_confirmed_on and self.award_starts_on < self.award_confirmed_on)
