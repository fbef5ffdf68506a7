"""Safeguarding concerns and incidents: raise or record, read, and take each step (SG-1, SG-2, SG-5, SAFE-4).

Every view checks the role's permission first (RoleRequiredMixin, 403), then the record (safeguarding.access,
SG-6: a record the user may not read is a 404, as if it did not exist). Form pages are ServiceFormViews: one form,
one service.
"""

from functools import cached_property

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView, View

from placements.models import EndingReason, Notice, Person, Placement
from safeguarding import access, forms, queries, services
from safeguarding.models import Incident, IncidentAction, SafeguardingConcern
from sharedlives.dates import today
from sharedlives.errors import RuleViolation
from sharedlives.formviews import ServiceFormView
from sharedlives.permissions import RoleRequiredMixin
from sharedlives.roles import is_manager

PER_PAGE = 30


class PersonMixin:
    """`person_pk` in the URL: the person the concern or incident is about."""

    @cached_property
    def person(self) -> Person:
        return get_object_or_404(Person, pk=self.kwargs["person_pk"])

    def caption(self) -> str:
        return self.person.full_name

    def back_url(self) -> str:
        return reverse("placements:person_detail", args=[self.person.pk])

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"person": self.person}

    def placement_initial(self) -> dict:
        """?placement= or ?household= (one of the person's placements there) preselects the household."""
        placement = self.request.GET.get("placement", "")
        household = self.request.GET.get("household", "")
        found = None
        if placement.isdigit():
            found = Placement.objects.filter(pk=placement, person=self.person).values_list("pk", flat=True).first()
        elif household.isdigit():
            found = (
                Placement.objects.filter(household_id=household, person=self.person)
                .order_by("-starts_on")
                .values_list("pk", flat=True)
                .first()
            )
        return {"placement": found} if found else {}


class RecordMixin:
    """The concern or incident in the URL, fetched for this user: 404 unless they may read it (SG-6)."""

    model = SafeguardingConcern
    pk_kwarg = "concern_pk"
    detail = "safeguarding:concern_detail"
    related = ("person", "household__allocated_officer", "placement", "raised_by", "reviewed_by", "closed_by")

    @cached_property
    def record(self):
        queryset = self.model.objects.select_related(*self.related)
        return access.record_for(self.request.user, queryset, self.kwargs[self.pk_kwarg])

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_permission():
            self.record  # noqa: B018 -- 404 before anything else when the user may not read it
        return super().dispatch(request, *args, **kwargs)

    def back_url(self) -> str:
        return reverse(self.detail, args=[self.record.pk])

    def caption(self) -> str:
        return f"{self.record} – {self.record.person.full_name}"


class RecordListView(RoleRequiredMixin, TemplateView):
    """The records of one kind this user may read (SG-6), open first; 30 a page, a fixed number of queries."""

    title = ""
    context_object_name = ""

    def records(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        page = Paginator(self.records(), PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page_obj=page, title=self.title, **{self.context_object_name: page.object_list}, today=today(), **kwargs
        )


class DecisionStep:
    """A step whose service takes the record, the acting user and the form's answers as they are: `decide` names it
    (a review, a close, lifting a hold, marking recorded in error)."""

    decide = None  # staticmethod(services.<step>)

    def act(self, form):
        return self.decide(self.record, by=self.request.user, **form.cleaned_data)


class ReasonStep(DecisionStep):
    """A decision that says only why (ReasonForm), under `reason_label`."""

    form_class = forms.ReasonForm
    reason_label = "Reason"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"label": self.reason_label}


class InErrorStep(ReasonStep):
    """Nothing is deleted: the management team marks a concern or an incident as recorded in error, with a reason."""

    decide = staticmethod(services.mark_recorded_in_error)
    reason_label = "Why it was recorded in error"
    title = "Mark as recorded in error"
    intro = "The record is kept, struck through, and no longer counts. Nothing is deleted."
    button = "Mark as recorded in error"
    success_message = "Marked as recorded in error"


class ReviewStep(DecisionStep):
    """SG-5: the management team's review of a concern or an incident."""

    form_class = forms.ReviewForm
    button = "Save review"
    success_message = "Review recorded"


class CloseStep(DecisionStep):
    """SG-5, AUD-2: the management team closes a concern or an incident (the form only confirms)."""

    form_class = forms.ConfirmForm

    def act(self, form):
        return self.decide(self.record, by=self.request.user)


# Concerns -------------------------------------------------------------------------------------------------------


class ConcernListView(RecordListView):
    """The concerns this user may read (SG-6), open first."""

    permission_required = "safeguarding.view_safeguardingconcern"
    template_name = "safeguarding/concern_list.html"
    title = "Safeguarding concerns"
    context_object_name = "concerns"

    def records(self):
        return queries.concerns_for(self.request.user, status=self.request.GET.get("status", ""))


class RaiseConcernView(PersonMixin, ServiceFormView):
    """SG-1: raise a concern; an allegation against a household puts it on hold in the same step (SAFE-4)."""

    permission_required = "safeguarding.add_safeguardingconcern"
    creates = True
    form_class = forms.ConcernForm
    title = "Raise a safeguarding concern"
    intro = (
        "The person's wellbeing comes first. The management team reviews every concern within one working day "
        "(SG-5), and decides on the referral to the council's safeguarding team (SG-1)."
    )
    button = "Raise concern"

    def get_initial(self):
        return {"raised_on": today(), "allegation_against_household": "no"} | self.placement_initial()

    def act(self, form):
        return services.raise_concern(person=self.person, by=self.request.user, **form.service_kwargs())

    def get_success_url(self):
        return reverse("safeguarding:concern_detail", args=[self.object.pk])

    def get_success_message(self):
        held = f": {self.object.household.name} is on hold (SAFE-4)" if self.object.hold_placed_on else ""
        return f"Safeguarding concern raised{held}. The management team will review it."


class ConcernDetailView(RecordMixin, RoleRequiredMixin, TemplateView):
    permission_required = "safeguarding.view_safeguardingconcern"
    template_name = "safeguarding/concern_detail.html"
    related = (*RecordMixin.related, "hold_lifted_by", "recorded_in_error_by", "alleged_carer", "alleged_member")

    def get_context_data(self, **kwargs):
        concern = self.record
        user = self.request.user
        manager = is_manager(user)
        return super().get_context_data(
            concern=concern,
            steps=queries.concern_steps(
                concern,
                user,
                manager=manager,
                removal_to_link=concern.ending_id is None
                and Notice.objects.filter(
                    placement__person=concern.person_id, exceptional_ending=EndingReason.SAFEGUARDING
                ).exists(),
            ),
            ending=concern.ending
            and Notice.objects.select_related("placement", "admin_payment").get(pk=concern.ending_id),
            **kwargs,
        )


class ConcernStepView(RecordMixin, ServiceFormView):
    """One step on a concern: a form, a service, back to the concern."""

    permission_required = "safeguarding.change_safeguardingconcern"

    def get_success_url(self):
        return self.back_url()


class EditConcernView(ConcernStepView):
    form_class = forms.EditConcernForm
    title = "Edit the concern"
    button = "Save changes"
    success_message = "Concern updated"

    def get_initial(self):
        return {name: getattr(self.record, name) for name in self.form_class.base_fields}

    def act(self, form):
        return services.edit_concern(self.record, by=self.request.user, **form.cleaned_data)


class ReviewConcernView(ReviewStep, ConcernStepView):
    permission_required = "safeguarding.review_safeguardingconcern"
    decide = staticmethod(services.review_concern)
    title = "Review the concern"
    intro = "The management team reviews a concern within one working day of it being raised (SG-5)."


class ReferralView(ConcernStepView):
    form_class = forms.ReferralForm
    title = "Council safeguarding referral"
    intro = "The referral to the council's safeguarding team, or the management team's reason for not referring (SG-1)."
    button = "Save referral"
    success_message = "Council referral recorded"

    def act(self, form):
        data = form.cleaned_data
        return services.record_council_referral(
            self.record,
            by=self.request.user,
            referred_on=data.get("referred_on"),
            reference=data.get("reference", ""),
            no_referral_reason=data.get("no_referral_reason", ""),
        )


class OutcomeView(ConcernStepView):
    form_class = forms.OutcomeForm
    title = "Outcome and lessons learned"
    button = "Save outcome"
    success_message = "Outcome recorded"

    def get_initial(self):
        return {"outcome": self.record.outcome, "lessons_learned": self.record.lessons_learned}

    def act(self, form):
        return services.record_outcome(self.record, by=self.request.user, **form.cleaned_data)


class LiftHoldView(ReasonStep, ConcernStepView):
    permission_required = "safeguarding.review_safeguardingconcern"
    decide = staticmethod(services.lift_hold)
    reason_label = "Why the hold is lifted"
    title = "Lift the household's hold"
    intro = "The household takes new arrangements and break cover again once the hold is lifted (SAFE-4)."
    button = "Lift hold"
    success_message = "Hold lifted"


class CloseConcernView(CloseStep, ConcernStepView):
    permission_required = "safeguarding.review_safeguardingconcern"
    decide = staticmethod(services.close_concern)
    title = "Close the concern"
    intro = "Closed by the management team, not by the person who raised it (SG-5, AUD-2)."
    button = "Close concern"
    success_message = "Concern closed"


class ConcernInErrorView(InErrorStep, ConcernStepView):
    permission_required = "safeguarding.review_safeguardingconcern"


class LinkEndingView(ConcernStepView):
    """END-8: the placement ending (a safeguarding removal) this concern led to."""

    form_class = forms.EndingForm
    title = "Link the placement ending"
    intro = "An ending for a safeguarding reason may bring an administrative payment to the carer (END-8)."
    button = "Link ending"
    success_message = "Ending linked"

    def get_form_kwargs(self):
        endings = Notice.objects.filter(
            placement__person=self.record.person, exceptional_ending=EndingReason.SAFEGUARDING
        ).select_related("placement__household")
        return super().get_form_kwargs() | {"endings": endings}

    def act(self, form):
        return services.link_ending(self.record, ending=form.cleaned_data["ending"], by=self.request.user)


# Incidents (SG-2) --------------------------------------------------------------------------------------------


class IncidentListView(RecordListView):
    permission_required = "safeguarding.view_incident"
    template_name = "safeguarding/incident_list.html"
    title = "Incidents and accidents"
    context_object_name = "incidents"

    def records(self):
        return queries.incidents_for(self.request.user)


class RecordIncidentView(PersonMixin, ServiceFormView):
    permission_required = "safeguarding.add_incident"
    creates = True
    form_class = forms.IncidentForm
    title = "Record an incident or accident"
    intro = "The family or representative is told when the person is taken ill or into hospital (SG-2)."
    button = "Record incident"
    success_message = "Incident recorded"

    def get_initial(self):
        return {"occurred_on": today()} | self.placement_initial()

    def act(self, form):
        return services.record_incident(person=self.person, by=self.request.user, **form.service_kwargs())

    def get_success_url(self):
        return reverse("safeguarding:incident_detail", args=[self.object.pk])


class IncidentMixin(RecordMixin):
    model = Incident
    pk_kwarg = "incident_pk"
    detail = "safeguarding:incident_detail"
    related = ("person", "household__allocated_officer", "placement", "recorded_by", "reviewed_by", "closed_by")


class IncidentDetailView(IncidentMixin, RoleRequiredMixin, TemplateView):
    permission_required = "safeguarding.view_incident"
    template_name = "safeguarding/incident_detail.html"

    def get_context_data(self, **kwargs):
        incident = self.record
        user = self.request.user
        actions = list(incident.actions.select_related("owner", "done_by"))
        return super().get_context_data(
            incident=incident,
            actions=actions,
            steps=queries.incident_steps(incident, user, manager=is_manager(user), actions=actions),
            may_complete_actions=user.has_perm("safeguarding.change_incidentaction") and not incident.recorded_in_error,
            today=today(),
            **kwargs,
        )


class IncidentStepView(IncidentMixin, ServiceFormView):
    permission_required = "safeguarding.change_incident"


class EditIncidentView(IncidentStepView):
    form_class = forms.EditIncidentForm
    title = "Edit the incident"
    button = "Save changes"
    success_message = "Incident updated"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"person": self.record.person}

    def get_initial(self):
        return forms.incident_initial(self.record)

    def act(self, form):
        return services.edit_incident(self.record, by=self.request.user, **form.service_kwargs())


class AddIncidentActionView(IncidentStepView):
    permission_required = "safeguarding.add_incidentaction"
    form_class = forms.IncidentActionForm
    title = "Add a follow-up action"
    button = "Add action"
    success_message = "Action added"

    def act(self, form):
        return services.add_incident_action(self.record, by=self.request.user, **form.cleaned_data)


class CompleteIncidentActionView(IncidentMixin, RoleRequiredMixin, View):
    """POST only: mark one of the incident's actions done today."""

    permission_required = "safeguarding.change_incidentaction"
    http_method_names = ["post"]

    def post(self, request, incident_pk):
        form = forms.CompleteActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose the action to mark as done.")
            return redirect(self.back_url())
        action = get_object_or_404(IncidentAction, pk=form.cleaned_data["action"], incident=self.record)
        try:
            services.complete_incident_action(action, by=request.user)
        except RuleViolation as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Action marked as done")
        return redirect(self.back_url())


class ReviewIncidentView(ReviewStep, IncidentStepView):
    permission_required = "safeguarding.review_incident"
    decide = staticmethod(services.review_incident)
    title = "Review the incident"


class CloseIncidentView(CloseStep, IncidentStepView):
    permission_required = "safeguarding.review_incident"
    decide = staticmethod(services.close_incident)
    title = "Close the incident"
    intro = "Closed by the management team, not by the person who recorded it (SG-5, AUD-2)."
    button = "Close incident"
    success_message = "Incident closed"


class IncidentInErrorView(InErrorStep, IncidentStepView):
    permission_required = "safeguarding.review_incident"
