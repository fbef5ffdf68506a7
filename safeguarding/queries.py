"""Reads the safeguarding pages share: the lists a user may read (SG-6), what a user may do next on a record, and
the sections on the person, household and placement pages. Each runs a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Case, Count, Max, Q, Value, When
from django.urls import reverse

from safeguarding import access
from safeguarding.models import Incident, RecordStatus, SafeguardingConcern

# Open and reviewed records before closed ones.
CLOSED_LAST = Case(When(status=RecordStatus.CLOSED, then=Value(1)), default=Value(0)).asc()


def concerns_for(user, *, status: str = ""):
    """The concerns `user` may read, open ones first, latest raised first (one query a page, one count)."""
    concerns = access.readable_by(user, SafeguardingConcern.objects.all())
    if status in RecordStatus.values:
        concerns = concerns.filter(status=status, recorded_in_error=False)
    return concerns.select_related("person", "household", "raised_by").order_by(
        "recorded_in_error", CLOSED_LAST, "-raised_on", "-pk"
    )


def incidents_for(user):
    incidents = access.readable_by(user, Incident.objects.all())
    return (
        incidents.select_related("person", "household", "recorded_by")
        .annotate(
            open_actions=Count("actions", filter=Q(actions__done_on__isnull=True, actions__recorded_in_error=False))
        )
        .order_by("recorded_in_error", CLOSED_LAST, "-occurred_at", "-pk")
    )


@dataclass
class Step:
    label: str
    url: str
    secondary: bool = True


def _record_steps(record, user, *, manager: bool, kind: str, own: list[Step]) -> list[Step]:
    """The steps of every record `kind` ("concern", "incident"): the management team's review first, then the record's
    `own` steps, then edit, close and mark as recorded in error (no query)."""
    pk = record.pk
    is_open = record.status != RecordStatus.CLOSED
    not_author = record.author_id != user.pk
    steps = []
    if is_open and manager and not_author and record.reviewed_on is None:
        steps.append(Step(f"Review the {kind}", reverse(f"safeguarding:{kind}_review", args=[pk]), False))
    steps += own
    if is_open and (manager or not not_author):
        steps.append(Step("Edit", reverse(f"safeguarding:{kind}_edit", args=[pk])))
    if is_open and manager and not_author and record.reviewed_on is not None:
        steps.append(Step(f"Close the {kind}", reverse(f"safeguarding:{kind}_close", args=[pk])))
    if manager:
        steps.append(Step("Mark as recorded in error", reverse(f"safeguarding:{kind}_in_error", args=[pk])))
    return steps


def concern_steps(concern: SafeguardingConcern, user, *, manager: bool, removal_to_link: bool = False) -> list[Step]:
    """What `user` may do next on the concern, in the order it is usually done (no query)."""
    if concern.recorded_in_error:
        return []
    pk = concern.pk
    steps = []
    is_open = concern.status != RecordStatus.CLOSED
    if is_open and concern.council_referred_on is None and not concern.no_referral_reason:
        steps.append(Step("Record the council referral", reverse("safeguarding:concern_referral", args=[pk])))
    if is_open:
        label = "Change the outcome" if concern.outcome else "Record the outcome"
        steps.append(Step(label, reverse("safeguarding:concern_outcome", args=[pk])))
    if concern.household_id and is_open and user.has_perm("reviews.add_review"):
        url = reverse("reviews:record_review", args=[concern.household_id]) + "?kind=short_notice"
        steps.append(Step("Record the short-notice visit (REV-6)", url))
    if manager and concern.hold_placed_on and not concern.hold_lifted_on:
        steps.append(Step("Lift the household's hold", reverse("safeguarding:concern_lift_hold", args=[pk])))
    if concern.ending_id is None and removal_to_link:
        steps.append(Step("Link the placement ending (END-8)", reverse("safeguarding:concern_ending", args=[pk])))
    return _record_steps(concern, user, manager=manager, kind="concern", own=steps)


def incident_steps(incident: Incident, user, *, manager: bool, actions) -> list[Step]:
    """What `user` may do next on the incident (no query)."""
    if incident.recorded_in_error:
        return []
    steps = []
    if incident.status != RecordStatus.CLOSED:
        steps.append(Step("Add a follow-up action", reverse("safeguarding:incident_add_action", args=[incident.pk])))
    return _record_steps(incident, user, manager=manager, kind="incident", own=steps)


# Sections on other apps' pages (SG-6) -----------------------------------------------------------------------


@dataclass
class Summary:
    """What someone who may not read the records sees: that they exist (SG-6)."""

    count: int
    open: int
    latest: object


def _summary(queryset) -> Summary:
    row = queryset.filter(recorded_in_error=False).aggregate(
        count=Count("pk"), open=Count("pk", filter=~Q(status=RecordStatus.CLOSED)), latest=Max("created_at")
    )
    return Summary(row["count"], row["open"], row["latest"])


def section(user, *, concerns, incidents) -> dict:
    """The "Safeguarding and incidents" section: the records `user` may read (two queries; none for whoever may read
    none), and how many others exist that they may not (two aggregate queries; none for the management team)."""
    readable_concerns = list(
        access.readable_by(user, concerns).select_related("person", "household").order_by("-raised_on", "-pk")[:20]
    )
    readable_incidents = list(
        access.readable_by(user, incidents).select_related("person", "household").order_by("-occurred_at", "-pk")[:20]
    )
    if access.sees_all(user):  # nothing is restricted for the management team: no count needed
        restricted_concerns = restricted_incidents = Summary(0, 0, None)
    else:
        restricted_concerns = _summary(concerns.exclude(pk__in=[c.pk for c in readable_concerns]))
        restricted_incidents = _summary(incidents.exclude(pk__in=[i.pk for i in readable_incidents]))
    return {
        "concerns": readable_concerns,
        "incidents": readable_incidents,
        "restricted": restricted_concerns.count + restricted_incidents.count,
        "restricted_open": restricted_concerns.open + restricted_incidents.open,
    }
