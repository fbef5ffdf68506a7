"""Carer household pages: the list, the household page, and the household's own workflows.

Views are thin: fetch (with the permission check), validate the form, call ONE service, redirect with a
message. A RuleViolation goes back onto the form. The records about the household's people (carers,
training, DBS, insurance, breaks) are in carers/views_records.py.
"""

import copy
from datetime import timedelta
from functools import cached_property
from urllib.parse import urlencode

from django.db.models import F
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView, View
from django_filters.views import FilterView

from carers import capacity, checks, filters, forms, queries, services
from carers.models import (
    OFFER_LABELS,
    CarerBreak,
    CarerHousehold,
    CarerRole,
    ChecksOverride,
    HoldReason,
    HouseholdStatus,
    one_line_address,
)
from sharedlives import formviews
from sharedlives.csvexport import csv_response
from sharedlives.dates import long_date, today
from sharedlives.decisions import DecideView
from sharedlives.history import name_from_parts
from sharedlives.models import ApprovalOutcome, SchemePolicy
from sharedlives.permissions import RoleRequiredMixin
from sharedlives.sections import sections_for


class ServiceFormView(formviews.ServiceFormView):
    """The shared form page (sharedlives/formviews.py), about one household: it goes back to its page."""

    template_name = "carers/form.html"

    @cached_property
    def household(self) -> CarerHousehold | None:
        queryset = CarerHousehold.objects.select_related("allocated_officer")
        return get_object_or_404(queryset, pk=self.kwargs["household_pk"])

    def get_success_message(self) -> str:
        return self.success_message.format(obj=self.object, household=self.household)

    def back_url(self) -> str:
        return reverse("carers:household_detail", args=[self.household.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(household=self.household, **kwargs)


class HouseholdListView(RoleRequiredMixin, FilterView):
    permission_required = "carers.view_carerhousehold"
    filterset_class = filters.HouseholdFilter
    template_name = "carers/household_list.html"
    paginate_by = 25

    def get_queryset(self):
        return queries.household_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(today=today(), **kwargs)
        # SAFE-3: the next expiry of each household on this page, in a fixed number of queries.
        expiries = checks.next_expiries([h.pk for h in context["object_list"]], context["today"])
        for household in context["object_list"]:
            household.next_expiry = expiries.get(household.pk)
        return context


class HouseholdExportView(RoleRequiredMixin, View):
    permission_required = "carers.export_households"
    COLUMNS = ["reference", "name", "main carer", "address", "postcode", "area", "officer", "status"]
    COLUMNS += ["approved on", "probation ends", "offers", "approved places", "emergency approved"]

    # Plain rows, not model instances: building 6,000 households cost more than the query (issue 15).
    FIELDS = ["reference", "name", "main_carer_name", "address_line_1", "address_line_2", "town", "postcode", "area"]
    FIELDS += ["officer_first", "officer_last", "officer_username", "status", "approved_on", "probation_ends_on"]
    FIELDS += ["offers_live_in", "offers_short_breaks", "offers_day_support", "approved_places", "emergency_approved"]

    def get(self, request):
        households = filters.HouseholdFilter(request.GET, queryset=queries.household_list()).qs.annotate(
            officer_first=F("allocated_officer__first_name"),
            officer_last=F("allocated_officer__last_name"),
            officer_username=F("allocated_officer__username"),
        )
        statuses = dict(HouseholdStatus.choices)

        def rows():
            for h in households.values(*self.FIELDS).iterator(chunk_size=2000):
                address = one_line_address(h["address_line_1"], h["address_line_2"], h["town"], h["postcode"])
                officer = name_from_parts(h["officer_first"], h["officer_last"], h["officer_username"])
                offers = [label for key, label in OFFER_LABELS if h[key]]
                row = [h["reference"], h["name"], h["main_carer_name"], address, h["postcode"], h["area"]]
                row += [officer, statuses.get(h["status"], h["status"]), h["approved_on"], h["probation_ends_on"]]
                yield row + ["; ".join(offers), h["approved_places"], h["emergency_approved"]]

        return csv_response(f"households-{today():%Y-%m-%d}.csv", self.COLUMNS, rows())


class HouseholdCreateView(ServiceFormView):
    permission_required = "carers.add_carerhousehold"
    creates = True
    form_class = forms.HouseholdForm
    title = "Add a household"
    button = "Add household"
    success_message = "{obj.name} added as {obj.reference}."
    household = None

    def act(self, form):
        return services.create_household(by=self.request.user, **form.cleaned_data)

    def back_url(self):
        return reverse("carers:household_list")

    def get_success_url(self):
        return reverse("carers:household_detail", args=[self.object.pk])


class HouseholdEditView(ServiceFormView):
    permission_required = "carers.change_carerhousehold"
    form_class = forms.HouseholdForm
    title = "Edit the household"
    success_message = "{obj.name}'s details saved."

    def get_form_kwargs(self):
        # A copy: the form writes its values onto its instance, the service onto the household.
        return super().get_form_kwargs() | {"instance": copy.copy(self.household)}

    def act(self, form):
        return services.update_household(self.household, by=self.request.user, **form.cleaned_data)


class HouseholdApproveView(ServiceFormView):
    permission_required = "carers.approve_household"
    form_class = forms.ApproveForm
    title = "Approve the household"
    intro = "Approval starts 12 months' probation with more frequent support (CAR-2)."
    button = "Approve household"
    success_message = "{obj.name} approved: on probation until {obj.probation_ends_on:%-d %B %Y}."

    def get_initial(self):
        return {"approved_on": today(), "officer": self.household.allocated_officer}

    def act(self, form):
        data = form.cleaned_data
        return services.approve_household(
            self.household, approved_on=data["approved_on"], officer=data["officer"], by=self.request.user
        )


class HouseholdAllocateView(ServiceFormView):
    permission_required = "carers.allocate_officer"
    form_class = forms.AllocateForm
    title = "Change the Shared Lives officer"
    intro = "A household has one allocated officer (CAR-3). The change is kept in the household's history."

    def get_success_message(self):
        officer = self.object.allocated_officer
        return f"{self.household.name} is allocated to {officer.get_full_name() or officer.get_username()}."

    def get_initial(self):
        return {"officer": self.household.allocated_officer}

    def act(self, form):
        return services.allocate_officer(self.household, officer=form.cleaned_data["officer"], by=self.request.user)


class HouseholdStartAssessmentView(ServiceFormView):
    permission_required = "carers.change_carerhousehold"
    form_class = forms.ConfirmForm
    title = "Start the assessment"
    intro = "The household moves from applicant to in assessment."
    button = "Start assessment"
    success_message = "{household.name}'s assessment has started."

    def act(self, form):
        return services.start_assessment(self.household, by=self.request.user)


class HouseholdHoldView(ServiceFormView):
    permission_required = "carers.change_carerhousehold"
    form_class = forms.HoldForm
    title = "Put the household on hold"
    intro = (
        "A household on hold stays approved and on its officer's caseload, but is not offered for matching. "
        "While a safeguarding concern or allegation is open, it takes no new arrangements or break cover; "
        "existing arrangements continue (SAFE-4)."
    )
    button = "Put on hold"
    success_message = "{household.name} is on hold."

    def act(self, form):
        data = form.cleaned_data
        return services.put_on_hold(
            self.household,
            by=self.request.user,
            reason=data["reason"],
            hold_reason=data["hold_reason"] or HoldReason.OTHER,
        )


class HouseholdResumeView(ServiceFormView):
    permission_required = "carers.change_carerhousehold"
    form_class = forms.ResumeForm
    title = "Resume the household"
    intro = "The household is approved again and can be offered for matching."
    button = "Resume"
    success_message = "{household.name} is approved again."

    def act(self, form):
        return services.resume(self.household, by=self.request.user, reason=form.cleaned_data.get("reason", ""))


class HouseholdLeavingView(ServiceFormView):
    permission_required = "carers.change_carerhousehold"
    form_class = forms.LeavingForm
    title = "Record the household leaving"
    intro = "The household's whole record stays. Anyone still placed must be moved or ended first (PLA-5)."
    button = "Record leaving"
    success_message = "{household.name} has left the scheme."

    def act(self, form):
        return services.record_leaving(self.household, by=self.request.user, **form.cleaned_data)


class HouseholdLeavingCorrectView(ServiceFormView):
    """A leaving date entered wrongly, put right with the reason (PLA-5, AUD-1)."""

    permission_required = "carers.change_carerhousehold"
    form_class = forms.LeavingDateCorrectionForm
    template_name = "includes/service_form.html"
    title = "Correct the leaving date"
    intro = (
        "Put right a leaving date entered wrongly. Nobody may still be placed with the household after it (PLA-5). "
        "The History keeps the old date, who corrected it and why."
    )
    button = "Save correction"
    success_message = (
        "Leaving date corrected: {household.name} left the scheme on {obj.left_on.day} {obj.left_on:%B %Y}."
    )

    def caption(self):
        return f"{self.household.name} ({self.household.reference})"

    def summary(self):
        household = self.household
        if household.left_on is None:
            return [("Status", f"{household.get_status_display()}: has not left the scheme")]
        return [
            ("Left on", f"{household.left_on.day} {household.left_on:%B %Y}"),
            ("Reason for leaving", household.get_leaving_reason_display()),
        ]

    def get_initial(self):
        return {"left_on": self.household.left_on}

    def act(self, form):
        return services.correct_leaving_date(self.household, by=self.request.user, **form.cleaned_data)


class HouseholdDetailView(RoleRequiredMixin, TemplateView):
    permission_required = "carers.view_carerhousehold"
    template_name = "carers/household_detail.html"

    def get_context_data(self, **kwargs):
        queryset = CarerHousehold.objects.select_related("allocated_officer")
        household = get_object_or_404(queryset, pk=self.kwargs["household_pk"])
        return super().get_context_data(
            **household_page(household, today()), sections=sections_for("household", household, self.request), **kwargs
        )


def household_page(household: CarerHousehold, on) -> dict:
    """What the household page shows, in a fixed number of queries however many people and records it has."""
    carers = sorted(household.carers.all(), key=lambda c: (c.role != CarerRole.MAIN, c.last_name, c.first_name))
    support_carers = list(household.support_carers.prefetch_related("dbs_checks"))
    scope = CarerHousehold.objects.filter(pk=household.pk)
    breaks = household.breaks.select_related("cover_household", "cover_support_carer", "extra_respite")
    return {
        "household": household,
        "today": on,
        "on_probation": household.on_probation(on),
        "occupancy": capacity.occupancy(household, on),
        "capacity": capacity.capacity(household),
        "carers": carers,
        "compliance": [
            (item, renew_url(household, item)) for item in queries.compliance_items(households=scope, on=on)
        ],
        "missing_training": [
            (carer, course, training_url(household, carer.pk, course.pk))
            for carer, course in queries.missing_mandatory_training(household)
        ],
        "agreement": queries.latest_agreement(household),
        "support_carers": [(sc, cover_refusal(sc, on, on + timedelta(days=1))) for sc in support_carers],
        "members": list(household.members.all()),
        "respite": queries.respite_summary(household, on),
        "breaks": [(b, *break_status(b)) for b in breaks],
        "checks": checks_panel(household, on),
        **override_context(household, on),
    }


def checks_panel(household: CarerHousehold, on) -> dict:
    """SAFE-3: what is required, what is held and until when, what is missing: gaps first (red, then yellow)."""
    windows = SchemePolicy.current().warning_days  # SAFE-3 (policy): 90, 30 and 7 days by default
    rows = []
    for line in checks.household_lines(household, on, warn_days=windows[0]):
        gap = line.gap
        if gap is None:
            status, colour = ("Held" if line.held_until is None else "Current"), "green"
        elif gap.kind == "expiring":
            window = checks.warning_window(gap, on, windows)
            status, colour = f"Expires within {window} days", "yellow"
        else:
            status, colour = ("Expired" if gap.kind == "expired" else "Missing"), "red"
        rows.append(
            {
                "line": line,
                "status": status,
                "colour": colour,
                "url": checks.gap_url(household.pk, gap) if gap else "",
            }
        )
    order = {"red": 0, "yellow": 1, "green": 2}
    rows.sort(key=lambda r: order[r["colour"]])
    return {
        "rows": rows,
        "lacking": sum(r["colour"] == "red" for r in rows),
        "expiring": sum(r["colour"] == "yellow" for r in rows),
    }


def override_context(household: CarerHousehold, on) -> dict:
    """The overrides of missing checks in force (SAFE-2) and the one waiting for a decision: one query."""
    overrides = list(queries.household_overrides(household, on))
    return {
        "overrides": [o for o in overrides if o.outcome == ApprovalOutcome.AGREED],
        "pending_override": next((o for o in overrides if o.is_pending), None),
    }


def renew_url(household, item: queries.ComplianceItem) -> str:
    """The form that renews a compliance item, with its person (and course) chosen already."""
    url = reverse(item.record_url_name, args=[household.pk])
    return f"{url}?{item.renew_query}" if item.renew_query else url


def training_url(household, carer_pk, course_pk) -> str:
    url = reverse("carers:record_training", args=[household.pk])
    return f"{url}?{urlencode({'carer': carer_pk, 'course': course_pk})}"


def cover_refusal(support_carer, starts_on, ends_on) -> str | None:
    """Why this support carer may not cover a break on these dates (CAR-6), from prefetched DBS checks."""
    return services.support_carer_can_cover(support_carer, starts_on, ends_on)


def break_status(carer_break: CarerBreak) -> tuple[str, str]:
    """(label, tag colour): cancelled, waiting for management, or agreed (RES-1)."""
    if carer_break.cancelled:
        return "Cancelled", "grey"
    extra = getattr(carer_break, "extra_respite", None)
    if extra is None or extra.outcome in (ApprovalOutcome.AGREED, ApprovalOutcome.CHANGED):
        return "Agreed", "green"
    if extra.is_pending:
        return "Waiting for management", "yellow"
    return extra.get_outcome_display(), "red"


class CaseloadsView(RoleRequiredMixin, TemplateView):
    """Officers' caseloads against the policy guide (CAR-4, RPT-3)."""

    permission_required = "carers.view_caseloads"
    template_name = "carers/caseloads.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(caseloads=queries.caseloads(today()), **kwargs)


class ChecksReportView(RoleRequiredMixin, TemplateView):
    """SAFE-3: every gap and every check expiring within 90 days, most urgent first; ?format=csv downloads it."""

    permission_required = "carers.view_caseloads"
    template_name = "carers/checks_report.html"
    COLUMNS = ["reference", "household", "officer", "rule", "check", "who", "status", "from"]

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            on = today()
            rows = (
                [r.reference, r.household_name, r.officer, r.gap.rule, r.gap.item, r.gap.who, r.gap.kind]
                + [r.gap.lacking_from]
                for r in checks.checks_report(on)
            )
            return csv_response(f"checks-{on:%Y-%m-%d}.csv", self.COLUMNS, rows)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        on = today()
        rows = [
            {
                "row": r,
                "colour": "yellow" if r.gap.kind == "expiring" else "red",
                "url": checks.gap_url(r.household_id, r.gap),
            }
            for r in checks.checks_report(on)
        ]
        return super().get_context_data(rows=rows, today=on, **kwargs)


class DecideExtraRespiteView(DecideView):
    """The management team agrees, refuses or returns nights beyond the allocation (RES-1, AUD-2)."""

    permission_required = "carers.decide_extra_respite"
    title = "Decide extra respite"
    choices = [
        (ApprovalOutcome.AGREED, "Agree the extra respite"),
        (ApprovalOutcome.REFUSED, "Refuse it"),
        (ApprovalOutcome.RETURNED, "Return it to the officer to change"),
    ]

    @cached_property
    def carer_break(self) -> CarerBreak:
        queryset = CarerBreak.objects.select_related(
            "household", "extra_respite__submitted_by", "extra_respite__decided_by"
        ).filter(extra_respite__isnull=False)
        return get_object_or_404(queryset, pk=self.kwargs["break_pk"])

    @property
    def approval(self):
        return self.carer_break.extra_respite

    def caption(self):
        return f"{self.carer_break.household.name} ({self.carer_break.household.reference})"

    def get_success_message(self):
        return f"Extra respite for {self.carer_break.household.name}: {self.object.get_outcome_display().lower()}."

    def summary(self):
        carer_break, extra = self.carer_break, self.approval
        household = carer_break.household
        nights = f"{carer_break.nights} night{'s' if carer_break.nights != 1 else ''}"
        cancelled = " (cancelled)" if carer_break.cancelled else ""
        return [
            ("Household", household.name, reverse("carers:household_detail", args=[household.pk])),
            ("Break", f"{long_date(carer_break.starts_on)} to {long_date(carer_break.ends_on)} ({nights}){cancelled}"),
            ("Nights over the allocation", str(extra.nights_over_allocation)),
            ("Reason", extra.reason),
            self.asked_for(),
        ]


class ChecksOverrideRequestView(ServiceFormView):
    """An officer asks the management team to let the household take arrangements while a check is missing
    (SAFE-2); a manager who did not ask decides (AUD-2)."""

    permission_required = "carers.add_checksoverride"
    form_class = forms.ChecksOverrideForm
    title = "Ask for an override of missing checks"
    intro = (
        "While it is agreed and in date, the household may take new arrangements on the days it covers although a "
        "required check is missing (SAFE-2). Someone in the management team other than you decides (AUD-2). "
        "It ends on its own on its last day."
    )
    button = "Send to the management team"
    success_message = "The override for {household.name} is waiting for the management team."
    creates = True

    def get_initial(self):
        return {"starts_on": today()}

    def act(self, form):
        return services.request_checks_override(household=self.household, by=self.request.user, **form.cleaned_data)


class DecideChecksOverrideView(DecideView):
    """The management team agrees or refuses an override of missing checks (SAFE-2, AUD-2)."""

    permission_required = "carers.decide_checks_override"
    title = "Decide an override of missing checks"
    choices = [
        (ApprovalOutcome.AGREED, "Agree the override"),
        (ApprovalOutcome.REFUSED, "Refuse it"),
    ]

    @cached_property
    def approval(self) -> ChecksOverride:
        queryset = ChecksOverride.objects.select_related("household", "submitted_by", "decided_by")
        return get_object_or_404(queryset, pk=self.kwargs["checks_override_pk"])

    def caption(self):
        return f"{self.approval.household.name} ({self.approval.household.reference})"

    def get_success_message(self):
        return f"Override for {self.approval.household.name}: {self.object.get_outcome_display().lower()}."

    def summary(self):
        override = self.approval
        household = override.household
        days = (override.ends_on - override.starts_on).days + 1
        return [
            ("Household", household.name, reverse("carers:household_detail", args=[household.pk])),
            ("Covers", f"{long_date(override.starts_on)} to {long_date(override.ends_on)} ({days} days)"),
            ("Reason", override.reason),
            self.asked_for(),
        ]
