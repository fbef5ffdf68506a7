"""Reads about carer households that pages and other apps share. Each costs a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.urls import reverse

from carers.models import (
    ACTIVE_STATUSES,
    Carer,
    CarerAgreement,
    CarerBreak,
    CarerHousehold,
    CarerRole,
    ChecksOverride,
    DbsCheck,
    InsurancePolicy,
    SupportCarer,
    TrainingCourse,
    TrainingRecord,
)
from sharedlives.approvals import PendingApproval
from sharedlives.dates import (
    ExpiryStatus,
    expiry_status,
    financial_year_end,
    financial_year_label,
    financial_year_start,
)
from sharedlives.models import ApprovalOutcome, SchemePolicy
from sharedlives.roles import SHARED_LIVES_OFFICER

EXPIRY_WARNING_DAYS = 90


def household_list() -> QuerySet[CarerHousehold]:
    """Households with what the list shows, in one query: officer and main carer's name."""
    # One main carer per household (a constraint): no ordering, so no sort for each row (Carer.Meta.ordering).
    main_carer = Carer.objects.filter(household=OuterRef("pk"), role=CarerRole.MAIN).order_by()
    return CarerHousehold.objects.select_related("allocated_officer").annotate(
        main_carer_name=Subquery(
            main_carer.annotate(full=Concat("first_name", Value(" "), "last_name")).values("full")[:1]
        )
    )


# Latest record per person and course / per person / per household and kind: PostgreSQL DISTINCT ON.
def latest_training() -> QuerySet[TrainingRecord]:
    return TrainingRecord.objects.order_by("carer_id", "course_id", "-completed_on", "-pk").distinct(
        "carer_id", "course_id"
    )


def latest_dbs_checks() -> QuerySet[DbsCheck]:
    return DbsCheck.objects.order_by("carer_id", "support_carer_id", "-issued_on", "-pk").distinct(
        "carer_id", "support_carer_id"
    )


def latest_insurance() -> QuerySet[InsurancePolicy]:
    return InsurancePolicy.objects.order_by("household_id", "kind", "-expires_on", "-pk").distinct(
        "household_id", "kind"
    )


# The order in which a later record replaces an earlier one, as latest_training / latest_dbs_checks /
# latest_insurance read it.
LATEST_ORDER = {TrainingRecord: "completed_on", DbsCheck: "issued_on", InsurancePolicy: "expires_on"}


def _later(model, *same: str):
    """A record of the same person (and course, or household and kind: the columns `same`) that replaces the outer
    one: later by the model's date, or the same date and entered after it (the pk). A DBS check is for exactly one
    carer or support carer, so either column matching is the same person."""
    on = LATEST_ORDER[model]
    later = Q(**{f"{on}__gt": OuterRef(on)}) | Q(**{on: OuterRef(on), "pk__gt": OuterRef("pk")})
    if model is DbsCheck:
        return model.objects.filter(
            Q(carer_id=OuterRef("carer_id")) | Q(support_carer_id=OuterRef("support_carer_id")), later
        )
    return model.objects.filter(later, **{column: OuterRef(column) for column in same})


def households_with_expiring_items(on: date, within_days: int = EXPIRY_WARNING_DAYS) -> Q:
    """A filter: households with any current item expired or expiring within `within_days` (CAR-5/6/7)."""
    cutoff = on + timedelta(days=within_days)
    training = TrainingRecord.objects.filter(pk__in=latest_training().values("pk"), expires_on__lte=cutoff)
    dbs = DbsCheck.objects.filter(pk__in=latest_dbs_checks().values("pk"), renewal_due_on__lte=cutoff)
    insurance = InsurancePolicy.objects.filter(pk__in=latest_insurance().values("pk"), expires_on__lte=cutoff)
    return (
        Q(pk__in=training.values("carer__household_id"))
        | Q(pk__in=dbs.filter(carer__isnull=False).values("carer__household_id"))
        | Q(pk__in=dbs.filter(support_carer__isnull=False).values("support_carer__household_id"))
        | Q(pk__in=insurance.values("household_id"))
    )


@dataclass(frozen=True)
class ComplianceItem:
    """One thing that keeps a household approved, with its expiry (CAR-5, CAR-6, CAR-7, CAR-8)."""

    household_id: int
    household_name: str
    officer_id: int | None
    kind: str  # "Training", "DBS check", "Insurance", "Carer agreement"
    what: str
    who: str
    done_on: date | None
    expires_on: date | None
    status: ExpiryStatus
    rule: str
    record_url_name: str  # the form that renews it
    renew_query: str = ""  # that form's query string, choosing the person (and course) already


MISSING = ExpiryStatus("missing", "Missing", "red")


def compliance_items(
    *, households: QuerySet[CarerHousehold] | None = None, officer=None, on: date, only_expiring: bool = False
) -> list[ComplianceItem]:
    """Every current compliance item for the given households (or an officer's), in four queries.

    The compliance engine (reviews) reuses this for CAR-5 and CAR-7 obligations.
    """
    scope = households if households is not None else CarerHousehold.objects.filter(status__in=ACTIVE_STATUSES)
    if officer is not None:
        scope = scope.filter(allocated_officer=officer)
    household_ids = scope.values("pk")
    cutoff = on + timedelta(days=EXPIRY_WARNING_DAYS)
    items: list[ComplianceItem] = []

    training = TrainingRecord.objects.filter(carer__household__in=household_ids)
    # Through the people's ids, not joins: an OR across two joins made PostgreSQL scan every DBS check ever kept.
    dbs = DbsCheck.objects.filter(
        Q(carer_id__in=Carer.objects.filter(household__in=household_ids).values("pk"))
        | Q(support_carer_id__in=SupportCarer.objects.filter(household__in=household_ids).values("pk"))
    )
    insurance = InsurancePolicy.objects.filter(household__in=household_ids)
    # The records no later record replaces: an index probe each, where DISTINCT ON would sort every record the
    # scheme ever kept, and (for DBS checks, found through two columns) made PostgreSQL scan them all.
    training = training.exclude(Exists(_later(TrainingRecord, "carer_id", "course_id")))
    dbs = dbs.exclude(Exists(_later(DbsCheck)))
    insurance = insurance.exclude(Exists(_later(InsurancePolicy, "household_id", "kind")))
    if only_expiring:
        training = training.filter(expires_on__lte=cutoff)
        dbs = dbs.filter(renewal_due_on__lte=cutoff)
        insurance = insurance.filter(expires_on__lte=cutoff)
    training = training.select_related("carer__household", "course").order_by(
        "carer__household__name", "carer__last_name", "course__name"
    )
    dbs = dbs.select_related("carer__household", "support_carer__household").order_by("issued_on")
    insurance = insurance.select_related("household").order_by("kind")

    for record in training:
        household = record.carer.household
        items.append(
            ComplianceItem(
                household.pk,
                household.name,
                household.allocated_officer_id,
                "Training",
                record.course.name,
                record.carer.full_name,
                record.completed_on,
                record.expires_on,
                expiry_status(record.expires_on, on),
                "CAR-7",
                "carers:record_training",
                f"carer={record.carer_id}&course={record.course_id}",
            )
        )
    for check in dbs:
        person = check.carer or check.support_carer
        household = person.household
        items.append(
            ComplianceItem(
                household.pk,
                household.name,
                household.allocated_officer_id,
                "DBS check",
                "DBS check" + (" (update service)" if check.on_update_service else ""),
                person.full_name + ("" if check.carer else " (support carer)"),
                check.issued_on,
                check.renewal_due_on,
                expiry_status(check.renewal_due_on, on),
                "CAR-6",
                "carers:record_dbs",
                f"person=carer-{check.carer_id}" if check.carer_id else f"person=support-{check.support_carer_id}",
            )
        )
    for policy in insurance:
        household = policy.household
        items.append(
            ComplianceItem(
                household.pk,
                household.name,
                household.allocated_officer_id,
                "Insurance",
                f"{policy.get_kind_display()} ({policy.insurer})",
                household.name,
                policy.starts_on,
                policy.expires_on,
                expiry_status(policy.expires_on, on),
                "CAR-5",
                "carers:record_insurance",
            )
        )
    return items


def missing_mandatory_training(household: CarerHousehold) -> list[tuple[Carer, TrainingCourse]]:
    """Mandatory courses (CAR-7) a carer of this household has never completed. Two queries."""
    mandatory = list(TrainingCourse.objects.filter(mandatory=True, active=True))
    carers = list(household.carers.prefetch_related("training_records"))
    return [
        (carer, course)
        for carer in carers
        for course in mandatory
        if not any(record.course_id == course.pk for record in carer.training_records.all())
    ]


def latest_agreement(household: CarerHousehold) -> CarerAgreement | None:
    return household.agreements.order_by("-signed_on", "-pk").first()


# Respite (RES-1): nights used this financial year, against the policy allocation.
def respite_nights_used(
    household, on: date, *, include_pending: bool = False, excluding: CarerBreak | None = None
) -> int:
    year_start, year_end = financial_year_start(on), financial_year_end(on)
    breaks = CarerBreak.objects.filter(
        household=household, cancelled=False, starts_on__gte=year_start, starts_on__lte=year_end
    )
    if excluding is not None:
        breaks = breaks.exclude(pk=excluding.pk)
    refused = Q(extra_respite__outcome__in=[ApprovalOutcome.REFUSED, ApprovalOutcome.RETURNED])
    pending = Q(extra_respite__outcome=ApprovalOutcome.PENDING)
    breaks = breaks.exclude(refused) if include_pending else breaks.exclude(refused | pending)
    return sum(carer_break.nights for carer_break in breaks.only("starts_on", "ends_on"))


@dataclass(frozen=True)
class RespiteSummary:
    allocation: int
    used: int
    pending: int
    year_label: str

    @property
    def left(self) -> int:
        return max(self.allocation - self.used, 0)


def respite_summary(household, on: date) -> RespiteSummary:
    used = respite_nights_used(household, on)
    with_pending = respite_nights_used(household, on, include_pending=True)
    return RespiteSummary(
        SchemePolicy.current().respite_nights_per_year, used, with_pending - used, financial_year_label(on)
    )


# Caseloads (CAR-4, RPT-3).
@dataclass(frozen=True)
class Caseload:
    officer_id: int
    officer_name: str
    households: int
    on_probation: int
    guide: int

    @property
    def over_guide(self) -> bool:
        return self.households > self.guide


def caseloads(on: date) -> list[Caseload]:
    """Every Shared Lives officer with their active households against the policy guide. One query."""
    guide = SchemePolicy.current().caseload_guide
    active = Q(allocated_households__status__in=ACTIVE_STATUSES)
    officers = (
        get_user_model()
        .objects.filter(Q(groups__name=SHARED_LIVES_OFFICER) | Q(allocated_households__isnull=False), is_active=True)
        .distinct()
        .annotate(
            household_count=Count("allocated_households", filter=active, distinct=True),
            probation_count=Count(
                "allocated_households",
                filter=active & Q(allocated_households__probation_ends_on__gt=on),
                distinct=True,
            ),
        )
        .order_by("-household_count", "last_name", "first_name")
    )
    return [
        Caseload(o.pk, o.get_full_name() or o.username, o.household_count, o.probation_count, guide) for o in officers
    ]


def officers():
    """Users who can be allocated households: active Shared Lives officers."""
    return (
        get_user_model()
        .objects.filter(groups__name=SHARED_LIVES_OFFICER, is_active=True)
        .order_by("first_name", "last_name")
    )


def pending_extra_respite(user) -> list[PendingApproval]:
    """For the management Approvals inbox (RES-1, AUD-2)."""

    requests = (
        CarerBreak.objects.filter(extra_respite__outcome=ApprovalOutcome.PENDING)
        .select_related("household", "extra_respite__submitted_by")
        .order_by("starts_on")
    )
    return [
        PendingApproval(
            kind="Extra respite",
            summary=f"{b.extra_respite.nights_over_allocation} nights over the allocation for {b.household.name} "
            f"({b.starts_on:%-d %b} to {b.ends_on:%-d %b %Y})",
            url=reverse("carers:decide_extra_respite", kwargs={"break_pk": b.pk}),
            submitted_by=b.extra_respite.submitted_by.get_full_name() or b.extra_respite.submitted_by.username,
            submitted_at=b.extra_respite.submitted_at,
            due=b.starts_on,
            rule="RES-1",
        )
        for b in requests
    ]


def overrides_in_force(on: date, households=None) -> QuerySet:
    """Agreed overrides of missing checks that have not ended by `on` (SAFE-2): in force now or starting later.
    They lapse on their own: `on` past `ends_on` drops them, no job needed."""
    overrides = ChecksOverride.objects.filter(outcome=ApprovalOutcome.AGREED, ends_on__gte=on)
    if households is not None:
        overrides = overrides.filter(household__in=households)
    return overrides.select_related("household", "submitted_by", "decided_by").order_by("ends_on", "pk")


def household_overrides(household, on: date) -> QuerySet:
    """A household's overrides of missing checks agreed and not ended by `on`, and any waiting (SAFE-2)."""
    live = Q(outcome=ApprovalOutcome.AGREED, ends_on__gte=on) | Q(outcome=ApprovalOutcome.PENDING)
    return household.checks_overrides.filter(live).select_related("decided_by").order_by("ends_on", "pk")


def pending_checks_overrides(user) -> list[PendingApproval]:
    """For the management Approvals inbox (SAFE-2, AUD-2)."""
    requests = (
        ChecksOverride.objects.filter(outcome=ApprovalOutcome.PENDING)
        .select_related("household", "submitted_by")
        .order_by("starts_on", "pk")
    )
    return [
        PendingApproval(
            kind="Checks override",
            summary=f"Let {o.household.name} take arrangements with checks missing, "
            f"{o.starts_on:%-d %b} to {o.ends_on:%-d %b %Y}",
            url=reverse("carers:decide_checks_override", kwargs={"checks_override_pk": o.pk}),
            submitted_by=o.submitted_by.get_full_name() or o.submitted_by.username,
            submitted_at=o.submitted_at,
            due=o.starts_on,
            rule="SAFE-2",
        )
        for o in requests
    ]
