"""What every funding page shares: the form page that calls one service, the objects in the URL, and the
finance admin's home. The pages are in views_cards.py (rate cards), views_banding.py (banding and its
decision) and views_payments.py (the Fees tab, invoices, overrides, payment schedules and statements).

Views are thin: fetch (after the permission check), validate the form, call ONE service, redirect with a
message. A RuleViolation, or a constraint the service's save refuses, goes back onto the form (status 200).
"""

from functools import cached_property

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from funding.models import PaymentSchedule, RateCard, ScheduleStatus
from placements import views as placement_views
from sharedlives import roles


class PlacementMixin(placement_views.PlacementMixin):
    """The placement in the URL (placements' own mixin); forms go back to its Fees tab unless they say otherwise."""

    def back_url(self) -> str:
        return reverse("funding:placement_fees", args=[self.placement.pk])

    def caption(self) -> str:
        return f"{self.placement.person.full_name} with {self.placement.household.name}"


class CardMixin:
    """`card_pk` in the URL; forms go back to the card's page."""

    @cached_property
    def card(self) -> RateCard:
        queryset = RateCard.objects.select_related("created_by", "published_by", "supersedes")
        return get_object_or_404(queryset, pk=self.kwargs["card_pk"])

    def back_url(self) -> str:
        return reverse("funding:ratecard_detail", args=[self.card.pk])

    def caption(self) -> str:
        return f"Rate card {self.card.label}"


class ScheduleMixin:
    """`schedule_pk` in the URL; forms go back to the schedule's page."""

    @cached_property
    def schedule(self) -> PaymentSchedule:
        queryset = PaymentSchedule.objects.select_related("generated_by", "approved_by")
        return get_object_or_404(queryset, pk=self.kwargs["schedule_pk"])

    def back_url(self) -> str:
        return reverse("funding:schedule_detail", args=[self.schedule.pk])

    def caption(self) -> str:
        return str(self.schedule)


def finance_home(request):
    """The finance admin's home: the latest rate cards and the schedules waiting for someone."""
    cards = list(RateCard.objects.select_related("published_by")[:4])
    waiting = list(
        PaymentSchedule.objects.filter(status__in=[ScheduleStatus.GENERATING, ScheduleStatus.DRAFT])
        .select_related("generated_by")
        .order_by("period_start")
    )
    return render(
        request,
        "funding/finance_home.html",
        {"role": roles.role_of(request.user), "cards": cards, "waiting": waiting},
    )
