"""The Reports area keeps no records of its own: it reads placements, funding, carers and safeguarding. Its one
model holds the permission to open it, with no table (managed=False), so it needs no history."""

from django.db import models


class ReportsAccess(models.Model):
    """Not a table: the home of `reports.view_reports` (the management team and finance admins)."""

    derived = True  # no records, so nothing to audit (tests/sharedlives/test_policy_and_history.py)

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_reports", "See the reports and download their figures (RPT-1 … RPT-8)")]

    def __str__(self) -> str:
        return "Reports"
