"""The Fees section funding adds to the placement page (sharedlives.sections): the band and links."""

from funding.models import BandingAssessment


def placement_section(placement, request) -> dict | None:
    if not request.user.has_perm("funding.view_fees"):
        return None
    bandings = list(BandingAssessment.objects.filter(placement=placement).order_by("-review_date", "-pk"))
    agreed = next((b for b in bandings if b.agreed_band), None)
    pending = next((b for b in bandings if b.is_pending), None)
    return {"placement": placement, "agreed": agreed, "pending": pending, "bandings": len(bandings)}
