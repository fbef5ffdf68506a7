"""The "Safeguarding and incidents" section on the person, household and placement pages (SG-6).

Who may read a record sees it listed; everyone else sees only how many records there are ("1 record, restricted").
Each section runs a fixed number of queries: the readable concerns and incidents, and one count of each kind.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from placements.models import Placement
from safeguarding import queries
from safeguarding.models import Incident, SafeguardingConcern
from sharedlives.dates import today


@dataclass
class Link:
    label: str
    url: str


def _raise_links(user, person, *, placement=None, household=None) -> list[Link]:
    links = []
    suffix = f"?placement={placement.pk}" if placement else f"?household={household.pk}" if household else ""
    name = person.full_name
    if user.has_perm("safeguarding.add_safeguardingconcern"):
        url = reverse("safeguarding:raise_concern", args=[person.pk]) + suffix
        links.append(Link(f"Raise a safeguarding concern about {name}", url))
    if user.has_perm("safeguarding.add_incident"):
        links.append(
            Link(f"Record an incident about {name}", reverse("safeguarding:record_incident", args=[person.pk]) + suffix)
        )
    return links


def _section(request, concerns, incidents, links) -> dict | None:
    if not request.user.has_perm("safeguarding.view_safeguarding_summary"):
        return None
    return queries.section(request.user, concerns=concerns, incidents=incidents) | {"raise": links}


def person_section(person, request) -> dict | None:
    return _section(
        request,
        SafeguardingConcern.objects.filter(person=person),
        Incident.objects.filter(person=person),
        _raise_links(request.user, person),
    )


def placement_section(placement, request) -> dict | None:
    about = Q(placement=placement) | Q(placement__isnull=True, person=placement.person, household=placement.household)
    return _section(
        request,
        SafeguardingConcern.objects.filter(about),
        Incident.objects.filter(about),
        _raise_links(request.user, placement.person, placement=placement),
    )


def household_section(household, request) -> dict | None:
    links = []
    user = request.user
    if user.has_perm("safeguarding.add_safeguardingconcern") or user.has_perm("safeguarding.add_incident"):
        on = today()
        current = (
            Placement.objects.filter(household=household, starts_on__lte=on)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
            .select_related("person")
            .order_by("person__last_name", "pk")
        )
        for placement in current:
            links += _raise_links(user, placement.person, placement=placement)
    return _section(
        request,
        SafeguardingConcern.objects.filter(household=household),
        Incident.objects.filter(household=household),
        links,
    )
