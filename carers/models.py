"""Carer households: the people in them, what they offer, and the records that keep them approved.

Rows hold constraints; workflows (approving, allocating, leaving, capacity) live in carers/services.py.
"""

from datetime import date

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Upper
from simple_history.models import HistoricalRecords

from sharedlives.fields import BoundedDateField
from sharedlives.models import ApprovalRecord


class HouseholdStatus(models.TextChoices):
    APPLICANT = "applicant", "Applicant"
    IN_ASSESSMENT = "in_assessment", "In assessment"
    APPROVED = "approved", "Approved"
    ON_HOLD = "on_hold", "On hold"
    LEFT = "left", "Left the scheme"


# Statuses in which a household is on an officer's caseload (CAR-3, CAR-4).
ACTIVE_STATUSES = [HouseholdStatus.APPROVED, HouseholdStatus.ON_HOLD]


class HoldReason(models.TextChoices):
    """Why a household is on hold. A safeguarding hold stops new arrangements and break cover (SAFE-4)."""

    SAFEGUARDING = "safeguarding", "Safeguarding concern or allegation"
    OTHER = "other", "Other reason"


class LeavingReason(models.TextChoices):
    RETIRING = "retiring", "Retiring"
    CHANGING_JOB = "changing_job", "Changing job"
    MOVING_AWAY = "moving_away", "Moving away"
    DEREGISTERED = "deregistered", "Deregistered by the scheme"
    HEALTH = "health", "Carer's health"
    OTHER = "other", "Other"


class CarerHousehold(models.Model):
    reference = models.CharField(max_length=20, unique=True, help_text="The scheme's reference, e.g. SL-0042.")
    name = models.CharField(max_length=120, help_text="How the scheme refers to the household, e.g. the Okafor family.")
    address_line_1 = models.CharField("address line 1", max_length=120)
    address_line_2 = models.CharField("address line 2", max_length=120, blank=True)
    town = models.CharField(max_length=80)
    postcode = models.CharField(max_length=10, db_index=True)
    area = models.CharField(max_length=80, db_index=True, help_text="Area or locality, e.g. Basingstoke.")
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)

    status = models.CharField(max_length=20, choices=HouseholdStatus.choices, default=HouseholdStatus.APPLICANT)
    approved_on = BoundedDateField(null=True, blank=True, kind="past")
    probation_ends_on = BoundedDateField(
        null=True, blank=True, help_text="Approval date plus 12 months (CAR-2).", kind="planned"
    )
    more_frequent_support = models.BooleanField(
        default=False, help_text="Support more often than usual: on probation, or in difficult times (CAR-2, REV-5)."
    )
    allocated_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocated_households",
        help_text="The household's one Shared Lives officer (CAR-3).",
    )
    hold_reason = models.CharField(
        max_length=20,
        choices=HoldReason.choices,
        blank=True,
        help_text="Why the household is on hold; a safeguarding hold stops new arrangements and break cover (SAFE-4).",
    )
    hold_details = models.TextField(blank=True, help_text="What the hold is about, in a sentence.")
    left_on = BoundedDateField(null=True, blank=True, kind="planned")
    leaving_reason = models.CharField(max_length=20, choices=LeavingReason.choices, blank=True)
    leaving_notes = models.TextField(blank=True)

    # What the household offers (REF-3) and how many people it is approved for (CAR-1).
    offers_live_in = models.BooleanField("live-in", default=False)
    offers_short_breaks = models.BooleanField("short breaks", default=False)
    offers_day_support = models.BooleanField("day support", default=False)
    approved_places = models.PositiveSmallIntegerField(
        default=1, help_text="People the household may support at any one time; never more than three (CAR-1)."
    )
    rooms_available = models.PositiveSmallIntegerField(default=1, help_text="Bedrooms for people who stay.")

    # Matching profile (MAT-1, MAT-4).
    skills_experience = models.TextField("skills and experience", blank=True)
    interests = models.TextField(blank=True)
    languages = models.CharField(max_length=200, blank=True, help_text="Separate languages with commas.")
    faith_culture = models.CharField("faith and culture", max_length=200, blank=True)
    has_pets = models.BooleanField("pets in the home", default=False)
    pets = models.CharField("which pets", max_length=120, blank=True)
    smoking_household = models.BooleanField("someone smokes at home", default=False)
    accessibility = models.TextField(blank=True, help_text="Step-free access, adapted bathroom, ground-floor room.")
    emergency_approved = models.BooleanField("approved for emergencies", default=False)
    emergency_trained_on = BoundedDateField("emergency training completed", null=True, blank=True, kind="past")

    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "reference"]
        indexes = [
            # Name and postcode search stays fast on thousands of households (pg_trgm).
            # Django's icontains is UPPER(col) LIKE UPPER(%s): index exactly that expression.
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="household_name_trgm"),
            GinIndex(OpClass(Upper("postcode"), name="gin_trgm_ops"), name="household_postcode_trgm"),
            models.Index(fields=["status", "allocated_officer"], name="household_status_officer"),
        ]
        permissions = [
            ("approve_household", "Approve a carer household"),
            ("allocate_officer", "Allocate a household to a Shared Lives officer"),
            ("view_caseloads", "See officers' caseloads"),
            ("export_households", "Export the households list as CSV"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="on_hold") | Q(hold_reason=""),
                name="household_hold_reason_only_on_hold",
                violation_error_message="Only a household on hold has a hold reason (SAFE-4).",
            ),
            models.CheckConstraint(
                condition=Q(approved_places__gte=1) & Q(approved_places__lte=3),
                name="household_places_one_to_three",
                violation_error_message="A household supports between one and three people (CAR-1).",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "on_hold"]) | Q(allocated_officer__isnull=False),
                name="household_approved_has_officer",
                violation_error_message="An approved household has an allocated Shared Lives officer (CAR-3).",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "on_hold"]) | Q(approved_on__isnull=False),
                name="household_approved_has_date",
                violation_error_message="An approved household has an approval date (CAR-2).",
            ),
            models.CheckConstraint(
                condition=~Q(status="left") | (Q(left_on__isnull=False) & ~Q(leaving_reason="")),
                name="household_left_has_date_and_reason",
                violation_error_message="A household that left has a leaving date and reason.",
            ),
            models.CheckConstraint(
                condition=Q(probation_ends_on__isnull=True) | Q(probation_ends_on__gt=models.F("approved_on")),
                name="household_probation_after_approval",
            ),
            models.CheckConstraint(
                condition=Q(emergency_approved=False) | Q(emergency_trained_on__isnull=False),
                name="household_emergency_needs_training",
                violation_error_message="A household approved for emergencies has completed emergency training (MAT-4).",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"

    def clean(self):
        self.postcode = normalise_postcode(self.postcode)
        if self.emergency_approved and not self.emergency_trained_on:
            raise ValidationError({"emergency_trained_on": "Record when the emergency training was completed (MAT-4)."})
        if self.left_on and self.approved_on and self.left_on < self.approved_on:
            raise ValidationError({"left_on": "The leaving date cannot be before the approval date."})

    def on_probation(self, on: date) -> bool:
        """CAR-2: from approval until the probation end date."""
        return bool(self.probation_ends_on and self.approved_on and self.approved_on <= on < self.probation_ends_on)

    @property
    def offers(self) -> list[str]:
        return [label for field, label in OFFER_LABELS if getattr(self, field)]

    @property
    def address(self) -> str:
        return one_line_address(self.address_line_1, self.address_line_2, self.town, self.postcode)


OFFER_LABELS = [
    ("offers_live_in", "Live-in"),
    ("offers_short_breaks", "Short breaks"),
    ("offers_day_support", "Day support"),
]


def one_line_address(*parts: str) -> str:
    return ", ".join(p for p in parts if p)


def normalise_postcode(postcode: str) -> str:
    """'so23 8ua' -> 'SO23 8UA': one space before the last three characters."""
    compact = "".join(postcode.split()).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


class CarerRole(models.TextChoices):
    MAIN = "main", "Main carer"
    JOINT = "joint", "Joint carer"


def carer_search_name():
    """What the header search compares with a carer's name (placements/search.py); the trigram index is on it."""
    return Concat("first_name", Value(" "), "last_name")


class Carer(models.Model):
    """An approved (or applicant) carer: a person in the household who provides the support."""

    household = models.ForeignKey(CarerHousehold, on_delete=models.PROTECT, related_name="carers")
    role = models.CharField(max_length=10, choices=CarerRole.choices, default=CarerRole.MAIN)
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    date_of_birth = BoundedDateField(null=True, blank=True, kind="birth")
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["household", "role", "last_name", "first_name"]
        indexes = [GinIndex(OpClass(carer_search_name(), name="gin_trgm_ops"), name="carer_name_trgm")]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(role="main"),
                name="one_main_carer_per_household",
                violation_error_message="A household has one main carer.",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class SupportCarer(models.Model):
    """Family or friends who cover breaks, unpaid; need the scheme's agreement and a DBS check (CAR-6)."""

    household = models.ForeignKey(CarerHousehold, on_delete=models.PROTECT, related_name="support_carers")
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    relationship = models.CharField(max_length=80, help_text="To the carer, e.g. sister, neighbour.")
    phone = models.CharField(max_length=30, blank=True)
    scheme_agreement_on = BoundedDateField(
        "scheme agreed on",
        null=True,
        blank=True,
        help_text="When the scheme agreed this support carer (CAR-6).",
        kind="past",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.relationship})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class HouseholdMember(models.Model):
    """Someone else who lives in the household and does not provide care (a grown-up son, a lodger). From 16 they
    need a DBS check (SAFE-1, the "member" requirement; on by default)."""

    household = models.ForeignKey(CarerHousehold, on_delete=models.PROTECT, related_name="members")
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    date_of_birth = BoundedDateField(kind="birth", help_text="From their 16th birthday they need a DBS check.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = "household member"

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class TrainingCourse(models.Model):
    """The managed list of courses (CAR-7). Renewal months empty: done once, never expires."""

    name = models.CharField(max_length=120, unique=True)
    mandatory = models.BooleanField(default=False)
    renewal_months = models.PositiveSmallIntegerField(null=True, blank=True)
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-mandatory", "name"]

    def __str__(self) -> str:
        return self.name


class TrainingRecord(models.Model):
    """A course a carer completed (CAR-7). A renewal is a new record; the latest per course counts."""

    carer = models.ForeignKey(Carer, on_delete=models.PROTECT, related_name="training_records")
    course = models.ForeignKey(TrainingCourse, on_delete=models.PROTECT, related_name="records")
    completed_on = BoundedDateField(kind="past")
    expires_on = BoundedDateField(null=True, blank=True, kind="expiry")
    notes = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-completed_on"]
        # The latest record per carer and course (carers.queries.latest_training and the compliance engine's
        # "no later record" probe) read in this order: no sort of every record the scheme ever kept.
        indexes = [models.Index("carer", "course", F("completed_on").desc(), F("id").desc(), name="training_latest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("completed_on")),
                name="training_expires_after_completion",
                violation_error_message="The expiry date must be after the completion date (CAR-7).",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} – {self.carer}"


class DbsCheck(models.Model):
    """A criminal records check for a carer, a support carer (CAR-6) or a household member aged 16 or over
    (SAFE-1); exactly one of the three."""

    carer = models.ForeignKey(Carer, on_delete=models.PROTECT, null=True, blank=True, related_name="dbs_checks")
    support_carer = models.ForeignKey(
        SupportCarer, on_delete=models.PROTECT, null=True, blank=True, related_name="dbs_checks"
    )
    member = models.ForeignKey(
        HouseholdMember, on_delete=models.PROTECT, null=True, blank=True, related_name="dbs_checks"
    )
    certificate_number = models.CharField(max_length=20)
    issued_on = BoundedDateField(kind="past")
    on_update_service = models.BooleanField("on the DBS update service", default=False)
    renewal_due_on = BoundedDateField(
        help_text="When the scheme next checks it (update service check or renewal).", kind="expiry"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on"]
        verbose_name = "DBS check"
        # The latest check per person (carers.queries.latest_dbs_checks, the compliance engine's probe).
        indexes = [
            models.Index("carer", F("issued_on").desc(), F("id").desc(), name="dbs_latest_carer"),
            models.Index("support_carer", F("issued_on").desc(), F("id").desc(), name="dbs_latest_support_carer"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(carer__isnull=False) & Q(support_carer__isnull=True) & Q(member__isnull=True))
                | (Q(carer__isnull=True) & Q(support_carer__isnull=False) & Q(member__isnull=True))
                | (Q(carer__isnull=True) & Q(support_carer__isnull=True) & Q(member__isnull=False)),
                name="dbs_for_one_person",
                violation_error_message="A DBS check is for one carer, support carer or household member.",
            ),
            models.CheckConstraint(
                condition=Q(renewal_due_on__gt=models.F("issued_on")),
                name="dbs_renewal_after_issue",
                violation_error_message="The renewal date must be after the issue date.",
            ),
        ]

    def __str__(self) -> str:
        return f"DBS {self.certificate_number}"

    @property
    def person_name(self) -> str:
        return (self.carer or self.support_carer or self.member).full_name


class InsuranceKind(models.TextChoices):
    PUBLIC_LIABILITY = "public_liability", "Public liability"
    HOME = "home", "Home and contents"
    MOTOR_BUSINESS = "motor_business", "Car, business use"
    OTHER = "other", "Other"


class InsurancePolicy(models.Model):
    """Insurance the household holds (CAR-5); evidence is seen at the health and safety review."""

    household = models.ForeignKey(CarerHousehold, on_delete=models.PROTECT, related_name="insurance_policies")
    kind = models.CharField(max_length=20, choices=InsuranceKind.choices)
    insurer = models.CharField(max_length=120)
    policy_number = models.CharField(max_length=60, blank=True)
    starts_on = BoundedDateField(kind="planned")
    expires_on = BoundedDateField(kind="expiry")
    evidence_seen_on = BoundedDateField(null=True, blank=True, kind="past")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-expires_on"]
        verbose_name_plural = "insurance policies"
        # The latest policy per household and kind (carers.queries.latest_insurance, the compliance engine's probe).
        indexes = [models.Index("household", "kind", F("expires_on").desc(), F("id").desc(), name="insurance_latest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("starts_on")),
                name="insurance_expires_after_start",
                violation_error_message="The expiry date must be after the start date (CAR-5).",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.insurer}"


class CarerAgreement(models.Model):
    """The carer agreement between carer and scheme (CAR-8); a new version is a new record."""

    household = models.ForeignKey(CarerHousehold, on_delete=models.PROTECT, related_name="agreements")
    version = models.CharField(max_length=40, help_text="The agreement's version, e.g. 2025 v2.")
    signed_on = BoundedDateField(kind="past")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-signed_on"]

    def __str__(self) -> str:
        return f"Carer agreement {self.version}, signed {self.signed_on:%-d %b %Y}"


class BreakCover(models.TextChoices):
    SHORT_BREAK_HOUSEHOLD = "household", "Another Shared Lives household (short breaks)"
    SUPPORT_CARER = "support_carer", "A support carer"
    OTHER_PROVIDER = "other_provider", "Another provider"
    NOT_NEEDED = "not_needed", "Nobody placed needs cover"


class CarerBreak(models.Model):
    """A live-in carer's break (RES-1, RES-3): nights count against the yearly respite allocation."""

    household = models.ForeignKey(CarerHousehold, on_delete=models.PROTECT, related_name="breaks")
    starts_on = BoundedDateField(help_text="The first night of the break.", kind="planned")
    ends_on = BoundedDateField(help_text="The day the carer is back: the last night is the one before.", kind="planned")
    cover = models.CharField(max_length=20, choices=BreakCover.choices)
    cover_household = models.ForeignKey(
        CarerHousehold, on_delete=models.PROTECT, null=True, blank=True, related_name="breaks_covered"
    )
    cover_support_carer = models.ForeignKey(
        SupportCarer, on_delete=models.PROTECT, null=True, blank=True, related_name="breaks_covered"
    )
    cover_provider = models.CharField("other provider", max_length=120, blank=True)
    notes = models.TextField(blank=True)
    cancelled = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="break_ends_after_start",
                violation_error_message="A break ends after it starts: at least one night.",
            ),
            models.CheckConstraint(
                condition=~Q(cover="household") | Q(cover_household__isnull=False),
                name="break_household_cover_named",
            ),
            models.CheckConstraint(
                condition=~Q(cover="support_carer") | Q(cover_support_carer__isnull=False),
                name="break_support_carer_named",
            ),
        ]

    def __str__(self) -> str:
        return f"Break {self.starts_on:%-d %b} to {self.ends_on:%-d %b %Y}"

    @property
    def nights(self) -> int:
        return (self.ends_on - self.starts_on).days


class ExtraRespiteRequest(ApprovalRecord):
    """A break beyond the respite allocation waits for the management team (RES-1, AUD-2)."""

    carer_break = models.OneToOneField(CarerBreak, on_delete=models.PROTECT, related_name="extra_respite")
    nights_over_allocation = models.PositiveSmallIntegerField()
    reason = models.TextField(help_text="Why the household needs more than its allocation.")
    history = HistoricalRecords()

    class Meta:
        permissions = [("decide_extra_respite", "Decide extra respite beyond the allocation")]

    def __str__(self) -> str:
        return f"Extra respite: {self.nights_over_allocation} nights for {self.carer_break.household}"


class RequirementWho(models.TextChoices):
    CARER = "carer", "Each carer"
    MEMBER = "member", "Each household member aged 16 or over"
    SUPPORT_CARER = "support_carer", "Each support carer"
    HOUSEHOLD = "household", "The household"


class RequirementWhat(models.TextChoices):
    DBS = "dbs", "Enhanced DBS check"
    TRAINING = "training", "Training course"
    INSURANCE = "insurance", "Insurance"
    AGREEMENT = "agreement", "Signed agreement"
    PROPERTY_CHECK = "property_check", "Property health and safety check"


class RequirementArrangement(models.TextChoices):
    ALL = "", "Every arrangement"
    LIVE_IN = "live_in", "Live-in"
    SHORT_BREAK = "short_break", "Short breaks"
    DAY_SUPPORT = "day_support", "Day support"
    EMERGENCY = "emergency", "Emergency placements"


class Requirement(models.Model):
    """What the scheme requires someone in a household to hold (SAFE-1, policy): edited by admins, with history.

    carers/checks.py loads these with the records held; carers/requirements.py (pure) says what is lacking.
    """

    label = models.CharField(max_length=160, help_text="In plain words, e.g. Public liability insurance.")
    who = models.CharField(max_length=20, choices=RequirementWho.choices)
    what = models.CharField(max_length=20, choices=RequirementWhat.choices)
    course = models.ForeignKey(
        TrainingCourse, on_delete=models.PROTECT, null=True, blank=True, related_name="requirements"
    )
    insurance_kind = models.CharField(max_length=20, choices=InsuranceKind.choices, blank=True)
    renewal_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Held for this many months from the date done; empty: the record's own expiry date.",
    )
    arrangement_kind = models.CharField(
        max_length=20,
        choices=RequirementArrangement.choices,
        blank=True,
        help_text="Only for this kind of arrangement; empty: for every one.",
    )
    rule = models.CharField(max_length=10, default="SAFE-1", help_text="The rule it meets, e.g. CAR-6.")
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["who", "what", "label"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(what="training") | Q(course__isnull=False),
                name="requirement_training_names_course",
                violation_error_message="A training requirement names its course (CAR-7).",
            ),
            models.CheckConstraint(
                condition=~Q(what="insurance") | ~Q(insurance_kind=""),
                name="requirement_insurance_names_kind",
                violation_error_message="An insurance requirement names the kind of insurance (CAR-5).",
            ),
            models.UniqueConstraint(
                fields=["label", "arrangement_kind"], name="requirement_label_unique_per_arrangement"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class ChecksOverride(ApprovalRecord):
    """The management team lets a household take arrangements for a while although a required check is missing
    (SAFE-2): asked for by an officer with a reason, agreed by a manager who did not ask (AUD-2), in force from
    `starts_on` to `ends_on` inclusive. It lapses on its own: the gate compares dates, no job is needed."""

    household = models.ForeignKey(CarerHousehold, on_delete=models.PROTECT, related_name="checks_overrides")
    reason = models.TextField(help_text="What is missing, why arrangements may go ahead meanwhile, and the plan.")
    starts_on = BoundedDateField(kind="planned", help_text="The first day the override covers.")
    ends_on = BoundedDateField(kind="planned", help_text="The last day the override covers.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        permissions = [("decide_checks_override", "Agree or refuse an override of missing checks")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="checks_override_ends_after_start",
                violation_error_message="An override ends on or after the day it starts (SAFE-2).",
            ),
        ]

    def __str__(self) -> str:
        return f"Checks override for {self.household}, {self.starts_on:%-d %b} to {self.ends_on:%-d %b %Y}"

    def covers(self, start: date, end: date) -> bool:
        """Agreed, and every day from start to end inclusive inside its window."""
        return self.outcome == "agreed" and self.starts_on <= start and end <= self.ends_on
