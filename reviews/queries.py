"""The facts the compliance engine needs, gathered with a fixed number of aggregate queries, and the lists
"My work" and "Scheme overview" show. No query per household or per placement.
"""

from collections import defaultdict
from datetime import date, datetime, time

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Case, Count, F, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Concat, TruncDate
from django.utils import timezone

from carers.models import ACTIVE_STATUSES, CarerHousehold
from carers.queries import compliance_items
from funding.models import BandingAssessment
from placements.models import HousingBenefitClaim, Placement
from reviews import compliance
from reviews.models import ONE_TO_ONE_KINDS, ChangeOfNeeds, Contact, ContactMethod, Review, ReviewKind, RiskAssessment
from sharedlives.models import ApprovalOutcome, SchemePolicy


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _households(officer=None, household_ids=None):
    households = CarerHousehold.objects.filter(status__in=ACTIVE_STATUSES, approved_on__isnull=False)
    if officer is not None:
        households = households.filter(allocated_officer=officer)
    if household_ids is not None:
        households = households.filter(pk__in=household_ids)
    return households


def _current_placements(households, on: date):
    return Placement.objects.filter(household__in=households, starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )


def _latest_review(kind: str) -> Subquery:
    return Subquery(
        Review.objects.filter(household=OuterRef("pk"), kind=kind).order_by("-held_on").values("held_on")[:1]
    )


def _latest_contact(**match) -> Subquery:
    """The latest contact's (local) date, looked up by index per row (contact_placement_latest / _household_only).

    Converted to a date in SQL: loading thousands of timestamps with time zones is slow in Python."""
    latest = (
        Contact.objects.filter(**match)
        .order_by("-occurred_at")
        .annotate(day=TruncDate("occurred_at"))
        .values("day")[:1]
    )
    return Subquery(latest)


def obligations(
    *, officer=None, on: date, household_ids=None, include_upcoming: bool = False
) -> list[compliance.Obligation]:
    """Every obligation due within 14 days or overdue (all of them with include_upcoming) for an officer's
    households, or the whole scheme. Fifteen queries, whatever the size."""
    policy = SchemePolicy.current()
    households = _households(officer, household_ids)
    # One query: each household with its latest review of each kind, its two latest face-to-face visits and its
    # latest contact, every one an index lookup per household (review_household_kind_latest, review_in_person,
    # contact_visits, contact_household_only), so the cost grows with households, not with years of records.
    household_kinds = [ReviewKind.MONITORING, *ONE_TO_ONE_KINDS, ReviewKind.PROBATION]
    latest_reviews = {f"last_{kind}": _latest_review(kind) for kind in household_kinds}
    # Only households on probation have a probation review to look for: CASE skips the lookup for the rest.
    latest_reviews[f"last_{ReviewKind.PROBATION}"] = Case(
        When(probation_ends_on__isnull=False, then=_latest_review(ReviewKind.PROBATION)), default=None
    )
    household_rows = list(
        households.annotate(
            last_contact=_latest_contact(household=OuterRef("pk"), placement__isnull=True),
            reviewed_in_person=ArraySubquery(
                Review.objects.filter(household=OuterRef("pk"), in_person=True)
                .order_by("-held_on")
                .values("held_on")[:2]
            ),
            visited=ArraySubquery(
                Contact.objects.filter(household=OuterRef("pk"), method=ContactMethod.VISIT)
                .order_by("-occurred_at")
                .annotate(day=TruncDate("occurred_at"))
                .values("day")[:2]
            ),
            **latest_reviews,
        ).values(
            "pk",
            "name",
            "allocated_officer_id",
            "approved_on",
            "probation_ends_on",
            "last_contact",
            "reviewed_in_person",
            "visited",
            *latest_reviews,
        )
    )
    household_contact = {row["pk"]: row["last_contact"] for row in household_rows}
    names = {row["pk"]: row["name"] for row in household_rows}
    officers = {row["pk"]: row["allocated_officer_id"] for row in household_rows}

    found: list[compliance.Obligation] = []
    for row in household_rows:
        found += compliance.household_obligations(
            compliance.HouseholdFacts(
                row["pk"],
                row["name"],
                row["allocated_officer_id"],
                row["approved_on"],
                row["probation_ends_on"],
                {kind: row[f"last_{kind}"] for kind in household_kinds if row[f"last_{kind}"]},
                tuple(
                    sorted(
                        {*row["reviewed_in_person"], *row["visited"]},
                        reverse=True,
                    )[:2]
                ),
                row[f"last_{ReviewKind.PROBATION}"],
            ),
            on,
            keep_upcoming=include_upcoming,
        )

    placements = _current_placements(households, on)
    bandings = {
        row["placement_id"]: row
        for row in BandingAssessment.objects.filter(placement__in=placements)
        .values("placement_id")
        .annotate(
            submitted=Max("submitted_at"),
            agreed=Count("pk", filter=Q(outcome__in=[ApprovalOutcome.AGREED, ApprovalOutcome.CHANGED])),
            pending=Count("pk", filter=Q(outcome=ApprovalOutcome.PENDING)),
        )
    }
    annual = {
        row["placement_id"]: row["last"]
        for row in Review.objects.filter(placement__in=placements, kind=ReviewKind.ANNUAL)
        .values("placement_id")
        .annotate(last=Max("held_on"))
    }
    risk = {
        r.placement_id: r.next_review_on
        for r in RiskAssessment.objects.filter(placement__in=placements)
        .order_by("placement_id", "-done_on", "-pk")
        .distinct("placement_id")
        .only("placement_id", "next_review_on")
    }
    waiting_hb = {
        row["placement_id"]: row["applied"]
        for row in HousingBenefitClaim.objects.filter(
            placement__in=placements, award_confirmed_on__isnull=True, refused_on__isnull=True
        )
        .values("placement_id")
        .annotate(applied=Max("applied_on"))
    }
    placement_rows = placements.annotate(
        person_name=Concat("person__first_name", Value(" "), "person__last_name"),
        referral_risk_due=F("referral__risk_review_due_on"),
        last_contact=_latest_contact(placement=OuterRef("pk")),
    ).values(
        "pk",
        "household_id",
        "person_name",
        "kind",
        "starts_on",
        "initial_review_on",
        "referral_risk_due",
        "placement_agreement_signed_on",
        "licence_agreement_signed_on",
        "housing_benefit_applied_on",
        "all_about_me_shared_on",
        "case_note_flagged_on",
        "last_contact",
    )
    for row in placement_rows:
        household_id = row["household_id"]
        contacts = [d for d in (row["last_contact"], household_contact.get(household_id)) if d]
        last = max(contacts, default=None)
        banding = bandings.get(row["pk"], {})
        checklist = [
            row[f]
            for f in (
                "placement_agreement_signed_on",
                "licence_agreement_signed_on",
                "housing_benefit_applied_on",
                "all_about_me_shared_on",
                "case_note_flagged_on",
            )
        ]
        found += compliance.placement_obligations(
            compliance.PlacementFacts(
                placement_id=row["pk"],
                household_id=household_id,
                household_name=names[household_id],
                officer_id=officers[household_id],
                person_name=row["person_name"],
                kind=row["kind"],
                starts_on=row["starts_on"],
                last_contact=last,
                initial_review_on=row["initial_review_on"],
                banding_submitted_on=timezone.localdate(banding["submitted"]) if banding.get("submitted") else None,
                banding_agreed=bool(banding.get("agreed")),
                last_annual_review=annual.get(row["pk"]),
                risk_review_due_on=risk.get(row["pk"], row["referral_risk_due"]),
                checklist_incomplete=not all(checklist),
                housing_benefit_applied_on=waiting_hb.get(row["pk"]),
            ),
            on,
            initial_review_days=policy.initial_review_days,
            keep_upcoming=include_upcoming,
        )

    for change in (
        ChangeOfNeeds.objects.filter(placement__household__in=households, closed_on__isnull=True)
        .filter(Q(meeting_held_on__isnull=True) | Q(management_discussed_on__isnull=True))
        .select_related("placement__person")
    ):
        household_id = change.placement.household_id
        found += compliance.change_obligations(
            compliance.ChangeFacts(
                change.pk,
                change.placement_id,
                household_id,
                names.get(household_id, ""),
                officers.get(household_id),
                change.placement.person.full_name,
                change.raised_on,
                change.meeting_held_on,
                change.management_discussed_on,
            ),
            on,
        )

    for pending in BandingAssessment.objects.filter(
        placement__household__in=households, outcome=ApprovalOutcome.PENDING
    ).select_related("placement__person"):
        household_id = pending.placement.household_id
        found.append(
            compliance.banding_decision_obligation(
                compliance.PendingBanding(
                    pending.placement_id,
                    household_id,
                    names.get(household_id, ""),
                    officers.get(household_id),
                    pending.placement.person.full_name,
                    timezone.localdate(pending.submitted_at),
                    pending.pk,
                ),
                on,
            )
        )

    for item in compliance_items(households=households, on=on, only_expiring=True):
        found.append(
            compliance.expiry_obligation(
                compliance.ExpiryFacts(
                    item.household_id,
                    item.household_name,
                    item.officer_id,
                    item.rule,
                    f"{item.what} ({item.who})",
                    item.expires_on,
                    item.record_url_name,
                    item.renew_query,
                ),
                on,
            )
        )
    return found


def officer_work(officer, on: date) -> list[compliance.Obligation]:
    """An officer's "My work": overdue first, then due in the next 14 days."""
    return compliance.outstanding(o for o in obligations(officer=officer, on=on) if o.responsible == "officer")


def my_households(officer, on: date) -> list[dict]:
    """The officer's households with their last contact and next review. Three queries."""
    households = list(
        _households(officer).order_by("name").values("pk", "name", "reference", "area", "probation_ends_on")
    )
    ids = [h["pk"] for h in households]
    last_contacts = {
        row["household_id"]: row["last"]
        for row in Contact.objects.filter(household_id__in=ids).values("household_id").annotate(last=Max("occurred_at"))
    }
    return [{**h, "last_contact": last_contacts.get(h["pk"])} for h in households]


def overdue_counts(on: date) -> tuple[dict[int | None, int], dict[str, int], list[compliance.Obligation]]:
    """Scheme overview: overdue obligations counted by officer and by rule (RPT-4)."""
    everything = obligations(on=on)
    overdue = [o for o in everything if o.status == compliance.OVERDUE]
    by_officer: dict[int | None, int] = defaultdict(int)
    by_rule: dict[str, int] = defaultdict(int)
    for o in overdue:
        by_officer[o.officer_id] += 1
        by_rule[o.rule] += 1
    return dict(by_officer), dict(sorted(by_rule.items())), overdue


def concerns_since(since: date):
    return (
        Contact.objects.filter(concern_raised=True, occurred_at__gte=_day_start(since))
        .select_related("household", "placement__person", "recorded_by", "concern_seen_by")
        .order_by("-occurred_at")
    )
