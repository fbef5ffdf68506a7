"""Carers and capacity (RPT-8, RPT-3): approved households and their carers on the period's last day, places offered
against arrangements by type, vacancies today, households with no arrangement for 90 days, households recruited and
leaving each month, and officers' caseloads against the scheme policy's guide. Each figure one SQL aggregate.

A household is *approved on* a date when it was approved on or before it and had not left by it (it leaves on its
leaving date). Live-in arrangements hold a place every day; short breaks and day support take one only on their
days, so today's vacancies are the approved places less the live-in arrangements today.
"""

from datetime import date, timedelta

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest, TruncMonth

from carers.models import Carer, CarerHousehold
from carers.queries import caseloads
from placements.models import ArrangementKind, Placement
from reports.tables import Table
from sharedlives.charts import bar_chart
from sharedlives.dates import today
from sharedlives.period import Period

IDLE_DAYS = 90
OFFERS = {
    ArrangementKind.LIVE_IN: "offers_live_in",
    ArrangementKind.SHORT_BREAK: "offers_short_breaks",
    ArrangementKind.DAY_SUPPORT: "offers_day_support",
}


def approved_on(day: date) -> Q:
    return Q(approved_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))


def _placement_on(day: date) -> Q:
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def households(day: date) -> list[list]:
    """Approved households, their carers, approved places and rooms on `day`. Two queries."""
    totals = CarerHousehold.objects.filter(approved_on(day)).aggregate(
        households=Count("pk"), places=Sum("approved_places"), rooms=Sum("rooms_available")
    )
    carers = Carer.objects.filter(household__in=CarerHousehold.objects.filter(approved_on(day))).count()
    return [
        ["Approved households", totals["households"]],
        ["Carers in them", carers],
        ["Places they are approved for", totals["places"] or 0],
        ["Rooms for people who stay", totals["rooms"] or 0],
    ]


def places_by_type(day: date) -> list[list]:
    """Per type: approved households offering it, the places they are approved for, and arrangements of that type
    in approved households on `day`. Two queries."""
    offered = CarerHousehold.objects.filter(approved_on(day)).aggregate(
        **{f"{kind}_households": Count("pk", filter=Q(**{field: True})) for kind, field in OFFERS.items()},
        **{f"{kind}_places": Sum("approved_places", filter=Q(**{field: True})) for kind, field in OFFERS.items()},
    )
    used = dict(
        Placement.objects.filter(_placement_on(day), household__in=CarerHousehold.objects.filter(approved_on(day)))
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("kind", "n")
    )
    return [
        [label, offered[f"{kind}_households"], offered[f"{kind}_places"] or 0, used.get(kind, 0)]
        for kind, label in ArrangementKind.choices
    ]


def vacancies(on: date) -> list[list]:
    """Today: places free of a live-in arrangement, and the households with one or more. One query."""
    live_in = (
        Placement.objects.filter(_placement_on(on), household=OuterRef("pk"), kind=ArrangementKind.LIVE_IN)
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")
    )
    free = Greatest(
        Value(0), Coalesce("approved_places", 0) - Coalesce(Subquery(live_in, output_field=IntegerField()), 0)
    )
    totals = (
        CarerHousehold.objects.filter(approved_on(on))
        .annotate(free=free)
        .aggregate(places=Sum("free"), households=Count("pk", filter=Q(free__gt=0)))
    )
    return [["Places free today", totals["places"] or 0], ["Households with a place free", totals["households"]]]


def idle(day: date) -> list[list]:
    """Households approved for at least 90 days on `day` with no arrangement on any of the 90 days to it. One
    query."""
    since = day - timedelta(days=IDLE_DAYS - 1)
    busy = Placement.objects.filter(household=OuterRef("pk"), starts_on__lte=day).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=since)
    )
    found = (
        CarerHousehold.objects.filter(approved_on(day), approved_on__lte=since - timedelta(days=1))
        .filter(~Exists(busy))
        .annotate(last_ended=Max("placements__ends_on"))
        .select_related("allocated_officer")
        .order_by("name", "pk")
    )
    return [[h.name, h.area, _name(h.allocated_officer), h.approved_on, h.last_ended] for h in found]


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else "Not allocated"


def recruited_and_leaving(period: Period) -> list[list]:
    """Households approved and households leaving each month of the period, with their carers. Two queries."""

    def monthly(field: str) -> dict:
        rows = (
            CarerHousehold.objects.filter(**{f"{field}__gte": period.start, f"{field}__lte": period.end})
            .annotate(month=TruncMonth(field))
            .values("month")
            .annotate(households=Count("pk", distinct=True), carers=Count("carers"))
            .order_by()
        )
        return {row["month"]: (row["households"], row["carers"]) for row in rows}

    joined, left = monthly("approved_on"), monthly("left_on")
    return [[f"{month:%B %Y}", *joined.get(month, (0, 0)), *left.get(month, (0, 0))] for month in period.months()]


def caseload_rows(on: date) -> list[list]:
    """RPT-3: each Shared Lives officer's approved and on-hold households today against the policy's guide."""
    return [
        [c.officer_name, c.households, c.on_probation, c.guide, "Over the guide" if c.over_guide else ""]
        for c in caseloads(on)
    ]


def tables(period: Period) -> list[Table]:
    day, now = period.end, today()
    on = f"On {day:%-d %b %Y}"
    by_type = places_by_type(day)
    months = recruited_and_leaving(period)
    return [
        Table(
            "Approved households",
            ["Figure", on],
            households(day),
            note="Approved on or before the date and not left by it.",
        ),
        Table(
            "Places offered and used by type",
            ["Type", "Households offering it", "Places they are approved for", f"Arrangements on {day:%-d %b %Y}"],
            by_type,
            note="A household offering more than one type counts under each; its places are shared between them.",
            chart=bar_chart(
                "Places offered and used by type",
                [(row[0], row[0], [row[2], row[3]]) for row in by_type],
                series=["Places offered", "Arrangements"],
                label_heading="Type",
                description=f"Bar chart of places offered and arrangements by type on {day:%-d %B %Y}: "
                + ", ".join(f"{row[0]} {row[2]} offered and {row[3]} used" for row in by_type)
                + ". The table below has the figures.",
                table_below=True,
            ),
        ),
        Table(
            f"Vacancies today ({now:%-d %B %Y})",
            ["Figure", "Today"],
            vacancies(now),
            note="Approved places less the live-in arrangements today.",
        ),
        Table(
            f"Households with no arrangement for {IDLE_DAYS} days",
            ["Household", "Area", "Shared Lives officer", "Approved on", "Last arrangement ended"],
            idle(day),
            note=f"Approved for at least {IDLE_DAYS} days on {day:%-d %B %Y} with no arrangement on any of the "
            f"{IDLE_DAYS} days to it.",
            none="Every approved household had an arrangement.",
            figures_from=3,
        ),
        Table(
            "Households recruited and leaving by month",
            ["Month", "Households approved", "Their carers", "Households leaving", "Their carers"],
            months,
            chart=bar_chart(
                "Households recruited and leaving by month",
                [(row[0][:3], row[0], [row[1], row[3]]) for row in months],
                series=["Approved", "Leaving"],
                label_heading="Month",
                description=f"Bar chart of households approved and leaving each month, {period.label}: "
                f"{sum(r[1] for r in months)} approved and {sum(r[3] for r in months)} leaving. "
                "The table below has every month.",
                table_below=True,
            ),
        ),
        Table(
            f"Caseloads today against the guide ({now:%-d %B %Y})",
            ["Shared Lives officer", "Households", "On probation", "Guide", "Over the guide"],
            caseload_rows(now),
            note="Approved and on-hold households allocated to each officer (CAR-4, RPT-3).",
            none="No Shared Lives officers.",
        ),
    ]
