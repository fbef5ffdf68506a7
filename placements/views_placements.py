"""Placements: starting one, the list and its CSV, the placement page, its records, endings and housing
benefit. Each form page is a ServiceFormView (placements/views.py): one form, one service call.
"""

from datetime import timedelta
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView, View
from django_filters.views import FilterView

from carers import queries as carer_queries
from placements import filters, forms, queries, services
from placements.models import (
    AdminPaymentRequest,
    ArrangementKind,
    EndingReason,
    HousingBenefitClaim,
    NoticeReason,
    Person,
    Placement,
    ProvisionRequest,
)
from placements.views import PlacementMixin, ReferralMixin
from sharedlives.csvexport import csv_response
from sharedlives.dates import long_date, today
from sharedlives.decisions import DecideView
from sharedlives.errors import RuleViolation
from sharedlives.formviews import ServiceFormView
from sharedlives.history import name_from_parts, user_name
from sharedlives.models import SchemePolicy
from sharedlives.money import format_money
from sharedlives.permissions import RoleRequiredMixin
from sharedlives.sections import sections_for

# Starting a placement ----------------------------------------------------------------------------------


class StartPlacementView(ReferralMixin, ServiceFormView):
    """The one way a placement starts (REF-2, REF-5, MAT-2, MAT-4, CAR-1, PLA-5)."""

    permission_required = "placements.start_placement"
    creates = True
    form_class = forms.StartPlacementForm
    title = "Start the placement"
    intro = (
        "Funding must be agreed (REF-2) and the person and the carer must both have agreed to the match (MAT-2). "
        "The household must have a place free on every day from the start (CAR-1)."
    )
    button = "Start placement"

    @cached_property
    def current_placements(self) -> list[Placement]:
        """The person's current arrangements of the same kind: an internal move comes from one of them."""
        on = today()
        return list(
            Placement.objects.filter(person=self.referral.person, kind=self.referral.kind)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
            .select_related("household")
        )

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"referral": self.referral, "current_placements": self.current_placements}

    def get_initial(self):
        agreed = [m for m in self.referral.matches.all() if m.status == "agreed"]
        return {"match": agreed[0].pk} if len(agreed) == 1 else {}

    def act(self, form):
        data = form.cleaned_data
        return services.start_placement(
            referral=self.referral,
            match=data["match"],
            starts_on=data["starts_on"],
            person_known_to_carer=data["person_known_to_carer"],
            placement_agreement_signed_on=data["placement_agreement_signed_on"],
            licence_agreement_signed_on=data["licence_agreement_signed_on"],
            respite_allocation_nights=data.get("respite_allocation_nights"),
            moved_from=data.get("moved_from"),
            move_reason=data.get("move_reason") or "",
            provision_sent_on=data.get("provision_sent_on"),
            provision_reference=data.get("provision_reference") or "",
            by=self.request.user,
        )

    def get_success_message(self):
        placement = self.object
        return f"{placement} starts on {long_date(placement.starts_on)}."

    def get_success_url(self):
        return reverse("placements:placement_detail", args=[self.object.pk])


# The list, the CSV and the placement page --------------------------------------------------------------


class PlacementListView(RoleRequiredMixin, FilterView):
    permission_required = "placements.view_placement"
    filterset_class = filters.PlacementFilter
    template_name = "placements/placement_list.html"
    paginate_by = 25

    def get_queryset(self):
        return queries.placement_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=today(), **kwargs)


class PlacementExportView(RoleRequiredMixin, View):
    permission_required = "placements.view_placement"
    COLUMNS = ["person", "case-system reference", "household reference", "household", "officer", "type"]
    COLUMNS += ["emergency", "known to carer", "new to Shared Lives", "starts on", "notice given on", "ends on"]
    COLUMNS += ["ending reason"]

    # Plain rows, not model instances: 9,400 placements with their person, household and officer cost more to
    # build than to read (issue 15).
    FIELDS = ["person__preferred_name", "person__first_name", "person__last_name", "person__cdir_reference"]
    FIELDS += ["household__reference"]
    FIELDS += ["household__name", "household__allocated_officer__first_name"]
    FIELDS += ["household__allocated_officer__last_name", "household__allocated_officer__username", "kind"]
    FIELDS += ["emergency", "person_known_to_carer", "new_to_shared_lives", "starts_on", "notice__given_on"]
    FIELDS += ["ends_on", "ending_reason"]

    def get(self, request):
        placements = filters.PlacementFilter(request.GET, queryset=queries.placement_list()).qs
        kinds, reasons = dict(ArrangementKind.choices), dict(EndingReason.choices)

        def rows():
            for p in placements.values_list(*self.FIELDS).iterator(chunk_size=2000):
                preferred, first, last, cdir, reference, household, officer_first, officer_last, officer_username = p[
                    :9
                ]
                kind, emergency, known, new, starts_on, notice_on, ends_on, reason = p[9:]
                yield (
                    [Person.name_from(preferred, first, last), cdir, reference, household]
                    + [name_from_parts(officer_first, officer_last, officer_username), kinds.get(kind, kind)]
                    + [emergency, known, new, starts_on, notice_on, ends_on, reasons.get(reason, reason)]
                )

        return csv_response(f"placements-{today():%Y-%m-%d}.csv", self.COLUMNS, rows())


def placement_actions(placement: Placement, notice, user) -> list[tuple[str, str]]:
    """The one-click record forms the placement's kind and state allow, for this user's permissions."""
    ended = placement.ends_on is not None and placement.ends_on < today()
    live_in = placement.kind == ArrangementKind.LIVE_IN
    outstanding_claim = any(c.outstanding for c in placement.housing_benefit_claims.all())
    candidates = [
        ("Record moving-day checklist", "moving_day", "change_placement", live_in),
        ("Add a stay", "add_stay", "add_stay", placement.kind == ArrangementKind.SHORT_BREAK and not ended),
        (
            "Add a day session",
            "add_day_session",
            "add_daysession",
            placement.kind == ArrangementKind.DAY_SUPPORT and not ended,
        ),
        ("Submit a provision request", "add_provision_request", "add_provisionrequest", True),
        ("Give notice", "give_notice", "end_placement", live_in and notice is None and placement.ends_on is None),
        ("Record the move-out", "move_out", "end_placement", notice is not None and notice.moved_out_on is None),
        (
            "Withdraw the notice",
            "withdraw_notice",
            "end_placement",
            notice is not None
            and notice.moved_out_on is None
            and getattr(notice, "admin_payment", None) is None
            and services.may_withdraw_notice(placement, user),
        ),
        (
            "Record belongings removed",
            "belongings",
            "end_placement",
            notice is not None and notice.moved_out_on is not None and notice.belongings_removed_on is None,
        ),
        (
            "Ask for an administrative payment",
            "admin_payment",
            "end_placement",
            notice is not None
            and notice.reason == NoticeReason.EXCEPTIONAL
            and getattr(notice, "admin_payment", None) is None,
        ),
        ("End the arrangement", "end_arrangement", "end_placement", not live_in and placement.ends_on is None),
        (
            "Record a housing benefit application",
            "add_housing_benefit",
            "add_housingbenefitclaim",
            live_in and not outstanding_claim,
        ),
    ]
    return [
        (label, reverse(f"placements:{name}", args=[placement.pk]))
        for label, name, permission, shown in candidates
        if shown and user.has_perm(f"placements.{permission}")
    ]


class PlacementDetailView(RoleRequiredMixin, TemplateView):
    """Everything about one placement, in a fixed number of queries however many records it has."""

    permission_required = "placements.view_placement"
    template_name = "placements/placement_detail.html"

    def get_context_data(self, **kwargs):
        try:
            placement = queries.placement_detail(self.kwargs["placement_pk"])
        except Placement.DoesNotExist as missing:
            raise Http404("No such placement") from missing
        provision_requests = list(placement.provision_requests.all())

        notice = getattr(placement, "notice", None)
        policy = SchemePolicy.current()
        on = today()
        return super().get_context_data(
            placement=placement,
            notice=notice,
            admin_payment=getattr(notice, "admin_payment", None) if notice else None,
            provision_requests=provision_requests,
            checklist_outstanding=sum(1 for _, done in placement.checklist if not done),
            review_due_on=placement.starts_on + timedelta(days=policy.initial_review_days - 1),
            initial_period_ends_on=placement.starts_on + timedelta(days=policy.initial_period_days - 1),
            carer_agreement=carer_queries.latest_agreement(placement.household),
            actions=placement_actions(placement, notice, self.request.user),
            today=on,
            sections=sections_for("placement", placement, self.request),
            withdrawn_notices=list(placement.withdrawn_notices.all()),
            history_related=[notice, *placement.withdrawn_notices.all(), *placement.housing_benefit_claims.all()],
            **kwargs,
        )


# Records from the placement page -----------------------------------------------------------------------


class MovingDayView(PlacementMixin, ServiceFormView):
    permission_required = "placements.change_placement"
    form_class = forms.MovingDayForm
    title = "Moving-day checklist"
    intro = (
        "Record each item on the day it is done (PLA-3). The housing benefit or Universal Credit application "
        "opens a claim (HB-1)."
    )
    success_message = "Moving-day checklist saved."

    def get_initial(self):
        return {name: getattr(self.placement, name) for name in forms.MovingDayForm.base_fields}

    def act(self, form):
        return services.record_moving_day(self.placement, by=self.request.user, **form.cleaned_data)


class AddStayView(PlacementMixin, ServiceFormView):
    permission_required = "placements.add_stay"
    creates = True
    form_class = forms.StayForm
    title = "Add a stay"
    intro = (
        "A short-break stay comes from the person's yearly allocation and has its own provision request "
        "(RES-2). The household must have a place free every night (CAR-1)."
    )
    button = "Add stay"
    success_message = "{obj} booked: {obj.nights} nights."

    def act(self, form):
        return services.add_stay(placement=self.placement, by=self.request.user, **form.cleaned_data)


class AddDaySessionView(PlacementMixin, ServiceFormView):
    permission_required = "placements.add_daysession"
    creates = True
    form_class = forms.DaySessionForm
    title = "Add a day session"
    intro = "Day support is paid in blocks of time (FEE-6); the person counts towards the household's limit that day (CAR-1)."
    button = "Add session"
    success_message = "{obj} booked."

    def act(self, form):
        return services.add_day_session(placement=self.placement, by=self.request.user, **form.cleaned_data)


class ProvisionRequestView(PlacementMixin, ServiceFormView):
    permission_required = "placements.add_provisionrequest"
    creates = True
    form_class = forms.ProvisionRequestForm
    title = "Submit a provision request"
    intro = "A new provision, variation or amendment to Brokerage (PLA-1). Discuss any anomaly with the management team first (PLA-2)."
    button = "Submit request"
    success_message = "{obj} submitted."

    def get_initial(self):
        return {"submitted_on": today()}

    def act(self, form):
        return services.submit_provision_request(placement=self.placement, by=self.request.user, **form.cleaned_data)


class ProvisionSentView(PlacementMixin, ServiceFormView):
    """PLA-1: record that a request raised by a start, a band or an ending went to Brokerage."""

    permission_required = "placements.add_provisionrequest"
    form_class = forms.ProvisionSentForm
    title = "Record the provision request sent"
    button = "Record as sent"
    success_message = "{obj} recorded as sent to Brokerage."

    @cached_property
    def provision(self) -> ProvisionRequest:
        return get_object_or_404(
            ProvisionRequest.objects.filter(placement=self.placement), pk=self.kwargs["provision_pk"]
        )

    def summary(self):
        request = self.provision
        return [
            ("Request", request.get_kind_display()),
            ("Reason", request.reason),
            ("Effective from", long_date(request.effective_from)),
        ]

    def get_initial(self):
        return {"sent_on": today()}

    def act(self, form):
        return services.record_provision_sent(self.provision, by=self.request.user, **form.cleaned_data)


class AuthoriseProvisionView(ServiceFormView):
    """Someone other than the submitter authorises a provision request (PLA-1, AUD-2)."""

    permission_required = ("placements.change_provisionrequest", "sharedlives.view_approvals")
    form_class = forms.AuthoriseForm
    title = "Authorise a provision request"
    button = "Authorise"
    success_message = "{obj} authorised."

    @cached_property
    def provision(self) -> ProvisionRequest:
        queryset = ProvisionRequest.objects.select_related(
            "placement__person", "placement__household", "submitted_by", "authorised_by"
        )
        return get_object_or_404(queryset, pk=self.kwargs["provision_pk"])

    def caption(self):
        return str(self.provision.placement)

    def summary(self):
        request = self.provision
        rows = [
            ("Request", request.get_kind_display()),
            ("Reason", request.reason),
            ("Effective from", long_date(request.effective_from)),
            (
                "Sent",
                f"{long_date(request.submitted_on)} by {user_name(request.submitted_by)}"
                if request.submitted_on
                else f"Not yet: raised by {user_name(request.submitted_by)}",
            ),
        ]
        if request.anomaly:
            rows.append(("Anomaly", request.anomaly))
        if request.authorised_on:
            rows.append(("Authorised", f"{long_date(request.authorised_on)} by {user_name(request.authorised_by)}"))
        return rows

    def get_initial(self):
        return {"on": today()}

    def act(self, form):
        return services.authorise_provision_request(self.provision, by=self.request.user, on=form.cleaned_data["on"])

    def back_url(self):
        return reverse("placements:placement_detail", args=[self.provision.placement_id])


class GiveNoticeView(PlacementMixin, ServiceFormView):
    permission_required = "placements.end_placement"
    creates = True
    form_class = forms.NoticeForm
    title = "Give notice"
    intro = (
        "Inside the first 28 days the placement runs to day 28 at most (END-1); after that the person gives "
        "eight weeks' notice (END-2). A carer ending at once, a carer unable to care and an exceptional "
        "ending have no notice period (END-5, END-7, END-8)."
    )
    button = "Record notice"
    success_message = "Notice recorded: it ends on {obj.notice_ends_on.day} {obj.notice_ends_on:%B %Y}."

    def act(self, form):
        return services.give_notice(placement=self.placement, by=self.request.user, **form.cleaned_data)


class NoticeRecordView(PlacementMixin, ServiceFormView):
    """A form about the placement's notice: refused until notice has been given."""

    def act(self, form):
        if self.notice is None:
            raise RuleViolation("END-2", "Record the notice first.")
        return self.act_on_notice(self.notice, form.cleaned_data)

    def act_on_notice(self, notice, data):
        raise NotImplementedError

    def summary(self):
        notice = self.notice
        if notice is None:
            return [("Notice", "Not given yet")]
        return [
            ("Notice", f"Given on {long_date(notice.given_on)} by {notice.get_given_by_display().lower()}"),
            ("Reason", notice.get_reason_display()),
            ("Notice ends on", long_date(notice.notice_ends_on)),
        ]


class MoveOutView(NoticeRecordView):
    permission_required = "placements.end_placement"
    form_class = forms.MoveOutForm
    title = "Record the move-out"
    intro = (
        "The placement ends on the day the person moves out; rent continues until their belongings are removed (END-6)."
    )
    button = "Record move-out"
    success_message = "Move-out recorded: the placement ended on {obj.moved_out_on.day} {obj.moved_out_on:%B %Y}."

    def act_on_notice(self, notice, data):
        return services.record_move_out(notice=notice, by=self.request.user, **data)


class WithdrawNoticeView(NoticeRecordView):
    """END-2: the notice withdrawn with a reason, by the placement's officer or a manager; kept in the history."""

    permission_required = "placements.end_placement"
    form_class = forms.WithdrawNoticeForm
    title = "Withdraw the notice"
    intro = (
        "The placement carries on as before notice was given: no planned end, and fees continue (END-2). "
        "The notice is kept in the placement's history with your reason."
    )
    button = "Withdraw notice"
    success_message = "Notice withdrawn: the placement continues with no planned end."

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and self.has_permission() and not services.may_withdraw_notice(self.placement, user):
            raise PermissionDenied("Only the placement's officer or a manager can withdraw its notice.")
        return super().dispatch(request, *args, **kwargs)

    def act_on_notice(self, notice, data):
        return services.withdraw_notice(notice, reason=data["reason"], by=self.request.user)


class BelongingsView(NoticeRecordView):
    permission_required = "placements.end_placement"
    form_class = forms.BelongingsForm
    title = "Record belongings removed"
    intro = "Housing costs continue until the person's belongings are removed (END-6)."
    success_message = "Belongings removed on {obj.belongings_removed_on.day} {obj.belongings_removed_on:%B %Y}."

    def act_on_notice(self, notice, data):
        return services.record_belongings_removed(notice=notice, removed_on=data["removed_on"], by=self.request.user)


class NoticeDatesCorrectView(NoticeRecordView):
    """The move-out and belongings-removed dates entered wrongly, put right with the reason (END-1, END-6)."""

    permission_required = "placements.end_placement"
    form_class = forms.NoticeDatesCorrectionForm
    title = "Correct the move-out dates"
    intro = (
        "Put right a move-out or belongings-removed date entered wrongly. The placement ends on the day the person "
        "moved out; rent continues until their belongings are removed (END-1, END-6). The History keeps the old "
        "dates, who corrected them and why, and the Fees tab prices the corrected dates."
    )
    button = "Save correction"

    def summary(self):
        rows = super().summary()
        notice = self.notice
        if notice is not None:
            rows += [
                ("The person moved out", long_date(notice.moved_out_on) if notice.moved_out_on else "Not yet"),
                (
                    "Belongings removed",
                    long_date(notice.belongings_removed_on) if notice.belongings_removed_on else "Not yet",
                ),
            ]
        return rows

    def get_initial(self):
        notice = self.notice
        if notice is None:
            return {}
        return {"moved_out_on": notice.moved_out_on, "belongings_removed_on": notice.belongings_removed_on}

    def act_on_notice(self, notice, data):
        return services.correct_notice_dates(notice, by=self.request.user, **data)

    def get_success_message(self):
        notice = self.object
        removed = long_date(notice.belongings_removed_on) if notice.belongings_removed_on else "not yet"
        return (
            f"Dates corrected: the person moved out on {long_date(notice.moved_out_on)}, belongings removed "
            f"{removed}. The fees use the corrected dates."
        )


class AdminPaymentView(NoticeRecordView):
    permission_required = "placements.end_placement"
    form_class = forms.AdminPaymentForm
    title = "Ask for an administrative payment"
    intro = "An exceptional ending may earn the carer a one-off administrative payment, once the management team agrees (END-8)."
    button = "Ask the management team"
    success_message = "Asked the management team to decide the administrative payment."

    def act_on_notice(self, notice, data):
        return services.request_admin_payment(notice=notice, reason=data["reason"], by=self.request.user)


class EndArrangementView(PlacementMixin, ServiceFormView):
    permission_required = "placements.end_placement"
    form_class = forms.EndArrangementForm
    title = "End the arrangement"
    intro = "A short-break or day-support arrangement comes to its planned end. Cancel any stays or sessions booked after it first."
    button = "End arrangement"
    success_message = "The arrangement ends on {obj.ends_on.day} {obj.ends_on:%B %Y}."

    def act(self, form):
        return services.end_arrangement(self.placement, ends_on=form.cleaned_data["ends_on"], by=self.request.user)


class DecideAdminPaymentView(DecideView):
    permission_required = "placements.decide_admin_payment"
    title = "Decide an administrative payment"

    @cached_property
    def approval(self) -> AdminPaymentRequest:
        queryset = AdminPaymentRequest.objects.select_related(
            "notice__placement__person", "notice__placement__household", "submitted_by", "decided_by"
        )
        return get_object_or_404(queryset, pk=self.kwargs["payment_request_pk"])

    def caption(self):
        return str(self.approval.notice.placement)

    def summary(self):
        request = self.approval
        notice = request.notice
        placement = notice.placement
        url = reverse("placements:placement_detail", args=[placement.pk])
        return [
            ("Placement", str(placement), url),
            ("Ending", notice.get_exceptional_ending_display() or notice.get_reason_display()),
            ("Moved out on", long_date(notice.moved_out_on) if notice.moved_out_on else "Not yet"),
            ("Administrative work", request.reason),
            ("Asked for by", f"{user_name(request.submitted_by)} on {long_date(request.submitted_at)}"),
        ]


# Housing benefit ---------------------------------------------------------------------------------------


class HousingBenefitApplicationView(PlacementMixin, ServiceFormView):
    permission_required = "placements.add_housingbenefitclaim"
    creates = True
    form_class = forms.HousingBenefitApplicationForm
    title = "Record a housing benefit application"
    intro = "The housing benefit or Universal Credit application for the rent, made around moving day (HB-1)."
    button = "Save application"
    success_message = "Application made on {obj.applied_on.day} {obj.applied_on:%B %Y} recorded."

    def act(self, form):
        return services.record_housing_benefit_application(
            placement=self.placement, applied_on=form.cleaned_data["applied_on"], by=self.request.user
        )


class ClaimMixin:
    @cached_property
    def claim(self) -> HousingBenefitClaim:
        queryset = HousingBenefitClaim.objects.select_related("placement__person", "placement__household")
        return get_object_or_404(queryset, pk=self.kwargs["claim_pk"])

    def back_url(self):
        return reverse("placements:placement_detail", args=[self.claim.placement_id])

    def caption(self):
        return str(self.claim.placement)

    def summary(self):
        return [("Application made on", long_date(self.claim.applied_on))]


class HousingBenefitAwardView(ClaimMixin, ServiceFormView):
    permission_required = "placements.change_housingbenefitclaim"
    form_class = forms.HousingBenefitAwardForm
    title = "Record the housing benefit award"
    intro = (
        "The award's start is recorded and a provision variation removes the rent from the payment (HB-2). "
        "An award starting before it was confirmed is backdated: the rent paid for those days is recovered "
        "in full from the carer's next payment (HB-3)."
    )
    button = "Save award"

    def act(self, form):
        return services.confirm_housing_benefit_award(claim=self.claim, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        claim = self.object
        message = (
            f"Award of {format_money(claim.weekly_amount)} a week from {long_date(claim.award_starts_on)} recorded"
        )
        return message + (": backdated, to be recovered in full (HB-3)." if claim.backdated else ".")


class HousingBenefitCorrectView(ClaimMixin, ServiceFormView):
    """A claim's dates (and award's weekly amount) entered wrongly, put right with the reason (HB-1, HB-2)."""

    permission_required = "placements.change_housingbenefitclaim"
    form_class = forms.HousingBenefitCorrectionForm
    title = "Correct the housing benefit claim"
    intro = (
        "Put right a date or amount entered wrongly. Rent stops the day before the award is confirmed (HB-2); an "
        "award starting earlier is recovered in full (HB-3). The History keeps the old values, who corrected them "
        "and why, and the Fees tab prices the corrected dates."
    )
    button = "Save correction"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"awarded": self.claim.award_confirmed_on is not None}

    def summary(self):
        claim = self.claim
        rows = super().summary()
        if claim.award_confirmed_on:
            rows += [
                ("Award confirmed on", long_date(claim.award_confirmed_on)),
                ("Award starts on", long_date(claim.award_starts_on)),
                ("Weekly amount", format_money(claim.weekly_amount)),
            ]
        elif claim.refused_on:
            rows.append(("Refused on", long_date(claim.refused_on)))
        else:
            rows.append(("Decision", "Waiting for a decision"))
        return rows

    def get_initial(self):
        claim = self.claim
        return {
            "applied_on": claim.applied_on,
            "award_confirmed_on": claim.award_confirmed_on,
            "award_starts_on": claim.award_starts_on,
            "weekly_amount": claim.weekly_amount,
        }

    def act(self, form):
        return services.correct_housing_benefit(self.claim, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        claim = self.object
        message = f"Claim corrected: application made on {long_date(claim.applied_on)}"
        if claim.award_confirmed_on:
            message += (
                f", award of {format_money(claim.weekly_amount)} a week from {long_date(claim.award_starts_on)} "
                f"confirmed on {long_date(claim.award_confirmed_on)}"
            )
        return message + ". The fees use the corrected dates."


class HousingBenefitRefusedView(ClaimMixin, ServiceFormView):
    permission_required = "placements.change_housingbenefitclaim"
    form_class = forms.HousingBenefitRefusedForm
    title = "Record a refused housing benefit claim"
    button = "Save refusal"
    success_message = "Refusal recorded."

    def act(self, form):
        return services.refuse_housing_benefit(
            claim=self.claim, refused_on=form.cleaned_data["refused_on"], by=self.request.user
        )


class OutstandingHousingBenefitView(RoleRequiredMixin, TemplateView):
    """HB-4: applications not yet decided, longest waiting first, with days waiting (management)."""

    permission_required = ("placements.view_housingbenefitclaim", "sharedlives.view_scheme_overview")
    template_name = "placements/housing_benefit_outstanding.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(claims=queries.outstanding_housing_benefit(today()), **kwargs)
