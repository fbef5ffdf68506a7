"""Funding pages, at the site root (sharedlives/urls.py): rate cards, banding, fees, payment schedules."""

from django.urls import path

from funding import views_banding as banding
from funding import views_cards as cards
from funding import views_costs as costs
from funding import views_payments as payments
from funding import views_tax as tax

app_name = "funding"

card = "rate-cards/<int:card_pk>/"
placement = "placements/<int:placement_pk>/"
schedule = "schedules/<int:schedule_pk>/"
tax_statement = "tax/<int:tax_year>/carers/<int:carer_pk>/"

urlpatterns = [
    # Rate cards (FEE-1, FEE-5, FEE-7)
    path("rate-cards/", cards.RateCardListView.as_view(), name="ratecard_list"),
    path("rate-cards/new/", cards.RateCardCreateView.as_view(), name="ratecard_create"),
    path("rate-cards/compare/", cards.RateCardCompareView.as_view(), name="ratecard_compare"),
    path(card, cards.RateCardDetailView.as_view(), name="ratecard_detail"),
    path(f"{card}edit/", cards.RateCardEditView.as_view(), name="ratecard_edit"),
    path(f"{card}publish/", cards.RateCardPublishView.as_view(), name="ratecard_publish"),
    path(f"{card}uplift/", cards.RateCardUpliftView.as_view(), name="ratecard_uplift"),
    path(f"{card}discard/", cards.RateCardDiscardView.as_view(), name="ratecard_discard"),
    path(f"{card}correct/", cards.RateCardCorrectView.as_view(), name="ratecard_correct"),
    # Banding (BAN-1 … BAN-5)
    path(f"{placement}banding/", banding.BandingHistoryView.as_view(), name="banding_history"),
    path(f"{placement}banding/new/", banding.SubmitBandingView.as_view(), name="submit_banding"),
    path("banding/<int:assessment_pk>/decide/", banding.DecideBandingView.as_view(), name="decide_banding"),
    path("banding/<int:assessment_pk>/sent/", banding.BandSentView.as_view(), name="record_band_sent"),
    # A placement's fees, invoices (FEE-2) and management overrides
    path(f"{placement}fees/", payments.PlacementFeesView.as_view(), name="placement_fees"),
    path(f"{placement}invoices/new/", payments.InvoiceCreateView.as_view(), name="add_invoice"),
    path(f"{placement}overrides/new/", payments.OverrideCreateView.as_view(), name="add_override"),
    path("overrides/<int:override_pk>/correct/", payments.OverrideCorrectView.as_view(), name="correct_override"),
    # Payment schedules and statements (FEE-8, AUD-2)
    path("schedules/", payments.ScheduleListView.as_view(), name="schedule_list"),
    path("schedules/new/", payments.ScheduleCreateView.as_view(), name="schedule_create"),
    path(schedule, payments.ScheduleDetailView.as_view(), name="schedule_detail"),
    path(f"{schedule}approve/", payments.ScheduleApproveView.as_view(), name="schedule_approve"),
    path(f"{schedule}set-aside/", payments.ScheduleDiscardView.as_view(), name="schedule_discard"),
    path(f"{schedule}generate-again/", payments.ScheduleGenerateAgainView.as_view(), name="schedule_generate_again"),
    path(f"{schedule}payments.csv", payments.ScheduleExportView.as_view(), name="schedule_export"),
    path(f"{schedule}sent/", payments.ScheduleMarkExportedView.as_view(), name="schedule_mark_exported"),
    path(f"{schedule}households/<int:payee_pk>/", payments.StatementView.as_view(), name="statement"),
    path("households/<int:household_pk>/payments/", payments.PaymentHistoryView.as_view(), name="payment_history"),
    path(
        f"{schedule}households/<int:payee_pk>/statement.pdf", payments.StatementPdfView.as_view(), name="statement_pdf"
    ),
    # Carers' tax: Qualifying Care Relief (TAX-1)
    path("tax/", tax.ReliefYearListView.as_view(), name="tax_years"),
    path("tax/figures/new/", tax.ReliefYearCreateView.as_view(), name="tax_year_create"),
    path("tax/figures/<int:relief_pk>/edit/", tax.ReliefYearEditView.as_view(), name="tax_year_edit"),
    path(tax_statement, tax.TaxStatementView.as_view(), name="tax_statement"),
    path(f"{tax_statement}statement.pdf", tax.TaxStatementPdfView.as_view(), name="tax_statement_pdf"),
    path(f"{tax_statement}statement.csv", tax.TaxStatementCsvView.as_view(), name="tax_statement_csv"),
    path("tax/statements/new/", tax.RunCreateView.as_view(), name="tax_run_create"),
    path("tax/statements/<int:run_pk>/", tax.RunDetailView.as_view(), name="tax_run"),
    # Unit costs and the business case (RPT-5, RPT-6)
    path("finance/unit-costs/", costs.UnitCostsView.as_view(), name="unit_costs"),
    path("finance/unit-costs.csv", costs.UnitCostsCsvView.as_view(), name="unit_costs_csv"),
    path("finance/unit-costs.xlsx", costs.UnitCostsCsvView.as_view(xlsx=True), name="unit_costs_xlsx"),
    path("finance/business-case/", costs.BusinessCaseView.as_view(), name="business_case"),
    path("finance/alternatives/", costs.AlternativeListView.as_view(), name="alternative_list"),
    path("finance/alternatives/new/", costs.AlternativeCreateView.as_view(), name="alternative_create"),
    path(
        "finance/alternatives/<int:alternative_pk>/edit/", costs.AlternativeEditView.as_view(), name="alternative_edit"
    ),
]
