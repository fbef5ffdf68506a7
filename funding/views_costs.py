"""Unit costs (RPT-5) and the business case (RPT-6): read by GET over a chosen period, with CSV; and the
alternative settings' weekly costs the management team and finance keep. Management team and finance only."""

from functools import cached_property

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import ListView, TemplateView, View

from funding import business_case, unit_costs
from funding.alternatives import save_alternative
from funding.cost_models import AlternativeSettingCost
from funding.fees import ELEMENTS
from funding.forms_costs import AlternativeSettingCostForm, BusinessCaseForm
from sharedlives.csvexport import csv_response
from sharedlives.formviews import ServiceFormView
from sharedlives.money import format_money
from sharedlives.period import chosen_period
from sharedlives.permissions import RoleRequiredMixin
from sharedlives.xlsxexport import Sheet, xlsx_response

VIEW_COSTS = "funding.view_unit_costs"
ESTIMATE_NOTE = (
    "Every saving here is an ESTIMATE: it assumes each person would otherwise be in the alternative setting, at "
    "its weekly cost, for 52 weeks a year, and that Shared Lives costs what it cost per week over the period."
)


class PeriodMixin(RoleRequiredMixin):
    permission_required = VIEW_COSTS

    @cached_property
    def chosen(self):
        return chosen_period(self.request.GET)

    @property
    def form(self):
        return self.chosen[0]

    @property
    def period(self) -> tuple | None:
        """(first day, last day), or None when the dates given are wrong (the form says why)."""
        chosen = self.chosen[1]
        return (chosen.start, chosen.end) if chosen else None

    @cached_property
    def rows(self) -> list[unit_costs.UnitCost]:
        return unit_costs.unit_costs(*self.period) if self.period else []

    def period_query(self) -> str:
        return self.chosen[1].query()


class UnitCostsView(PeriodMixin, TemplateView):
    template_name = "funding/unit_costs.html"

    def get_context_data(self, **kwargs):
        period = self.period
        context = {"form": self.form, "period": period, "rows": self.rows}
        if period:
            context["csv_url"] = f"{reverse('funding:unit_costs_csv')}?{self.period_query()}"
            context["xlsx_url"] = f"{reverse('funding:unit_costs_xlsx')}?{self.period_query()}"
            context["business_case_url"] = f"{reverse('funding:business_case')}?{self.period_query()}"
        return super().get_context_data(**context, **kwargs)


HEADER = [
    "Arrangement type",
    "Band",
    "Arrangements",
    "Payment lines",
    "Paid days",
    "Arrangement-weeks",
    *(f"{label} paid" for label in ("Care and support", "Board and lodging", "Rent")),
    "Total paid",
    *(f"{label} per week" for label in ("Care and support", "Board and lodging", "Rent")),
    "Total per week",
]


def csv_rows(rows: list[unit_costs.UnitCost]):
    for row in rows:
        yield [
            row.kind_label,
            row.band_label,
            row.arrangements,
            row.lines,
            row.paid_days.quantize(unit_costs.ZERO),
            row.weeks,
            *(row.amounts[element] for element in ELEMENTS),
            row.amount,
            *(row.per_week(element) for element in ELEMENTS),
            row.total_per_week,
        ]


class UnitCostsCsvView(PeriodMixin, View):
    """The unit costs as CSV, or as Excel (`xlsx = True`)."""

    xlsx = False

    def get(self, request, *args, **kwargs):
        if not self.period:
            return UnitCostsView.as_view()(request, *args, **kwargs)  # the page names what is wrong with the dates
        first, last = self.period
        if self.xlsx:
            sheet = Sheet("Unit costs", HEADER, csv_rows(self.rows), lines_above=(["Paid from", first, "to", last],))
            return xlsx_response(f"unit-costs-{first}-to-{last}.xlsx", [sheet])
        return csv_response(f"unit-costs-{first}-to-{last}.csv", HEADER, csv_rows(self.rows))


class BusinessCaseView(PeriodMixin, TemplateView):
    template_name = "funding/business_case.html"

    def get_context_data(self, **kwargs):
        asked = "alternative" in self.request.GET or "growth" in self.request.GET
        form = BusinessCaseForm(self.request.GET if asked else None)
        alternatives = list(form.fields["alternative"].queryset)
        context = {"form": self.form, "case_form": form, "period": self.period, "alternatives": alternatives}
        context["estimate_note"] = ESTIMATE_NOTE
        if self.period and alternatives:
            if not asked:
                form = BusinessCaseForm({"alternative": alternatives[0].pk, "projected_kind": "live_in", "growth": 5})
                context["case_form"] = form
            if form.is_valid():
                context |= self.case(form.cleaned_data)
        return super().get_context_data(**context, **kwargs)

    def case(self, data) -> dict:
        first, last = self.period
        day = last
        current = unit_costs.arrangements_on(day)
        people: dict[str, int] = {}
        for row in current:
            people[row.kind] = people.get(row.kind, 0) + row.people
        costs = {
            kind: (
                row.total_per_week,
                f"{format_money(row.amount)} paid ÷ {row.weeks} arrangement-weeks "
                f"({row.arrangements} arrangements, {first:%-d %b %Y} to {last:%-d %b %Y})",
            )
            for kind, row in unit_costs.by_type(self.rows).items()
        }
        alternative = data["alternative"]
        case = business_case.build(
            people=people,
            unit_costs=costs,
            labels=unit_costs.KIND_LABELS,
            alternative=alternative.weekly_cost,
            growth=data["growth"],
            projected_kind=data["projected_kind"],
        )
        needs = unit_costs.arrangements_by_need_on(day)
        context = {"case": case, "current": current, "needs": needs, "on": day, "alternative": alternative}
        return context | {"demand": unit_costs.demand()}


class AlternativeListView(RoleRequiredMixin, ListView):
    permission_required = "funding.view_alternativesettingcost"
    template_name = "funding/alternatives.html"
    context_object_name = "alternatives"

    def get_queryset(self):
        return AlternativeSettingCost.objects.all()


class AlternativeFormView(ServiceFormView):
    form_class = AlternativeSettingCostForm
    button = "Save the weekly cost"
    intro = "What a week in another setting costs per person, with where the figure comes from (RPT-6)."
    success_message = "Weekly cost for {obj.label} saved."
    fields = ["setting", "name", "weekly_cost", "source", "as_of", "no_longer_used"]

    def act(self, form):
        data = {name: form.cleaned_data[name] for name in self.fields if name in form.cleaned_data}
        return save_alternative(alternative=self.alternative, by=self.request.user, **data)

    def back_url(self):
        return reverse("funding:alternative_list")

    def get_success_url(self):
        return self.back_url()


class AlternativeCreateView(AlternativeFormView):
    permission_required = "funding.add_alternativesettingcost"
    title = "Add an alternative setting's weekly cost"
    creates = True
    alternative = None


class AlternativeEditView(AlternativeFormView):
    permission_required = "funding.change_alternativesettingcost"

    @cached_property
    def alternative(self):
        return get_object_or_404(AlternativeSettingCost, pk=self.kwargs["alternative_pk"])

    @property
    def title(self):
        return f"Change the weekly cost for {self.alternative.label}"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.alternative}
