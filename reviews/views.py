"""What every reviews page shares: the form page that calls one service, the objects in the URL, and `next`.

Views are thin: fetch (after the permission check), validate the form, call ONE service, redirect with a
message. A RuleViolation, or a constraint the service's save refuses, goes back onto the form (status 200).
The pages are in views_work.py (My work, Scheme overview, the activity pages) and views_records.py (the
forms: contacts, reviews, risk assessments, changes of needs, additional funding).

Every form honours `?next=` (a local URL only): My work's links send the officer straight back to My work.
"""

from functools import cached_property

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from carers.models import CarerHousehold
from placements import views as placement_views
from reviews.models import ChangeOfNeeds
from sharedlives import formviews


def safe_next(request) -> str:
    """`next` from the query string or the form, when it is a path on this site; else "".

    Only a path ("/…") is taken: anything else (a view name, markup) would make redirect() guess what it means.
    """
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if not candidate.startswith("/") or candidate.startswith(("//", "/\\")):
        return ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


class ServiceFormView(formviews.ServiceFormView):
    """The shared form page (sharedlives/formviews.py): back to `?next=` when it is local, else
    default_back_url()."""

    template_name = "includes/service_form.html"

    def default_back_url(self) -> str:
        raise NotImplementedError

    def back_url(self) -> str:
        return safe_next(self.request) or self.default_back_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(next_url=safe_next(self.request), **kwargs)


class HouseholdMixin:
    """`household_pk` in the URL; the form goes back to the household page."""

    @cached_property
    def household(self) -> CarerHousehold:
        return get_object_or_404(CarerHousehold, pk=self.kwargs["household_pk"])

    def default_back_url(self) -> str:
        return reverse("carers:household_detail", args=[self.household.pk])

    def caption(self) -> str:
        return f"{self.household.name} ({self.household.reference})"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"household": self.household}


class PlacementMixin(placement_views.PlacementMixin):
    """The placement in the URL (placements' own mixin); the form goes back to its contacts and reviews."""

    def default_back_url(self) -> str:
        return reverse("reviews:placement_activity", args=[self.placement.pk])

    def back_url(self) -> str:
        return safe_next(self.request) or self.default_back_url()


class ChangeMixin:
    """`change_pk` in the URL; the form goes back to the change of needs."""

    @cached_property
    def change(self) -> ChangeOfNeeds:
        queryset = ChangeOfNeeds.objects.select_related("placement__person", "placement__household")
        return get_object_or_404(queryset, pk=self.kwargs["change_pk"])

    def default_back_url(self) -> str:
        return reverse("reviews:change_detail", args=[self.change.pk])

    def caption(self) -> str:
        return f"Change of needs: {self.change.placement}"
