"""From the database to the fee engine: each placement's facts, gathered for many placements at once.

A fixed number of queries however many placements (the schedule prices thousands at a time).
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from carers.models import BreakCover, CarerBreak
from funding import fees
from funding.models import BandingAssessment, BandingPurpose
from placements.models import ArrangementKind, DaySession, HousingBenefitClaim, Placement, Stay
from sharedlives.models import ApprovalOutcome, SchemePolicy

_BLOCKS = {"half_day": "day_half", "six_hours": "day_six", "full_day": "day_full"}


def placements_for_pricing(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    return placements.select_related("household", "notice", "notice__admin_payment", "moved_from").prefetch_related(
        Prefetch("banding_assessments", queryset=BandingAssessment.objects.order_by("review_date", "pk")),
        Prefetch("moved_from__banding_assessments", queryset=BandingAssessment.objects.order_by("review_date", "pk")),
        Prefetch("stays", queryset=Stay.objects.filter(cancelled=False)),
        Prefetch("day_sessions", queryset=DaySession.objects.filter(cancelled=False)),
        Prefetch(
            "housing_benefit_claims", queryset=HousingBenefitClaim.objects.filter(award_confirmed_on__isnull=False)
        ),
        "fee_overrides",
    )


def _breaks_by_household(household_ids: Iterable[int]) -> dict[int, list[fees.CarerBreakFact]]:
    breaks = (
        CarerBreak.objects.filter(household_id__in=list(household_ids), cancelled=False)
        .exclude(
            extra_respite__outcome__in=[ApprovalOutcome.PENDING, ApprovalOutcome.REFUSED, ApprovalOutcome.RETURNED]
        )
        .select_related("cover_household")
    )
    found: dict[int, list[fees.CarerBreakFact]] = defaultdict(list)
    for carer_break in breaks:
        payee = carer_break.cover_household.reference if carer_break.cover == BreakCover.SHORT_BREAK_HOUSEHOLD else None
        found[carer_break.household_id].append(fees.CarerBreakFact(carer_break.starts_on, carer_break.ends_on, payee))
    return found


def _bands(placement: Placement) -> tuple[fees.BandFact, ...]:
    bands = []
    if placement.moved_from_id:
        carried = [a for a in placement.moved_from.banding_assessments.all() if a.agreed_band]
        if carried:
            # PLA-5 (and PLA-6 until the new banding is agreed): the band the person had, from the first day.
            bands.append(fees.BandFact(carried[-1].agreed_band, placement.starts_on))
    for assessment in placement.banding_assessments.all():
        if assessment.agreed_band:
            # FEE-3: the day the decision set (the review; a re-banding's own date; the move for PLA-6).
            effective = assessment.effective_from or assessment.review_date
            if assessment.purpose == BandingPurpose.INTERNAL_MOVE and assessment.effective_from is None:
                effective = placement.starts_on
            bands.append(fees.BandFact(assessment.agreed_band, effective, _band_source(assessment)))
    return tuple(bands)


_BAND_SOURCES = {
    BandingPurpose.INITIAL_REVIEW: "the 28-day review",
    BandingPurpose.EMERGENCY_REVIEW: "the emergency reassessment",
    BandingPurpose.INTERNAL_MOVE: "the move",
    BandingPurpose.CHANGE_OF_NEEDS: "the change-of-needs assessment",
}


def _band_source(assessment: BandingAssessment) -> str:
    if assessment.effective_reason:
        return f"the management team's chosen date ({assessment.effective_reason})"
    return _BAND_SOURCES.get(assessment.purpose, "the review")


def _ending(placement: Placement) -> fees.EndingFact | None:
    notice = getattr(placement, "notice", None)
    if notice is None:
        return None
    return fees.EndingFact(
        reason=notice.reason,
        given_on=notice.given_on,
        notice_ends_on=notice.notice_ends_on,
        within_initial_period=notice.within_initial_period,
        moved_out_on=notice.moved_out_on,
        belongings_removed_on=notice.belongings_removed_on,
        alternative_found=notice.alternative_found,
    )


def _admin_payment_on(placement: Placement):
    notice = getattr(placement, "notice", None)
    request = getattr(notice, "admin_payment", None) if notice else None
    if request is not None and request.outcome in (ApprovalOutcome.AGREED, ApprovalOutcome.CHANGED):
        return timezone.localdate(request.decided_at)
    return None


def facts_for(placements: Iterable[Placement]) -> list[fees.PlacementFacts]:
    """PlacementFacts for placements fetched with placements_for_pricing()."""
    placements = list(placements)
    initial_days = SchemePolicy.current().initial_period_days
    breaks = _breaks_by_household({p.household_id for p in placements if p.kind == ArrangementKind.LIVE_IN})
    result = []
    for p in placements:
        result.append(
            fees.PlacementFacts(
                placement_id=p.pk,
                payee=p.household.reference,
                kind=p.kind,
                starts_on=p.starts_on,
                ends_on=p.ends_on,
                new_to_shared_lives=p.new_to_shared_lives,
                emergency=p.emergency,
                person_known_to_carer=p.person_known_to_carer,
                initial_period_days=initial_days,
                bands=_bands(p),
                stays=tuple(fees.StayFact(s.starts_on, s.ends_on) for s in p.stays.all()),
                sessions=tuple(
                    fees.DaySessionFact(s.on, _BLOCKS[s.block], s.people_supported_together)
                    for s in p.day_sessions.all()
                ),
                carer_breaks=tuple(
                    b
                    for b in breaks.get(p.household_id, [])
                    if b.ends_on > p.starts_on and (p.ends_on is None or b.starts_on <= p.ends_on)
                ),
                ending=_ending(p),
                housing_benefit=tuple(
                    fees.HousingBenefitFact(c.award_starts_on, c.award_confirmed_on)
                    for c in p.housing_benefit_claims.all()
                ),
                admin_payment_on=_admin_payment_on(p),
                overrides=tuple(
                    fees.OverrideFact(o.element, o.starts_on, o.ends_on, o.pay, o.reason) for o in p.fee_overrides.all()
                ),
            )
        )
    return result


def placements_in_period(start, end) -> QuerySet[Placement]:
    """Placements that can earn anything from start to end: running then, or ended with rent or recoveries due."""
    return (
        Placement.objects.filter(starts_on__lte=end)
        .filter(
            Q(ends_on__isnull=True)
            | Q(ends_on__gte=start)
            | Q(notice__belongings_removed_on__isnull=True, notice__moved_out_on__isnull=False)
            | Q(notice__belongings_removed_on__gte=start)
            | Q(housing_benefit_claims__award_confirmed_on__range=(start, end))
            | Q(notice__admin_payment__decided_at__date__range=(start, end))
            | Q(fee_overrides__ends_on__gte=start)
        )
        .distinct()
    )
