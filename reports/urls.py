"""The Reports area, under /reports/."""

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportIndexView.as_view(), name="index"),
    *[
        path(f"{report.slug.replace('_', '-')}/", views.ReportView.as_view(slug=report.slug), name=report.slug)
        for report in views.REPORTS
    ],
]
