"""The management team's "Quality and safety" page and its CSV exports (SG-6). Management team only
(safeguarding.view_quality): it reads every record, so no per-record check is needed."""

from functools import cached_property

from django.views.generic import TemplateView, View

from safeguarding import complaints, queries_quality
from safeguarding.models import Complaint, Incident, StatutoryNotification
from sharedlives.csvexport import csv_response
from sharedlives.dates import today
from sharedlives.models import SchemePolicy
from sharedlives.permissions import RoleRequiredMixin

PERMISSION = "safeguarding.view_quality"


class QualityView(RoleRequiredMixin, TemplateView):
    permission_required = PERMISSION
    template_name = "safeguarding/quality.html"

    def get_context_data(self, **kwargs):
        on = today()
        months = queries_quality.by_month(on)
        return super().get_context_data(
            today=on,
            bands=[label for _, _, label in queries_quality.AGE_BANDS],
            open_items=queries_quality.open_items(on),
            overdue=[(o, o.days_overdue(on)) for o in queries_quality.overdue(on)],
            months=months,
            chart=queries_quality.chart(months),
            notifications=queries_quality.notifications_log(),
            **kwargs,
        )


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


class QualityCsvView(RoleRequiredMixin, View):
    """One CSV of the records of one kind, oldest first: `records()`, one `row()` each, under `header`."""

    permission_required = PERMISSION
    filename = ""
    header: list[str] = []

    def records(self):
        raise NotImplementedError

    def row(self, record) -> list:
        raise NotImplementedError

    def get(self, request):
        rows = (self.row(record) for record in self.records().iterator(chunk_size=500))
        return csv_response(f"{self.filename}-{today():%Y-%m-%d}.csv", self.header, rows)


class ComplaintsCsvView(QualityCsvView):
    filename = "complaints"
    header = [
        "id",
        "kind",
        "from",
        "name",
        "person",
        "household",
        "received on",
        "acknowledge by",
        "acknowledged on",
        "respond by",
        "responded on",
        "outcome",
        "learning",
        "escalated to",
        "escalated on",
        "stage",
        "recorded by",
        "about",
    ]

    @cached_property
    def policy(self):
        return SchemePolicy.current()

    def records(self):
        return Complaint.objects.select_related("person", "household", "recorded_by").order_by("received_on", "pk")

    def row(self, c) -> list:
        due = complaints.complaint_deadlines(c, self.policy)
        return [
            c.pk,
            c.get_kind_display(),
            c.get_from_whom_display(),
            c.from_name,
            c.person.full_name if c.person else "",
            c.household.name if c.household else "",
            c.received_on,
            due.acknowledge_by,
            c.acknowledged_on,
            due.respond_by,
            c.responded_on,
            c.get_outcome_display() if c.outcome else "",
            c.learning,
            c.get_escalated_to_display(),
            c.escalated_on,
            complaints.complaint_stage(c),
            _name(c.recorded_by),
            c.about,
        ]


class IncidentsCsvView(QualityCsvView):
    filename = "incidents"
    header = [
        "id",
        "occurred at",
        "person",
        "household",
        "where",
        "injury",
        "medical attention",
        "hospital admission",
        "taken ill",
        "family told on",
        "status",
        "recorded in error",
        "recorded by",
        "what happened",
    ]

    def records(self):
        return Incident.objects.select_related("person", "household", "recorded_by").order_by("occurred_at", "pk")

    def row(self, i) -> list:
        return [
            i.pk,
            i.occurred_at,
            i.person.full_name,
            i.household.name if i.household else "",
            i.location,
            i.injury,
            i.medical_attention,
            i.hospital_admission,
            i.taken_ill,
            i.family_informed_on,
            i.get_status_display(),
            i.recorded_in_error,
            _name(i.recorded_by),
            i.what_happened,
        ]


class NotificationsCsvView(QualityCsvView):
    filename = "cqc-notifications"
    header = [
        "id",
        "kind",
        "person",
        "event on",
        "due on",
        "sent on",
        "sent by",
        "CQC reference",
        "recorded in error",
        "recorded by",
        "what was sent",
    ]

    def records(self):
        return StatutoryNotification.objects.select_related("person", "sent_by", "recorded_by").order_by(
            "event_on", "pk"
        )

    def row(self, n) -> list:
        return [
            n.pk,
            n.get_kind_display(),
            n.person.full_name if n.person else "",
            n.event_on,
            n.due_on,
            n.sent_on,
            _name(n.sent_by),
            n.cqc_reference,
            n.recorded_in_error,
            _name(n.recorded_by),
            n.what_was_sent,
        ]
