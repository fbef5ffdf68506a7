"""Carer household pages, under /households/ (sharedlives/urls.py)."""

from django.urls import path

from carers import views, views_records

app_name = "carers"

household = "<int:household_pk>/"

urlpatterns = [
    path("", views.HouseholdListView.as_view(), name="household_list"),
    path("export.csv", views.HouseholdExportView.as_view(), name="household_export"),
    path("new/", views.HouseholdCreateView.as_view(), name="household_create"),
    path("caseloads/", views.CaseloadsView.as_view(), name="caseloads"),
    path("checks/", views.ChecksReportView.as_view(), name="checks_report"),
    path("breaks/<int:break_pk>/decide/", views.DecideExtraRespiteView.as_view(), name="decide_extra_respite"),
    path(
        "checks-overrides/<int:checks_override_pk>/decide/",
        views.DecideChecksOverrideView.as_view(),
        name="decide_checks_override",
    ),
    path(household, views.HouseholdDetailView.as_view(), name="household_detail"),
    path(f"{household}edit/", views.HouseholdEditView.as_view(), name="household_edit"),
    path(f"{household}approve/", views.HouseholdApproveView.as_view(), name="household_approve"),
    path(
        f"{household}start-assessment/",
        views.HouseholdStartAssessmentView.as_view(),
        name="household_start_assessment",
    ),
    path(f"{household}hold/", views.HouseholdHoldView.as_view(), name="household_hold"),
    path(f"{household}checks-override/new/", views.ChecksOverrideRequestView.as_view(), name="request_checks_override"),
    path(f"{household}resume/", views.HouseholdResumeView.as_view(), name="household_resume"),
    path(f"{household}leaving/", views.HouseholdLeavingView.as_view(), name="household_leaving"),
    path(f"{household}leaving/correct/", views.HouseholdLeavingCorrectView.as_view(), name="correct_leaving_date"),
    path(f"{household}officer/", views.HouseholdAllocateView.as_view(), name="household_allocate"),
    path(f"{household}carers/new/", views_records.CarerAddView.as_view(), name="carer_add"),
    path(f"{household}carers/<int:carer_pk>/edit/", views_records.CarerEditView.as_view(), name="carer_edit"),
    path(f"{household}training/new/", views_records.RecordTrainingView.as_view(), name="record_training"),
    path(f"{household}dbs/new/", views_records.RecordDbsView.as_view(), name="record_dbs"),
    path(f"{household}insurance/new/", views_records.RecordInsuranceView.as_view(), name="record_insurance"),
    path(f"{household}agreements/new/", views_records.RecordAgreementView.as_view(), name="record_agreement"),
    path(f"{household}members/new/", views_records.MemberAddView.as_view(), name="member_add"),
    path(f"{household}members/<int:member_pk>/edit/", views_records.MemberEditView.as_view(), name="member_edit"),
    path(f"{household}support-carers/new/", views_records.SupportCarerAddView.as_view(), name="support_carer_add"),
    path(
        f"{household}support-carers/<int:support_carer_pk>/edit/",
        views_records.SupportCarerEditView.as_view(),
        name="support_carer_edit",
    ),
    path(f"{household}breaks/new/", views_records.RecordBreakView.as_view(), name="record_break"),
    path(f"{household}breaks/<int:break_pk>/cancel/", views_records.CancelBreakView.as_view(), name="cancel_break"),
]
