"""The Django admin, for superusers only (SEC-2).

Admin edit forms write models directly and skip the services that carry the scheme's rules, so being staff
with model permissions is not enough: only an active superuser gets in. `SuperuserAdminConfig`
(sharedlives/apps.py) makes this the default site, so every `admin.register` keeps working.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm


class SuperuserAuthenticationForm(AdminAuthenticationForm):
    """Refuse a non-superuser at the admin's sign-in form itself, rather than sign them in and bounce them."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_superuser:
            raise forms.ValidationError(
                "The administration site is for administrators only. Sign in to Shared Lives instead.",
                code="invalid_login",
            )


class SuperuserAdminSite(admin.AdminSite):
    site_header = "Shared Lives administration"
    site_title = "Shared Lives administration"
    login_form = SuperuserAuthenticationForm

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser
