"""Contacts, reviews, risk assessments and changes of needs; My work and the Scheme overview. At the site root."""

from django.urls import path

from reviews import views_records as records
from reviews import views_work as work

app_name = "reviews"

household = "households/<int:household_pk>/"
placement = "placements/<int:placement_pk>/"
change = "changes/<int:change_pk>/"

urlpatterns = [
    # The officers' and the management team's homes (also at / for each role)
    path("my-work/", work.my_work, name="my_work"),
    path("overview/", work.overview, name="overview"),
    path("overview/overdue/", work.OverdueListView.as_view(), name="overdue_list"),
    # Contacts (REV-2, PLA-4)
    path(f"{household}contacts/new/", records.LogContactView.as_view(), name="log_contact"),
    path("contacts/quick/", records.QuickContactView.as_view(), name="log_contact_quick"),
    path("contacts/<int:contact_pk>/edit/", records.EditContactView.as_view(), name="edit_contact"),
    path("contacts/<int:contact_pk>/recorded-in-error/", records.ContactInErrorView.as_view(), name="contact_in_error"),
    path("contacts/<int:contact_pk>/seen/", work.MarkConcernSeenView.as_view(), name="mark_concern_seen"),
    path(
        "contacts/<int:contact_pk>/safeguarding-concern/",
        records.ContactToConcernView.as_view(),
        name="contact_to_concern",
    ),
    path("contacts/<int:contact_pk>/complaint/", records.ContactToComplaintView.as_view(), name="contact_to_complaint"),
    # Reviews (REV-1, REV-3 … REV-8)
    path(f"{household}reviews/new/", records.RecordReviewView.as_view(), name="record_review"),
    path("reviews/<int:review_pk>/", records.ReviewDetailView.as_view(), name="review_detail"),
    path("reviews/<int:review_pk>/edit/", records.EditReviewView.as_view(), name="edit_review"),
    path("reviews/<int:review_pk>/recorded-in-error/", records.ReviewInErrorView.as_view(), name="review_in_error"),
    path("reviews/<int:review_pk>/actions/done/", records.CompleteActionView.as_view(), name="complete_action"),
    # Risk assessments (REV-7)
    path(
        f"{placement}risk-assessments/new/",
        records.RecordRiskAssessmentView.as_view(),
        name="record_risk_assessment",
    ),
    # Changes of needs (CHG-1 … CHG-3) and additional funding (AUD-2)
    path(f"{placement}changes/new/", records.RaiseChangeView.as_view(), name="raise_change"),
    path(change, records.ChangeDetailView.as_view(), name="change_detail"),
    path(f"{change}meeting/", records.ChangeMeetingView.as_view(), name="change_meeting"),
    path(f"{change}discussion/", records.ChangeDiscussionView.as_view(), name="change_discussion"),
    path(f"{change}funding/", records.RequestFundingView.as_view(), name="request_funding"),
    path(f"{change}close/", records.CloseChangeView.as_view(), name="close_change"),
    path(
        "funding-requests/<int:funding_request_pk>/decide/",
        records.DecideFundingView.as_view(),
        name="decide_funding",
    ),
    # A household's and a placement's contacts and reviews
    path(f"{household}activity/", work.HouseholdActivityView.as_view(), name="household_activity"),
    path(f"{placement}activity/", work.PlacementActivityView.as_view(), name="placement_activity"),
]
