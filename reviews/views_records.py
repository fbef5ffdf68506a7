"""The forms an officer records day to day: contacts, reviews, risk assessments, changes of needs and requests
for additional funding; the management team's decision on a request; the review and change pages.
Each form page is a ServiceFormView (reviews/views.py): one form, one service call.
"""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from carers.models import CarerHousehold
from placements.models import Placement
from reviews import forms, services
from reviews.models import (
    PLACEMENT_KINDS,
    AdditionalFundingRequest,
    ChangeOfNeeds,
    Contact,
    Review,
    ReviewAction,
    ReviewKind,
)
from reviews.queries import my_households
from reviews.views import (
    ChangeMixin,
    HouseholdMixin,
    PlacementMixin,
    ServiceFormView,
    safe_next,
)
from safeguarding import views as safeguarding_views
from safeguarding.models import ComplaintKind
from safeguarding.views_complaints import RecordComplaintView
from sharedlives.approvals import PendingApproval
from sharedlives.dates import long_date, today
from sharedlives.decisions import DecideView
from sharedlives.history import user_name
from sharedlives.models import ApprovalOutcome
from sharedlives.permissions import RoleRequiredMixin
from sharedlives.workdays import add_working_days

# Contacts ------------------------------------------------------------------------------------------------


class LogContactView(HouseholdMixin, ServiceFormView):
    """REV-2, PLA-4: a contact is a case note; a concern raised flags it to the management team."""

    permission_required = "reviews.add_contact"
    creates = True
    form_class = forms.ContactForm
    title = "Log a contact"
    button = "Log contact"
    success_message = "Contact logged"
    field_map = {"occurred_at": "occurred_on"}

    def get_initial(self):
        initial = {"occurred_on": today(), "with_whom": "carer"}
        placement = self.request.GET.get("placement", "")
        if placement.isdigit():
            initial["placement"] = int(placement)
        return initial

    def act(self, form):
        return services.log_contact(household=self.household, by=self.request.user, **form.service_kwargs())

    def get_success_message(self):
        suffix = ": the management team will see the concern" if self.object.concern_raised else ""
        return f"Contact logged{suffix}"


class QuickContactView(ServiceFormView):
    """My work's quick form: one of my households, how, and a summary; now, with the carer."""

    permission_required = "reviews.add_contact"
    creates = True
    form_class = forms.QuickContactForm
    title = "Log a contact"
    button = "Log contact"

    def default_back_url(self):
        return reverse("reviews:my_work")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"households": my_households(self.request.user, today())}

    def act(self, form):
        data = form.cleaned_data
        household = get_object_or_404(CarerHousehold, pk=data["household"], allocated_officer=self.request.user)
        self.household = household
        return services.log_contact(
            household=household, method=data["method"], summary=data["summary"], by=self.request.user
        )

    def get_success_message(self):
        return f"Contact logged for {self.household.name}"


class ContactToComplaintView(RecordComplaintView):
    """SG-3, SG-5: a contact with "concern raised" recorded as a complaint or concern in one step, its date and words
    carried over; about the contact's household (and its placement's person, if any)."""

    @cached_property
    def contact(self) -> Contact:
        queryset = Contact.objects.select_related("household", "placement__person")
        return get_object_or_404(queryset, pk=self.kwargs["contact_pk"], concern_raised=True)

    @cached_property
    def person(self):
        return self.contact.placement.person if self.contact.placement_id else None

    def household(self):
        return self.contact.household

    def get_initial(self):
        return super().get_initial() | {
            "kind": ComplaintKind.CONCERN,
            "received_on": timezone.localtime(self.contact.occurred_at).date(),
            "about": self.contact.summary,
            "placement": self.contact.placement_id,
        }

    def back_url(self):
        return reverse("reviews:household_activity", args=[self.contact.household_id])


class ContactToConcernView(safeguarding_views.RaiseConcernView):
    """SG-1: a contact with "concern raised" becomes a safeguarding concern in one step, carrying its text. The person
    is the contact's; for a contact about the household generally, ?person= one of the household's people."""

    @cached_property
    def contact(self) -> Contact:
        queryset = Contact.objects.select_related("household", "placement__person")
        return get_object_or_404(queryset, pk=self.kwargs["contact_pk"], concern_raised=True)

    def people(self):
        return [p.person for p in Placement.objects.filter(household=self.contact.household).select_related("person")]

    @cached_property
    def person(self):
        if self.contact.placement_id:
            return self.contact.placement.person
        chosen = self.request.GET.get("person", "")
        return next((p for p in self.people() if str(p.pk) == chosen), None)

    def get(self, request, *args, **kwargs):
        if self.contact.safeguarding_concern_id:
            return redirect("safeguarding:concern_detail", self.contact.safeguarding_concern_id)
        if self.person is None:
            return render(
                request, "safeguarding/choose_person.html", {"contact": self.contact, "people": self.people()}
            )
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.person is None:
            raise Http404("Choose the person first.")
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        placement = self.contact.placement_id or (
            Placement.objects.filter(household=self.contact.household, person=self.person)
            .order_by("-starts_on")
            .values_list("pk", flat=True)
            .first()
        )
        return super().get_initial() | {
            "raised_on": timezone.localtime(self.contact.occurred_at).date(),
            "description": self.contact.summary,
            "placement": placement,
        }

    def act(self, form):
        return services.raise_concern_from_contact(
            self.contact, person=self.person, by=self.request.user, **form.service_kwargs()
        )


# Putting a contact or review right (AUD-1): edit within the window, else "recorded in error" ----------------


class CorrectionMixin:
    """The contact or review in the URL; refused with 403 unless this user may do this to it now (AUD-1)."""

    model = Contact
    allowed = staticmethod(services.can_edit)

    @cached_property
    def record(self):
        queryset = self.model.objects.select_related("household", "placement__person")
        return get_object_or_404(queryset, pk=self.kwargs[f"{self.model._meta.model_name}_pk"])

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_permission() and not self.allowed(self.record, request.user):
            raise PermissionDenied("Only the person who recorded it, or a manager, can put it right.")
        return super().dispatch(request, *args, **kwargs)

    def default_back_url(self) -> str:
        if self.model is Review:
            return reverse("reviews:review_detail", args=[self.record.pk])
        if self.record.placement_id:
            return reverse("reviews:placement_activity", args=[self.record.placement_id])
        return reverse("reviews:household_activity", args=[self.record.household_id])

    def caption(self) -> str:
        return f"{self.record.household.name}: {self.record}"


class EditContactView(CorrectionMixin, ServiceFormView):
    permission_required = "reviews.change_contact"
    form_class = forms.EditContactForm
    title = "Edit a contact"
    button = "Save changes"
    success_message = "Contact updated: its history keeps what it said before"
    field_map = {"occurred_at": "occurred_on"}

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"contact": self.record}

    def get_initial(self):
        return forms.contact_initial(self.record)

    def act(self, form):
        return services.edit_contact(self.record, by=self.request.user, **form.service_kwargs())


class EditReviewView(CorrectionMixin, ServiceFormView):
    permission_required = "reviews.change_review"
    model = Review
    form_class = forms.EditReviewForm
    title = "Edit a review"
    button = "Save changes"
    success_message = "Review updated: its history keeps what it said before"

    def get_initial(self):
        initial = {name: getattr(self.record, name) for name in services.REVIEW_EDITABLE}
        return initial | {"in_person": "yes" if self.record.in_person else "no"}

    def act(self, form):
        changed = {name: form.cleaned_data[name] for name in services.REVIEW_EDITABLE}
        changed = {name: value for name, value in changed.items() if value != getattr(self.record, name)}
        return services.edit_review(self.record, by=self.request.user, **changed)


class ContactInErrorView(CorrectionMixin, ServiceFormView):
    permission_required = "reviews.change_contact"
    allowed = staticmethod(services.can_mark_in_error)
    form_class = forms.RecordedInErrorForm
    title = "Mark a contact as recorded in error"
    intro = "It stays on the record, struck through with your reason, and no longer counts as a contact (REV-2)."
    button = "Mark as recorded in error"
    success_message = "Contact marked as recorded in error"

    def act(self, form):
        return services.mark_recorded_in_error(self.record, reason=form.cleaned_data["reason"], by=self.request.user)


class ReviewInErrorView(ContactInErrorView):
    permission_required = "reviews.change_review"
    model = Review
    title = "Mark a review as recorded in error"
    intro = "It stays on the record, struck through with your reason, and no longer counts as a review (REV-5)."
    success_message = "Review marked as recorded in error"


# Reviews -------------------------------------------------------------------------------------------------


class RecordReviewView(HouseholdMixin, ServiceFormView):
    """Any review or visit (REV-1, REV-3 … REV-8) with its kind's checks and up to three actions."""

    permission_required = "reviews.add_review"
    creates = True
    form_class = forms.ReviewForm
    template_name = "reviews/review_form.html"
    title = "Record a review"
    button = "Save review"

    def get_initial(self):
        initial = {"held_on": today(), "in_person": "yes"}
        kind = self.request.GET.get("kind", "")
        if kind in ReviewKind.values:
            initial["kind"] = kind
        placement = self.request.GET.get("placement", "")
        if placement.isdigit():
            initial["placement"] = int(placement)
        return initial

    def act(self, form):
        return services.record_review(household=self.household, by=self.request.user, **form.service_kwargs())

    def get_success_message(self):
        return f"{self.object.get_kind_display()} recorded"

    def get_context_data(self, **kwargs):
        return super().get_context_data(placement_kinds=PLACEMENT_KINDS, **kwargs)


class ReviewDetailView(RoleRequiredMixin, TemplateView):
    permission_required = "reviews.view_review"
    template_name = "reviews/review_detail.html"

    def get_context_data(self, **kwargs):
        queryset = Review.objects.select_related(
            "household", "placement__person", "recorded_by", "discussed_with", "recorded_in_error_by"
        )
        review = get_object_or_404(queryset, pk=self.kwargs["review_pk"])
        services.mark_what_user_may_do([review], self.request.user)
        return super().get_context_data(
            review=review,
            actions=list(review.actions.all()),
            recorded_by=user_name(review.recorded_by),
            discussed_with=user_name(review.discussed_with),
            in_error_by=user_name(review.recorded_in_error_by),
            today=today(),
            **kwargs,
        )


class CompleteActionView(RoleRequiredMixin, View):
    """POST only: mark one of the review's actions done today."""

    permission_required = "reviews.change_reviewaction"
    http_method_names = ["post"]

    def post(self, request, review_pk):
        form = forms.CompleteActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose the action to mark as done.")
            return redirect("reviews:review_detail", review_pk)
        action = get_object_or_404(ReviewAction, pk=form.cleaned_data["action"], review_id=review_pk)
        services.complete_action(action, done_on=today(), by=request.user)
        messages.success(request, f"“{action.description}” marked as done")
        return redirect(safe_next(request) or reverse("reviews:review_detail", args=[review_pk]))


# Risk assessments ----------------------------------------------------------------------------------------


class RecordRiskAssessmentView(PlacementMixin, ServiceFormView):
    """REV-7: risk assessments are reviewed on recorded timescales."""

    permission_required = "reviews.add_riskassessment"
    creates = True
    form_class = forms.RiskAssessmentForm
    title = "Record a risk assessment"
    button = "Save risk assessment"

    def get_initial(self):
        return {"done_on": today()}

    def act(self, form):
        return services.record_risk_assessment(placement=self.placement, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return f"Risk assessment recorded: next review by {self.object.next_review_on:%-d %B %Y}"


# Changes of needs ----------------------------------------------------------------------------------------


class RaiseChangeView(PlacementMixin, ServiceFormView):
    """CHG-1: raising the change starts the five working days to meet the carer in person."""

    permission_required = "reviews.add_changeofneeds"
    creates = True
    form_class = forms.ChangeOfNeedsForm
    title = "Raise a change of needs"
    button = "Raise change of needs"

    def get_initial(self):
        return {"raised_on": today()}

    def act(self, form):
        return services.raise_change_of_needs(placement=self.placement, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        due = add_working_days(self.object.raised_on, 5)
        return f"Change of needs raised: meet the carer in person by {due:%-d %B %Y}"

    def get_success_url(self):
        return safe_next(self.request) or reverse("reviews:change_detail", args=[self.object.pk])


class ChangeDetailView(RoleRequiredMixin, TemplateView):
    permission_required = "reviews.view_changeofneeds"
    template_name = "reviews/change_detail.html"

    def get_context_data(self, **kwargs):
        change = get_object_or_404(
            ChangeOfNeeds.objects.select_related(
                "placement__person", "placement__household", "discussed_with", "recorded_by"
            ),
            pk=self.kwargs["change_pk"],
        )
        meeting_due = add_working_days(change.raised_on, 5)
        discussion_due = add_working_days(change.meeting_held_on, 1) if change.meeting_held_on else None
        requests = list(change.funding_requests.select_related("submitted_by", "decided_by").order_by("-pk"))
        return super().get_context_data(
            change=change,
            meeting_due=meeting_due,
            discussion_due=discussion_due,
            funding_requests=requests,
            discussed_with=user_name(change.discussed_with),
            today=today(),
            **kwargs,
        )


class ChangeMeetingView(ChangeMixin, ServiceFormView):
    permission_required = "reviews.change_changeofneeds"
    form_class = forms.ChangeMeetingForm
    title = "Record the meeting with the carer"
    button = "Save meeting"
    success_message = "Meeting with the carer recorded"

    @property
    def intro(self):
        due = add_working_days(self.change.raised_on, 5)
        return (
            f"Meet the carer in person within five working days of the change being raised: by {due:%-d %B %Y} (CHG-1)."
        )

    def get_initial(self):
        return {"held_on": today(), "notes": self.change.meeting_notes}

    def act(self, form):
        data = form.cleaned_data
        return services.record_change_meeting(
            self.change, held_on=data["held_on"], notes=data["notes"], by=self.request.user
        )


class ChangeDiscussionView(ChangeMixin, ServiceFormView):
    permission_required = "reviews.change_changeofneeds"
    form_class = forms.ChangeDiscussionForm
    title = "Record the discussion with management"
    button = "Save discussion"
    success_message = "Discussion with the management team recorded"

    @property
    def intro(self):
        if self.change.meeting_held_on is None:
            return "Meet the carer first (CHG-1); then discuss the change in person with the management team (CHG-2)."
        due = add_working_days(self.change.meeting_held_on, 1)
        return (
            "Discuss the change in person with the management team within one working day of meeting the carer: "
            f"by {due:%-d %B %Y} (CHG-2). Consider care technology, positive behaviour support and health "
            "services (CHG-3)."
        )

    def get_initial(self):
        return {"discussed_on": today()}

    def act(self, form):
        data = form.cleaned_data
        return services.record_change_discussion(self.change, by=self.request.user, **data)


class RequestFundingView(ChangeMixin, ServiceFormView):
    """CHG-3: first discussed with the management team; a manager who did not ask decides it (AUD-2)."""

    permission_required = "reviews.add_additionalfundingrequest"
    creates = True
    form_class = forms.FundingRequestForm
    title = "Ask for additional funding"
    intro = "The request goes to the management team's Approvals. Someone other than you decides it (AUD-2)."
    button = "Send request"
    success_message = "Request for additional funding sent to the management team"

    def act(self, form):
        return services.request_additional_funding(self.change, by=self.request.user, **form.cleaned_data)


class CloseChangeView(ChangeMixin, ServiceFormView):
    permission_required = "reviews.change_changeofneeds"
    form_class = forms.CloseChangeForm
    title = "Close the change of needs"
    intro = "A change is closed once it has been discussed with the management team (CHG-2)."
    button = "Close change"
    success_message = "Change of needs closed"

    def get_initial(self):
        return {"closed_on": today()}

    def act(self, form):
        return services.close_change(self.change, closed_on=form.cleaned_data["closed_on"], by=self.request.user)


class DecideFundingView(DecideView):
    """The management team agrees, refuses or returns a request for additional funding (CHG-3, AUD-2)."""

    permission_required = "reviews.decide_additional_funding"
    title = "Decide additional funding"
    choices = [
        (ApprovalOutcome.AGREED, "Agree the additional funding"),
        (ApprovalOutcome.REFUSED, "Refuse it"),
        (ApprovalOutcome.RETURNED, "Return it to the officer to change"),
    ]

    @cached_property
    def approval(self) -> AdditionalFundingRequest:
        queryset = AdditionalFundingRequest.objects.select_related(
            "change__placement__person", "change__placement__household", "submitted_by", "decided_by"
        )
        return get_object_or_404(queryset, pk=self.kwargs["funding_request_pk"])

    def caption(self):
        return str(self.approval.change.placement)

    def get_success_message(self):
        person = self.approval.change.placement.person.full_name
        return f"Additional funding for {person}: {self.object.get_outcome_display().lower()}"

    def summary(self):
        funding = self.approval
        change = funding.change
        raised = f"Raised {long_date(change.raised_on)}"
        about = (
            ("Change of needs", raised, reverse("reviews:change_detail", args=[change.pk]))
            if self.request.user.has_perm("reviews.view_changeofneeds")
            else ("Change of needs", raised)
        )
        return [
            about,
            ("What has changed", change.description),
            ("Actions agreed", change.agreed_actions or "—"),
            ("What the funding is for", funding.what_for),
            ("Other support explored", funding.other_support_explored),
            self.asked_for(),
        ]


def pending_additional_funding(user) -> list[PendingApproval]:
    """For the management Approvals inbox (CHG-3, AUD-2)."""
    waiting = AdditionalFundingRequest.objects.filter(outcome=ApprovalOutcome.PENDING).select_related(
        "change__placement__person", "change__placement__household", "submitted_by"
    )
    return [
        PendingApproval(
            kind="Additional funding",
            summary=f"Additional funding for {f.change.placement.person.full_name} "
            f"with {f.change.placement.household.name}",
            url=reverse("reviews:decide_funding", kwargs={"funding_request_pk": f.pk}),
            submitted_by=user_name(f.submitted_by),
            submitted_at=f.submitted_at,
            rule="CHG-3",
        )
        for f in waiting
    ]
