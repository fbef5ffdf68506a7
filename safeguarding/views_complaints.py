"""Complaints, concerns and compliments (SG-3) and CQC notifications (SG-4): record, read, and take each step.

As for concerns and incidents (safeguarding/views.py): the role's permission first (403), then the record through
safeguarding.access (SG-6: a record the user may not read is a 404). Form pages are ServiceFormViews.
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView

from placements.models import Notice, Person
from safeguarding import access, complaints, forms_complaints
from safeguarding.models import Complaint, ComplaintKind, Incident, RecordStatus, SafeguardingConcern
from safeguarding.models import StatutoryNotification as Notification
from safeguarding.queries import CLOSED_LAST, Step
from safeguarding.views import PER_PAGE, CloseStep, DecisionStep, InErrorStep, RecordMixin, ReviewStep
from sharedlives.dates import today
from sharedlives.formviews import ServiceFormView
from sharedlives.models import SchemePolicy
from sharedlives.permissions import RoleRequiredMixin
from sharedlives.roles import is_manager

# Complaints (SG-3) ----------------------------------------------------------------------------------------------


def complaint_steps(complaint: Complaint, user, *, manager: bool) -> list[Step]:
    """What `user` may do next on the complaint (no query)."""
    if complaint.recorded_in_error:
        return []
    pk = complaint.pk
    is_open = complaint.status != RecordStatus.CLOSED
    not_author = complaint.recorded_by_id != user.pk
    compliment = complaint.kind == ComplaintKind.COMPLIMENT
    steps = []
    if is_open and not compliment and complaint.acknowledged_on is None:
        steps.append(
            Step("Record the acknowledgement", reverse("safeguarding:complaint_acknowledge", args=[pk]), False)
        )
    if is_open and not compliment and complaint.responded_on is None:
        steps.append(Step("Record the response", reverse("safeguarding:complaint_respond", args=[pk])))
    if is_open and not compliment and complaint.responded_on and complaint.escalated_to != "ombudsman":
        steps.append(Step("Record an escalation", reverse("safeguarding:complaint_escalate", args=[pk])))
    if is_open and manager and not_author and complaint.reviewed_on is None:
        steps.append(Step("Review", reverse("safeguarding:complaint_review", args=[pk])))
    if is_open and manager and not_author and complaint.reviewed_on is not None:
        steps.append(Step("Close", reverse("safeguarding:complaint_close", args=[pk])))
    if manager:
        steps.append(Step("Mark as recorded in error", reverse("safeguarding:complaint_in_error", args=[pk])))
    return steps


class ComplaintListView(RoleRequiredMixin, TemplateView):
    """The complaints, concerns and compliments this user may read (SG-6), open first, with their deadlines (SG-3)."""

    permission_required = "safeguarding.view_complaint"
    template_name = "safeguarding/complaint_list.html"

    def get_context_data(self, **kwargs):
        found = access.readable_by(self.request.user, Complaint.objects.all())
        found = found.select_related("person", "household").order_by(
            "recorded_in_error", CLOSED_LAST, "-received_on", "-pk"
        )
        page = Paginator(found, PER_PAGE).get_page(self.request.GET.get("page"))
        policy = SchemePolicy.current()
        rows = [(c, complaints.complaint_deadlines(c, policy), complaints.complaint_stage(c)) for c in page]
        return super().get_context_data(page_obj=page, rows=rows, today=today(), **kwargs)


class RecordComplaintView(ServiceFormView):
    """SG-3: record a complaint, concern or compliment; ?person= links it to a person and one of their placements."""

    permission_required = "safeguarding.add_complaint"
    creates = True
    form_class = forms_complaints.ComplaintForm
    title = "Record a complaint, concern or compliment"
    intro = (
        "A complaint or concern is acknowledged and answered within the scheme's working-day limits (SG-3). "
        "Compliments are recorded too: they are evidence for the CQC."
    )
    button = "Record it"

    @cached_property
    def person(self):
        pk = self.request.GET.get("person", "")
        return get_object_or_404(Person, pk=pk) if pk.isdigit() else None

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"person": self.person}

    def get_initial(self):
        return {"received_on": today(), "kind": ComplaintKind.COMPLAINT}

    def household(self):
        """The household it is about when no placement says so (reviews' contact → complaint)."""
        return None

    def act(self, form):
        data = dict(form.cleaned_data)
        return complaints.record_complaint(by=self.request.user, person=self.person, household=self.household(), **data)

    def back_url(self):
        if self.person:
            return reverse("placements:person_detail", args=[self.person.pk])
        return reverse("safeguarding:complaint_list")

    def get_success_url(self):
        return reverse("safeguarding:complaint_detail", args=[self.object.pk])

    def get_success_message(self):
        return f"{self.object.get_kind_display()} recorded"


class ComplaintMixin(RecordMixin):
    model = Complaint
    pk_kwarg = "complaint_pk"
    detail = "safeguarding:complaint_detail"
    related = ("person", "household__allocated_officer", "placement", "recorded_by", "reviewed_by", "closed_by")

    def caption(self) -> str:
        person = f" – {self.record.person.full_name}" if self.record.person else ""
        return f"{self.record}{person}"


class ComplaintDetailView(ComplaintMixin, RoleRequiredMixin, TemplateView):
    permission_required = "safeguarding.view_complaint"
    template_name = "safeguarding/complaint_detail.html"
    related = (*ComplaintMixin.related, "recorded_in_error_by")

    def get_context_data(self, **kwargs):
        complaint = self.record
        user = self.request.user
        return super().get_context_data(
            complaint=complaint,
            deadlines=complaints.complaint_deadlines(complaint),
            stage=complaints.complaint_stage(complaint),
            steps=complaint_steps(complaint, user, manager=is_manager(user)),
            today=today(),
            **kwargs,
        )


class ComplaintStepView(ComplaintMixin, ServiceFormView):
    permission_required = "safeguarding.change_complaint"


class DatedStep(DecisionStep):
    """A step the form dates, today unless changed: `dated` names the form's date field."""

    dated = ""

    def get_initial(self):
        return {self.dated: today()}


class AcknowledgeComplaintView(DatedStep, ComplaintStepView):
    dated = "acknowledged_on"
    decide = staticmethod(complaints.acknowledge_complaint)
    form_class = forms_complaints.AcknowledgeForm
    title = "Record the acknowledgement"
    button = "Save acknowledgement"
    success_message = "Acknowledgement recorded"


class RespondComplaintView(DatedStep, ComplaintStepView):
    dated = "responded_on"
    decide = staticmethod(complaints.respond_to_complaint)
    form_class = forms_complaints.RespondForm
    title = "Record the response"
    intro = "The outcome and what the scheme learned (SG-3)."
    button = "Save response"
    success_message = "Response recorded"


class EscalateComplaintView(DatedStep, ComplaintStepView):
    dated = "escalated_on"
    decide = staticmethod(complaints.escalate_complaint)
    form_class = forms_complaints.EscalateForm
    title = "Record an escalation"
    intro = "The complainant took it to the council's complaints procedure or the Ombudsman (SG-3)."
    button = "Save escalation"
    success_message = "Escalation recorded"


class ReviewComplaintView(ReviewStep, ComplaintStepView):
    permission_required = "safeguarding.review_complaint"
    decide = staticmethod(complaints.review_complaint)
    title = "Review"


class CloseComplaintView(CloseStep, ComplaintStepView):
    permission_required = "safeguarding.review_complaint"
    decide = staticmethod(complaints.close_complaint)
    title = "Close"
    intro = "Closed by the management team, not by the person who recorded it (SG-5, AUD-2)."
    button = "Close"
    success_message = "Closed"


class ComplaintInErrorView(InErrorStep, ComplaintStepView):
    permission_required = "safeguarding.review_complaint"


# CQC notifications (SG-4) ---------------------------------------------------------------------------------------


class NotificationListView(RoleRequiredMixin, TemplateView):
    """The CQC notifications log: those this user may read (SG-6), not yet sent first."""

    permission_required = "safeguarding.view_statutorynotification"
    template_name = "safeguarding/notification_list.html"

    def get_context_data(self, **kwargs):
        found = access.readable_by(self.request.user, Notification.objects.all())
        found = found.select_related("person", "sent_by").order_by(
            "recorded_in_error", F("sent_on").desc(nulls_first=True), "-due_on", "-pk"
        )
        page = Paginator(found, PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(page_obj=page, notifications=page.object_list, today=today(), **kwargs)


class RecordNotificationView(ServiceFormView):
    """SG-4: ?concern=, ?incident= or ?ending= prefills the kind and the day from the record that prompted it."""

    permission_required = "safeguarding.add_statutorynotification"
    creates = True
    form_class = forms_complaints.NotificationForm
    title = "Notify the CQC"
    intro = "A notification is due without delay: the next working day after the event is known (SG-4)."
    button = "Record notification"
    success_message = "Notification recorded"

    @cached_property
    def source(self) -> dict:
        user, get = self.request.user, self.request.GET
        for name, queryset in (
            ("concern", SafeguardingConcern.objects.select_related("person", "household")),
            ("incident", Incident.objects.select_related("person", "household")),
        ):
            if get.get(name, "").isdigit():
                return {name: access.record_for(user, queryset, get[name])}
        if get.get("ending", "").isdigit():
            ending = get_object_or_404(Notice.objects.select_related("placement__person"), pk=get["ending"])
            if ending.placement is None:
                raise Http404("No such ending.")
            return {"ending": ending}
        return {}

    def prompt(self):
        prompts = {"concern": complaints.concern_prompt, "incident": complaints.incident_prompt}
        for name, record in self.source.items():
            return prompts.get(name, complaints.ending_prompt)(record)
        return None

    def get_initial(self):
        prompt = self.prompt()
        return {"kind": prompt.kind, "event_on": prompt.event_on} if prompt else {"event_on": today()}

    def caption(self):
        for record in self.source.values():
            return str(record)
        return ""

    def act(self, form):
        return complaints.record_notification(by=self.request.user, **self.source, **form.cleaned_data)

    def back_url(self):
        for name, record in self.source.items():
            if name == "ending":
                return reverse("placements:placement_detail", args=[record.placement_id])
            return reverse(f"safeguarding:{name}_detail", args=[record.pk])
        return reverse("safeguarding:notification_list")

    def get_success_url(self):
        return reverse("safeguarding:notification_detail", args=[self.object.pk])


class NotificationMixin(RecordMixin):
    model = Notification
    pk_kwarg = "notification_pk"
    detail = "safeguarding:notification_detail"
    related = (
        "person",
        "concern__household__allocated_officer",
        "incident__household__allocated_officer",
        "ending__placement__household__allocated_officer",
        "recorded_by",
        "sent_by",
    )

    def caption(self) -> str:
        return str(self.record)


class NotificationDetailView(NotificationMixin, RoleRequiredMixin, TemplateView):
    permission_required = "safeguarding.view_statutorynotification"
    template_name = "safeguarding/notification_detail.html"
    related = (*NotificationMixin.related, "recorded_in_error_by")

    def get_context_data(self, **kwargs):
        notification = self.record
        user = self.request.user
        steps = []
        if not notification.recorded_in_error and user.has_perm("safeguarding.send_statutorynotification"):
            pk = notification.pk
            if notification.sent_on is None:
                steps.append(Step("Record as sent", reverse("safeguarding:notification_sent", args=[pk]), False))
            steps.append(Step("Mark as recorded in error", reverse("safeguarding:notification_in_error", args=[pk])))
        return super().get_context_data(notification=notification, steps=steps, today=today(), **kwargs)


class NotificationStepView(NotificationMixin, ServiceFormView):
    permission_required = "safeguarding.send_statutorynotification"


class NotificationSentView(DecisionStep, NotificationStepView):
    decide = staticmethod(complaints.mark_notification_sent)
    form_class = forms_complaints.SentForm
    title = "Record the notification as sent"
    intro = "What was sent to the CQC, when, and its reference (SG-4)."
    button = "Save"
    success_message = "Notification recorded as sent"

    def get_initial(self):
        return {"sent_on": today(), "what_was_sent": self.record.what_was_sent}


class NotificationInErrorView(InErrorStep, NotificationStepView):
    pass
