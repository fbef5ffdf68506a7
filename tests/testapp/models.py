from django.db import models
from simple_history.models import HistoricalRecords

from sharedlives.models import ApprovalRecord


class SampleApproval(ApprovalRecord):
    subject = models.CharField(max_length=100)
    history = HistoricalRecords()

    class Meta:
        app_label = "testapp"

    def __str__(self) -> str:
        return self.subject


class SampleOccupant(models.Model):
    """Someone staying with a carer household, standing in for placements in capacity tests (CAR-1)."""

    household = models.ForeignKey("carers.CarerHousehold", on_delete=models.PROTECT)
    person_key = models.CharField(max_length=40)
    kind = models.CharField(max_length=20, default="live-in")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        app_label = "testapp"

    def __str__(self) -> str:
        return self.person_key
