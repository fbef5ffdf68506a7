"""What every app shares: the scheme's policy numbers and the shape of an approval."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from simple_history import register
from simple_history.models import HistoricalRecords

# Staff accounts keep history too (AUD-1): who gave whom which role, and when. No password hashes.
register(get_user_model(), app="sharedlives", excluded_fields=["password", "last_login"])


class SchemePolicy(models.Model):
    """The numbers that differ between schemes. One row; Hampshire's practice is the default.

    Every rule marked **policy** in RULES.md reads its number from here (SchemePolicy.current()).
    """

    class InitialReview(models.IntegerChoices):
        FOUR_WEEKS = 28, "At 28 days (Hampshire)"
        SIX_WEEKS = 42, "After six weeks (Coventry)"

    class PaymentPeriod(models.TextChoices):
        FOUR_WEEKLY = "four_weekly", "Four-weekly"
        MONTHLY = "monthly", "Calendar monthly"

    scheme_name = models.CharField(max_length=120, default="Shared Lives scheme")
    initial_period_days = models.PositiveSmallIntegerField(
        default=28, help_text="Initial placement period paid at the initial fee (FEE-2, END-1)."
    )
    initial_review_days = models.PositiveSmallIntegerField(
        choices=InitialReview.choices,
        default=InitialReview.FOUR_WEEKS,
        help_text="When the initial review falls (REV-1).",
    )
    notice_weeks_after_initial_period = models.PositiveSmallIntegerField(
        default=8,
        help_text="Notice the person gives after the initial period, in weeks (END-2; Coventry: 4).",
    )
    respite_nights_per_year = models.PositiveSmallIntegerField(
        default=21, help_text="A live-in carer's respite allocation per financial year (RES-1)."
    )
    caseload_guide = models.PositiveSmallIntegerField(
        default=20, help_text="Households one officer supports, as a guide (CAR-4, RPT-3)."
    )
    introduction_overnight_stays = models.PositiveSmallIntegerField(
        default=2, help_text="Introduction overnight stays before management agreement is needed (MAT-3)."
    )
    people_per_household = models.PositiveSmallIntegerField(
        default=3, help_text="People one household supports at any one time (CAR-1)."
    )
    probation_months = models.PositiveSmallIntegerField(
        default=12, help_text="Probation after a household is approved (CAR-2)."
    )
    payment_period = models.CharField(max_length=20, choices=PaymentPeriod.choices, default=PaymentPeriod.MONTHLY)

    class MonitoringVisit(models.TextChoices):
        ANY_IN_PERSON = "any_in_person", "Any review or visit in person (Hampshire)"
        MONITORING_ONLY = "monitoring_only", "Only a monitoring visit"

    monitoring_visit = models.CharField(
        "what counts as the monitoring visit",
        max_length=20,
        choices=MonitoringVisit.choices,
        default=MonitoringVisit.ANY_IN_PERSON,
        help_text="REV-5: in Hampshire's practice the 1:1 reviews and face-to-face visits are the monitoring contact.",
    )
    monitoring_months = models.PositiveSmallIntegerField(
        default=3, help_text="A monitoring visit at least this often, in months (REV-5)."
    )
    yearly_review_months = models.PositiveSmallIntegerField(
        default=12, help_text="Each arrangement's review (live-in, short breaks, day support), in months (REV-5)."
    )
    probation_contact_days = models.PositiveSmallIntegerField(
        default=14, help_text="A contact with a household on probation at least this often, in days (CAR-2)."
    )
    correction_window_days = models.PositiveSmallIntegerField(
        default=7,
        help_text="A contact or review can be edited by its author or a manager for this many days after it was "
        "recorded; after that it can only be marked as recorded in error (AUD-1).",
    )
    check_warning_days = models.CharField(
        "warn before a check expires (days)",
        max_length=40,
        default="90,30,7",
        validators=[
            RegexValidator(r"^\d{1,3}(,\d{1,3})*$", "Days before an expiry, separated by commas, e.g. 90,30,7.")
        ],
        help_text="SAFE-3: the Checks panel and lists warn this many days before a required check expires.",
    )
    carer_agreement_version = models.CharField(
        "current carer agreement version",
        max_length=40,
        blank=True,
        help_text="SAFE-1, CAR-8: households must have signed this version of the carer agreement, e.g. 2026 v1. "
        "Leave blank to accept any version.",
    )
    complaint_acknowledgement_days = models.PositiveSmallIntegerField(
        default=3, help_text="A complaint is acknowledged within this many working days of receipt (SG-3)."
    )
    complaint_response_days = models.PositiveSmallIntegerField(
        default=20, help_text="A complaint is answered within this many working days of receipt (SG-3)."
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "scheme policy"
        verbose_name_plural = "scheme policy"
        permissions = [
            ("view_approvals", "See the approvals inbox"),
            ("view_scheme_overview", "See the scheme-wide overview"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(initial_period_days__gte=1), name="policy_initial_period_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(people_per_household__gte=1), name="policy_people_per_household_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    monitoring_months__gte=1, yearly_review_months__gte=1, probation_contact_days__gte=1
                ),
                name="policy_compliance_intervals_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(complaint_acknowledgement_days__gte=1, complaint_response_days__gte=1),
                name="policy_complaint_days_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"Scheme policy for {self.scheme_name}"

    @property
    def warning_days(self) -> tuple[int, ...]:
        """SAFE-3: the warning windows, longest first, e.g. (90, 30, 7)."""
        days = {int(d) for d in self.check_warning_days.split(",") if d.strip().isdigit() and int(d) > 0}
        return tuple(sorted(days, reverse=True)) or (90, 30, 7)

    def clean(self):
        if SchemePolicy.objects.exclude(pk=self.pk).exists():
            raise ValidationError("The scheme has one policy: edit the existing one.")

    @classmethod
    def current(cls) -> "SchemePolicy":
        """The scheme's policy, created with the defaults the first time it is asked for."""
        policy = cls.objects.order_by("pk").first()
        if policy is None:
            policy = cls.objects.create()
        return policy


class ApprovalOutcome(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    AGREED = "agreed", "Agreed"
    CHANGED = "changed", "Agreed with changes"
    RETURNED = "returned", "Returned"
    REFUSED = "refused", "Refused"


class ApprovalRecord(models.Model):
    """Anything that needs the management team's decision (AUD-2): who asked, who decided, when, why.

    Concrete approvals (a banding, extra introduction nights, extra respite, additional funding) inherit
    this and are decided only through `sharedlives.approvals.decide()`, which refuses the submitter.
    """

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who asked for the decision.",
    )
    submitted_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=ApprovalOutcome.choices, default=ApprovalOutcome.PENDING)
    decision_reason = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def is_pending(self) -> bool:
        return self.outcome == ApprovalOutcome.PENDING


class SubmittedForm(models.Model):
    """A create form's one-time token, kept once the form has saved its record.

    The same form sent twice (a double click, back and resubmit) carries the same token: the second is recognised
    and the person lands on the first record instead of making another. The unique token makes it so even when
    both arrive at the same moment.
    """

    token = models.UUIDField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=300)
    result_url = models.CharField(max_length=500, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="submitted_form_token_once")]

    def __str__(self) -> str:
        return f"Form {self.path} sent by {self.user}"
