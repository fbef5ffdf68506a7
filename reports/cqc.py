"""CQC information (RPT-8): the figures a registered manager is asked for, on one page for a chosen 12 months (any
period works; the default is the 12 months ending today). Records marked as recorded in error never count.

People supported are people, not arrangements: a person with two arrangements of one type counts once under it, and
once in the total. Carers approved are the carers of the households approved on the period's last day.
"""

from datetime import datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from placements.models import ArrangementKind, EndingReason, Placement
from reports.capacity import households
from reports.tables import Table
from safeguarding.models import (
    Complaint,
    ComplaintKind,
    Incident,
    NotificationKind,
    SafeguardingConcern,
    StatutoryNotification,
)
from sharedlives.period import Period


def _on(day) -> Q:
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def people_supported(period: Period) -> list[list]:
    """Distinct people with an arrangement of each type on the last day and over the period. One query."""
    over = Q(starts_on__lte=period.end) & (Q(ends_on__isnull=True) | Q(ends_on__gte=period.start))
    totals = Placement.objects.filter(over).aggregate(
        **{
            f"{kind}_on": Count("person", distinct=True, filter=Q(kind=kind) & _on(period.end))
            for kind in ArrangementKind.values
        },
        **{f"{kind}_over": Count("person", distinct=True, filter=Q(kind=kind)) for kind in ArrangementKind.values},
        all_on=Count("person", distinct=True, filter=_on(period.end)),
        all_over=Count("person", distinct=True),
    )
    rows = [[label, totals[f"{kind}_on"], totals[f"{kind}_over"]] for kind, label in ArrangementKind.choices]
    rows.append(["All people supported", totals["all_on"], totals["all_over"]])
    return rows


def arrangements_started_and_ended(period: Period) -> list[list]:
    """New arrangements and endings in the period, internal moves shown apart. One query."""
    in_period = {"gte": period.start, "lte": period.end}
    started = Q(starts_on__gte=in_period["gte"], starts_on__lte=in_period["lte"])
    ended = Q(ends_on__gte=in_period["gte"], ends_on__lte=in_period["lte"])
    totals = Placement.objects.filter(started | ended).aggregate(
        started=Count("pk", filter=started),
        moves_in=Count("pk", filter=started & Q(moved_from__isnull=False)),
        ended=Count("pk", filter=ended),
        moves_out=Count("pk", filter=ended & Q(ending_reason=EndingReason.INTERNAL_MOVE)),
    )
    return [
        ["New arrangements", totals["started"]],
        ["of which moves between Shared Lives households", totals["moves_in"]],
        ["Arrangements ended", totals["ended"]],
        ["of which moves between Shared Lives households", totals["moves_out"]],
    ]


def _by_kind(queryset, choices) -> list[list]:
    counts = dict(queryset.values("kind").annotate(n=Count("pk")).order_by().values_list("kind", "n"))
    rows = [[label, counts.get(kind, 0)] for kind, label in choices]
    rows.append(["All", sum(counts.values())])
    return rows


def safeguarding(period: Period) -> list[list]:
    """Safeguarding concerns raised, those referred to the council, and incidents in the period. Two queries."""
    concerns = SafeguardingConcern.objects.filter(
        recorded_in_error=False, raised_on__gte=period.start, raised_on__lte=period.end
    ).aggregate(raised=Count("pk"), referred=Count("pk", filter=Q(council_referred_on__isnull=False)))
    zone = timezone.get_current_timezone()
    start = datetime.combine(period.start, time.min, zone)
    end = datetime.combine(period.end + timedelta(days=1), time.min, zone)  # to midnight after the last day
    incidents = Incident.objects.filter(recorded_in_error=False, occurred_at__gte=start, occurred_at__lt=end).count()
    return [
        ["Safeguarding concerns raised", concerns["raised"]],
        ["of which referred to the council", concerns["referred"]],
        ["Incidents and accidents", incidents],
    ]


def tables(period: Period) -> list[Table]:
    day = f"On {period.end:%-d %b %Y}"
    return [
        Table("People supported by type", ["Type", day, "Over the period"], people_supported(period)),
        Table("Carers approved", ["Figure", day], households(period.end)[:2]),
        Table("New arrangements and endings", ["Figure", "In the period"], arrangements_started_and_ended(period)),
        Table(
            "Notifications to the CQC",
            ["What was notified", "Events in the period"],
            _by_kind(
                StatutoryNotification.objects.filter(
                    recorded_in_error=False, event_on__gte=period.start, event_on__lte=period.end
                ),
                NotificationKind.choices,
            ),
            note="By the date the event happened or became known (SG-4).",
        ),
        Table(
            "Complaints, concerns and compliments",
            ["Kind", "Received in the period"],
            _by_kind(
                Complaint.objects.filter(
                    recorded_in_error=False, received_on__gte=period.start, received_on__lte=period.end
                ),
                ComplaintKind.choices,
            ),
        ),
        Table("Safeguarding", ["Figure", "In the period"], safeguarding(period)),
    ]
