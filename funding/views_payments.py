"""What carers are paid: a placement's Fees tab, carers' invoices (FEE-2), management overrides, payment
schedules (generated in the background, approved by someone else, exported), and household statements.

Every amount on these pages, the CSV and the PDF comes from the fee engine's lines (FEE-8).
"""

from datetime import timedelta
from decimal import Decimal
from functools import cached_property
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.generic import ListView, TemplateView, View

from carers.models import CarerHousehold
from funding import fees, forms, invoices, overrides, queries, schedules, tasks
from funding.models import Element, FeeOverride, LineKind, PaymentSchedule, RateCode, ScheduleStatus, Unit
from funding.views import PlacementMixin, ScheduleMixin
from sharedlives.csvexport import csv_response
from sharedlives.dates import long_date, today
from sharedlives.errors import RuleViolation
from sharedlives.formviews import ServiceFormView
from sharedlives.history import user_name
from sharedlives.models import SchemePolicy
from sharedlives.money import format_money
from sharedlives.permissions import RoleRequiredMixin

SCHEDULE_COLOURS = {
    ScheduleStatus.GENERATING: "light-blue",
    ScheduleStatus.DRAFT: "blue",
    ScheduleStatus.APPROVED: "green",
    ScheduleStatus.EXPORTED: "purple",
    ScheduleStatus.FAILED: "red",
}
QUANTITY_NOUNS = {fees.WEEK: "days", fees.NIGHT: "nights", fees.SESSION: "sessions", fees.ONE_OFF: ""}
ELEMENT_ORDER = {element: index for index, element in enumerate(Element.values)}


def rate_label(code: str) -> str:
    return RateCode(code).label if code in RateCode.values else code


def quantity_text(quantity: Decimal, unit: str) -> str:
    if unit == fees.ONE_OFF or not unit:
        return "—"
    return f"{quantity.normalize():f} {QUANTITY_NOUNS.get(unit, '')}".strip()


def element_totals(by_element: dict[str, Decimal]) -> list[tuple[str, Decimal]]:
    return [(Element(e).label, by_element[e]) for e in sorted(by_element, key=lambda e: ELEMENT_ORDER.get(e, 9))]


def difference_text(difference: Decimal) -> str:
    """FEE-2: how far an invoice is from the expected amount."""
    if difference == 0:
        return "Matches"
    return f"{format_money(abs(difference))} {'more' if difference > 0 else 'less'} than expected"


# The Fees tab ---------------------------------------------------------------------------------------------


def line_row(line) -> dict:
    """A fee engine line (or a saved PaymentLine) as a table row."""
    rules = line.rules.split() if isinstance(line.rules, str) else list(line.rules)
    return {
        "start": line.start,
        "end": line.end,
        "element": Element(line.element).label,
        "rate_code": rate_label(line.rate_code) if line.rate_code else "",
        "rate": line.rate if line.rate_code else None,
        "unit": Unit(line.unit).label if line.unit in Unit.values else "",
        "quantity": quantity_text(line.quantity, line.unit),
        "amount": line.amount,
        "rules": rules,
        "explanation": line.explanation,
        "kind": line.kind,
        "kind_label": LineKind(line.kind).label if line.kind in LineKind.values else line.kind,
        "paid_on_invoice": line.paid_on_invoice,
    }


class PlacementFeesView(PlacementMixin, RoleRequiredMixin, TemplateView):
    """The placement's lines for any dates, from today's facts; its invoices and management overrides."""

    permission_required = "funding.view_fees"
    template_name = "funding/placement_fees.html"
    RANGE_KEYS = {"start", "end", "start_day", "start_month", "start_year", "end_day", "end_month", "end_year"}

    def get_context_data(self, **kwargs):
        placement = self.placement
        first, last = forms.this_month()
        if self.RANGE_KEYS & set(self.request.GET):
            form = forms.FeesRangeForm(self.request.GET)
            valid = form.is_valid()
            start, end = (form.cleaned_data["start"], form.cleaned_data["end"]) if valid else (None, None)
        else:
            form = forms.FeesRangeForm(initial={"start": first, "end": last})
            start, end = first, last
        lines, error = [], None
        if start and end:
            try:
                lines = schedules.placement_fee_lines(placement, start, end)
            except fees.FeeError as failure:
                error = str(failure)
            except RuleViolation as failure:
                error = str(failure)
        totals = fees.summarise(lines)
        user = self.request.user
        invoice_list = None
        if user.has_perm("funding.view_carerinvoice"):
            invoice_list = list(placement.invoices.select_related("recorded_by"))
            for invoice in invoice_list:
                invoice.difference_text = difference_text(invoice.difference)
        override_list = (
            list(placement.fee_overrides.select_related("decided_by"))
            if user.has_perm("funding.view_feeoverride") or user.has_perm("funding.add_feeoverride")
            else None
        )
        return super().get_context_data(
            placement=placement,
            form=form,
            start=start,
            end=end,
            rows=[line_row(line) for line in lines],
            totals=element_totals(totals.by_element),
            total=totals.total,
            fee_error=error,
            lines_caption=f"Lines from {long_date(start)} to {long_date(end)}" if start and end else "Lines",
            invoices=invoice_list,
            overrides=override_list,
            **kwargs,
        )


class InvoiceCreateView(PlacementMixin, ServiceFormView):
    """FEE-2: the carer's invoice for the initial period (or respite), checked against the expected amount."""

    permission_required = "funding.add_carerinvoice"
    creates = True
    form_class = forms.InvoiceForm
    title = "Record a carer's invoice"
    intro = (
        "The first 28 days of a placement (and short breaks) are paid on the carer's invoice (FEE-2). "
        "The amount is checked against what the rate card gives for the same days."
    )
    button = "Record invoice"

    def get_initial(self):
        days = SchemePolicy.current().initial_period_days
        starts_on = self.placement.starts_on
        return {"period_start": starts_on, "period_end": starts_on + timedelta(days=days - 1), "received_on": today()}

    def act(self, form):
        return invoices.record_invoice(placement=self.placement, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        invoice = self.object
        amounts = f"{format_money(invoice.amount)} invoiced, {format_money(invoice.expected_amount)} expected"
        return f"Invoice recorded: {amounts}. {difference_text(invoice.difference)} (FEE-2)."

    def get_success_url(self):
        query = urlencode({"start": self.object.period_start.isoformat(), "end": self.object.period_end.isoformat()})
        return f"{self.back_url()}?{query}#invoices"


class OverrideCreateView(PlacementMixin, ServiceFormView):
    """A management decision paying or stopping one element between two dates (END-1, END-7, AUD-2)."""

    permission_required = "funding.add_feeoverride"
    creates = True
    form_class = forms.OverrideForm
    title = "Change what is paid"
    intro = (
        "Where the guidance says \u201csubject to circumstances\u201d, the management team decides to pay or stop "
        "an element between two dates. The lines then name the decision and its reason."
    )
    button = "Save decision"
    success_message = "Decision saved: {obj}."

    def act(self, form):
        return overrides.record_override(placement=self.placement, by=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return override_fees_url(self.object)


def override_fees_url(override: FeeOverride) -> str:
    """The Fees tab showing the decision's days (all of this month's, if it covers more than a page can show)."""
    fees_url = reverse("funding:placement_fees", args=[override.placement_id])
    if (override.ends_on - override.starts_on).days > forms.MAX_RANGE_DAYS:
        return f"{fees_url}#overrides"
    query = urlencode({"start": override.starts_on.isoformat(), "end": override.ends_on.isoformat()})
    return f"{fees_url}?{query}#overrides"


class OverrideCorrectView(ServiceFormView):
    """A decision's dates, or whether it pays, entered wrongly and put right, with the reason (AUD-1, AUD-2)."""

    permission_required = "funding.add_feeoverride"
    form_class = forms.OverrideCorrectionForm
    title = "Correct a decision on what is paid"
    intro = (
        "Put right dates entered wrongly, or whether the element is paid. The decision and its reason stay; the "
        "History keeps the old values, who corrected them and why. The Fees tab prices the corrected dates, and "
        "a payment schedule already approved gets the difference as an adjustment on the next one."
    )
    button = "Save correction"

    @cached_property
    def override(self) -> FeeOverride:
        queryset = FeeOverride.objects.select_related("placement__person", "placement__household", "decided_by")
        return get_object_or_404(queryset, pk=self.kwargs["override_pk"])

    def caption(self):
        placement = self.override.placement
        return f"{placement.person.full_name} with {placement.household.name}"

    def summary(self):
        override = self.override
        return [
            ("Element", override.get_element_display()),
            ("Dates", f"{long_date(override.starts_on)} to {long_date(override.ends_on)}"),
            ("Decision", "Pay" if override.pay else "Stop"),
            ("Reason for the decision", override.reason),
            ("Decided", f"{long_date(override.decided_on)} by {user_name(override.decided_by)}"),
        ]

    def get_initial(self):
        override = self.override
        return {"starts_on": override.starts_on, "ends_on": override.ends_on, "pay": override.pay}

    def act(self, form):
        return overrides.correct_override(self.override, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return f"Decision corrected: {self.object}. The fees below use the corrected dates."

    def back_url(self):
        return reverse("funding:placement_fees", args=[self.override.placement_id]) + "#overrides"

    def get_success_url(self):
        return override_fees_url(self.object)


# Payment schedules -----------------------------------------------------------------------------------------


class ScheduleListView(RoleRequiredMixin, ListView):
    permission_required = "funding.view_paymentschedule"
    template_name = "funding/schedule_list.html"
    paginate_by = 25
    context_object_name = "schedules"

    def get_queryset(self):
        return PaymentSchedule.objects.select_related("generated_by", "approved_by").order_by("-period_start", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(colours=SCHEDULE_COLOURS, **kwargs)


class ScheduleCreateView(ServiceFormView):
    permission_required = "funding.add_paymentschedule"
    creates = True
    form_class = forms.ScheduleForm
    title = "Generate a payment schedule"
    intro = (
        "Every placement's lines for the period, adjustments for earlier approved periods whose facts have "
        "changed since, and recoveries (FEE-3, HB-3). Someone else approves it (AUD-2)."
    )
    button = "Generate schedule"

    def get_initial(self):
        start, end = schedules.next_period()
        return {"period_start": start, "period_end": end}

    def act(self, form):
        data = form.cleaned_data
        return tasks.request_schedule(
            period_start=data["period_start"], period_end=data["period_end"], by=self.request.user
        )

    def summary(self):
        """A schedule still being generated (or stalled) is shown, so no one skips past it to the next period."""
        return [
            (
                f"Still being generated: {long_date(s.period_start)} to {long_date(s.period_end)}",
                "See its progress",
                reverse("funding:schedule_detail", args=[s.pk]),
            )
            for s in PaymentSchedule.objects.filter(status=ScheduleStatus.GENERATING).order_by("period_start")
        ]

    def get_success_message(self):
        schedule = self.object
        return (
            f"Generating the schedule for {long_date(schedule.period_start)} to {long_date(schedule.period_end)} "
            "in the background: this page shows its progress."
        )

    def back_url(self):
        return reverse("funding:schedule_list")

    def get_success_url(self):
        return reverse("funding:schedule_detail", args=[self.object.pk])


class ScheduleDetailView(ScheduleMixin, RoleRequiredMixin, TemplateView):
    """Progress while generating; then totals by element and household (in SQL), the special lines, actions."""

    permission_required = "funding.view_paymentschedule"
    template_name = "funding/schedule_detail.html"
    households_per_page = 50
    special_per_page = 50

    def get_context_data(self, **kwargs):
        schedule = self.schedule
        context = {"schedule": schedule, "colour": SCHEDULE_COLOURS.get(schedule.status, "grey")}
        if schedule.status in (ScheduleStatus.DRAFT, ScheduleStatus.APPROVED, ScheduleStatus.EXPORTED):
            lines = schedule.lines.all()
            by_element = {row["element"]: row["total"] for row in lines.values("element").annotate(total=Sum("amount"))}
            households = (
                lines.values("household_id", "household__reference", "household__name")
                .annotate(total=Sum("amount"), count=Count("id"))
                .order_by("household__reference")
            )
            page = Paginator(households, self.households_per_page).get_page(self.request.GET.get("page", 1))
            special = (
                lines.exclude(kind=LineKind.FEE)
                .select_related("household", "placement__person", "adjusts")
                .order_by("kind", "household__reference", "start")
            )
            # A national scheme's month has hundreds of adjustments: a page of them at a time, as the households.
            special_page = Paginator(special, self.special_per_page).get_page(self.request.GET.get("special_page", 1))
            context |= {
                "totals": element_totals(by_element),
                "households": page,
                "special_page": special_page,
                "special": [(line, line_row(line)) for line in special_page],
            }
        user = self.request.user
        job = tasks.job_state(schedule)
        context |= {
            "job": job,
            # AUD-2: the person who generated it never sees the button (the service refuses them anyway).
            "can_approve": schedule.status == ScheduleStatus.DRAFT
            and user.has_perm("funding.approve_schedule")
            and schedule.generated_by_id != user.pk,
            "generated_it": schedule.status == ScheduleStatus.DRAFT and schedule.generated_by_id == user.pk,
            "can_discard": schedule.status in (ScheduleStatus.GENERATING, ScheduleStatus.DRAFT)
            and user.has_perm("funding.add_paymentschedule"),
            "can_generate_again": bool(job and job.stalled) and user.has_perm("funding.add_paymentschedule"),
            "can_export": schedule.is_locked and user.has_perm("funding.export_schedule"),
            "can_mark_exported": schedule.status == ScheduleStatus.APPROVED
            and user.has_perm("funding.export_schedule"),
        }
        return super().get_context_data(**context, **kwargs)


class ScheduleConfirmView(ScheduleMixin, ServiceFormView):
    form_class = forms.ScheduleActionForm
    template_name = "funding/confirm.html"
    allowed_statuses: tuple = (ScheduleStatus.DRAFT,)

    def get_initial(self):
        return {"seen_status": self.schedule.status, "seen_attempt": self.schedule.attempt}

    def summary(self):
        s = self.schedule
        return [
            ("Period", f"{long_date(s.period_start)} to {long_date(s.period_end)}"),
            ("Status", s.get_status_display()),
            ("Total", format_money(s.total)),
            ("Generated by", f"{user_name(s.generated_by)} on {long_date(timezone.localdate(s.generated_at))}"),
        ]

    def get_context_data(self, **kwargs):
        refusal = None
        if self.schedule.status not in self.allowed_statuses:
            refusal = f"This schedule is {self.schedule.get_status_display().lower()}: there is nothing to do."
        return super().get_context_data(refusal=refusal, **kwargs)

    def seen_status(self, form) -> str | None:
        return form.cleaned_data.get("seen_status") or None


class ScheduleApproveView(ScheduleConfirmView):
    permission_required = "funding.approve_schedule"
    title = "Approve the payment schedule"
    intro = (
        "Once approved, the schedule and its lines are never changed, and the payments team can have its CSV. "
        "Someone other than the person who generated it approves it (AUD-2)."
    )
    button = "Approve schedule"

    def summary(self):
        households = self.schedule.lines.values("household_id").distinct().count()
        return super().summary() + [("Households", str(households))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["refusal"] is None and self.schedule.generated_by_id == self.request.user.pk:
            context["refusal"] = "You generated this schedule, so someone else approves it (AUD-2)."
        return context

    def get_success_message(self):
        return f"The schedule is approved: {format_money(self.object.total)} to pay."

    def act(self, form):
        return schedules.approve_schedule(self.schedule, by=self.request.user, seen_status=self.seen_status(form))


class ScheduleDiscardView(ScheduleConfirmView):
    permission_required = "funding.add_paymentschedule"
    title = "Set the draft schedule aside"
    intro = (
        "A draft made from wrong facts is set aside (kept, marked failed) so the period can be generated again. "
        "An approved schedule is never set aside (FEE-8)."
    )
    button = "Set aside draft"
    allowed_statuses = (ScheduleStatus.GENERATING, ScheduleStatus.DRAFT)

    def get_success_message(self):
        return "The draft schedule is set aside: generate the period again when the facts are right."

    def act(self, form):
        return schedules.discard_draft(self.schedule, by=self.request.user, seen_status=self.seen_status(form))


class ScheduleGenerateAgainView(ScheduleConfirmView):
    """A schedule whose job died (the worker restarted, the machine stopped) is filled by a new attempt."""

    permission_required = "funding.add_paymentschedule"
    title = "Generate the schedule again"
    intro = (
        "The job generating this schedule has stopped. Generating it again starts a new job for the same period; "
        "if the old one ever wakes up, its work is thrown away."
    )
    button = "Generate again"
    allowed_statuses = (ScheduleStatus.GENERATING,)

    def get_success_message(self):
        return "Generating the schedule again in the background: this page shows its progress."

    def act(self, form):
        seen = form.cleaned_data.get("seen_attempt") or self.schedule.attempt
        return tasks.generate_again(self.schedule, by=self.request.user, seen_attempt=seen)


class ScheduleMarkExportedView(ScheduleConfirmView):
    """The payments team has the CSV: recorded by pressing a button, never by downloading the file."""

    permission_required = "funding.export_schedule"
    title = "Record that the payments team has the schedule"
    intro = "Download the CSV first and send it to the payments team; then record it here."
    button = "Record as sent to the payments team"
    allowed_statuses = (ScheduleStatus.APPROVED,)

    def get_success_message(self):
        return "Recorded: the payments team has this schedule."

    def act(self, form):
        return schedules.mark_exported(self.schedule, by=self.request.user)


class ScheduleExportView(ScheduleMixin, RoleRequiredMixin, View):
    """The CSV for the payments team: one row per line, amounts as plain decimals. Approved schedules only.

    Downloading changes nothing (no GET writes): "record as sent" is its own button.
    """

    permission_required = "funding.export_schedule"
    COLUMNS = ["household reference", "household name", "placement id", "person", "start", "end", "element"]
    COLUMNS += ["rate code", "rate", "unit", "quantity", "amount", "kind", "rules", "explanation"]

    def get(self, request, *args, **kwargs):
        schedule = self.schedule
        if not schedule.is_locked:
            messages.error(request, "Only an approved schedule goes to the payments team: approve it first (AUD-2).")
            return redirect(self.back_url())
        lines = schedule.lines.select_related("household", "placement__person").order_by(
            "household__reference", "placement_id", "start", "element", "pk"
        )

        def rows():
            for line in lines.iterator(chunk_size=2000):
                person = line.placement.person.full_name if line.placement_id else ""
                yield (
                    [line.household.reference, line.household.name, line.placement_id, person, line.start, line.end]
                    + [line.element, line.rate_code, line.rate, line.unit, line.quantity, line.amount]
                    + [line.kind, line.rules, line.explanation]
                )

        filename = f"payments-{schedule.period_start:%Y-%m-%d}-to-{schedule.period_end:%Y-%m-%d}.csv"
        return csv_response(filename, self.COLUMNS, rows())


class HouseholdPaymentsMixin:
    """The household in the URL, seen only by those who may see what it is paid (funding.queries.may_see_payments):
    finance, the management team, and the household's own officer. Others get 403."""

    household_kwarg = "household_pk"

    @cached_property
    def household(self) -> CarerHousehold:
        return get_object_or_404(CarerHousehold, pk=self.kwargs[self.household_kwarg])

    def dispatch(self, request, *args, **kwargs):
        if not queries.may_see_payments(request.user, self.household):
            raise PermissionDenied("Only finance, the management team and the household's officer see its payments.")
        return super().dispatch(request, *args, **kwargs)


class StatementMixin(HouseholdPaymentsMixin, ScheduleMixin):
    """The household's officer sees its statements once approved; finance and management see drafts too."""

    household_kwarg = "payee_pk"

    def dispatch(self, request, *args, **kwargs):
        if not (self.schedule.is_locked or request.user.has_perm("funding.view_paymentschedule")):
            raise PermissionDenied("A draft schedule's statements are for finance and the management team.")
        return super().dispatch(request, *args, **kwargs)

    def statement(self) -> dict:
        lines = list(
            self.schedule.lines.filter(household=self.household)
            .select_related("placement__person")
            .order_by("placement_id", "start", "element", "pk")
        )
        by_element: dict[str, Decimal] = {}
        for line in lines:
            by_element[line.element] = by_element.get(line.element, Decimal("0.00")) + line.amount
        return {
            "schedule": self.schedule,
            "household": self.household,
            "lines": [(line, line_row(line)) for line in lines],
            "totals": element_totals(by_element),
            "total": sum((line.amount for line in lines), Decimal("0.00")),
        }


class StatementView(StatementMixin, TemplateView):
    """A household's statement for the schedule: every line with its explanation, and the totals."""

    template_name = "funding/statement.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.statement(), **kwargs)


class StatementPdfView(StatementMixin, View):
    """The same statement as a PDF (WeasyPrint), from the same lines."""

    def get(self, request, *args, **kwargs):
        from weasyprint import HTML

        context = self.statement() | {"scheme": SchemePolicy.current().scheme_name}
        html = render_to_string("funding/statement_pdf.html", context, request=request)
        pdf = HTML(string=html).write_pdf()  # the template's CSS is inline: nothing is fetched
        response = HttpResponse(pdf, content_type="application/pdf")
        filename = f"statement-{self.household.reference}-{self.schedule.period_start:%Y-%m}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


class PaymentHistoryView(HouseholdPaymentsMixin, TemplateView):
    """Every approved (or exported) schedule's lines for one household, by month, with each month's total, the
    overall total and the statements. Twelve months a page; a fixed number of queries however many schedules."""

    template_name = "funding/payment_history.html"
    months_per_page = 12

    def get_context_data(self, **kwargs):
        months = queries.payment_months(self.household)
        page = Paginator(months, self.months_per_page).get_page(self.request.GET.get("page", 1))
        return super().get_context_data(
            household=self.household,
            page_obj=page,
            months=queries.fill_months(self.household, list(page.object_list)),
            total=sum((m.total for m in months), Decimal("0.00")),
            month_count=len(months),
            **kwargs,
        )
