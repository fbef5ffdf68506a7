"""Safeguarding concerns and incidents (SG-1, SG-2), under /safeguarding/. Complaints and CQC notifications join here."""

from django.urls import path

from safeguarding import views

app_name = "safeguarding"

person = "people/<int:person_pk>/"
concern = "concerns/<int:concern_pk>/"
incident = "incidents/<int:incident_pk>/"

urlpatterns = [
    # Concerns (SG-1, SAFE-4, SG-5)
    path("concerns/", views.ConcernListView.as_view(), name="concern_list"),
    path(f"{person}concerns/new/", views.RaiseConcernView.as_view(), name="raise_concern"),
    path(concern, views.ConcernDetailView.as_view(), name="concern_detail"),
    path(f"{concern}edit/", views.EditConcernView.as_view(), name="concern_edit"),
    path(f"{concern}review/", views.ReviewConcernView.as_view(), name="concern_review"),
    path(f"{concern}referral/", views.ReferralView.as_view(), name="concern_referral"),
    path(f"{concern}outcome/", views.OutcomeView.as_view(), name="concern_outcome"),
    path(f"{concern}lift-hold/", views.LiftHoldView.as_view(), name="concern_lift_hold"),
    path(f"{concern}close/", views.CloseConcernView.as_view(), name="concern_close"),
    path(f"{concern}recorded-in-error/", views.ConcernInErrorView.as_view(), name="concern_in_error"),
    path(f"{concern}ending/", views.LinkEndingView.as_view(), name="concern_ending"),
    # Incidents and accidents (SG-2)
    path("incidents/", views.IncidentListView.as_view(), name="incident_list"),
    path(f"{person}incidents/new/", views.RecordIncidentView.as_view(), name="record_incident"),
    path(incident, views.IncidentDetailView.as_view(), name="incident_detail"),
    path(f"{incident}edit/", views.EditIncidentView.as_view(), name="incident_edit"),
    path(f"{incident}actions/new/", views.AddIncidentActionView.as_view(), name="incident_add_action"),
    path(f"{incident}actions/done/", views.CompleteIncidentActionView.as_view(), name="incident_complete_action"),
    path(f"{incident}review/", views.ReviewIncidentView.as_view(), name="incident_review"),
    path(f"{incident}close/", views.CloseIncidentView.as_view(), name="incident_close"),
    path(f"{incident}recorded-in-error/", views.IncidentInErrorView.as_view(), name="incident_in_error"),
]

# Complaints, concerns and compliments (SG-3), CQC notifications (SG-4), the Quality and safety page (SG-6)
from safeguarding import views_complaints, views_quality  # noqa: E402

complaint = "complaints/<int:complaint_pk>/"
notification = "notifications/<int:notification_pk>/"

urlpatterns += [
    path("complaints/", views_complaints.ComplaintListView.as_view(), name="complaint_list"),
    path("complaints/new/", views_complaints.RecordComplaintView.as_view(), name="record_complaint"),
    path(complaint, views_complaints.ComplaintDetailView.as_view(), name="complaint_detail"),
    path(f"{complaint}acknowledge/", views_complaints.AcknowledgeComplaintView.as_view(), name="complaint_acknowledge"),
    path(f"{complaint}respond/", views_complaints.RespondComplaintView.as_view(), name="complaint_respond"),
    path(f"{complaint}escalate/", views_complaints.EscalateComplaintView.as_view(), name="complaint_escalate"),
    path(f"{complaint}review/", views_complaints.ReviewComplaintView.as_view(), name="complaint_review"),
    path(f"{complaint}close/", views_complaints.CloseComplaintView.as_view(), name="complaint_close"),
    path(f"{complaint}recorded-in-error/", views_complaints.ComplaintInErrorView.as_view(), name="complaint_in_error"),
    path("notifications/", views_complaints.NotificationListView.as_view(), name="notification_list"),
    path("notifications/new/", views_complaints.RecordNotificationView.as_view(), name="record_notification"),
    path(notification, views_complaints.NotificationDetailView.as_view(), name="notification_detail"),
    path(f"{notification}sent/", views_complaints.NotificationSentView.as_view(), name="notification_sent"),
    path(
        f"{notification}recorded-in-error/",
        views_complaints.NotificationInErrorView.as_view(),
        name="notification_in_error",
    ),
    path("quality/", views_quality.QualityView.as_view(), name="quality"),
    path("quality/complaints.csv", views_quality.ComplaintsCsvView.as_view(), name="quality_complaints_csv"),
    path("quality/incidents.csv", views_quality.IncidentsCsvView.as_view(), name="quality_incidents_csv"),
    path("quality/notifications.csv", views_quality.NotificationsCsvView.as_view(), name="quality_notifications_csv"),
]
