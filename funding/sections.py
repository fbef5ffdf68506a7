"""The sections funding adds to other apps' pages (sharedlives.sections): the placement page's Fees (the band and
links) and the household page's Payments (a link to its payment history)."""

from funding.models import BandingAssessment
from funding.queries import may_see_payments


def placement_section(placement, request) -> dict | None:
    if not request.user.has_perm("funding.view_fees"):
        return None
    bandings = list(BandingAssessment.objects.filter(placement=placement).order_by("-review_date", "-pk"))
    agreed = next((b for b in bandings if b.agreed_band), None)
    pending = next((b for b in bandings if b.is_pending), None)
    return {"placement": placement, "agreed": agreed, "pending": pending, "bandings": len(bandings)}


def household_section(household, request) -> dict | None:
    """No query: the household row and the user's permissions are in hand already."""
    if not may_see_payments(request.user, household):
        return None
    return {"household": household}
