"""What every referral and placement page shares: the form page that calls one service, and the objects
in the URL. The pages themselves are in views_referrals.py (people, referrals, matching, introductions)
and views_placements.py (starting, the placement page and its records, endings, housing benefit).

Views are thin: fetch (after the permission check), validate the form, call ONE service, redirect with a
message. A RuleViolation, or a constraint the service's save refuses, goes back onto the form (status 200).
"""

from functools import cached_property

from django.shortcuts import get_object_or_404
from django.urls import reverse

from placements.models import Match, Placement, Referral


class ReferralMixin:
    """`referral_pk` in the URL; the form goes back to the referral page."""

    @cached_property
    def referral(self) -> Referral:
        queryset = Referral.objects.select_related("person")
        return get_object_or_404(queryset, pk=self.kwargs["referral_pk"])

    def back_url(self) -> str:
        return reverse("placements:referral_detail", args=[self.referral.pk])

    def caption(self) -> str:
        person = self.referral.person
        return f"{person.full_name} ({person.cdir_reference}): {self.referral.get_kind_display().lower()} referral"


class MatchMixin:
    """`match_pk` in the URL; the form goes back to the match's referral page."""

    @cached_property
    def match(self) -> Match:
        queryset = Match.objects.select_related("referral__person", "household")
        return get_object_or_404(queryset, pk=self.kwargs["match_pk"])

    def back_url(self) -> str:
        return reverse("placements:referral_detail", args=[self.match.referral_id])

    def caption(self) -> str:
        return f"{self.match.referral.person.full_name} with {self.match.household.name}"


class PlacementMixin:
    """`placement_pk` in the URL; the form goes back to the placement page."""

    @cached_property
    def placement(self) -> Placement:
        queryset = Placement.objects.select_related("person", "household", "notice")
        return get_object_or_404(queryset, pk=self.kwargs["placement_pk"])

    @cached_property
    def notice(self):
        return getattr(self.placement, "notice", None)

    def back_url(self) -> str:
        return reverse("placements:placement_detail", args=[self.placement.pk])

    def caption(self) -> str:
        return str(self.placement)
