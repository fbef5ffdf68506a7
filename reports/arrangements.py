"""Arrangements (RPT-1, RPT-2): counts on the period's last day and over the period by type, primary support need,
band, area and officer; shares by type; starts and endings by month with ending reasons; the average length of the
arrangements that ended in the period. Every figure is one SQL aggregate: seven queries, however many placements.

An arrangement is a placement (live-in, short breaks or day support). It is *on* a date when it has started and not
ended (`starts_on <= date <= ends_on`, an open end running on); *over* the period when it was on for at least one
day of it. An internal move (PLA-5, PLA-6) ends one placement and starts another: it counts as an ending (reason
"Moved to another Shared Lives household") and a start, and the person once on any date.
"""

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, F, Func, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf, TruncMonth

from funding.models import BandingAssessment, BandingPurpose, RateCode
from placements.models import ArrangementKind, EndingReason, Placement, SupportNeed
from reports.tables import Table, one_place, share
from sharedlives.charts import bar_chart
from sharedlives.models import ApprovalOutcome
from sharedlives.period import Period

NO_BAND = "No agreed band"


def _on(day) -> Q:
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def _over(period: Period) -> Q:
    return Q(starts_on__lte=period.end) & (Q(ends_on__isnull=True) | Q(ends_on__gte=period.start))


def _counted(field: str, period: Period) -> dict[str, tuple[int, int]]:
    """{value of `field`: (arrangements on the period's last day, arrangements over the period)}."""
    rows = (
        Placement.objects.filter(_over(period))
        .values(field)
        .annotate(on=Count("pk", filter=_on(period.end)), over=Count("pk"))
        .order_by()
    )
    return {row[field]: (row["on"], row["over"]) for row in rows}


class _Days(Func):
    """ends_on - starts_on: whole days between two dates (PostgreSQL date subtraction)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()


def by_type(period: Period) -> list[list]:
    """Per type: on the date, its share (%), over the period, its share (%), ended in the period and their average
    length in days (first to last day, both counted). One query."""
    ended = Q(ends_on__gte=period.start, ends_on__lte=period.end)
    rows = {
        row["kind"]: row
        for row in Placement.objects.filter(_over(period))
        .values("kind")
        .annotate(
            on=Count("pk", filter=_on(period.end)),
            over=Count("pk"),
            ended=Count("pk", filter=ended),
            length=Avg(_Days(F("ends_on"), F("starts_on")) + 1, filter=ended),
        )
        .order_by()
    }
    total_on = sum(row["on"] for row in rows.values())
    total_over = sum(row["over"] for row in rows.values())
    table = []
    for kind, label in ArrangementKind.choices:
        row = rows.get(kind, {"on": 0, "over": 0, "ended": 0, "length": None})
        table.append(
            [
                label,
                row["on"],
                share(row["on"], total_on),
                row["over"],
                share(row["over"], total_over),
                row["ended"],
                one_place(row["length"]),
            ]
        )
    ended_total = sum(row["ended"] for row in rows.values())
    days = sum((row["length"] or 0) * row["ended"] for row in rows.values())
    table.append(
        [
            "All arrangements",
            total_on,
            share(total_on, total_on),
            total_over,
            share(total_over, total_over),
            ended_total,
            one_place(days / ended_total) if ended_total else None,
        ]
    )
    return table


def _labelled(counts: dict, labels: list[tuple[str, str]], none: str) -> list[list]:
    """Rows in the order of `labels` (those with a count), then any value not among them, then the total."""
    known = dict(labels)
    rows = [[label, *counts[value]] for value, label in labels if value in counts]
    rows += sorted([value or none, *count] for value, count in counts.items() if value not in known)
    rows.append(["All arrangements", sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values())])
    return rows


def _latest_band(placement_ref: str, day):
    """The latest band agreed for the placement `placement_ref` names, in force on `day` (FEE-3: from its
    effective date, the review's date when none was set; a move's banding from the move, PLA-6)."""
    effective = Coalesce(F("effective_from"), F("review_date"))
    agreed = BandingAssessment.objects.filter(
        placement=OuterRef(placement_ref), outcome__in=[ApprovalOutcome.AGREED, ApprovalOutcome.CHANGED]
    )
    in_force = agreed.filter(
        Q(effective_from__lte=day)
        | Q(effective_from__isnull=True, review_date__lte=day)
        | Q(effective_from__isnull=True, purpose=BandingPurpose.INTERNAL_MOVE, placement__starts_on__lte=day)
    )
    band = Coalesce(NullIf(F("decided_band"), Value("")), F("proposed_band"))
    return Subquery(in_force.annotate(band=band, effective=effective).order_by("-effective", "-pk").values("band")[:1])


def by_band(period: Period) -> list[list]:
    """On the date only (a band is paid from a date): the latest agreed band in force; a moved person keeps the
    band agreed for the placement they moved from until the new one is agreed (PLA-5, PLA-6). One query."""
    rows = (
        Placement.objects.filter(_on(period.end))
        .annotate(band=Coalesce(_latest_band("pk", period.end), _latest_band("moved_from", period.end)))
        .values("band")
        .annotate(on=Count("pk"))
        .order_by()
    )
    counts = {row["band"]: row["on"] for row in rows}
    labels = [(code, label) for code, label in RateCode.choices if code.startswith("band_")]
    table = [[label, counts[code]] for code, label in labels if code in counts]
    table += [
        [dict(RateCode.choices).get(code, code), n] for code, n in counts.items() if code and code not in dict(labels)
    ]
    if None in counts:
        table.append([NO_BAND, counts[None]])
    table.append(["All arrangements", sum(counts.values())])
    return table


def by_officer(period: Period) -> list[list]:
    counts = _counted("household__allocated_officer", period)
    names = {
        user.pk: user.get_full_name() or user.username
        for user in get_user_model().objects.filter(pk__in=[pk for pk in counts if pk])
    }
    rows = sorted(([names.get(pk, "Not allocated"), *count] for pk, count in counts.items()), key=lambda r: r[0])
    rows.append(["All arrangements", sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values())])
    return rows


def by_month(period: Period) -> tuple[list[list], list[list]]:
    """Starts and endings each month of the period, and the endings by reason over it. Two queries."""
    starts = dict(
        Placement.objects.filter(starts_on__gte=period.start, starts_on__lte=period.end)
        .annotate(month=TruncMonth("starts_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("month", "n")
    )
    endings = list(
        Placement.objects.filter(ends_on__gte=period.start, ends_on__lte=period.end)
        .annotate(month=TruncMonth("ends_on"))
        .values("month", "ending_reason")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("month", "ending_reason", "n")
    )
    ended: dict = {}
    reasons: dict = {}
    for month, reason, n in endings:  # one row per month and reason: at most 60 months x 9 reasons
        ended[month] = ended.get(month, 0) + n
        reasons[reason] = reasons.get(reason, 0) + n
    months = [[f"{month:%B %Y}", starts.get(month, 0), ended.get(month, 0)] for month in period.months()]
    by_reason = [[label, reasons[code]] for code, label in EndingReason.choices if code in reasons]
    by_reason.append(["All endings", sum(reasons.values())])
    return months, by_reason


def tables(period: Period) -> list[Table]:
    types = by_type(period)
    months, reasons = by_month(period)
    on, over = f"On {period.end:%-d %b %Y}", "Over the period"
    return [
        Table(
            "Arrangements by type",
            [
                "Type",
                on,
                "Share on the date (%)",
                over,
                "Share over the period (%)",
                "Ended in the period",
                "Average length of those ended (days)",
            ],
            types,
            note="On the date: started and not ended. Over the period: on for at least one day of it. Length: from "
            "the first day to the last, both counted, of the arrangements that ended in the period.",
            chart=bar_chart(
                "Arrangements by type",
                [(row[0], row[0], [row[1], row[3]]) for row in types[:-1]],
                series=[on, over],
                label_heading="Type",
                description=f"Bar chart of arrangements by type on {period.end:%-d %B %Y} and over the period: "
                + ", ".join(f"{row[0]} {row[1]} and {row[3]}" for row in types[:-1])
                + ". The table below has the figures.",
                table_below=True,
            ),
        ),
        Table(
            "Arrangements by primary support need",
            ["Primary support need", on, over],
            _labelled(_counted("person__primary_support_need", period), SupportNeed.choices, "Not recorded"),
            note="The person's primary support need as recorded on their record now.",
        ),
        Table(
            "Arrangements by band",
            ["Band", on],
            by_band(period),
            note="The latest band agreed by the management team and in force on the date (short breaks and day "
            "support are not banded, nor an arrangement before its 28-day review).",
        ),
        Table(
            "Arrangements by area", ["Area", on, over], _labelled(_counted("household__area", period), [], "No area")
        ),
        Table(
            "Arrangements by Shared Lives officer",
            ["Officer", on, over],
            by_officer(period),
            note="The household's allocated officer now.",
        ),
        Table(
            "Starts and endings by month",
            ["Month", "Started", "Ended"],
            months,
            note="An internal move counts as an ending and a start.",
            chart=bar_chart(
                "Starts and endings by month",
                [(row[0][:3], row[0], [row[1], row[2]]) for row in months],
                series=["Started", "Ended"],
                label_heading="Month",
                description=f"Bar chart of arrangements started and ended each month, {period.label}: "
                f"{sum(r[1] for r in months)} started and {sum(r[2] for r in months)} ended. "
                "The table below has every month.",
                table_below=True,
            ),
        ),
        Table("Endings by reason", ["Why it ended", "Ended in the period"], reasons),
    ]
