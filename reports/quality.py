"""Quality (RPT-4, SG-6): what is overdue today by rule and officer (the compliance picture, reviews/picture.py), how
the overdue count moved over the period (the daily counts, reviews.OverdueSnapshot), and the safeguarding records
made each month. Each figure one SQL query (the picture's three).

The overdue items are known for today only: earlier days are the daily counts the worker takes at 06:00.
"""

from django.contrib.auth import get_user_model
from django.db.models import Count, DateField, Q
from django.db.models.functions import TruncMonth

from reports.tables import Table
from reviews import picture
from reviews.models import OverdueSnapshot
from safeguarding.models import Complaint, ComplaintKind, Incident, SafeguardingConcern, StatutoryNotification
from sharedlives.charts import bar_chart
from sharedlives.dates import long_date, today
from sharedlives.history import name_from_parts
from sharedlives.period import Period


def overdue_today() -> tuple[list[list], list[list]]:
    """Overdue today by rule (with what is due) and by officer, most first. Four queries."""
    counts = picture.overdue_counts(today())
    by_rule = [[rule, ", ".join(counts.kinds_by_rule[rule]), n] for rule, n in counts.by_rule.items()]
    users = get_user_model().objects.filter(pk__in=[pk for pk in counts.by_officer if pk])
    names = {u.pk: name_from_parts(u.first_name, u.last_name, u.username) for u in users}
    by_officer = sorted(
        ([names.get(pk, "Not allocated") if pk else "Not allocated", n] for pk, n in counts.by_officer.items()),
        key=lambda row: (-row[1], row[0]),
    )
    return by_rule, by_officer


def overdue_by_month(period: Period) -> list[list]:
    """Each month of the period: the overdue count on its last counted day, and the highest. One query."""
    counted = {
        row["month"]: row
        for row in OverdueSnapshot.objects.filter(taken_on__gte=period.start, taken_on__lte=period.end)
        .annotate(month=TruncMonth("taken_on"))
        .values("month")
        .annotate(days=Count("pk"))
        .order_by()
    }
    last = {
        s.taken_on.replace(day=1): s
        for s in OverdueSnapshot.objects.filter(taken_on__gte=period.start, taken_on__lte=period.end).order_by(
            "taken_on"
        )
    }
    rows = []
    for month in period.months():
        snapshot = last.get(month)
        days = counted.get(month, {}).get("days", 0)
        rows.append([f"{month:%B %Y}", days, snapshot.overdue if snapshot else None])
    return rows


def _monthly(queryset, day: str, month, period: Period, **counts) -> dict:
    """{first day of month: (count, …)} for records not made in error whose `day` falls in the period."""
    return {
        row[0]: row[1:]
        for row in queryset.filter(recorded_in_error=False, **{f"{day}__gte": period.start, f"{day}__lte": period.end})
        .annotate(month=month)
        .values("month")
        .annotate(**(counts or {"n": Count("pk")}))
        .order_by()
        .values_list("month", *(counts or {"n": None}))
    }


def overdue_by_rule_by_month(period: Period) -> tuple[list[str], list[list]]:
    """Each month's last daily count split by rule (the count keeps its rules): the rules as columns, in order, and
    a row a month (no figures for a month with no count). One query."""
    last = {
        s.taken_on.replace(day=1): s.by_rule or {}
        for s in OverdueSnapshot.objects.filter(taken_on__gte=period.start, taken_on__lte=period.end)
        .order_by("taken_on")
        .only("taken_on", "by_rule")
    }
    rules = sorted({rule for by_rule in last.values() for rule in by_rule})
    rows = []
    for month in period.months():
        by_rule = last.get(month)
        rows.append([f"{month:%B %Y}", *((by_rule.get(rule, 0) if by_rule is not None else None) for rule in rules)])
    return rules, rows


def safeguarding_by_month(period: Period) -> list[list]:
    """Each month: safeguarding concerns raised, incidents, complaints and concerns received, compliments, CQC
    notifications about events in it. Records made in error are not counted. Four queries."""
    concerns = _monthly(SafeguardingConcern.objects.all(), "raised_on", TruncMonth("raised_on"), period)
    # An incident's time is a moment: its month is the UK date's (TruncMonth in the current time zone).
    incidents = _monthly(
        Incident.objects.all(), "occurred_at__date", TruncMonth("occurred_at", output_field=DateField()), period
    )
    complaints = _monthly(
        Complaint.objects.all(),
        "received_on",
        TruncMonth("received_on"),
        period,
        complaints=Count("pk", filter=~Q(kind=ComplaintKind.COMPLIMENT)),
        compliments=Count("pk", filter=Q(kind=ComplaintKind.COMPLIMENT)),
    )
    notifications = _monthly(StatutoryNotification.objects.all(), "event_on", TruncMonth("event_on"), period)
    rows = []
    for month in period.months():
        received, thanked = complaints.get(month, (0, 0))
        rows.append(
            [
                f"{month:%B %Y}",
                concerns.get(month, (0,))[0],
                incidents.get(month, (0,))[0],
                received,
                thanked,
                notifications.get(month, (0,))[0],
            ]
        )
    return rows


def tables(period: Period) -> list[Table]:
    by_rule, by_officer = overdue_today()
    months = overdue_by_month(period)
    safeguarding = safeguarding_by_month(period)
    rules, by_rule = overdue_by_rule_by_month(period)
    counted = [row for row in months if row[2] is not None]
    return [
        Table(
            f"Overdue today ({long_date(today())}) by rule",
            ["Rule", "What is due", "Overdue"],
            by_rule,
            note="From the compliance picture, kept for today only: earlier days are the daily counts below (RPT-4).",
            none="Nothing is overdue today.",
            figures_from=2,
        ),
        Table(
            "Overdue today by Shared Lives officer",
            ["Shared Lives officer", "Overdue"],
            by_officer,
            note="The officer allocated to each household; most first.",
            none="Nothing is overdue today.",
        ),
        Table(
            "Overdue count by month",
            ["Month", "Days counted", "Overdue on the month's last counted day"],
            months,
            note="The worker counts what is overdue every day at 06:00 (reviews.OverdueSnapshot); a month with no "
            "count has no figure.",
            chart=bar_chart(
                "Overdue at the end of each month",
                [(row[0][:3], row[0], [row[2]]) for row in months],
                series=["Overdue"],
                label_heading="Month",
                description=f"Bar chart of the overdue count at the end of each month, {period.label}"
                + (f": {counted[0][2]} in {counted[0][0]}, {counted[-1][2]} in {counted[-1][0]}." if counted else ".")
                + " The table below has every month.",
                table_below=True,
            ),
        ),
        Table(
            "Overdue by rule, month by month",
            ["Month", *rules],
            by_rule if rules else [],
            note="The same daily counts, split by the rule each overdue item is due under (RPT-4).",
            none="No daily counts in this period.",
        ),
        Table(
            "Safeguarding, incidents, complaints and notifications by month",
            [
                "Month",
                "Safeguarding concerns raised",
                "Incidents",
                "Complaints and concerns received",
                "Compliments",
                "CQC notifications",
            ],
            safeguarding,
            note="Records made in error are not counted; a notification in the month of the event it is about (SG-6).",
        ),
    ]
