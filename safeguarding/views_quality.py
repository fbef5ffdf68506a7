"""The management team's "Quality and safety" page and its CSV exports (SG-6). Management team only
(safeguarding.view_quality): it reads every record, so no per-record check is needed."""

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


class ComplaintsCsvView(RoleRequiredMixin, View):
    permission_required = PERMISSION

    def get(self, request):
        policy = SchemePolicy.current()
        found = Complaint.objects.select_related("person", "household", "recorded_by").order_by("received_on", "pk")

        def rows():
            for c in found.iterator(chunk_size=500):
                due = complaints.complaint_deadlines(c, policy)
                yield [
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
        return csv_response(f"complaints-{today():%Y-%m-%d}.csv", header, rows())


class IncidentsCsvView(RoleRequiredMixin, View):
    permission_required = PERMISSION

    def get(self, request):
        found = Incident.objects.select_related("person", "household", "recorded_by").order_by("occurred_at", "pk")

        def rows():
            for i in found.iterator(chunk_size=500):
                yield [
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
        return csv_response(f"incidents-{today():%Y-%m-%d}.csv", header, rows())


class NotificationsCsvView(RoleRequiredMixin, View):
    permission_required = PERMISSION

    def get(self, request):
        found = StatutoryNotification.objects.select_related("person", "sent_by", "recorded_by").order_by(
            "event_on", "pk"
        )

        def rows():
            for n in found.iterator(chunk_size=500):
                yield [
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
        return csv_response(f"cqc-notifications-{today():%Y-%m-%d}.csv", header, rows())
