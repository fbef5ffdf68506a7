"""Carers' tax (TAX-1): HMRC's Qualifying Care Relief figures per tax year, and the yearly run that produces
every carer's statement. Imported by funding/models.py so Django finds the models."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

USER = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 10, "decimal_places": 2}


class QualifyingCareReliefYear(models.Model):
    """HMRC's figures for one tax year (6 April to 5 April), kept by finance (TAX-1; docs/tax.md cites them)."""

    tax_year = models.PositiveSmallIntegerField(
        unique=True, help_text="The year the tax year starts in: 2025 for 2025/26 (6 April 2025 to 5 April 2026)."
    )
    fixed_amount = models.DecimalField(**MONEY, help_text="Per residence per tax year, shared between its carers.")
    weekly_amount_adult = models.DecimalField(**MONEY, help_text="For each adult cared for, per week of care.")
    source = models.CharField(max_length=300, help_text="Which HMRC page or legislation gives these figures.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-tax_year"]
        permissions = [
            ("view_tax_statement", "See carers' Qualifying Care Relief statements"),
            ("produce_tax_statements", "Produce every carer's tax statement for a year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(fixed_amount__gte=0) & Q(weekly_amount_adult__gte=0),
                name="qcr_amounts_not_negative",
                violation_error_message="Qualifying Care Relief amounts are £0.00 or more (TAX-1).",
            ),
            models.CheckConstraint(
                condition=Q(tax_year__gte=2000) & Q(tax_year__lte=2100),
                name="qcr_tax_year_plausible",
                violation_error_message="Enter the year the tax year starts in, like 2025 (TAX-1).",
            ),
        ]

    def __str__(self) -> str:
        return f"Qualifying Care Relief {self.label}"

    @property
    def label(self) -> str:
        return f"{self.tax_year}/{str(self.tax_year + 1)[-2:]}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for the background worker"
    RUNNING = "running", "Being produced"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class TaxStatementRun(models.Model):
    """Every carer's statement for a tax year, produced by a background job (TAX-1)."""

    tax_year = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    job_id = models.CharField(max_length=64, blank=True)
    failure = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Tax statements {self.tax_year}/{str(self.tax_year + 1)[-2:]} ({self.get_status_display()})"

    @property
    def progress_percent(self) -> int:
        return int(self.progress_done * 100 / self.progress_total) if self.progress_total else 0


class TaxStatementResult(models.Model):
    """One carer's figures from a run; the carer's page and PDF show how each is made up."""

    run = models.ForeignKey(TaxStatementRun, on_delete=models.PROTECT, related_name="results")
    carer = models.ForeignKey("carers.Carer", on_delete=models.PROTECT, related_name="+")
    receipts = models.DecimalField(**MONEY)
    qualifying_amount = models.DecimalField(**MONEY)
    weeks_of_care = models.PositiveIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["run", "carer__last_name", "carer__first_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["run", "carer"], name="tax_result_one_per_carer")]

    def __str__(self) -> str:
        return f"{self.carer_id}: receipts £{self.receipts}, qualifying amount £{self.qualifying_amount}"
