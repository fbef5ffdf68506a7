"""Sign-in throttling and lockout (SEC-1), with django-axes.

Axes counts failed sign-ins on every form that authenticates (the service's and the admin's), and its
backend refuses a locked-out sign-in before any password is checked. What this module adds:

- the client's address behind the proxies we run (`PROXY_COUNT`), which is what an address is locked by;
- two limits: one username from one address (`AXES_FAILURE_LIMIT`), and one address across every username
  (`SIGN_IN_ADDRESS_FAILURE_LIMIT`, higher: an office's staff share one address);
- a GOV.UK page for someone locked out, instead of axes' bare text.
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


def client_address(request) -> str | None:
    """The address a request came from. Behind N proxies that each append to X-Forwarded-For, it is the Nth
    entry from the right: entries further left were sent by the client and could be anything."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.PROXY_COUNT
    if not proxies:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote  # not through our proxies (or they are misconfigured): trust only the connection
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote


class SignInAttemptsHandler(AxesDatabaseHandler):
    """Axes' database handler with a separate, higher limit for an address across usernames.

    Relies on AXES_LOCKOUT_PARAMETERS being [["username", "ip_address"], "ip_address"] (settings.py).
    """

    def get_failures(self, request, credentials=None) -> int:
        per_username, per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if per_address >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT:
            # Axes compares one number with AXES_FAILURE_LIMIT: a locked address counts as at least that.
            return max(per_username, get_failure_limit(request, credentials))
        return per_username

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful sign-in forgives that username's failures from this address, and no one else's:
        otherwise anyone with one working account could clear the address's count between guesses."""
        per_username, _per_address = self.filter_user_attempts(request, credentials)
        count, _ = per_username.delete()
        return count


def locked_out(request, original_response=None, credentials=None):
    """Axes' AXES_LOCKOUT_CALLABLE: what a locked-out sign-in sees, on the service's and the admin's form."""
    minutes = int(get_cool_off(request).total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
