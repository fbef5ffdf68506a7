"""People, referrals, matching and introductions: from a referral received to a match agreed by both.

Each form page is a ServiceFormView (placements/views.py): one form, one service call, back to the page
the user came from with a success message.
"""

import copy
from datetime import datetime, time, timedelta
from functools import cached_property

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import ListView, TemplateView

from placements import forms, queries, services
from placements.models import (
    ExtraIntroductionNights,
    MatchStatus,
    Person,
    Referral,
    ReferralStatus,
)
from placements.services.referrals import chosen_household
from placements.views import MatchMixin, ReferralMixin
from sharedlives.approvals import DECIDED_DAYS
from sharedlives.dates import long_date, today
from sharedlives.decisions import DecideView
from sharedlives.formviews import ServiceFormView
from sharedlives.history import user_name
from sharedlives.permissions import RoleRequiredMixin
from sharedlives.sections import sections_for

# People ------------------------------------------------------------------------------------------------


class PersonListView(RoleRequiredMixin, ListView):
    permission_required = "placements.view_person"
    template_name = "placements/person_list.html"
    paginate_by = 25

    def get_queryset(self):
        """Every word of the search must match a name or the case-system reference."""
        people = Person.objects.order_by("last_name", "first_name", "pk")
        for word in self.search_text().split()[:5]:
            people = people.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(preferred_name__icontains=word)
                | Q(cdir_reference__icontains=word)
            )
        return people

    def search_text(self) -> str:
        return self.request.GET.get("q", "").replace("\x00", "")[:100]

    def get_context_data(self, **kwargs):
        return super().get_context_data(q=self.search_text(), **kwargs)


class PersonCreateView(ServiceFormView):
    permission_required = "placements.add_person"
    creates = True
    form_class = forms.PersonForm
    title = "Add a person"
    button = "Add person"
    success_message = "{obj.full_name} added ({obj.cdir_reference})."

    def act(self, form):
        return services.create_person(by=self.request.user, **form.cleaned_data)

    def next_url(self) -> str:
        """?next=/referrals/new/ comes back to the referral form with the new person chosen."""
        wanted = self.request.GET.get("next", "")
        safe = url_has_allowed_host_and_scheme(wanted, allowed_hosts={self.request.get_host()})
        return wanted if wanted.startswith("/") and safe else ""

    def back_url(self):
        return self.next_url() or reverse("placements:person_list")

    def get_success_url(self):
        wanted = self.next_url()
        if wanted:
            return f"{wanted}{'&' if '?' in wanted else '?'}person={self.object.pk}"
        return reverse("placements:person_detail", args=[self.object.pk])


class PersonMixin:
    @cached_property
    def person(self) -> Person:
        return get_object_or_404(Person, pk=self.kwargs["person_pk"])

    def back_url(self):
        return reverse("placements:person_detail", args=[self.person.pk])

    def caption(self):
        return f"{self.person.full_name} ({self.person.cdir_reference})"


class PersonEditView(PersonMixin, ServiceFormView):
    permission_required = "placements.change_person"
    form_class = forms.PersonForm
    title = "Edit the person's details"
    success_message = "{obj.full_name}'s details saved."

    def get_form_kwargs(self):
        # A copy: the form writes its values onto its instance, the service onto the person.
        return super().get_form_kwargs() | {"instance": copy.copy(self.person)}

    def act(self, form):
        return services.update_person(self.person, by=self.request.user, **form.cleaned_data)


class PersonDetailView(PersonMixin, RoleRequiredMixin, TemplateView):
    permission_required = "placements.view_person"
    template_name = "placements/person_detail.html"

    def get_context_data(self, **kwargs):
        timeline = queries.person_timeline(self.person)
        if not self.request.user.has_perm("placements.view_referral"):
            referrals = reverse("placements:referral_board")
            for event in timeline:
                if event.url.startswith(referrals):
                    event.url = ""  # the page would refuse them (Finance admin)
        return super().get_context_data(
            person=self.person,
            timeline=timeline,
            sections=sections_for("person", self.person, self.request),
            **kwargs,
        )


# Referrals ---------------------------------------------------------------------------------------------


class ReferralBoardView(RoleRequiredMixin, TemplateView):
    """Open referrals by status, with counts and days since received."""

    permission_required = "placements.view_referral"
    template_name = "placements/referral_board.html"

    def get_context_data(self, **kwargs):
        board = queries.referral_board()
        on = today()
        for column in board["columns"]:
            for referral in column["referrals"]:
                referral.days_since_received = (on - referral.received_on).days
        since = timezone.make_aware(datetime.combine(on - timedelta(days=DECIDED_DAYS), time.min))
        return super().get_context_data(
            board=board,
            decided=queries.decided_extra_nights_for(self.request.user, since),  # MAT-3: the asker sees the answer
            decided_days=DECIDED_DAYS,
            **kwargs,
        )


class ReferralStageView(RoleRequiredMixin, ListView):
    """Every open referral at one stage of the board, oldest first, 25 a page."""

    permission_required = "placements.view_referral"
    template_name = "placements/referral_stage.html"
    paginate_by = 25

    def get_queryset(self):
        self.stage = next((s for s in queries.BOARD_STAGES if s == self.kwargs["stage"]), None)
        if self.stage is None:
            raise Http404("No such stage")
        return queries.open_referrals().filter(status=self.stage)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(stage=self.stage, **kwargs)
        on = today()
        for referral in context["object_list"]:
            referral.days_since_received = (on - referral.received_on).days
        return context


class ReferralCreateView(ServiceFormView):
    permission_required = "placements.add_referral"
    creates = True
    form_class = forms.ReferralForm
    template_name = "placements/referral_create.html"
    title = "Record a referral"
    button = "Record referral"
    success_message = "{obj} recorded."

    def get_initial(self):
        """?person=12 (from the person's page, or back from adding them) fills in that person."""
        person = self.request.GET.get("person", "")
        found = Person.objects.filter(pk=int(person)).first() if person.isdigit() and len(person) <= 18 else None
        return {"person": found} if found else {}

    def act(self, form):
        data = dict(form.cleaned_data)
        person = data.pop("person")
        user = self.request.user
        return services.create_referral(person=person, by=user, referrals_officer=user, **data)

    def back_url(self):
        return reverse("placements:referral_board")

    def get_success_url(self):
        return reverse("placements:referral_detail", args=[self.object.pk])

    def get_context_data(self, **kwargs):
        here = reverse("placements:referral_create")
        return super().get_context_data(add_person_url=f"{reverse('placements:person_create')}?next={here}", **kwargs)


def referral_actions(referral: Referral, user) -> list[tuple[str, str]]:
    """The one-click actions the referral's status allows, for this user's permissions."""
    status = referral.status
    is_open = status not in (ReferralStatus.PLACED, ReferralStatus.CLOSED)
    matching = status in (ReferralStatus.MATCHING, ReferralStatus.INTRODUCTIONS)
    has_agreed_match = any(m.status == MatchStatus.AGREED for m in referral.matches.all())
    candidates = [
        ("Send to funding panel", "referral_send_to_panel", "change_referral", status == ReferralStatus.RECEIVED),
        (
            "Record funding decision",
            "referral_funding_decision",
            "add_fundingdecision",
            status in (ReferralStatus.RECEIVED, ReferralStatus.AWAITING_FUNDING),
        ),
        (
            "Record emergency discussion",
            "referral_emergency_discussion",
            "change_referral",
            referral.emergency and referral.emergency_discussed_on is None and is_open,
        ),
        ("Update documents", "referral_documents", "change_referral", is_open),
        ("Find carers", "find_carers", "add_match", matching),
        ("Start placement", "start_placement", "start_placement", matching and has_agreed_match),
        ("Put on waiting list", "referral_waiting_list", "change_referral", matching),
        (
            'Record "still needed?" check',
            "referral_still_needed",
            "change_referral",
            status == ReferralStatus.WAITING_LIST,
        ),
        (
            "Hand over",
            "referral_hand_over",
            "change_referral",
            status in (ReferralStatus.INTRODUCTIONS, ReferralStatus.PLACED) and referral.handed_over_on is None,
        ),
        ("Close referral", "referral_close", "change_referral", is_open),
    ]
    return [
        (label, reverse(f"placements:{name}", args=[referral.pk]))
        for label, name, permission, shown in candidates
        if shown and user.has_perm(f"placements.{permission}")
    ]


class ReferralDetailView(RoleRequiredMixin, TemplateView):
    permission_required = "placements.view_referral"
    template_name = "placements/referral_detail.html"

    def get_context_data(self, **kwargs):
        try:
            referral = queries.referral_detail(self.kwargs["referral_pk"])
        except Referral.DoesNotExist as missing:
            raise Http404("No such referral") from missing
        on = today()
        return super().get_context_data(
            referral=referral,
            today=on,
            days_since_received=(on - referral.received_on).days,
            actions=referral_actions(referral, self.request.user),
            matching_open=referral.status in (ReferralStatus.MATCHING, ReferralStatus.INTRODUCTIONS),
            **kwargs,
        )


class SendToPanelView(ReferralMixin, ServiceFormView):
    permission_required = "placements.change_referral"
    form_class = forms.ConfirmForm
    title = "Send to the funding panel"
    intro = "The referral waits for the funding panel's decision. No placement starts without agreed funding (REF-2)."
    button = "Send to funding panel"
    success_message = "Sent to the funding panel."

    def act(self, form):
        return services.send_to_funding_panel(self.referral, by=self.request.user)


class FundingDecisionView(ReferralMixin, ServiceFormView):
    permission_required = "placements.add_fundingdecision"
    creates = True
    form_class = forms.FundingDecisionForm
    title = "Record the funding decision"
    intro = "The panel, the date and the outcome (REF-2). Agreed funding opens matching."
    button = "Save decision"

    def act(self, form):
        return services.record_funding_decision(referral=self.referral, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return f"Funding decision recorded: {self.object.get_outcome_display()}."


class EmergencyDiscussionView(ReferralMixin, ServiceFormView):
    permission_required = "placements.change_referral"
    form_class = forms.EmergencyDiscussionForm
    title = "Record the emergency discussion"
    intro = "An emergency referral is discussed in person with the management team before matching (REF-5)."
    button = "Save discussion"
    success_message = "Emergency discussion recorded."

    def get_initial(self):
        user = self.request.user
        manager = user if user.has_perm("placements.decide_emergency_referral") and not user.is_superuser else None
        return {"manager": manager, "discussed_on": today()}

    def act(self, form):
        return services.record_emergency_discussion(referral=self.referral, by=self.request.user, **form.cleaned_data)


class ReferralDocumentsView(ReferralMixin, ServiceFormView):
    permission_required = "placements.change_referral"
    form_class = forms.ReferralDocumentsForm
    title = "Update documents"
    intro = "The assessment, care plan and risk assessment the referral carries (REF-6), and day services (REF-8)."
    success_message = "Referral documents saved."

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": copy.copy(self.referral)}

    def act(self, form):
        return services.update_referral(self.referral, by=self.request.user, **form.cleaned_data)


class WaitingListView(ReferralMixin, ServiceFormView):
    permission_required = "placements.change_referral"
    form_class = forms.WaitingListForm
    title = "Put on the waiting list"
    intro = (
        "No suitable carer yet: the person waits. Proposed matches are withdrawn. When a vacancy arises, "
        "check with the case team that the placement is still needed (REF-7)."
    )
    button = "Put on waiting list"
    success_message = "On the waiting list from {obj.waiting_since.day} {obj.waiting_since:%B %Y}."

    def get_initial(self):
        return {"since": today()}

    def act(self, form):
        return services.put_on_waiting_list(self.referral, since=form.cleaned_data["since"], by=self.request.user)


class StillNeededView(ReferralMixin, ServiceFormView):
    permission_required = "placements.change_referral"
    form_class = forms.StillNeededForm
    title = 'Record the "still needed?" check'
    intro = "When a vacancy arises, check with the case team that the placement is still needed (REF-7)."
    button = "Save check"

    def get_initial(self):
        return {"checked_on": today()}

    def act(self, form):
        return services.record_still_needed_check(referral=self.referral, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        if self.object.status == ReferralStatus.MATCHING:
            return "Still needed: the referral is back in matching."
        return "No longer needed: the referral is closed."


class CloseReferralView(ReferralMixin, ServiceFormView):
    permission_required = "placements.change_referral"
    form_class = forms.CloseReferralForm
    title = "Close the referral"
    button = "Close referral"
    success_message = "Referral closed."

    def act(self, form):
        return services.close_referral(self.referral, reason=form.cleaned_data["reason"], by=self.request.user)


class HandOverView(ReferralMixin, ServiceFormView):
    permission_required = "placements.change_referral"
    form_class = forms.HandOverForm
    title = "Hand over to the Shared Lives officer"
    intro = (
        "The referrals officer hands over to the Shared Lives officer the chosen household is allocated to, who is "
        "then the placement's officer (REF-4). Only the management team can hand over to another officer: the "
        "household is then re-allocated to them."
    )
    button = "Record hand-over"

    def get_initial(self):
        household = chosen_household(self.referral)
        return {"officer": household.allocated_officer_id if household else None, "on": today()}

    def act(self, form):
        return services.hand_over(referral=self.referral, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return f"Handed over to {user_name(self.object.handed_over_to)}."


# Matching ----------------------------------------------------------------------------------------------


SUGGESTIONS_SHOWN = 30  # a national scheme has a thousand households with a place free: the best fits first


def find_carers_context(referral: Referral) -> dict:
    suggestions = queries.find_carers(referral, on=today())
    return {
        "referral": referral,
        "suggestions": suggestions[:SUGGESTIONS_SHOWN],
        "suggestions_found": len(suggestions),
    }


class FindCarersView(ReferralMixin, RoleRequiredMixin, TemplateView):
    """Households with a vacancy, ranked by fit, each with why and any cautions (MAT-1, MAT-4, CAR-1)."""

    permission_required = "placements.add_match"
    template_name = "placements/find_carers.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**find_carers_context(self.referral), back_url=self.back_url(), **kwargs)


class ProposeMatchView(ReferralMixin, ServiceFormView):
    """The "Propose this match" buttons on the find-carers page post here; a refusal shows on that page."""

    permission_required = "placements.add_match"
    creates = True
    form_class = forms.ProposeMatchForm
    template_name = "placements/find_carers.html"
    http_method_names = ["post"]

    def act(self, form):
        data = form.cleaned_data
        return services.propose_match(
            referral=self.referral,
            household=data["household"],
            proposed_on=today(),
            why=data["why"],
            by=self.request.user,
        )

    def get_success_message(self):
        return f"Match proposed with {self.object.household.name}. Record each side's agreement next (MAT-2)."

    def get_context_data(self, **kwargs):
        return super().get_context_data(**find_carers_context(self.referral), **kwargs)


class MatchAgreementView(MatchMixin, ServiceFormView):
    permission_required = "placements.change_match"
    form_class = forms.MatchAgreementForm
    title = "Record the agreement to the match"
    intro = "The person (or their advocate) and the carer both agree before introductions and a placement (MAT-2)."
    button = "Save agreement"

    def get_initial(self):
        match = self.match
        return {
            "person_agreed_on": match.person_agreed_on,
            "person_agreed_by": match.person_agreed_by,
            "carer_agreed_on": match.carer_agreed_on,
        }

    def summary(self):
        return [("Household", self.match.household.name), ("Proposed on", long_date(self.match.proposed_on))]

    def act(self, form):
        return services.record_match_agreement(match=self.match, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        if self.object.status == MatchStatus.AGREED:
            return "Both have agreed to the match: introductions can begin."
        return "Agreement recorded. The match is agreed once both have agreed."


class IntroductionView(MatchMixin, ServiceFormView):
    """MAT-2: no form until both have agreed (the service refuses too); MAT-3: the allowance and extra nights."""

    permission_required = "placements.add_introduction"
    creates = True
    form_class = forms.IntroductionForm
    template_name = "placements/introduction_form.html"
    title = "Record an introduction"
    intro = (
        "Visits, then usually at most two overnight stays. More need the management team's agreement: give the "
        "reason and the request waits in their Approvals (MAT-3). Short-break trial nights count towards the "
        "person's allocation."
    )
    button = "Save introduction"

    def get_context_data(self, **kwargs):
        return super().get_context_data(agreed=self.match.both_agreed, **kwargs)

    def act(self, form):
        return services.record_introduction(match=self.match, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        if isinstance(self.object, ExtraIntroductionNights):
            nights = self.object.nights_requested
            return (
                f"Overnight stay recorded; asked the management team for {nights} more "
                f"night{'s' if nights != 1 else ''}."
            )
        return f"{self.object.get_kind_display()} on {long_date(self.object.on)} recorded."


class WithdrawMatchView(MatchMixin, ServiceFormView):
    permission_required = "placements.change_match"
    form_class = forms.WithdrawMatchForm
    title = "Withdraw the match"
    button = "Withdraw match"
    success_message = "Match with {obj.household.name} withdrawn."

    def act(self, form):
        return services.withdraw_match(self.match, reason=form.cleaned_data["reason"], by=self.request.user)


# Management decisions (AUD-2) --------------------------------------------------------------------------


class DecideExtraNightsView(DecideView):
    permission_required = "placements.decide_extra_introduction_nights"
    title = "Decide extra introduction nights"

    @cached_property
    def approval(self) -> ExtraIntroductionNights:
        queryset = ExtraIntroductionNights.objects.select_related(
            "match__referral__person", "match__household", "submitted_by", "decided_by"
        )
        return get_object_or_404(queryset, pk=self.kwargs["nights_request_pk"])

    def caption(self):
        match = self.approval.match
        return f"{match.referral.person.full_name} with {match.household.name}"

    def summary(self):
        request = self.approval
        match = request.match
        referral_url = reverse("placements:referral_detail", args=[match.referral_id])
        return [
            ("Referral", str(match.referral), referral_url),
            ("Household", match.household.name),
            ("More overnight stays asked for", request.nights_requested),
            ("Reason", request.reason),
            ("Asked for by", f"{user_name(request.submitted_by)} on {long_date(request.submitted_at)}"),
        ]
