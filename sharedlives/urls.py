from django.contrib import admin
from django.urls import path

from sharedlives import views

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.login_view, name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("approvals/", views.ApprovalsView.as_view(), name="approvals"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
