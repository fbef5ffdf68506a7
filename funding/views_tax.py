"""Carers' tax pages (TAX-1): HMRC's figures per year, a carer's Qualifying Care Relief statement (page, PDF, CSV),
and every carer's statements for a year produced by a background job. Finance and the management team only."""

from functools import cached_property

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.generic import ListView, TemplateView, View

from funding import tax, tax_runs
from funding.forms_tax import ReliefYearForm, RunForm
from funding.models import QualifyingCareReliefYear, TaxStatementRun
from sharedlives.csvexport import csv_response
from sharedlives.formviews import ServiceFormView
from sharedlives.models import SchemePolicy
from sharedlives.permissions import RoleRequiredMixin

NOT_ADVICE = (
    "This statement is information to help you with your tax return, not tax advice. It covers only what the "
    "scheme paid you; HMRC's helpsheet HS236 explains Qualifying Care Relief, and an adviser or HMRC can help."
)


class ReliefYearListView(RoleRequiredMixin, ListView):
    permission_required = "funding.view_qualifyingcarereliefyear"
    template_name = "funding/tax_years.html"
    context_object_name = "years"

    def get_queryset(self):
        return QualifyingCareReliefYear.objects.order_by("-tax_year")

    def get_context_data(self, **kwargs):
        runs = TaxStatementRun.objects.select_related("requested_by").order_by("-requested_at", "-pk")[:10]
        return super().get_context_data(runs=runs, **kwargs)


class ReliefYearFormView(ServiceFormView):
    form_class = ReliefYearForm
    button = "Save the figures"
    intro = "HMRC's figures for one tax year, from 6 April to 5 April (TAX-1)."
    success_message = "Qualifying Care Relief figures for {obj.label} saved."

    def act(self, form):
        data = {name: form.cleaned_data[name] for name in ("fixed_amount", "weekly_amount_adult", "source")}
        if not self.relief:
            data["tax_year"] = form.cleaned_data["tax_year"]
        return tax_runs.save_relief_year(relief=self.relief, by=self.request.user, **data)

    def back_url(self):
        return reverse("funding:tax_years")


class ReliefYearCreateView(ReliefYearFormView):
    permission_required = "funding.add_qualifyingcarereliefyear"
    title = "Add a tax year's Qualifying Care Relief figures"
    creates = True
    relief = None


class ReliefYearEditView(ReliefYearFormView):
    permission_required = "funding.change_qualifyingcarereliefyear"

    @cached_property
    def relief(self):
        return get_object_or_404(QualifyingCareReliefYear, pk=self.kwargs["relief_pk"])

    @property
    def title(self):
        return f"Change the Qualifying Care Relief figures for {self.relief.label}"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.relief}


class StatementMixin(RoleRequiredMixin):
    permission_required = "funding.view_tax_statement"

    @cached_property
    def statement(self) -> tax.Statement:
        figures = tax.figures_for(self.kwargs["tax_year"])
        found = tax.statement(self.kwargs["carer_pk"], figures) if figures else None
        if found is None:
            raise Http404("No such carer, or no Qualifying Care Relief figures for that tax year.")
        return found

    def context(self) -> dict:
        return {"statement": self.statement, "not_advice": NOT_ADVICE}

    def filename(self, extension: str) -> str:
        return f"qcr-{self.statement.household.reference}-{self.statement.carer.pk}-{self.statement.year.start}.{extension}"


class TaxStatementView(StatementMixin, TemplateView):
    template_name = "funding/tax_statement.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.context(), **kwargs)


class TaxStatementPdfView(StatementMixin, View):
    """The same statement as a PDF (WeasyPrint), styled as the monthly household statement."""

    def get(self, request, *args, **kwargs):
        from weasyprint import HTML

        context = self.context() | {"scheme": SchemePolicy.current().scheme_name}
        html = render_to_string("funding/tax_statement_pdf.html", context, request=request)
        response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{self.filename("pdf")}"'
        return response


class TaxStatementCsvView(StatementMixin, View):
    HEADER = ["Section", "Item", "Detail", "Amount"]

    def get(self, request, *args, **kwargs):
        return csv_response(self.filename("csv"), self.HEADER, csv_rows(self.statement))


def csv_rows(s: tax.Statement):
    yield ["Carer", s.carer.full_name, f"{s.household.reference} {s.household.name}", ""]
    yield ["Tax year", s.year.label, f"{s.year.first_day:%-d %B %Y} to {s.year.last_day:%-d %B %Y}", ""]
    for row in s.schedules:
        detail = f"{row.lines} lines, {row.on_schedule} on the schedule"
        yield ["Receipts", f"Schedule {row.period_start} to {row.period_end}", detail, row.in_year]
    yield ["Receipts", "Household total in the tax year", "", s.household_receipts]
    yield ["Receipts", "Your share", f"split equally between {s.carers_in_household} carer(s)", s.receipts]
    for person in s.people:
        detail = f"{person.weeks} weeks × {s.figures.weekly_amount_adult} ({person.kinds})"
        yield ["Weeks of care", person.name, detail, person.amount]
    yield [
        "Qualifying amount",
        "Fixed amount share",
        f"{s.figures.fixed_amount} ÷ {s.carers_in_household}",
        s.fixed_share,
    ]
    yield ["Qualifying amount", "Weekly amounts share", f"{s.weekly_total} ÷ {s.carers_in_household}", s.weekly_share]
    yield ["Qualifying amount", "Qualifying amount", "fixed share + weekly amounts share", s.qualifying_amount]
    yield ["Result", "Receipts over the qualifying amount", "", s.over_limit]
    yield ["Note", NOT_ADVICE, "", ""]


class RunCreateView(ServiceFormView):
    permission_required = "funding.produce_tax_statements"
    form_class = RunForm
    creates = True
    title = "Produce every carer's tax statement"
    intro = "Every carer's Qualifying Care Relief statement for the tax year, made in the background (TAX-1)."
    button = "Produce the statements"
    success_message = "Producing the statements in the background: this page shows the progress."

    def act(self, form):
        return tax_runs.request_run(tax_year=form.cleaned_data["tax_year"], by=self.request.user)

    def back_url(self):
        return reverse("funding:tax_years")

    def get_success_url(self):
        return reverse("funding:tax_run", args=[self.object.pk])


class RunDetailView(RoleRequiredMixin, TemplateView):
    permission_required = "funding.view_tax_statement"
    template_name = "funding/tax_run.html"

    def get_context_data(self, **kwargs):
        run = get_object_or_404(TaxStatementRun.objects.select_related("requested_by"), pk=self.kwargs["run_pk"])
        results = run.results.select_related("carer__household").order_by("carer__last_name", "carer__first_name", "pk")
        page = Paginator(results, 100).get_page(self.request.GET.get("page", 1))
        return super().get_context_data(run=run, page_obj=page, results=page.object_list, **kwargs)
