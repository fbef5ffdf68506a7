"""Contacts, reviews, risk assessments and changes of needs: what an officer records day to day.

The compliance engine (reviews/compliance.py) reads these to say what is due and overdue.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from sharedlives.fields import BoundedDateField
from sharedlives.models import ApprovalRecord

USER = settings.AUTH_USER_MODEL


class CorrectableQuerySet(models.QuerySet):
    def counted(self):
        """The records compliance counts: not those recorded in error (REV-2, REV-5)."""
        return self.filter(recorded_in_error_at__isnull=True)


class Correctable(models.Model):
    """A contact or review that can be put right: edited by its author or a manager within the policy's
    correction window, or marked "recorded in error" with a reason (kept, shown struck through, not counted)."""

    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    recorded_in_error_at = models.DateTimeField(null=True, blank=True)
    recorded_in_error_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_in_error_reason = models.TextField("why it was recorded in error", blank=True)

    objects = CorrectableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def in_error(self) -> bool:
        return self.recorded_in_error_at is not None


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    VIDEO = "video", "Video call"
    VISIT = "visit", "Visit in person"


class ContactWith(models.TextChoices):
    CARER = "carer", "Carer"
    PERSON = "person", "Person supported"
    BOTH = "both", "Carer and person"
    FAMILY = "family", "Family or advocate"
    PROFESSIONAL = "professional", "Other professional"
    OTHER = "other", "Other"


class Contact(Correctable):
    """A case note of a contact (REV-2, PLA-4). A concern raised flags it to the management team."""

    household = models.ForeignKey("carers.CarerHousehold", on_delete=models.PROTECT, related_name="contacts")
    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    occurred_at = models.DateTimeField(default=timezone.now)
    method = models.CharField(max_length=10, choices=ContactMethod.choices)
    with_whom = models.CharField("with", max_length=20, choices=ContactWith.choices, default=ContactWith.CARER)
    summary = models.TextField()
    concern_raised = models.BooleanField(default=False, help_text="Flags the contact to the management team.")
    concern_seen_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    concern_seen_at = models.DateTimeField(null=True, blank=True)
    safeguarding_concern = models.ForeignKey(
        "safeguarding.SafeguardingConcern",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        help_text="The safeguarding concern this contact was turned into (SG-1).",
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["placement", "-occurred_at"], name="contact_placement_latest"),
            models.Index(fields=["household", "-occurred_at"], name="contact_household_latest"),
            models.Index(fields=["-occurred_at"], name="contact_latest"),
            # Face-to-face visits logged as contacts (REV-4): few rows, found without reading every contact.
            models.Index(fields=["household", "-occurred_at"], name="contact_visits", condition=Q(method="visit")),
            models.Index(
                fields=["household", "-occurred_at"], name="contact_household_only", condition=Q(placement__isnull=True)
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(recorded_in_error_at__isnull=True)
                | (Q(recorded_in_error_by__isnull=False) & ~Q(recorded_in_error_reason="")),
                name="contact_in_error_says_who_and_why",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} with {self.get_with_whom_display().lower()}, {self.occurred_at:%-d %b %Y}"


class ReviewKind(models.TextChoices):
    INITIAL = "initial", "28-day review"
    FINANCIAL = "financial", "1:1 financial review"
    MEDICATION = "medication", "1:1 medication review"
    HEALTH_SAFETY = "health_safety", "1:1 health and safety review"
    APPRAISAL = "appraisal", "Carer appraisal"
    MONITORING = "monitoring", "Monitoring visit"
    ANNUAL = "annual", "Person's annual review"
    SHORT_NOTICE = "short_notice", "Short-notice visit"
    PROBATION = "probation", "End of probation review"


ONE_TO_ONE_KINDS = [ReviewKind.FINANCIAL, ReviewKind.MEDICATION, ReviewKind.HEALTH_SAFETY, ReviewKind.APPRAISAL]
IN_PERSON_ONLY = [ReviewKind.APPRAISAL, ReviewKind.ANNUAL]  # REV-4
PLACEMENT_KINDS = [ReviewKind.INITIAL, ReviewKind.ANNUAL]  # about one person's placement


class Review(Correctable):
    """Any review or visit (REV-1, REV-3 … REV-8), with the checks its kind requires."""

    kind = models.CharField(max_length=20, choices=ReviewKind.choices)
    household = models.ForeignKey("carers.CarerHousehold", on_delete=models.PROTECT, related_name="reviews")
    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, null=True, blank=True, related_name="reviews"
    )
    held_on = BoundedDateField(kind="past")
    in_person = models.BooleanField(default=True)
    attendees = models.TextField(help_text="Who took part.")
    persons_views = models.TextField("the person's own views", blank=True, help_text="REV-8")
    different_reviewing_officer = models.BooleanField(
        default=False, help_text="Someone other than the person's usual officer led the review (REV-8)."
    )
    advocate = models.CharField("advocate or named person", max_length=120, blank=True)
    outcomes = models.TextField(blank=True)
    concerns = models.TextField(blank=True)
    # Kind-specific checks.
    finance_audit_done = models.BooleanField(default=False)
    medication_competency_done = models.BooleanField("medication competency assessment done", default=False)
    property_check_done = models.BooleanField("property health and safety check done", default=False)
    insurance_evidence_seen = models.BooleanField(default=False, help_text="CAR-5")
    training_needs = models.TextField(blank=True)
    wellbeing = models.TextField("carer's wellbeing", blank=True)
    feedback = models.TextField("carer's feedback on the service", blank=True)
    respite_planned_nights = models.PositiveSmallIntegerField(
        "respite planned for next year (nights)", null=True, blank=True, help_text="RES-4"
    )
    discussed_with = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Short-notice visits are discussed with the management team (REV-6).",
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["household", "kind", "-held_on"], name="review_household_kind_latest"),
            models.Index(fields=["household", "-held_on"], name="review_in_person", condition=Q(in_person=True)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["appraisal", "annual"]) | Q(in_person=True),
                name="review_appraisal_and_annual_in_person",
                violation_error_message="The carer appraisal and the annual review are held in person (REV-4).",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["initial", "annual"]) | Q(placement__isnull=False),
                name="review_person_reviews_name_the_placement",
            ),
            models.CheckConstraint(
                condition=Q(recorded_in_error_at__isnull=True)
                | (Q(recorded_in_error_by__isnull=False) & ~Q(recorded_in_error_reason="")),
                name="review_in_error_says_who_and_why",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%-d %b %Y}"


class ReviewAction(models.Model):
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.CharField(max_length=120)
    due_on = BoundedDateField(kind="planned")
    done_on = BoundedDateField(null=True, blank=True, kind="past")
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description


class RiskAssessment(models.Model):
    """A risk assessment and when it is next reviewed (REV-7, REF-6)."""

    placement = models.ForeignKey("placements.Placement", on_delete=models.PROTECT, related_name="risk_assessments")
    done_on = BoundedDateField(kind="past")
    next_review_on = BoundedDateField(kind="planned")
    summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-done_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_on__gt=models.F("done_on")),
                name="risk_next_review_after_done",
                violation_error_message="The next review is after the assessment (REV-7).",
            )
        ]

    def __str__(self) -> str:
        return f"Risk assessment {self.done_on:%-d %b %Y}"


class RaisedBy(models.TextChoices):
    CARER = "carer", "The carer"
    PERSON = "person", "The person"
    OTHER = "other", "Someone else"


class ChangeOfNeeds(models.Model):
    """A change in needs or circumstances (CHG-1 … CHG-3)."""

    placement = models.ForeignKey("placements.Placement", on_delete=models.PROTECT, related_name="changes_of_needs")
    raised_on = BoundedDateField(kind="past")
    raised_by = models.CharField(max_length=10, choices=RaisedBy.choices)
    description = models.TextField()
    meeting_held_on = BoundedDateField(
        "met the carer in person on", null=True, blank=True, help_text="CHG-1", kind="past"
    )
    meeting_notes = models.TextField(blank=True)
    management_discussed_on = BoundedDateField(null=True, blank=True, help_text="CHG-2", kind="past")
    discussed_with = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    agreed_actions = models.TextField(blank=True)
    referred_care_technology = models.BooleanField("referred to care technology", default=False)
    referred_pbs = models.BooleanField("referred to positive behaviour support", default=False)
    referred_health = models.BooleanField("referred to health services", default=False)
    closed_on = BoundedDateField(null=True, blank=True, kind="past")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        verbose_name_plural = "changes of needs"
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting_held_on__isnull=True) | Q(meeting_held_on__gte=models.F("raised_on")),
                name="change_meeting_after_raised",
                violation_error_message="The meeting is on or after the day the change was raised.",
            ),
            models.CheckConstraint(
                condition=Q(management_discussed_on__isnull=True)
                | (Q(meeting_held_on__isnull=False) & Q(management_discussed_on__gte=models.F("meeting_held_on"))),
                name="change_discussion_after_meeting",
                violation_error_message="The management discussion follows the meeting with the carer (CHG-2).",
            ),
        ]

    def __str__(self) -> str:
        return f"Change of needs raised {self.raised_on:%-d %b %Y}"


class AdditionalFundingRequest(ApprovalRecord):
    """A request for additional funding, first discussed with the management team (CHG-3, AUD-2)."""

    change = models.ForeignKey(ChangeOfNeeds, on_delete=models.PROTECT, related_name="funding_requests")
    what_for = models.TextField()
    other_support_explored = models.TextField(help_text="The other sources of support already explored.")
    history = HistoricalRecords()

    class Meta:
        permissions = [("decide_additional_funding", "Decide a request for additional funding")]

    def __str__(self) -> str:
        return f"Additional funding for {self.change.placement}"


class DigestSent(models.Model):
    """One weekly digest per officer per week: `send_digests` is safe to run again."""

    officer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    week_starting = BoundedDateField(kind="planned")
    sent_at = models.DateTimeField(auto_now_add=True)
    items = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["officer", "week_starting"], name="one_digest_per_officer_per_week")
        ]

    def __str__(self) -> str:
        return f"Digest for week of {self.week_starting:%-d %b %Y}"


class OverdueSnapshot(models.Model):
    """How many obligations were overdue on a day: the 12-week trend on the Scheme overview (RPT-4)."""

    taken_on = BoundedDateField(unique=True, kind="planned")
    overdue = models.PositiveIntegerField()
    by_rule = models.JSONField(default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["taken_on"]

    def __str__(self) -> str:
        return f"{self.overdue} overdue on {self.taken_on:%-d %b %Y}"


# The maintained compliance picture (reviews/picture.py) ------------------------------------------------------
# Derived from the records above, never typed by staff: no history (AUD-1 covers what staff record) and plain
# integer columns, so a household's picture can be rebuilt or dropped without touching the records it came from.


class PictureChange(models.Model):
    """A household whose facts changed since its picture was computed. Written in the same transaction as the
    change (reviews/picture_sources.py), so a page never trusts a picture the change has made stale."""

    derived = True
    id = models.BigAutoField(primary_key=True)
    household_id = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"Household {self.household_id} changed"


class HouseholdPicture(models.Model):
    """The day a household's obligations were last computed for; its items are in PictureItem."""

    derived = True
    household_id = models.BigIntegerField(primary_key=True)
    computed_for = models.DateField()
    computed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Household {self.household_id} computed for {self.computed_for}"


class PictureItem(models.Model):
    """One obligation overdue or due within 14 days on the household's `computed_for` day."""

    derived = True
    id = models.BigAutoField(primary_key=True)
    household_id = models.BigIntegerField()
    household_name = models.TextField()
    officer_id = models.BigIntegerField(null=True)
    rule = models.TextField()
    kind = models.TextField()
    what = models.TextField()
    due_on = models.DateField()
    placement_id = models.BigIntegerField(null=True)
    person_name = models.TextField(blank=True)
    action = models.TextField(blank=True)
    action_kwargs = models.JSONField(default=list)
    action_query = models.TextField(blank=True)
    responsible = models.TextField(default="officer")

    class Meta:
        indexes = [
            models.Index(fields=["household_id"], name="pictureitem_household"),
            models.Index(fields=["officer_id", "due_on"], name="pictureitem_officer_due"),
            models.Index(fields=["due_on", "rule"], name="pictureitem_due_rule"),
        ]

    def __str__(self) -> str:
        return f"{self.what}, due {self.due_on}"
