"""Pages every role shares: sign-in, the role's home, the approvals inbox, and the health check."""

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from sharedlives import approvals, roles
from sharedlives.forms import name_required_errors
from sharedlives.models import SchemePolicy
from sharedlives.permissions import RoleRequiredMixin


class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["username"].label = "Username"
        form.fields["password"].widget = forms.PasswordInput(attrs={"autocomplete": "current-password"})
        name_required_errors(form)
        return form


class SignOutView(auth_views.LogoutView):
    pass


# Each role lands on its own working page, which its app registers; anyone else sees "no role yet".
_home_providers: dict[str, object] = {}


def register_home(role: str, view) -> None:
    """Let a domain app take over a role's home page (e.g. reviews' "My work" for officers)."""
    _home_providers[role] = view


def home(request):
    role = roles.role_of(request.user) or (roles.ADMINISTRATOR if request.user.is_superuser else None)
    provider = _home_providers.get(role)
    if provider is not None:
        return provider(request)
    return render(request, "home/no_role.html", {"role": role})


def admin_home(request):
    """The administrator's home: accounts, the scheme policy, rate cards and the Django admin (superusers only)."""
    if not request.user.is_superuser:
        raise PermissionDenied("Only an administrator can do this.")
    policy = SchemePolicy.objects.only("pk").first()
    return render(request, "home/admin.html", {"policy": policy})


class ApprovalsView(RoleRequiredMixin, TemplateView):
    """Everything waiting for a management decision, from every app (AUD-2)."""

    permission_required = "sharedlives.view_approvals"
    template_name = "sharedlives/approvals.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(pending=approvals.pending_approvals(self.request.user), **kwargs)


@login_not_required
@never_cache
def healthz(request):
    """For load balancers and monitoring: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


login_view = method_decorator(never_cache, name="dispatch")(SignInView).as_view()
