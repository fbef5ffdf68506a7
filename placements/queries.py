"""Reads the placements pages and other apps share: occupancy for capacity, boards, timelines, matching."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from carers.capacity import Occupancy, capacity, occupancy_on
from carers.models import CarerHousehold, HouseholdStatus
from placements.models import (
    AdminPaymentRequest,
    ArrangementKind,
    DaySession,
    ExtraIntroductionNights,
    HousingBenefitClaim,
    Introduction,
    Match,
    Notice,
    Person,
    PetsPreference,
    Placement,
    ProvisionRequest,
    Referral,
    ReferralStatus,
    Stay,
)
from sharedlives.approvals import Decided, PendingApproval, decided
from sharedlives.dates import today
from sharedlives.models import ApprovalOutcome, SchemePolicy

# Occupancy (CAR-1): who a household supports on which days, for carers.capacity.


def occupancy_source(household_ids, start: date, end: date) -> list[Occupancy]:
    """Live-in placements, short-break stays (their nights) and day sessions overlapping [start, end]. 3 queries."""
    ids = list(household_ids)
    result = []
    live_in = Placement.objects.filter(household_id__in=ids, kind=ArrangementKind.LIVE_IN, starts_on__lte=end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=start)
    )
    for p in live_in.only("household_id", "person_id", "starts_on", "ends_on"):
        result.append(Occupancy(p.household_id, f"person-{p.person_id}", "live-in", p.starts_on, p.ends_on))
    stays = Stay.objects.filter(
        placement__household_id__in=ids, cancelled=False, starts_on__lte=end, ends_on__gt=start
    ).select_related("placement")
    for s in stays:
        result.append(
            Occupancy(
                s.placement.household_id,
                f"person-{s.placement.person_id}",
                "short break",
                s.starts_on,
                s.ends_on - timedelta(days=1),
            )
        )
    sessions = DaySession.objects.filter(
        placement__household_id__in=ids, cancelled=False, on__range=(start, end)
    ).select_related("placement")
    for d in sessions:
        result.append(Occupancy(d.placement.household_id, f"person-{d.placement.person_id}", "day support", d.on, d.on))
    return result


# Lists and boards.


BOARD_STAGES = [
    ReferralStatus.RECEIVED,
    ReferralStatus.AWAITING_FUNDING,
    ReferralStatus.MATCHING,
    ReferralStatus.INTRODUCTIONS,
    ReferralStatus.WAITING_LIST,
]
BOARD_PER_STAGE = 25


def open_referrals() -> QuerySet[Referral]:
    """Open referrals with what the board shows, oldest first."""
    return (
        Referral.objects.filter(status__in=BOARD_STAGES)
        .select_related("person", "referrals_officer")
        .annotate(agreed_funding=Count("funding_decisions", filter=Q(funding_decisions__outcome="agreed")))
        .order_by("received_on", "pk")
    )


def referral_board(per_stage: int = BOARD_PER_STAGE) -> dict[str, object]:
    """Open referrals by stage with counts, the oldest `per_stage` of each (a national scheme has hundreds open;
    each stage's own page has the rest): two queries."""
    counts = dict(
        Referral.objects.filter(status__in=BOARD_STAGES).order_by().values_list("status").annotate(n=Count("pk"))
    )
    oldest = Window(RowNumber(), partition_by=F("status"), order_by=[F("received_on").asc(), F("pk").asc()])
    referrals = list(open_referrals().annotate(place=oldest).filter(place__lte=per_stage))
    columns = []
    for status in BOARD_STAGES:
        items = [r for r in referrals if r.status == status]
        count = counts.get(status, 0)
        columns.append(
            {"status": status, "label": status.label, "referrals": items, "count": count, "more": count > len(items)}
        )
    return {"columns": columns, "total": sum(counts.values())}


def placement_list() -> QuerySet[Placement]:
    return Placement.objects.select_related("person", "household", "household__allocated_officer", "notice")


def referral_detail(pk: int) -> Referral:
    return (
        Referral.objects.select_related("person", "referrals_officer", "handed_over_to", "emergency_discussed_with")
        .prefetch_related(
            "funding_decisions",
            Prefetch(
                "matches",
                queryset=Match.objects.select_related("household").prefetch_related(
                    Prefetch("introductions", queryset=Introduction.objects.select_related("extra_nights")),
                    "extra_night_requests",
                ),
            ),
            Prefetch("placements", queryset=Placement.objects.select_related("household")),
        )
        .get(pk=pk)
    )


def placement_detail(pk: int) -> Placement:
    return (
        Placement.objects.select_related(
            "person",
            "household",
            "household__allocated_officer",
            "referral",
            "match",
            "moved_from__household",
            "notice",
            "notice__admin_payment",
            "created_by",
        )
        .prefetch_related(
            "stays",
            "day_sessions",
            "provision_requests__submitted_by",
            "provision_requests__authorised_by",
            "provision_requests__anomaly_discussed_with",
            "housing_benefit_claims",
            "withdrawn_notices__withdrawn_by",
            "moved_to__household",
        )
        .get(pk=pk)
    )


@dataclass
class TimelineEvent:
    on: date
    what: str
    detail: str = ""
    url: str = ""


def person_timeline(person: Person) -> list[TimelineEvent]:
    """Everything that happened to a person, newest first: referrals, decisions, matches, placements, notices."""

    events: list[TimelineEvent] = []
    referrals = person.referrals.prefetch_related(
        "funding_decisions", Prefetch("matches", queryset=Match.objects.select_related("household"))
    )
    for referral in referrals:
        url = reverse("placements:referral_detail", kwargs={"referral_pk": referral.pk})
        events.append(
            TimelineEvent(
                referral.received_on,
                f"{referral.get_kind_display()} referral received",
                f"From {referral.referrer_name}, {referral.referrer_team}",
                url,
            )
        )
        for decision in referral.funding_decisions.all():
            events.append(
                TimelineEvent(
                    decision.decided_on, f"Funding panel: {decision.get_outcome_display().lower()}", decision.panel, url
                )
            )
        for match in referral.matches.all():
            events.append(
                TimelineEvent(
                    match.proposed_on, f"Match proposed with {match.household.name}", match.get_status_display(), url
                )
            )
    placements = person.placements.select_related("household").prefetch_related(
        Prefetch("notice", queryset=Notice.objects.all())
    )
    for placement in placements:
        url = reverse("placements:placement_detail", kwargs={"placement_pk": placement.pk})
        events.append(
            TimelineEvent(
                placement.starts_on,
                f"{placement.get_kind_display()} with {placement.household.name} started",
                "Emergency" if placement.emergency else "",
                url,
            )
        )
        notice = getattr(placement, "notice", None)
        if notice:
            events.append(TimelineEvent(notice.given_on, "Notice given", notice.get_reason_display(), url))
        if placement.ends_on:
            events.append(
                TimelineEvent(
                    placement.ends_on,
                    f"Placement with {placement.household.name} ended",
                    placement.get_ending_reason_display(),
                    url,
                )
            )
    return sorted(events, key=lambda e: e.on, reverse=True)


# Matching (MAT-1, MAT-4, CAR-1).


@dataclass
class Suggestion:
    household: CarerHousehold
    score: int
    reasons: list[str] = field(default_factory=list)
    cautions: list[str] = field(default_factory=list)
    places_free: int = 0


_OFFERS = {
    ArrangementKind.LIVE_IN: "offers_live_in",
    ArrangementKind.SHORT_BREAK: "offers_short_breaks",
    ArrangementKind.DAY_SUPPORT: "offers_day_support",
}


def _words(text: str) -> set[str]:
    return {w.strip(" .;").lower() for w in text.replace("\n", ",").split(",") if len(w.strip(" .;")) > 2}


def find_carers(referral: Referral, *, on: date) -> list[Suggestion]:
    """Approved households with a vacancy for the type and date, ranked by how well they fit the person.

    Emergency referrals see only emergency-approved households (MAT-4). Each suggestion says why.
    """
    person = referral.person
    start = referral.wanted_from or on
    households = CarerHousehold.objects.filter(status=HouseholdStatus.APPROVED, **{_OFFERS[referral.kind]: True})
    if referral.emergency:
        households = households.filter(emergency_approved=True)
    households = list(households.select_related("allocated_officer"))
    counts = occupancy_on([h.pk for h in households], start)
    limit = SchemePolicy.current().people_per_household  # once, not once a household
    suggestions = []
    for household in households:
        free = capacity(household, limit) - counts.get(household.pk, 0)
        if free <= 0:
            continue
        s = Suggestion(household, 0, places_free=free)
        if person.preferred_area and household.area.lower() == person.preferred_area.lower():
            s.score += 3
            s.reasons.append(f"In {household.area}, the person's preferred area")
        shared = _words(person.interests) & _words(household.interests)
        if shared:
            s.score += min(len(shared), 3)
            s.reasons.append("Shared interests: " + ", ".join(sorted(shared)))
        languages = (_words(person.languages) & _words(household.languages)) - {"english"}
        if languages:
            s.score += 2
            s.reasons.append("Speaks " + ", ".join(sorted(languages)))
        if (
            person.faith_culture
            and household.faith_culture
            and (_words(person.faith_culture) & _words(household.faith_culture))
        ):
            s.score += 2
            s.reasons.append(f"Faith and culture: {household.faith_culture}")
        if person.pets == PetsPreference.NO_PETS and household.has_pets:
            s.score -= 5
            s.cautions.append(f"Has pets ({household.pets or 'unspecified'}); the person cannot live with pets")
        elif person.pets == PetsPreference.LIKES and household.has_pets:
            s.score += 1
            s.reasons.append(f"Has pets ({household.pets}); the person likes pets")
        if household.smoking_household and not person.can_live_with_smokers:
            s.score -= 5
            s.cautions.append("Someone smokes at home")
        if person.accessibility_needs:
            if household.accessibility:
                s.score += 1
                s.reasons.append(f"Accessibility: {household.accessibility}")
            else:
                s.cautions.append("No accessibility features recorded")
        if household.skills_experience:
            s.reasons.append(f"Experience: {household.skills_experience}")
        if referral.emergency:
            s.reasons.append("Approved and trained for emergencies")
        suggestions.append(s)
    return sorted(suggestions, key=lambda s: (-s.score, s.household.name))


# Management lists and the approvals inbox.


def outstanding_housing_benefit(on: date) -> list[HousingBenefitClaim]:
    """HB-4: applications not yet decided, longest waiting first, with days waiting."""
    claims = list(
        HousingBenefitClaim.objects.filter(award_confirmed_on__isnull=True, refused_on__isnull=True)
        .select_related("placement__person", "placement__household__allocated_officer")
        .order_by("applied_on")
    )
    for claim in claims:
        claim.days_waiting = (on - claim.applied_on).days
    return claims


def pending_extra_introduction_nights(user) -> list[PendingApproval]:

    requests = ExtraIntroductionNights.objects.filter(outcome=ApprovalOutcome.PENDING).select_related(
        "match__referral__person", "match__household", "submitted_by"
    )
    return [
        PendingApproval(
            kind="Extra introduction nights",
            summary=f"{r.nights_requested} more overnight stays: {r.match.referral.person.full_name} with {r.match.household.name}",
            url=reverse("placements:decide_extra_nights", kwargs={"nights_request_pk": r.pk}),
            submitted_by=r.submitted_by.get_full_name() or r.submitted_by.username,
            submitted_at=r.submitted_at,
            rule="MAT-3",
        )
        for r in requests
    ]


def decided_extra_nights_for(user, since: datetime) -> list[Decided]:
    """MAT-3: what the management team decided since `since` on the extra introduction nights `user` asked for,
    linking to the referral (where the next stay is recorded). One query."""
    requests = ExtraIntroductionNights.objects.filter(submitted_by=user, decided_at__gte=since).select_related(
        "match__referral__person", "match__household"
    )
    return [
        decided(
            r,
            f"Extra introduction nights for {r.match.referral.person.full_name} with {r.match.household.name}: "
            f"{r.nights_requested} more",
            reverse("placements:referral_detail", args=[r.match.referral_id]),
        )
        for r in requests
    ]


def pending_admin_payments(user) -> list[PendingApproval]:

    requests = AdminPaymentRequest.objects.filter(outcome=ApprovalOutcome.PENDING).select_related(
        "notice__placement__person", "notice__placement__household", "submitted_by"
    )
    return [
        PendingApproval(
            kind="Administrative payment",
            summary=f"Exceptional ending: {r.notice.placement.person.full_name} with {r.notice.placement.household.name}",
            url=reverse("placements:decide_admin_payment", kwargs={"payment_request_pk": r.pk}),
            submitted_by=r.submitted_by.get_full_name() or r.submitted_by.username,
            submitted_at=r.submitted_at,
            rule="END-8",
        )
        for r in requests
    ]


def provision_requests_to_send(household_ids) -> list[ProvisionRequest]:
    """PLA-1: requests to Brokerage raised by a decision and not yet recorded sent, for these households (a
    queryset of ids or a list). One query."""
    return list(
        ProvisionRequest.objects.filter(
            placement__household_id__in=household_ids, submitted_on__isnull=True, no_longer_needed_on__isnull=True
        )
        .select_related("placement__person")
        .order_by("raised_on", "pk")
    )


def pending_provision_requests(user) -> list[PendingApproval]:
    """PLA-1: provision requests not yet authorised, due by the day they take effect. One query."""
    requests = ProvisionRequest.objects.filter(authorised_on__isnull=True, no_longer_needed_on__isnull=True).select_related(
        "placement__person", "placement__household", "submitted_by"
    )
    return [
        PendingApproval(
            kind="Provision request",
            summary=f"{r.get_kind_display()}: {r.placement.person.full_name} with {r.placement.household.name}"
            + ("" if r.submitted_on else " (not yet sent)"),
            url=reverse("placements:authorise_provision_request", kwargs={"provision_pk": r.pk}),
            submitted_by=r.submitted_by.get_full_name() or r.submitted_by.username,
            submitted_at=timezone.make_aware(datetime.combine(r.raised_on or r.effective_from, time.min)),
            due=r.effective_from,
            rule="PLA-1",
        )
        for r in requests
    ]


def household_placements(household, request) -> dict:
    """The household page's Placements section: current first, then past. One query."""

    on = today()
    placements = list(
        Placement.objects.filter(household=household).select_related("person").order_by("-starts_on", "-pk")
    )
    return {
        "current": [p for p in placements if p.is_current(on) or p.starts_on > on],
        "past": [p for p in placements if p.ends_on and p.ends_on < on],
        "household": household,
    }
