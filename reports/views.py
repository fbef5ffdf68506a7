"""The Reports area (RPT-1, RPT-2, RPT-3, RPT-7, RPT-8, HB-4): an index, and one page per report, each over a chosen
period (sharedlives/period.py) with its tables, charts and CSV / XLSX downloads. The figures come from the report's
queries module, aggregated in SQL; views only choose the period and the format."""

from django.views.generic import TemplateView

from reports import arrangements, capacity, cqc, housing_benefit, quality
from reports.exports import FORMATS, export
from sharedlives.period import chosen_period
from sharedlives.permissions import RoleRequiredMixin

PERMISSION = "reports.view_reports"


class Report:
    """One report: its address name, title, the question it answers, and what builds its tables for a period."""

    def __init__(self, slug: str, title: str, answers: str, build, rules: str):
        self.slug, self.title, self.answers, self.build, self.rules = slug, title, answers, build, rules
        self.url_name = f"reports:{slug}"


REPORTS = [
    Report(
        "arrangements",
        "Arrangements",
        "How many arrangements of each type, primary support need, band, area and officer there are on a date and "
        "over a period, their share by type, the starts and endings each month and how long arrangements last.",
        arrangements.tables,
        "RPT-1, RPT-2",
    ),
    Report(
        "capacity",
        "Carers and capacity",
        "How many households are approved, the places they offer against those used, vacancies today, households "
        "with no arrangement for 90 days, households recruited and leaving each month, and caseloads against the "
        "guide.",
        capacity.tables,
        "RPT-3, RPT-8",
    ),
    Report(
        "housing_benefit",
        "Housing benefit",
        "Which housing benefit applications are waiting and for how long, the awards and refusals each month, and "
        "the backdated awards recovered through carers' payments: the figures for senior management.",
        housing_benefit.tables,
        "RPT-7, HB-4",
    ),
    Report(
        "quality",
        "Quality",
        "What is overdue today by rule and by officer, how the overdue count moved month by month, and the "
        "safeguarding concerns, incidents, complaints, compliments and CQC notifications each month.",
        quality.tables,
        "RPT-4, SG-6",
    ),
    Report(
        "cqc",
        "CQC information",
        "The figures the registered manager gives the CQC for a chosen 12 months: people supported by type, carers "
        "approved, new arrangements and endings, notifications, complaints and safeguarding concerns.",
        cqc.tables,
        "RPT-8",
    ),
]
BY_SLUG = {report.slug: report for report in REPORTS}

# Reports built where their records live (funding), listed here too so the Reports area is the one place to look:
# (title, URL name, what it answers, rules, the permission that opens it).
ELSEWHERE = [
    (
        "Unit costs",
        "funding:unit_costs",
        "What an arrangement actually cost a week, by type and band, from approved payments, split by element.",
        "RPT-5, RPT-1",
        "funding.view_unit_costs",
    ),
    (
        "Business case",
        "funding:business_case",
        "The saving against residential care or supported living, per person and in total, and a three-year "
        "projection from a growth target you enter: an estimate, with every figure's inputs.",
        "RPT-6",
        "funding.view_unit_costs",
    ),
    (
        "Carers' tax statements",
        "funding:tax_years",
        "Each carer's Qualifying Care Relief statement for a tax year: receipts, weeks of care and the qualifying "
        "amount (information for the carer, not tax advice).",
        "TAX-1",
        "funding.view_tax_statement",
    ),
]


class ReportIndexView(RoleRequiredMixin, TemplateView):
    permission_required = PERMISSION
    template_name = "reports/index.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        elsewhere = [entry for entry in ELSEWHERE if user.has_perm(entry[4])]
        return super().get_context_data(reports=REPORTS, elsewhere=elsewhere, **kwargs)


class ReportView(RoleRequiredMixin, TemplateView):
    """A report over the period in the query string; `?format=csv|xlsx` downloads its tables instead."""

    permission_required = PERMISSION
    template_name = "reports/report.html"
    slug = ""

    def get(self, request, *args, **kwargs):
        report = BY_SLUG[self.slug]
        form, period = chosen_period(request.GET)
        tables = report.build(period) if period else []
        kind = request.GET.get("format", "")
        if period and kind in FORMATS:
            return export(kind, report.slug, report.title, period, tables)
        context = self.get_context_data(report=report, form=form, period=period, tables=tables)
        return self.render_to_response(context)
