"""The business case's alternative settings (RPT-6): what a week elsewhere costs, as the management team and
finance enter it, with its source and date. Imported by funding/models.py so Django finds the model."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from sharedlives.fields import BoundedDateField

USER = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 10, "decimal_places": 2}


class AlternativeSetting(models.TextChoices):
    RESIDENTIAL_CARE = "residential_care", "Residential care"
    SUPPORTED_LIVING = "supported_living", "Supported living"
    OTHER = "other", "Other (named)"


class AlternativeSettingCost(models.Model):
    """A week in another setting, to compare Shared Lives with (RPT-6). Never deleted: set aside as no longer used."""

    setting = models.CharField(max_length=30, choices=AlternativeSetting.choices)
    name = models.CharField(max_length=120, blank=True, help_text="What the setting is; needed for “Other”.")
    weekly_cost = models.DecimalField(**MONEY, help_text="Per person per week.")
    source = models.CharField(max_length=300, help_text="Where the figure comes from.")
    as_of = BoundedDateField(help_text="The date the figure applies from or was published.", kind="past")
    is_example = models.BooleanField(default=False, help_text="An example figure (demo data), not a real cost.")
    no_longer_used = models.BooleanField(default=False, help_text="Kept with its history but not offered any more.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["no_longer_used", "setting", "name", "-as_of", "pk"]
        permissions = [("view_unit_costs", "See unit costs and the business case")]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekly_cost__gt=0),
                name="alternative_cost_positive",
                violation_error_message="A weekly cost is more than £0.00 (RPT-6).",
            ),
            models.CheckConstraint(
                condition=~Q(setting="other") | ~Q(name=""),
                name="alternative_other_is_named",
                violation_error_message="Name the setting when it is “Other” (RPT-6).",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.setting == AlternativeSetting.OTHER:
            base = self.name
        else:
            base = self.get_setting_display() + (f": {self.name}" if self.name else "")
        return base + (" (example figure)" if self.is_example else "")
