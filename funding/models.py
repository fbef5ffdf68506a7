"""Rate cards, the banding tool and its decisions, payment schedules and what carers are paid.

Money is NUMERIC(10, 2) and Decimal everywhere (FEE-8). Published cards and approved schedules are
never rewritten (FEE-1): the services refuse, and the models refuse a save that would.
"""

from datetime import date

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from funding import fees
from sharedlives.db import DateRange
from sharedlives.fields import BoundedDateField
from sharedlives.models import ApprovalRecord

USER = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 10, "decimal_places": 2}


class CardStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"
    DISCARDED = "discarded", "Discarded"  # a draft set aside, never published; kept with its history (FEE-7)


class RateCard(models.Model):
    """One financial year's rates (1 April to 31 March). A correction is a new version from a date (FEE-1)."""

    year_start = BoundedDateField(help_text="1 April of the financial year.", kind="planned")
    version = models.PositiveSmallIntegerField(default=1)
    effective_from = BoundedDateField(
        help_text="The first day this version prices; 1 April for the first version.", kind="planned"
    )
    status = models.CharField(max_length=20, choices=CardStatus.choices, default=CardStatus.DRAFT)
    is_example = models.BooleanField(default=False, help_text="Example figures (demo data), not a real scheme's card.")
    source = models.CharField(max_length=200, blank=True, help_text="Where the figures come from.")
    reason = models.TextField(blank=True, help_text="For a correction or uplift: why.")
    supersedes = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year_start", "-version"]
        permissions = [
            ("publish_ratecard", "Publish a rate card"),
            ("view_fees", "See placements' fee lines"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["year_start", "version"],
                condition=~Q(status="discarded"),
                name="ratecard_one_version_number_per_year",
            ),
            models.CheckConstraint(
                condition=Q(year_start__month=4) & Q(year_start__day=1),
                name="ratecard_year_starts_1_april",
                violation_error_message="A rate card's year starts on 1 April (FEE-1).",
            ),
            models.CheckConstraint(
                condition=Q(effective_from__gte=models.F("year_start")),
                name="ratecard_effective_within_year",
                violation_error_message="A card takes effect within its own financial year (FEE-1).",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def year_label(self) -> str:
        return f"{self.year_start.year}/{str(self.year_start.year + 1)[-2:]}"

    @property
    def label(self) -> str:
        return f"{self.year_label} v{self.version}" + (" (example)" if self.is_example else "")

    @property
    def year_end(self) -> date:
        return date(self.year_start.year + 1, 3, 31)

    @property
    def editable(self) -> bool:
        return self.status == CardStatus.DRAFT

    def clean(self):
        if self.effective_from and self.year_start and self.effective_from > self.year_end:
            raise ValidationError({"effective_from": "A card takes effect within its own financial year (FEE-1)."})


class RateCode(models.TextChoices):
    INITIAL = fees.INITIAL, "Initial placement fee (first 28 days)"
    BAND_1 = "band_1", "Band 1"
    BAND_2 = "band_2", "Band 2"
    BAND_3 = "band_3", "Band 3"
    BAND_4 = "band_4", "Band 4"
    BAND_5 = "band_5", "Band 5"
    BAND_6 = "band_6", "Band 6"
    EMERGENCY = fees.EMERGENCY, "Emergency (per night)"
    RESPITE_NIGHT = fees.RESPITE_NIGHT, "Short break / respite night"
    FULL_24H = "full_24h_extra", "Full 24 hours (on top of a night)"
    DAY_HALF = "day_half", "Day support: half day (up to 4 hours)"
    DAY_SIX = "day_six", "Day support: six hours"
    DAY_FULL = "day_full", "Day support: full day (up to 8 hours)"
    UPLIFT = fees.UPLIFT, "Each additional person supported at once (%)"
    ADMIN_PAYMENT = fees.ADMIN_PAYMENT, "Exceptional ending: administrative payment"


BAND_CODES = [RateCode.BAND_1, RateCode.BAND_2, RateCode.BAND_3, RateCode.BAND_4, RateCode.BAND_5, RateCode.BAND_6]


class Element(models.TextChoices):
    CARE = fees.CARE, "Care and support"
    BOARD = fees.BOARD, "Board and lodging"
    RENT = fees.RENT, "Rent / housing costs"


class Unit(models.TextChoices):
    WEEK = fees.WEEK, "per week"
    NIGHT = fees.NIGHT, "per night"
    SESSION = fees.SESSION, "per session"
    ONE_OFF = fees.ONE_OFF, "one-off"
    PERCENT = fees.PERCENT, "per cent"


class RateLine(models.Model):
    card = models.ForeignKey(RateCard, on_delete=models.PROTECT, related_name="lines")
    code = models.CharField(max_length=30, choices=RateCode.choices)
    element = models.CharField(max_length=30, choices=Element.choices)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    amount = models.DecimalField(**MONEY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["card", "code", "element"]
        constraints = [
            models.UniqueConstraint(fields=["card", "code", "element"], name="rateline_one_per_code_and_element"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="rateline_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} – {self.get_element_display()}: £{self.amount} {self.get_unit_display()}"

    def save(self, *args, **kwargs):
        # FEE-1: a published card is never rewritten, whichever code path tries.
        if RateCard.objects.filter(pk=self.card_id).exclude(status=CardStatus.DRAFT).exists():
            raise ValidationError("A published rate card is never changed: make a correction instead (FEE-1).")
        super().save(*args, **kwargs)


# The banding tool (BAN-1): domains with level descriptors and scores; thresholds map a score to a band.


class BandingTool(models.Model):
    name = models.CharField(max_length=120)
    version = models.PositiveSmallIntegerField(default=1)
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="banding_tool_version_unique")]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class BandingDomain(models.Model):
    tool = models.ForeignKey(BandingTool, on_delete=models.PROTECT, related_name="domains")
    name = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["tool", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class BandingLevel(models.Model):
    domain = models.ForeignKey(BandingDomain, on_delete=models.PROTECT, related_name="levels")
    score = models.PositiveSmallIntegerField()
    descriptor = models.CharField(max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["domain", "score"]
        constraints = [models.UniqueConstraint(fields=["domain", "score"], name="banding_level_score_unique")]

    def __str__(self) -> str:
        return f"{self.score}: {self.descriptor}"


class BandThreshold(models.Model):
    """A total score of at least `minimum_score` suggests `band` (the highest threshold reached wins)."""

    tool = models.ForeignKey(BandingTool, on_delete=models.PROTECT, related_name="thresholds")
    band = models.CharField(max_length=30, choices=[(c.value, c.label) for c in BAND_CODES])
    minimum_score = models.PositiveSmallIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["tool", "minimum_score"]
        constraints = [models.UniqueConstraint(fields=["tool", "band"], name="banding_threshold_band_unique")]

    def __str__(self) -> str:
        return f"{self.get_band_display()} from {self.minimum_score} points"


class BandingPurpose(models.TextChoices):
    INITIAL_REVIEW = "initial_review", "28-day review (BAN-1)"
    EMERGENCY_REVIEW = "emergency_review", "Emergency placement reassessment (BAN-5)"
    INTERNAL_MOVE = "internal_move", "Internal move, increased needs (PLA-6)"
    CHANGE_OF_NEEDS = "change_of_needs", "Change of needs"


class BandingAssessment(ApprovalRecord):
    """The officer's banding at the review, and the management team's decision on it (BAN-1 … BAN-4, AUD-2)."""

    placement = models.ForeignKey("placements.Placement", on_delete=models.PROTECT, related_name="banding_assessments")
    tool = models.ForeignKey(BandingTool, on_delete=models.PROTECT, related_name="assessments")
    purpose = models.CharField(max_length=20, choices=BandingPurpose.choices, default=BandingPurpose.INITIAL_REVIEW)
    review_date = BoundedDateField(
        help_text="The review or assessment the banding was completed at; the band starts on it (FEE-3).", kind="past"
    )
    total_score = models.PositiveSmallIntegerField()
    suggested_band = models.CharField(max_length=30, choices=RateCode.choices)
    proposed_band = models.CharField(max_length=30, choices=RateCode.choices)
    proposal_reason = models.TextField(
        blank=True, help_text="Needed when the proposed band differs from the suggestion."
    )
    decided_band = models.CharField(max_length=30, choices=RateCode.choices, blank=True)
    effective_from = BoundedDateField(
        null=True,
        blank=True,
        help_text="The day the agreed band is paid from: the 28-day review (FEE-3), the assessment's own date for a "
        "re-banding, the move for an internal move (PLA-6), or a date the management team set with a reason.",
        kind="planned",
    )
    effective_reason = models.TextField(blank=True, help_text="Why the management team set another start date.")
    sent_to_area_team_on = BoundedDateField(null=True, blank=True, help_text="BAN-4", kind="past")
    provision_variation_on = BoundedDateField(null=True, blank=True, help_text="BAN-4", kind="past")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-review_date", "-pk"]
        permissions = [("submit_banding", "Complete and submit a banding"), ("decide_banding", "Decide a banding")]
        constraints = [
            models.CheckConstraint(
                condition=Q(proposed_band=models.F("suggested_band")) | ~Q(proposal_reason=""),
                name="banding_different_band_has_reason",
                violation_error_message="Give the reason for proposing a band other than the suggested one (BAN-1).",
            )
        ]

    def __str__(self) -> str:
        return f"Banding for {self.placement} at {self.review_date:%-d %b %Y}"

    @property
    def agreed_band(self) -> str | None:
        if self.outcome in ("agreed", "changed"):
            return self.decided_band or self.proposed_band
        return None


class BandingAnswer(models.Model):
    assessment = models.ForeignKey(BandingAssessment, on_delete=models.PROTECT, related_name="answers")
    domain = models.ForeignKey(BandingDomain, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(BandingLevel, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "domain"], name="banding_one_answer_per_domain")]

    def __str__(self) -> str:
        return f"{self.domain}: {self.level}"


class FeeOverride(models.Model):
    """A management decision changing a default ("subject to circumstances"): pay or stop an element."""

    placement = models.ForeignKey("placements.Placement", on_delete=models.PROTECT, related_name="fee_overrides")
    element = models.CharField(max_length=30, choices=Element.choices)
    starts_on = BoundedDateField(kind="planned")
    ends_on = BoundedDateField(kind="planned")
    pay = models.BooleanField(help_text="Pay the element on these days (or stop it, when unticked).")
    reason = models.CharField(max_length=200)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_on = BoundedDateField(kind="past")
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="override_dates_in_order")
        ]

    def __str__(self) -> str:
        action = "pay" if self.pay else "stop"
        return f"{action} {self.get_element_display().lower()} {self.starts_on:%-d %b} to {self.ends_on:%-d %b %Y}"


# Payment schedules ------------------------------------------------------------------------------------


class ScheduleStatus(models.TextChoices):
    GENERATING = "generating", "Being generated"
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    EXPORTED = "exported", "Exported"
    FAILED = "failed", "Failed"


class PaymentSchedule(models.Model):
    period_start = BoundedDateField(kind="planned")
    period_end = BoundedDateField(kind="planned")
    status = models.CharField(max_length=20, choices=ScheduleStatus.choices, default=ScheduleStatus.GENERATING)
    generated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    generated_at = models.DateTimeField(auto_now_add=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    # The background job that fills it: which attempt may write its lines, the job's id, and when it last said
    # it was alive. A dead job is seen by its silence (funding/jobs.py), and "generate again" starts attempt + 1.
    attempt = models.PositiveSmallIntegerField(default=1)
    job_id = models.CharField(max_length=64, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    failure = models.TextField(blank=True)
    total = models.DecimalField(**MONEY, default=0)
    approved_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    exported_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start", "-pk"]
        permissions = [
            ("approve_schedule", "Approve a payment schedule"),
            ("export_schedule", "Export a payment schedule"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="schedule_period_in_order"
            ),
            # FEE-8: one payment per household per day. Schedules that are not set aside never share a day, so
            # two finance admins generating overlapping periods at once cannot both get a draft.
            ExclusionConstraint(
                name="schedule_periods_do_not_overlap",
                expressions=[(DateRange("period_start", "period_end"), RangeOperators.OVERLAPS)],
                condition=~Q(status="failed"),
                violation_error_message="A schedule already covers some of these dates (FEE-8).",
            ),
        ]

    def __str__(self) -> str:
        return f"Payment schedule {self.period_start:%-d %b %Y} to {self.period_end:%-d %b %Y}"

    @property
    def is_locked(self) -> bool:
        return self.status in (ScheduleStatus.APPROVED, ScheduleStatus.EXPORTED)

    @property
    def progress_percent(self) -> int:
        return int(self.progress_done * 100 / self.progress_total) if self.progress_total else 0


class LineKind(models.TextChoices):
    FEE = "fee", "Fee"
    ONE_OFF = "one_off", "One-off payment"
    RECOVERY = "recovery", "Recovery"
    ADJUSTMENT = "adjustment", "Adjustment to an earlier period"
    CARRY_FORWARD = "carry_forward", "Recovery carried to the next schedule"
    CARRIED_IN = "carried_in", "Recovery carried from the last schedule"


class PaymentLine(models.Model):
    """One explained line of a schedule, as the fee engine made it. Never changed once approved."""

    schedule = models.ForeignKey(PaymentSchedule, on_delete=models.PROTECT, related_name="lines")
    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    household = models.ForeignKey("carers.CarerHousehold", on_delete=models.PROTECT, related_name="payment_lines")
    start = BoundedDateField(kind="planned")
    end = BoundedDateField(kind="planned")
    element = models.CharField(max_length=30, choices=Element.choices)
    rate_code = models.CharField(max_length=30, blank=True)
    rate = models.DecimalField(**MONEY, default=0)
    unit = models.CharField(max_length=10, blank=True)
    quantity = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    amount = models.DecimalField(**MONEY)
    rules = models.CharField(max_length=100, blank=True)
    explanation = models.TextField()
    card = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=20, choices=LineKind.choices, default=LineKind.FEE)
    paid_on_invoice = models.BooleanField(default=False)
    adjusts = models.ForeignKey(
        PaymentSchedule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adjusted_by",
        help_text="For an adjustment: the earlier approved schedule whose period it corrects.",
    )
    history = HistoricalRecords()  # written with bulk_create_with_history, so lines keep who made them too

    class Meta:
        ordering = ["household_id", "placement_id", "start", "element"]
        indexes = [models.Index(fields=["schedule", "household"], name="paymentline_schedule_household")]

    def __str__(self) -> str:
        return f"{self.get_element_display()} {self.start:%-d %b}–{self.end:%-d %b %Y}: £{self.amount}"


class CarerInvoice(models.Model):
    """A carer's invoice for the initial period (FEE-2) or respite, checked against the expected amount."""

    household = models.ForeignKey("carers.CarerHousehold", on_delete=models.PROTECT, related_name="invoices")
    placement = models.ForeignKey("placements.Placement", on_delete=models.PROTECT, related_name="invoices")
    period_start = BoundedDateField(kind="planned")
    period_end = BoundedDateField(kind="planned")
    amount = models.DecimalField(**MONEY)
    received_on = BoundedDateField(kind="past")
    expected_amount = models.DecimalField(**MONEY)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="invoice_period_in_order"
            )
        ]

    def __str__(self) -> str:
        return f"Invoice £{self.amount} received {self.received_on:%-d %b %Y}"

    @property
    def difference(self):
        return self.amount - self.expected_amount


# Carers' tax (TAX-1) and the business case's alternative settings (RPT-6) live in their own modules; imported here
# so Django registers their models.
from funding.cost_models import AlternativeSettingCost  # noqa: E402, F401
from funding.tax_models import QualifyingCareReliefYear, TaxStatementResult, TaxStatementRun  # noqa: E402, F401
