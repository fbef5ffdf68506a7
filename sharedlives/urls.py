from django.contrib import admin
from django.urls import include, path

from sharedlives import views

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.login_view, name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("approvals/", views.ApprovalsView.as_view(), name="approvals"),
    path("households/", include("carers.urls")),
    path("", include("placements.urls")),
    path("", include("funding.urls")),
    path("safeguarding/", include("safeguarding.urls")),
    path("", include("reviews.urls")),
    path("reports/", include("reports.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
