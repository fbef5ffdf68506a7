"""People typed by name or case-system reference, not chosen from a select of 10,000 (sharedlives/lookup.py)."""

from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.db.models.lookups import IExact

from placements.models import Person
from sharedlives.lookup import Kind


def _born(person) -> str:
    return f"born {person.date_of_birth.day} {person.date_of_birth:%B %Y}"


# The same words as the people list (placements/views_referrals.py): first, last or preferred name.
PEOPLE = Kind(
    singular="person",
    plural="people",
    queryset=lambda: Person.objects.only("first_name", "last_name", "preferred_name", "cdir_reference", "date_of_birth"),
    reference_is=lambda reference: Q(cdir_reference__iexact=reference),
    name_is=lambda name: Q(IExact(Concat("first_name", Value(" "), "last_name"), name))
    | Q(IExact(Concat("preferred_name", Value(" "), "last_name"), name)),
    name_has=lambda word: Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(preferred_name__icontains=word),
    order=("last_name", "first_name", "cdir_reference"),
    text_of=str,  # "Amira Khan (CDIR100001)"
    describe=lambda person: f"{person}, {_born(person)}",
    how_to_tell="type the case-system reference",
    example_of=lambda person: person.cdir_reference,
)
