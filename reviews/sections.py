"""The "Contacts and reviews" sections reviews adds to the household and placement pages (sharedlives.sections).

Each shows the latest few records and links to the full, paginated activity page: two queries.
"""

from django.urls import reverse

from reviews.models import Contact, Review

SHOWN = 3


def household_section(household, request) -> dict | None:
    if not request.user.has_perm("reviews.view_contact"):
        return None
    return {
        "contacts": list(Contact.objects.filter(household=household).select_related("placement__person")[:SHOWN]),
        "reviews": list(Review.objects.filter(household=household)[:SHOWN]),
        "activity_url": reverse("reviews:household_activity", kwargs={"household_pk": household.pk}),
        "household": household,
        "placement": None,
    }


def placement_section(placement, request) -> dict | None:
    if not request.user.has_perm("reviews.view_contact"):
        return None
    return {
        "contacts": list(Contact.objects.filter(placement=placement)[:SHOWN]),
        "reviews": list(Review.objects.filter(placement=placement)[:SHOWN]),
        "activity_url": reverse("reviews:placement_activity", kwargs={"placement_pk": placement.pk}),
        "household": placement.household,
        "placement": placement,
    }
