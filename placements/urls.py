"""Referral and placement pages, at the site root (sharedlives/urls.py)."""

from django.urls import path

from placements import views_lookup, views_search
from placements import views_placements as placements
from placements import views_referrals as referrals

app_name = "placements"

referral = "referrals/<int:referral_pk>/"
match = "matches/<int:match_pk>/"
placement = "placements/<int:placement_pk>/"

urlpatterns = [
    # The header search, from every page
    path("search/", views_search.search_results, name="search"),
    # The autocomplete's lookups (JSON), for typed households, officers, staff, areas and people
    path("lookup/households", views_lookup.HouseholdLookupView.as_view(), name="lookup_households"),
    path("lookup/officers", views_lookup.OfficerLookupView.as_view(), name="lookup_officers"),
    path("lookup/staff", views_lookup.StaffLookupView.as_view(), name="lookup_staff"),
    path("lookup/areas", views_lookup.AreaLookupView.as_view(), name="lookup_areas"),
    path("lookup/people", views_lookup.PersonLookupView.as_view(), name="lookup_people"),
    # People
    path("people/", referrals.PersonListView.as_view(), name="person_list"),
    path("people/new/", referrals.PersonCreateView.as_view(), name="person_create"),
    path("people/<int:person_pk>/", referrals.PersonDetailView.as_view(), name="person_detail"),
    path("people/<int:person_pk>/edit/", referrals.PersonEditView.as_view(), name="person_edit"),
    # Referrals
    path("referrals/", referrals.ReferralBoardView.as_view(), name="referral_board"),
    path("referrals/stage/<str:stage>/", referrals.ReferralStageView.as_view(), name="referral_stage"),
    path("referrals/new/", referrals.ReferralCreateView.as_view(), name="referral_create"),
    path(referral, referrals.ReferralDetailView.as_view(), name="referral_detail"),
    path(f"{referral}funding-panel/", referrals.SendToPanelView.as_view(), name="referral_send_to_panel"),
    path(f"{referral}funding-decision/", referrals.FundingDecisionView.as_view(), name="referral_funding_decision"),
    path(
        f"{referral}emergency-discussion/",
        referrals.EmergencyDiscussionView.as_view(),
        name="referral_emergency_discussion",
    ),
    path(f"{referral}documents/", referrals.ReferralDocumentsView.as_view(), name="referral_documents"),
    path(f"{referral}waiting-list/", referrals.WaitingListView.as_view(), name="referral_waiting_list"),
    path(f"{referral}still-needed/", referrals.StillNeededView.as_view(), name="referral_still_needed"),
    path(f"{referral}close/", referrals.CloseReferralView.as_view(), name="referral_close"),
    path(f"{referral}hand-over/", referrals.HandOverView.as_view(), name="referral_hand_over"),
    path(f"{referral}find-carers/", referrals.FindCarersView.as_view(), name="find_carers"),
    path(f"{referral}propose-match/", referrals.ProposeMatchView.as_view(), name="propose_match"),
    path(f"{referral}start/", placements.StartPlacementView.as_view(), name="start_placement"),
    # Matches and introductions
    path(f"{match}agreement/", referrals.MatchAgreementView.as_view(), name="record_match_agreement"),
    path(f"{match}introductions/new/", referrals.IntroductionView.as_view(), name="record_introduction"),
    path(f"{match}withdraw/", referrals.WithdrawMatchView.as_view(), name="withdraw_match"),
    # Management decisions (AUD-2)
    path(
        "introduction-requests/<int:nights_request_pk>/decide/",
        referrals.DecideExtraNightsView.as_view(),
        name="decide_extra_nights",
    ),
    path(
        "admin-payments/<int:payment_request_pk>/decide/",
        placements.DecideAdminPaymentView.as_view(),
        name="decide_admin_payment",
    ),
    # Placements
    path("placements/", placements.PlacementListView.as_view(), name="placement_list"),
    path("placements/export.csv", placements.PlacementExportView.as_view(), name="placement_export"),
    path(placement, placements.PlacementDetailView.as_view(), name="placement_detail"),
    path(f"{placement}moving-day/", placements.MovingDayView.as_view(), name="moving_day"),
    path(f"{placement}stays/new/", placements.AddStayView.as_view(), name="add_stay"),
    path(f"{placement}day-sessions/new/", placements.AddDaySessionView.as_view(), name="add_day_session"),
    path(
        f"{placement}provision-requests/new/",
        placements.ProvisionRequestView.as_view(),
        name="add_provision_request",
    ),
    path(
        f"{placement}provision-requests/<int:provision_pk>/sent/",
        placements.ProvisionSentView.as_view(),
        name="record_provision_sent",
    ),
    path(
        "provision-requests/<int:provision_pk>/authorise/",
        placements.AuthoriseProvisionView.as_view(),
        name="authorise_provision_request",
    ),
    path(f"{placement}notice/", placements.GiveNoticeView.as_view(), name="give_notice"),
    path(f"{placement}move-out/", placements.MoveOutView.as_view(), name="move_out"),
    path(f"{placement}belongings/", placements.BelongingsView.as_view(), name="belongings"),
    path(f"{placement}notice/withdraw/", placements.WithdrawNoticeView.as_view(), name="withdraw_notice"),
    path(f"{placement}notice/correct/", placements.NoticeDatesCorrectView.as_view(), name="correct_notice_dates"),
    path(f"{placement}admin-payment/", placements.AdminPaymentView.as_view(), name="admin_payment"),
    path(f"{placement}end/", placements.EndArrangementView.as_view(), name="end_arrangement"),
    path(
        f"{placement}housing-benefit/new/",
        placements.HousingBenefitApplicationView.as_view(),
        name="add_housing_benefit",
    ),
    path(
        "housing-benefit/outstanding/",
        placements.OutstandingHousingBenefitView.as_view(),
        name="housing_benefit_outstanding",
    ),
    path(
        "housing-benefit/<int:claim_pk>/award/",
        placements.HousingBenefitAwardView.as_view(),
        name="housing_benefit_award",
    ),
    path(
        "housing-benefit/<int:claim_pk>/correct/",
        placements.HousingBenefitCorrectView.as_view(),
        name="correct_housing_benefit",
    ),
    path(
        "housing-benefit/<int:claim_pk>/refused/",
        placements.HousingBenefitRefusedView.as_view(),
        name="housing_benefit_refused",
    ),
]
