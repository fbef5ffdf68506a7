"""Reads the funding pages and other apps share."""

from django.urls import reverse
from django.utils import timezone

from funding.banding import decision_due
from funding.models import BandingAssessment
from sharedlives.approvals import PendingApproval
from sharedlives.models import ApprovalOutcome


def pending_bandings(user) -> list[PendingApproval]:
    """Bandings waiting for the management team, due five working days after submission (BAN-3)."""
    waiting = BandingAssessment.objects.filter(outcome=ApprovalOutcome.PENDING).select_related(
        "placement__person", "placement__household", "submitted_by"
    )
    return [
        PendingApproval(
            kind="Banding",
            summary=f"{a.get_proposed_band_display()} proposed for {a.placement.person.full_name} "
            f"with {a.placement.household.name}",
            url=reverse("funding:decide_banding", kwargs={"assessment_pk": a.pk}),
            submitted_by=a.submitted_by.get_full_name() or a.submitted_by.username,
            submitted_at=a.submitted_at,
            due=decision_due(timezone.localdate(a.submitted_at)),
            rule="BAN-3",
        )
        for a in waiting
    ]
