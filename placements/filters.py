"""The placements list's filters (and the CSV export's: the same query string gives the same rows)."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from carers.lookups import HOUSEHOLDS, officers_chosen
from carers.models import CarerHousehold
from placements.models import ArrangementKind, Notice, Placement
from sharedlives.dates import today
from sharedlives.forms import GovukDateField
from sharedlives.lookup import clean_text, lookup_input

STATUSES = [("current", "Current"), ("on_notice", "On notice"), ("ended", "Ended")]


class GovukDateFilter(django_filters.DateFilter):
    field_class = GovukDateField


def _households(request):
    return CarerHousehold.objects.order_by("name")


class PlacementFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="Type", choices=ArrangementKind.choices, empty_label="Any type")
    status = django_filters.ChoiceFilter(label="Status", choices=STATUSES, method="filter_status", empty_label="Any")
    # A national scheme has hundreds of officers and thousands of households: a name or reference typed (with
    # suggestions when JavaScript runs, sharedlives/lookup.py), not a select of every one. A link from a
    # household's page still filters by its id (kept as a hidden field when the filters are applied).
    officer = django_filters.CharFilter(
        label="Officer", method="filter_officer", widget=lookup_input("placements:lookup_officers")
    )
    household_name = django_filters.CharFilter(
        label="Household",
        method="filter_household_name",
        help_text="Name or reference, e.g. SL-0012",
        widget=lookup_input("placements:lookup_households"),
    )
    household = django_filters.ModelChoiceFilter(queryset=_households, widget=forms.HiddenInput)
    emergency = django_filters.BooleanFilter(
        label="Emergency placements only", method="filter_emergency", widget=forms.CheckboxInput
    )
    starts_from = GovukDateFilter(label="Starting on or after", field_name="starts_on", lookup_expr="gte")
    starts_to = GovukDateFilter(label="Starting on or before", field_name="starts_on", lookup_expr="lte")
    ends_from = GovukDateFilter(label="Ending on or after", field_name="ends_on", lookup_expr="gte")
    ends_to = GovukDateFilter(label="Ending on or before", field_name="ends_on", lookup_expr="lte")

    class Meta:
        model = Placement
        fields: list[str] = []

    def filter_status(self, queryset, name, value):
        """Current: not ended, no notice. On notice: notice given, not ended yet. Ended: the last day has passed."""
        on = today()
        not_ended = Q(ends_on__isnull=True) | Q(ends_on__gte=on)
        # EXISTS, not a join on the notice: PostgreSQL misjudged the join's rows (1 for 9,000) and chose a plan
        # that walked every placement (issue 15).
        notice = Exists(Notice.objects.filter(placement=OuterRef("pk")))
        if value == "current":
            return queryset.filter(not_ended, ~notice)
        if value == "on_notice":
            return queryset.filter(not_ended, notice)
        if value == "ended":
            return queryset.filter(ends_on__lt=on)
        return queryset

    def filter_officer(self, queryset, name, value):
        return queryset.filter(household__allocated_officer__in=officers_chosen(value)) if clean_text(value) else queryset

    def filter_household_name(self, queryset, name, value):
        """The household with this reference (a suggestion ends with it), or else every one whose name has the words."""
        text = clean_text(value)
        if not text:
            return queryset
        return queryset.filter(household__in=CarerHousehold.objects.filter(HOUSEHOLDS.chosen(text)))

    def filter_emergency(self, queryset, name, value):
        return queryset.filter(emergency=True) if value else queryset
