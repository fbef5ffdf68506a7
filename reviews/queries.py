"""The facts the compliance engine needs, gathered with a fixed number of aggregate queries, and the lists
"My work" and "Scheme overview" show. No query per household or per placement.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Case, Count, Exists, F, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat, TruncDate
from django.urls import reverse
from django.utils import timezone

from carers.checks import gaps_by_household
from carers.models import ACTIVE_STATUSES, CarerHousehold, ChecksOverride, ExtraRespiteRequest
from carers.queries import compliance_items
from funding.models import BandingAssessment, RateCode
from placements.models import HousingBenefitClaim, Placement
from placements.queries import decided_extra_nights_for, provision_requests_to_send
from reviews import compliance
from reviews.models import (
    ONE_TO_ONE_KINDS,
    AdditionalFundingRequest,
    ChangeOfNeeds,
    Contact,
    ContactMethod,
    Review,
    ReviewKind,
    RiskAssessment,
)
from safeguarding.models import (
    Complaint,
    ComplaintKind,
    Incident,
    IncidentAction,
    RecordStatus,
    SafeguardingConcern,
    StatutoryNotification,
)
from sharedlives import approvals
from sharedlives.db import id_list
from sharedlives.models import ApprovalOutcome, SchemePolicy


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def active_households(officer=None, household_ids=None):
    """The households the compliance engine judges: approved and not left; an officer's, or some of them."""
    households = CarerHousehold.objects.filter(status__in=ACTIVE_STATUSES, approved_on__isnull=False)
    if officer is not None:
        households = households.filter(allocated_officer=officer)
    if household_ids is not None:
        households = households.filter(pk__in=id_list(household_ids))
    return households


def _current_placements(households, on: date):
    return Placement.objects.filter(household__in=households, starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )


def _latest_review(kind: str) -> Subquery:
    return Subquery(
        Review.objects.counted().filter(household=OuterRef("pk"), kind=kind).order_by("-held_on").values("held_on")[:1]
    )


def _latest_contact(**match) -> Subquery:
    """The latest contact's (local) date, looked up by index per row (contact_placement_latest / _household_only).

    Converted to a date in SQL: loading thousands of timestamps with time zones is slow in Python."""
    latest = (
        Contact.objects.counted()
        .filter(**match)
        .order_by("-occurred_at")
        .annotate(day=TruncDate("occurred_at"))
        .values("day")[:1]
    )
    return Subquery(latest)


def compliance_policy() -> compliance.CompliancePolicy:
    """The scheme policy's numbers, as the (pure) compliance engine reads them."""
    policy = SchemePolicy.current()
    return compliance.CompliancePolicy(
        monitoring_any_in_person=policy.monitoring_visit == SchemePolicy.MonitoringVisit.ANY_IN_PERSON,
        monitoring_months=policy.monitoring_months,
        yearly_review_months=policy.yearly_review_months,
        probation_contact_days=policy.probation_contact_days,
        initial_review_days=policy.initial_review_days,
        complaint_acknowledgement_days=policy.complaint_acknowledgement_days,
        complaint_response_days=policy.complaint_response_days,
    )


def obligations(
    *, officer=None, on: date, household_ids=None, include_upcoming: bool = False
) -> list[compliance.Obligation]:
    """Every obligation due within 14 days or overdue (all of them with include_upcoming) for an officer's
    households, or the whole scheme: one family of facts at a time. A fixed number of queries (carers.checks adds
    seven), whatever the size."""
    policy = compliance_policy()
    households = active_households(officer, household_ids)
    rows = _household_rows(households, on)
    names = {row["pk"]: row["name"] for row in rows}
    officers = {row["pk"]: row["allocated_officer_id"] for row in rows}
    return [
        *_household_obligations(rows, on, policy, include_upcoming),
        *_placement_obligations(households, rows, on, policy, include_upcoming),
        *_change_obligations(households, names, officers, on),
        *_banding_decision_obligations(households, names, officers, on),
        *_expiry_obligations(households, on),
        *_missing_obligations(households, rows, on),
        *_provision_obligations(households, names, officers, on),
        *_concern_obligations(households, names, officers, on),
        *_incident_obligations(households, names, officers, on),
        *_complaint_obligations(households, names, officers, on, policy),
        *_notification_obligations(households, names, officers, on),
    ]


def _provision_obligations(households, names, officers, on: date) -> list[compliance.Obligation]:
    """PLA-1: each provision request raised by a start or an ending, until it is recorded sent. One query."""
    found = []
    for r in provision_requests_to_send(households.values("pk")):
        obligation = compliance.provision_obligation(
            compliance.ProvisionToSend(
                request_id=r.pk,
                placement_id=r.placement_id,
                household_id=r.placement.household_id,
                household_name=names.get(r.placement.household_id, ""),
                officer_id=officers.get(r.placement.household_id),
                person_name=r.placement.person.full_name,
                kind_label=r.get_kind_display(),
                cause=r.cause,
                raised_on=r.raised_on or r.effective_from,
                effective_from=r.effective_from,
            ),
            on,
        )
        if obligation is not None:
            found.append(obligation)
    return found


def _record_about(record, names, officers) -> dict:
    """Whom a safeguarding record's facts are about: its household (with its name and officer), person and placement."""
    return {
        "household_id": record.household_id,
        "household_name": names.get(record.household_id, ""),
        "officer_id": officers.get(record.household_id),
        "person_name": record.person.full_name,
        "placement_id": record.placement_id,
    }


def _open_records(model, households):
    """A safeguarding model's open records about the households (not closed, not recorded in error), with the person."""
    return (
        model.objects.filter(household__in=households, recorded_in_error=False)
        .exclude(status=RecordStatus.CLOSED)
        .select_related("person")
    )


def _concern_obligations(households, names, officers, on: date) -> list[compliance.Obligation]:
    """SG-5, SG-1: open concerns about the households not yet reviewed or without a referral decision. One query."""
    open_concerns = _open_records(SafeguardingConcern, households).filter(
        Q(reviewed_on__isnull=True) | Q(council_referred_on__isnull=True, no_referral_reason="")
    )
    facts = (
        compliance.ConcernFacts(
            concern_id=c.pk,
            **_record_about(c, names, officers),
            raised_on=c.raised_on,
            reviewed_on=c.reviewed_on,
            referral_recorded=c.council_referred_on is not None or bool(c.no_referral_reason),
        )
        for c in open_concerns
    )
    return [obligation for f in facts for obligation in compliance.concern_obligations(f, on)]


def _incident_obligations(households, names, officers, on: date) -> list[compliance.Obligation]:
    """SG-2: open incidents about the households whose family is still to be told, or with follow-up actions not
    done (their due dates in an array). One query."""
    open_actions = IncidentAction.objects.filter(
        incident=OuterRef("pk"), done_on__isnull=True, recorded_in_error=False
    ).values("due_on")
    must_tell = Q(hospital_admission=True) | Q(taken_ill=True)
    incidents = (
        _open_records(Incident, households)
        .annotate(actions_due=ArraySubquery(open_actions))
        .filter((must_tell & Q(family_informed_on__isnull=True)) | Exists(open_actions))
    )
    facts = (
        compliance.IncidentFacts(
            incident_id=i.pk,
            **_record_about(i, names, officers),
            occurred_on=timezone.localtime(i.occurred_at).date(),
            family_must_be_told=i.family_must_be_told,
            family_informed_on=i.family_informed_on,
            open_actions_due=tuple(i.actions_due),
        )
        for i in incidents
    )
    return [obligation for f in facts for obligation in compliance.incident_obligations(f, on)]


def _complaint_obligations(households, names, officers, on: date, policy) -> list[compliance.Obligation]:
    """SG-3: open complaints and concerns about the households not yet acknowledged or answered. One query."""
    waiting = (
        Complaint.objects.filter(household__in=households, recorded_in_error=False)
        .exclude(status=RecordStatus.CLOSED)
        .exclude(kind=ComplaintKind.COMPLIMENT)
        .filter(Q(acknowledged_on__isnull=True) | Q(responded_on__isnull=True))
        .select_related("person")
    )
    found = []
    for c in waiting:
        found += compliance.complaint_obligations(
            compliance.ComplaintFacts(
                complaint_id=c.pk,
                household_id=c.household_id,
                household_name=names.get(c.household_id, ""),
                officer_id=officers.get(c.household_id),
                person_name=c.person.full_name if c.person else "",
                placement_id=c.placement_id,
                kind_label=c.get_kind_display(),
                received_on=c.received_on,
                acknowledged_on=c.acknowledged_on,
                responded_on=c.responded_on,
            ),
            on,
            policy,
        )
    return found


def _notification_obligations(households, names, officers, on: date) -> list[compliance.Obligation]:
    """SG-4: notifications to the CQC not yet sent, about the households through their concern, incident or ending.
    One query: the household is the first of the three paths that has one."""
    household = Coalesce("concern__household_id", "incident__household_id", "ending__placement__household_id")
    unsent = (
        StatutoryNotification.objects.filter(recorded_in_error=False, sent_on__isnull=True)
        .annotate(about_household=household)
        .filter(about_household__in=households.values("pk"))
        .select_related("person")
    )
    return [
        compliance.notification_obligation(
            compliance.NotificationFacts(
                notification_id=n.pk,
                household_id=n.about_household,
                household_name=names.get(n.about_household, ""),
                officer_id=officers.get(n.about_household),
                person_name=n.person.full_name if n.person else "",
                kind_label=n.get_kind_display(),
                due_on=n.due_on,
            ),
            on,
        )
        for n in unsent
    ]

# The reviews and visits each household is judged on (REV-3, REV-4, REV-5, CAR-2).
HOUSEHOLD_REVIEW_KINDS = [ReviewKind.MONITORING, *ONE_TO_ONE_KINDS, ReviewKind.PROBATION]


def _household_rows(households, on: date) -> list[dict]:
    """One query: each household with its latest review of each kind, its two latest face-to-face visits and its
    latest contact, every one an index lookup per household (review_household_kind_latest, review_in_person,
    contact_visits, contact_household_only), so the cost grows with households, not with years of records."""
    latest_reviews = {f"last_{kind}": _latest_review(kind) for kind in HOUSEHOLD_REVIEW_KINDS}
    # Only households on probation have a probation review to look for: CASE skips the lookup for the rest.
    latest_reviews[f"last_{ReviewKind.PROBATION}"] = Case(
        When(probation_ends_on__isnull=False, then=_latest_review(ReviewKind.PROBATION)), default=None
    )
    return list(
        households.annotate(
            last_contact=_latest_contact(household=OuterRef("pk"), placement__isnull=True),
            # CAR-2: only a household on probation needs its latest contact of any kind (a fortnightly contact).
            last_any_contact=Case(
                When(probation_ends_on__gt=on, then=_latest_contact(household=OuterRef("pk"))), default=None
            ),
            reviewed_in_person=ArraySubquery(
                Review.objects.counted()
                .filter(household=OuterRef("pk"), in_person=True)
                .order_by("-held_on")
                .values("held_on")[:2]
            ),
            visited=ArraySubquery(
                Contact.objects.counted()
                .filter(household=OuterRef("pk"), method=ContactMethod.VISIT)
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
            "last_any_contact",
            "reviewed_in_person",
            "visited",
            *latest_reviews,
        )
    )


def _household_obligations(
    rows: list[dict], on: date, policy: compliance.CompliancePolicy, include_upcoming: bool
) -> list[compliance.Obligation]:
    found = []
    for row in rows:
        facts = compliance.HouseholdFacts(
            household_id=row["pk"],
            name=row["name"],
            officer_id=row["allocated_officer_id"],
            approved_on=row["approved_on"],
            probation_ends_on=row["probation_ends_on"],
            last_review={kind: row[f"last_{kind}"] for kind in HOUSEHOLD_REVIEW_KINDS if row[f"last_{kind}"]},
            in_person_visits=tuple(sorted({*row["reviewed_in_person"], *row["visited"]}, reverse=True)[:2]),
            probation_review_on=row[f"last_{ReviewKind.PROBATION}"],
            last_contact=row["last_any_contact"],
        )
        found += compliance.household_obligations(facts, on, policy=policy, keep_upcoming=include_upcoming)
    return found


CHECKLIST = [  # PLA-3: the moving-day checklist is complete when each of these is recorded
    "placement_agreement_signed_on",
    "licence_agreement_signed_on",
    "housing_benefit_applied_on",
    "all_about_me_shared_on",
    "case_note_flagged_on",
]


def _placement_facts_by_placement(placements) -> tuple[dict, dict, dict, dict, dict]:
    """Five queries: bandings, the latest agreed band (BAN-4), the latest annual review, risk reviews, housing
    benefit still waiting."""
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
    latest_agreed = {
        a.placement_id: a
        for a in BandingAssessment.objects.filter(
            placement__in=placements, outcome__in=[ApprovalOutcome.AGREED, ApprovalOutcome.CHANGED]
        )
        .order_by("placement_id", "-decided_at", "-pk")
        .distinct("placement_id")
        .only("placement_id", "decided_at", "sent_to_area_team_on", "provision_variation_on")
    }
    annual = {
        row["placement_id"]: row["last"]
        for row in Review.objects.counted()
        .filter(placement__in=placements, kind=ReviewKind.ANNUAL)
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
    return bandings, latest_agreed, annual, risk, waiting_hb


def _placement_obligations(
    households, household_rows, on: date, policy: compliance.CompliancePolicy, include_upcoming
) -> list[compliance.Obligation]:
    """REV-1, REV-2, REV-5, PLA-3, PLA-4, BAN-2, BAN-4, REV-7 and HB-4 for every current placement."""
    household_contact = {row["pk"]: row["last_contact"] for row in household_rows}
    names = {row["pk"]: row["name"] for row in household_rows}
    officers = {row["pk"]: row["allocated_officer_id"] for row in household_rows}
    placements = _current_placements(households, on)
    bandings, latest_agreed, annual, risk, waiting_hb = _placement_facts_by_placement(placements)
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
        "last_contact",
        *CHECKLIST,
    )
    found = []
    for row in placement_rows:
        household_id = row["household_id"]
        contacts = [d for d in (row["last_contact"], household_contact.get(household_id)) if d]
        banding = bandings.get(row["pk"], {})
        facts = compliance.PlacementFacts(
            placement_id=row["pk"],
            household_id=household_id,
            household_name=names[household_id],
            officer_id=officers[household_id],
            person_name=row["person_name"],
            kind=row["kind"],
            starts_on=row["starts_on"],
            last_contact=max(contacts, default=None),
            initial_review_on=row["initial_review_on"],
            banding_submitted_on=timezone.localdate(banding["submitted"]) if banding.get("submitted") else None,
            banding_agreed=bool(banding.get("agreed")),
            last_annual_review=annual.get(row["pk"]),
            risk_review_due_on=risk.get(row["pk"], row["referral_risk_due"]),
            checklist_incomplete=not all(row[name] for name in CHECKLIST),
            housing_benefit_applied_on=waiting_hb.get(row["pk"]),
            **_band_sent_facts(latest_agreed.get(row["pk"])),
        )
        found += compliance.placement_obligations(facts, on, policy=policy, keep_upcoming=include_upcoming)
    return found


def _band_sent_facts(assessment) -> dict:
    """BAN-4: where the latest agreed band has been sent so far."""
    if assessment is None:
        return {}
    return {
        "band_assessment_id": assessment.pk,
        "band_agreed_on": timezone.localdate(assessment.decided_at),
        "band_sent_to_area_team_on": assessment.sent_to_area_team_on,
        "band_variation_on": assessment.provision_variation_on,
    }


def _change_obligations(households, names, officers, on: date) -> list[compliance.Obligation]:
    """CHG-1 and CHG-2 for every change of needs still open."""
    open_changes = (
        ChangeOfNeeds.objects.filter(placement__household__in=households, closed_on__isnull=True)
        .filter(Q(meeting_held_on__isnull=True) | Q(management_discussed_on__isnull=True))
        .select_related("placement__person")
    )
    found = []
    for change in open_changes:
        household_id = change.placement.household_id
        facts = compliance.ChangeFacts(
            change_id=change.pk,
            placement_id=change.placement_id,
            household_id=household_id,
            household_name=names.get(household_id, ""),
            officer_id=officers.get(household_id),
            person_name=change.placement.person.full_name,
            raised_on=change.raised_on,
            meeting_held_on=change.meeting_held_on,
            management_discussed_on=change.management_discussed_on,
        )
        found += compliance.change_obligations(facts, on)
    return found


def _banding_decision_obligations(households, names, officers, on: date) -> list[compliance.Obligation]:
    """BAN-3 for every banding waiting for the management team."""
    pending = BandingAssessment.objects.filter(
        placement__household__in=households, outcome=ApprovalOutcome.PENDING
    ).select_related("placement__person")
    return [
        compliance.banding_decision_obligation(
            compliance.PendingBanding(
                placement_id=a.placement_id,
                household_id=a.placement.household_id,
                household_name=names.get(a.placement.household_id, ""),
                officer_id=officers.get(a.placement.household_id),
                person_name=a.placement.person.full_name,
                submitted_on=timezone.localdate(a.submitted_at),
                assessment_id=a.pk,
            ),
            on,
        )
        for a in pending
    ]


def _expiry_obligations(households, on: date) -> list[compliance.Obligation]:
    """CAR-5, CAR-6, CAR-7: training, DBS checks and insurance expiring or expired."""
    return [
        compliance.expiry_obligation(
            compliance.ExpiryFacts(
                household_id=item.household_id,
                household_name=item.household_name,
                officer_id=item.officer_id,
                rule=item.rule,
                what=item.what,
                who=item.who,
                expires_on=item.expires_on,
                action=item.record_url_name,
                query=item.renew_query,
            ),
            on,
        )
        for item in compliance_items(households=households, on=on, only_expiring=True)
    ]


def _missing_obligations(households, rows: list[dict], on: date) -> list[compliance.Obligation]:
    """SAFE-3: required items never recorded (carers.checks: seven queries). Expired and expiring records are
    _expiry_obligations' (CAR-5/6/7); the property check is the yearly 1:1 health and safety review (REV-3).
    The households go in as a subquery: the whole scheme's thousands of ids as parameters cost more than the reads."""
    found = gaps_by_household([row["pk"] for row in rows], on, warn_days=0, scope=households.values("pk"))
    return [
        compliance.missing_obligation(
            compliance.MissingFacts(
                household_id=row["pk"],
                household_name=row["name"],
                officer_id=row["allocated_officer_id"],
                approved_on=row["approved_on"],
                rule=gap.rule,
                what=gap.item,
                who=gap.who,
                action=gap.record,
                query=gap.query,
            ),
            on,
        )
        for row in rows
        for gap in found.get(row["pk"], [])
        if gap.kind == "missing"
    ]


def latest_property_checks(household_ids) -> dict[int, date]:
    """SAFE-1: the latest 1:1 health and safety review with the property check done, per household (one query);
    carers.checks reads it through register_property_check_source (reviews/apps.py)."""
    return {
        row["household_id"]: row["last"]
        for row in Review.objects.counted()
        .filter(household_id__in=id_list(household_ids), kind=ReviewKind.HEALTH_SAFETY, property_check_done=True)
        .values("household_id")
        .annotate(last=Max("held_on"))
    }


def my_households(officer, on: date) -> list[dict]:
    """The officer's households with their last contact and next review. Three queries."""
    households = list(
        active_households(officer).order_by("name").values("pk", "name", "reference", "area", "probation_ends_on")
    )
    ids = [h["pk"] for h in households]
    last_contacts = {
        row["household_id"]: row["last"]
        for row in Contact.objects.counted()
        .filter(household_id__in=ids)
        .values("household_id")
        .annotate(last=Max("occurred_at"))
    }
    return [{**h, "last_contact": last_contacts.get(h["pk"])} for h in households]


def concerns_since(since: date):
    return (
        Contact.objects.filter(concern_raised=True, occurred_at__gte=_day_start(since))
        .select_related("household", "placement__person", "recorded_by", "concern_seen_by")
        .order_by("-occurred_at")
    )


# What the management team decided on what you asked for ------------------------------------------------------


DECIDED_DAYS = approvals.DECIDED_DAYS


def decided_for(user, on: date, *, days: int = DECIDED_DAYS) -> list[approvals.Decided]:
    """What the management team decided, in the last `days`, on what `user` asked for: bandings (then BAN-4), extra
    respite (RES-1), extra introduction nights (MAT-3), additional funding (CHG-3) and overrides of missing checks
    (SAFE-2), newest first, each with its reason and a link to a page the asker may open (the record, not the decision
    page). Five queries."""
    since = _day_start(on - timedelta(days=days))
    asked = {"submitted_by": user, "decided_at__gte": since}
    found = [
        approvals.decided(
            a,
            f"Banding for {a.placement.person.full_name}: {a.get_proposed_band_display()} proposed"
            + (f", {RateCode(a.agreed_band).label} agreed" if a.agreed_band else ""),
            reverse("funding:banding_history", args=[a.placement_id]),
        )
        for a in BandingAssessment.objects.filter(**asked).select_related("placement__person")
    ]
    found += [
        approvals.decided(
            r,
            f"Extra respite for {r.carer_break.household.name}: {r.nights_over_allocation} nights over the allocation",
            reverse("carers:household_detail", args=[r.carer_break.household_id]),
        )
        for r in ExtraRespiteRequest.objects.filter(**asked).select_related("carer_break__household")
    ]
    found += [
        approvals.decided(
            f,
            f"Additional funding for {f.change.placement.person.full_name}",
            reverse("reviews:change_detail", args=[f.change_id]),
        )
        for f in AdditionalFundingRequest.objects.filter(**asked).select_related("change__placement__person")
    ]
    found += [
        approvals.decided(
            o,
            f"Override of missing checks for {o.household.name}, {o.starts_on:%-d %b} to {o.ends_on:%-d %b %Y}",
            reverse("carers:household_detail", args=[o.household_id]),
        )
        for o in ChecksOverride.objects.filter(**asked).select_related("household")
    ]
    found += decided_extra_nights_for(user, since)
    return sorted(found, key=lambda d: d.decided_on, reverse=True)
