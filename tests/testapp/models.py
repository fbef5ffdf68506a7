from django.db import models
from simple_history.models import HistoricalRecords

from sharedlives.models import ApprovalRecord


class SampleApproval(ApprovalRecord):
    subject = models.CharField(max_length=100)
    history = HistoricalRecords()

    class Meta:
        app_label = "testapp"
