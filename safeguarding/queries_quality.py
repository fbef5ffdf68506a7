"""The management team's "Quality and safety" page (SG-6): open items by kind and age, what is overdue, incidents and
complaints by month for 12 months, the CQC notifications log. A fixed number of queries, whatever the row count:
one aggregate per kind of record, one per overdue list, one per monthly series, one for the log."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from safeguarding import deadlines
from safeguarding.models import (
    Complaint,
    ComplaintKind,
    Incident,
    IncidentAction,
    RecordStatus,
    SafeguardingConcern,
    StatutoryNotification,
)
from sharedlives.models import SchemePolicy
from sharedlives.workdays import add_working_days

AGE_BANDS = [(0, 7, "Up to a week"), (8, 28, "8 to 28 days"), (29, 90, "29 to 90 days"), (91, None, "Over 90 days")]
MONTHS = 12


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class OpenRow:
    kind: str
    url_name: str
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


def _age_counts(queryset, field: str, today: date, *, moment: bool = False) -> list[int]:
    """How many of `queryset` fall in each age band, by `field` (a date, or a date and time): one query."""
    aggregates = {}
    for i, (low, high, _) in enumerate(AGE_BANDS):
        newest, oldest = today - timedelta(days=low), today - timedelta(days=high) if high is not None else None
        if moment:
            condition = Q(**{f"{field}__lt": _start(newest + timedelta(days=1))})
            if oldest is not None:
                condition &= Q(**{f"{field}__gte": _start(oldest)})
        else:
            condition = Q(**{f"{field}__lte": newest})
            if oldest is not None:
                condition &= Q(**{f"{field}__gte": oldest})
        aggregates[f"band{i}"] = Count("pk", filter=condition)
    row = queryset.aggregate(**aggregates)
    return [row[f"band{i}"] for i in range(len(AGE_BANDS))]


def _open(model):
    return model.objects.filter(recorded_in_error=False).exclude(status=RecordStatus.CLOSED)


def open_items(today: date) -> list[OpenRow]:
    """SG-6: the open records of each kind, by age (four queries)."""
    return [
        OpenRow(
            "Safeguarding concerns",
            "safeguarding:concern_list",
            _age_counts(_open(SafeguardingConcern), "raised_on", today),
        ),
        OpenRow(
            "Incidents and accidents",
            "safeguarding:incident_list",
            _age_counts(_open(Incident), "occurred_at", today, moment=True),
        ),
        OpenRow(
            "Complaints and concerns",
            "safeguarding:complaint_list",
            _age_counts(_open(Complaint).exclude(kind=ComplaintKind.COMPLIMENT), "received_on", today),
        ),
        OpenRow(
            "CQC notifications not sent",
            "safeguarding:notification_list",
            _age_counts(
                StatutoryNotification.objects.filter(recorded_in_error=False, sent_on__isnull=True), "event_on", today
            ),
        ),
    ]


@dataclass
class Overdue:
    rule: str
    what: str
    about: str
    due_on: date
    url_name: str
    pk: int

    def days_overdue(self, today: date) -> int:
        return (today - self.due_on).days


def overdue(today: date, policy: SchemePolicy | None = None) -> list[Overdue]:
    """Everything past its deadline, oldest first (four queries): incident follow-up actions (SG-2), complaints not
    acknowledged or answered in time (SG-3), notifications not sent (SG-4), concerns not reviewed within a working
    day (SG-5)."""
    policy = policy or SchemePolicy.current()
    found = []
    actions = (
        IncidentAction.objects.filter(
            done_on__isnull=True, recorded_in_error=False, due_on__lt=today, incident__recorded_in_error=False
        )
        .exclude(incident__status=RecordStatus.CLOSED)
        .select_related("incident__person", "owner")
    )
    for a in actions:
        owner = a.owner.get_full_name() or a.owner.get_username()
        found.append(
            Overdue(
                "SG-2",
                f"Incident action: {a.action[:60]} ({owner})",
                a.incident.person.full_name,
                a.due_on,
                "safeguarding:incident_detail",
                a.incident_id,
            )
        )
    ack_days, resp_days = policy.complaint_acknowledgement_days, policy.complaint_response_days
    waiting = (
        _open(Complaint)
        .exclude(kind=ComplaintKind.COMPLIMENT)
        .filter(
            Q(acknowledged_on__isnull=True, received_on__lt=today - timedelta(days=ack_days))
            | Q(responded_on__isnull=True, received_on__lt=today - timedelta(days=resp_days))
        )
        .select_related("person")
    )
    for c in waiting:
        about = c.person.full_name if c.person else c.about[:60]
        ack_due = deadlines.acknowledgement_due(c.received_on, ack_days)
        resp_due = deadlines.response_due(c.received_on, resp_days)
        if c.acknowledged_on is None and ack_due < today:
            found.append(
                Overdue(
                    "SG-3",
                    f"{c.get_kind_display()}: acknowledgement",
                    about,
                    ack_due,
                    "safeguarding:complaint_detail",
                    c.pk,
                )
            )
        if c.responded_on is None and resp_due < today:
            found.append(
                Overdue(
                    "SG-3", f"{c.get_kind_display()}: response", about, resp_due, "safeguarding:complaint_detail", c.pk
                )
            )
    unsent = StatutoryNotification.objects.filter(
        recorded_in_error=False, sent_on__isnull=True, due_on__lt=today
    ).select_related("person")
    for n in unsent:
        found.append(
            Overdue(
                "SG-4",
                f"CQC notification: {n.get_kind_display().lower()}",
                n.person.full_name if n.person else "",
                n.due_on,
                "safeguarding:notification_detail",
                n.pk,
            )
        )
    unreviewed = _open(SafeguardingConcern).filter(reviewed_on__isnull=True, raised_on__lt=today - timedelta(days=1))
    for c in unreviewed.select_related("person"):
        due = add_working_days(c.raised_on, 1)
        if due < today:
            found.append(
                Overdue(
                    "SG-5",
                    "Safeguarding concern: management review",
                    c.person.full_name,
                    due,
                    "safeguarding:concern_detail",
                    c.pk,
                )
            )
    return sorted(found, key=lambda o: (o.due_on, o.rule, o.pk))


@dataclass
class Month:
    start: date
    incidents: int = 0
    complaints: int = 0
    compliments: int = 0

    @property
    def label(self) -> str:
        return f"{self.start:%b %Y}"

    @property
    def short(self) -> str:
        return f"{self.start:%b}"


def _month_starts(today: date) -> list[date]:
    year, month = today.year, today.month
    starts = []
    for _ in range(MONTHS):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def by_month(today: date) -> list[Month]:
    """Incidents, complaints (with concerns) and compliments received each month, for 12 months (two queries)."""
    months = {start: Month(start) for start in _month_starts(today)}
    first = min(months)
    incidents = (
        Incident.objects.filter(recorded_in_error=False, occurred_at__gte=_start(first))
        .annotate(month=TruncMonth("occurred_at"))
        .values("month")
        .annotate(n=Count("pk"))
    )
    for row in incidents:
        month = timezone.localtime(row["month"]).date() if isinstance(row["month"], datetime) else row["month"]
        if month in months:
            months[month].incidents = row["n"]
    complaints = (
        Complaint.objects.filter(recorded_in_error=False, received_on__gte=first)
        .annotate(month=TruncMonth("received_on"))
        .values("month")
        .annotate(
            complaints=Count("pk", filter=~Q(kind=ComplaintKind.COMPLIMENT)),
            compliments=Count("pk", filter=Q(kind=ComplaintKind.COMPLIMENT)),
        )
    )
    for row in complaints:
        if row["month"] in months:
            months[row["month"]].complaints = row["complaints"]
            months[row["month"]].compliments = row["compliments"]
    return list(months.values())


@dataclass
class Bar:
    x: float
    y: float
    height: float
    value: int
    series: str
    month: str


def chart(months: list[Month], *, width: int = 720, height: int = 240) -> dict:
    """The bars of a server-rendered SVG chart (no JavaScript): incidents and complaints side by side each month."""
    top = max([1, *(m.incidents for m in months), *(m.complaints for m in months)])
    plot_height, left, bottom = height - 40, 30, height - 24
    group = (width - left) / len(months)
    bar = group * 0.35
    bars, labels = [], []
    for i, m in enumerate(months):
        x = left + i * group + group * 0.1
        for j, (series, value) in enumerate((("Incidents", m.incidents), ("Complaints", m.complaints))):
            h = plot_height * value / top
            bars.append(Bar(round(x + j * bar, 1), round(bottom - h, 1), round(h, 1), value, series, m.label))
        labels.append((round(left + i * group + group / 2, 1), m.short))
    return {
        "bar_width": round(bar - 2, 1),
        "width": width,
        "height": height,
        "bars": bars,
        "labels": labels,
        "top": top,
        "bottom": bottom,
        "left": left,
    }


def notifications_log(limit: int = 20):
    """The latest CQC notifications (one query)."""
    return list(
        StatutoryNotification.objects.select_related("person", "sent_by", "recorded_by").order_by("-due_on", "-pk")[
            :limit
        ]
    )
