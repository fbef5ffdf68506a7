"""The households list's filters (and the CSV export's: the same query string gives the same rows)."""

import django_filters
from django import forms
from django.db.models import Q, Value
from django.db.models.functions import Replace

from carers import capacity, checks, lookups, queries
from carers.models import CarerHousehold, HouseholdStatus
from sharedlives.dates import today
from sharedlives.lookup import clean_text, lookup_input
from sharedlives.models import SchemePolicy

OFFERS = [
    ("live_in", "Live-in"),
    ("short_breaks", "Short breaks"),
    ("day_support", "Day support"),
]


class HouseholdFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Name, reference or postcode", method="search", widget=forms.TextInput(attrs={"type": "search"})
    )
    # Typed, with suggestions when JavaScript runs (sharedlives/lookup.py): a national scheme has hundreds of
    # officers and areas, too many for a select.
    officer = django_filters.CharFilter(
        label="Officer", method="filter_officer", widget=lookup_input("placements:lookup_officers")
    )
    status = django_filters.ChoiceFilter(label="Status", choices=HouseholdStatus.choices, empty_label="Any status")
    area = django_filters.CharFilter(label="Area", method="filter_area", widget=lookup_input("placements:lookup_areas"))
    offers = django_filters.ChoiceFilter(label="Offers", choices=OFFERS, method="filter_offers", empty_label="Anything")
    vacancy = django_filters.BooleanFilter(label="Vacancy now", method="filter_vacancy", widget=forms.CheckboxInput)
    emergency = django_filters.BooleanFilter(
        label="Approved for emergencies", method="filter_emergency", widget=forms.CheckboxInput
    )
    checks_incomplete = django_filters.BooleanFilter(
        label="Checks incomplete", method="filter_checks_incomplete", widget=forms.CheckboxInput
    )
    expiring = django_filters.BooleanFilter(
        label="Has expired or expiring items", method="filter_expiring", widget=forms.CheckboxInput
    )

    class Meta:
        model = CarerHousehold
        fields: list[str] = []

    def search(self, queryset, name, value):
        """Name, reference or postcode; a postcode matches with or without its space, in any case."""
        compact = "".join(value.split())
        return queryset.annotate(postcode_compact=Replace("postcode", Value(" "), Value(""))).filter(
            Q(name__icontains=value)
            | Q(reference__icontains=value)
            | Q(postcode__icontains=value)
            | Q(postcode_compact__icontains=compact)
        )

    def filter_officer(self, queryset, name, value):
        return queryset.filter(allocated_officer__in=lookups.officers_chosen(value)) if clean_text(value) else queryset

    def filter_area(self, queryset, name, value):
        text = clean_text(value)
        return queryset.filter(lookups.area_chosen(text)) if text else queryset

    def filter_offers(self, queryset, name, value):
        return queryset.filter(**{f"offers_{value}": True})

    def filter_vacancy(self, queryset, name, value):
        """Approved households with fewer people today than their places (CAR-1)."""
        if not value:
            return queryset
        places = dict(
            CarerHousehold.objects.filter(status=HouseholdStatus.APPROVED).values_list("pk", "approved_places")
        )
        limit = SchemePolicy.current().people_per_household
        full = {
            pk for pk, count in capacity.occupancy_on(places, today()).items() if count >= min(places.get(pk, 0), limit)
        }
        return queryset.filter(status=HouseholdStatus.APPROVED).exclude(pk__in=full)

    def filter_emergency(self, queryset, name, value):
        return queryset.filter(emergency_approved=True) if value else queryset

    def filter_expiring(self, queryset, name, value):
        return queryset.filter(queries.households_with_expiring_items(today())) if value else queryset

    def filter_checks_incomplete(self, queryset, name, value):
        """SAFE-3: a required check missing or expired today (carers.checks): a fixed number of queries."""
        if not value:
            return queryset
        return queryset.filter(pk__in=checks.households_lacking(queryset, today()))
