"""Households, officers (and the staff who may own an action) and areas typed by name or reference, not chosen from a select (sharedlives/lookup.py).

Each costs one query. A household's name is matched through the trigram index on UPPER(name) (icontains is
exactly that expression), so 6,000 households answer as fast as 60.
"""

from dataclasses import replace

from django.contrib.auth import get_user_model
from django.db.models import Case, Exists, Q, Value, When
from django.db.models.functions import Concat
from django.db.models.lookups import IExact

from carers import queries
from carers.models import CarerHousehold, HouseholdStatus
from sharedlives.lookup import SUGGESTIONS, Kind, clean_text
from sharedlives.roles import MANAGEMENT_TEAM, SHARED_LIVES_OFFICER


def _officer_name(user) -> str:
    return user.get_full_name() or user.get_username()


HOUSEHOLDS = Kind(
    singular="household",
    plural="households",
    queryset=lambda: CarerHousehold.objects.only("name", "reference", "town"),
    reference_is=lambda reference: Q(reference__iexact=reference),
    name_is=lambda name: Q(name__iexact=name),
    name_has=lambda word: Q(name__icontains=word),
    order=("name", "reference"),
    text_of=lambda household: f"{household.name} ({household.reference})",
    describe=lambda household: f"{household.name} ({household.reference}), {household.town}",
    how_to_tell="type the reference",
    example_of=lambda household: household.reference,
)


def short_break_households(excluding: CarerHousehold) -> Kind:
    """Households that may cover another's break: approved, offering short breaks, not the household itself."""
    return replace(
        HOUSEHOLDS,
        singular="approved short-break household",
        plural="approved short-break households",
        queryset=lambda: HOUSEHOLDS.queryset()
        .filter(status=HouseholdStatus.APPROVED, offers_short_breaks=True)
        .exclude(pk=excluding.pk),
    )


# An officer has no reference: the username tells two of the same name apart ("Jane Smith (jsmith)").
OFFICERS = Kind(
    singular="officer",
    plural="officers",
    queryset=lambda: queries.officers().only("username", "first_name", "last_name"),
    reference_is=lambda username: Q(username__iexact=username),
    name_is=lambda name: Q(IExact(Concat("first_name", Value(" "), "last_name"), name)),
    name_has=lambda word: Q(first_name__icontains=word) | Q(last_name__icontains=word),
    order=("first_name", "last_name", "username"),
    text_of=lambda user: f"{_officer_name(user)} ({user.get_username()})",
    describe=lambda user: f"{_officer_name(user)} ({user.get_username()})",
    how_to_tell="type the name with the username in brackets",
    example_of=lambda user: f"{_officer_name(user)} ({user.get_username()})",
)


def _staff():
    """Who may own a follow-up action: active Shared Lives officers and the management team (one subquery, so
    no DISTINCT under the lookup's ordering)."""
    user = get_user_model()
    in_roles = user.objects.filter(groups__name__in=[SHARED_LIVES_OFFICER, MANAGEMENT_TEAM]).values("pk")
    return user.objects.filter(is_active=True, pk__in=in_roles).only("username", "first_name", "last_name")


STAFF = replace(OFFICERS, singular="officer or manager", plural="officers and managers", queryset=_staff)


def area_chosen(text: str) -> Q:
    """For the households filter: the area named exactly (case aside), or else every area containing the text."""
    exactly = Q(area__iexact=text)
    return exactly | (Q(area__icontains=text) & ~Exists(CarerHousehold.objects.filter(exactly)))


def area_suggestions(text: str) -> list[dict]:
    """At most SUGGESTIONS areas containing the text, the exact one first: one query."""
    if not text:
        return []
    rows = (
        CarerHousehold.objects.filter(area__icontains=text)
        .annotate(other=Case(When(area__iexact=text, then=Value(0)), default=Value(1)))
        .order_by("other", "area")
        .values_list("other", "area")
        .distinct()[:SUGGESTIONS]
    )
    return [{"value": area, "label": area} for _, area in rows]


def officers_chosen(value: str):
    """For a list's officer filter: the officer a pk names (an older link), or the one with this username, or else
    every officer whose name has the words. A subquery, so the list keeps its query count."""
    text = clean_text(value)
    if text.isdigit() and len(text) <= 18:
        return queries.officers().filter(pk=int(text)).values("pk")
    return queries.officers().filter(OFFICERS.chosen(text)).values("pk")
