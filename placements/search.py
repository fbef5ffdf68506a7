"""The header search: a person, a household (by its name or a carer's) or a reference, ranked by pg_trgm.

Placements is the highest app that owns all the rows searched (people here, households and carers below it), so the
search lives here and every layer above may link to it. Three queries whatever the data (one per kind the user
may see, in one transaction that tells the planner to use the indexes), each answered from a trigram GIN index (`carer_name_trgm`, `person_name_trgm`, `household_name_trgm`)
or a reference's unique index; the kinds are merged in Python. Benchmark: tests/perf/test_bench_search.py.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import BooleanField, Case, Q, Value, When
from django.db.models.functions import Greatest, Upper
from django.urls import reverse

from carers.models import Carer, CarerHousehold, carer_search_name
from placements.models import Person, person_search_name
from sharedlives import lookup

MIN_LENGTH = 2  # fewer characters match almost everything: the page asks for more
MAX_LENGTH = lookup.MAX_LENGTH  # longer text is cut: no name or reference is longer
LIMIT = 20  # results shown, across kinds
CANDIDATES = 50  # rows read per kind, re-ranked in Python: trigrams tie "Jonh" with "John" and "Joel"

# Who may see which kind of result: the pages the results link to check the same permissions.
HOUSEHOLD_PERMISSION = "carers.view_carerhousehold"
PERSON_PERMISSION = "placements.view_person"


@dataclass(frozen=True)
class SearchResult:
    kind: str  # "Household", "Carer" or "Person"
    name: str
    reference: str
    detail: str
    url: str
    exact: bool  # the text is this record's reference
    score: float  # pg_trgm similarity or word similarity, whichever is higher: 0 to 1


def may_search(user) -> bool:
    return user.has_perm(HOUSEHOLD_PERMISSION) or user.has_perm(PERSON_PERMISSION)


clean_text = lookup.clean_text  # one cleaning for the header search and the autocomplete's lookups


def search(user, text: str) -> list[SearchResult]:
    """At most LIMIT results for `text`: exact references first, then by similarity. Text already cleaned."""
    if len(text) < MIN_LENGTH:
        return []
    references = sorted({text, text.upper()})
    results: list[SearchResult] = []
    with transaction.atomic(), connection.cursor() as cursor:
        # pg_trgm's functions are costed as cheaply as an equality, so on 10,000 carers the planner may prefer
        # reading every row (10,000 similarity sums: over 100 ms) to the trigram index (about 1 ms).
        cursor.execute("SET LOCAL enable_seqscan = off")
        if user.has_perm(HOUSEHOLD_PERMISSION):
            results += _households(text, references) + _carers(text)
        if user.has_perm(PERSON_PERMISSION):
            results += _people(text, references)
    wanted = text.casefold()
    results.sort(key=lambda r: (not r.exact, -_rank(r, wanted), r.name, r.reference))
    return results[:LIMIT]


def _rank(result: SearchResult, wanted: str) -> float:
    """The trigram score plus how few edits turn the text into the name: trigrams alone rank "Joe Smith" above
    "John Smith" for "Jonh Smith"; one swap of neighbouring letters puts John first."""
    name = result.name.casefold()
    return result.score + 1 - edits(wanted, name) / max(len(wanted), len(name), 1)


def edits(a: str, b: str) -> int:
    """Letters inserted, deleted, changed or swapped with their neighbour (optimal string alignment distance)."""
    before, row = None, list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (x != y))
            if before is not None and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], before[j - 2] + 1)
        before, row = row, current
    return row[-1]


def _ranked(queryset, name_expression, text: str, reference_filter: Q | None):
    """Rows whose name is like the text or whose reference is the text, best first: one query.

    "Like" is pg_trgm's `%` (similarity of the whole name over 0.3: "Jonh Smith" and "John Smith") or `%>` (a
    part of the name over 0.6: "Okafor" in "The Okafor family"); the GIN index serves both.
    """
    matches = Q(search_name__trigram_similar=text) | Q(search_name__trigram_word_similar=text)
    exact = Value(False)
    if reference_filter is not None:
        matches |= reference_filter
        exact = Case(When(reference_filter, then=Value(True)), default=Value(False), output_field=BooleanField())
    return (
        queryset.annotate(search_name=name_expression)
        .filter(matches)
        .annotate(
            score=Greatest(TrigramSimilarity(name_expression, text), TrigramWordSimilarity(text, name_expression)),
            exact=exact,
        )
        .order_by("-exact", "-score", "pk")[:CANDIDATES]
    )


# Words in nearly every household's name ("The Okafor family"): matched on, they find every household.
HOUSEHOLD_WORDS = {"the", "family", "household", "and", "&"}


def household_words(text: str) -> str:
    """The words that tell households apart: "the jones family" -> "jones" (all of it, if nothing else is left)."""
    telling = [word for word in text.split() if word.casefold() not in HOUSEHOLD_WORDS]
    return " ".join(telling) or text


def _households(text: str, references: list[str]) -> list[SearchResult]:
    rows = _ranked(
        CarerHousehold.objects.only("reference", "name", "area"),
        Upper("name"),  # the expression household_name_trgm indexes
        household_words(text),
        Q(reference__in=references),
    )
    return [
        SearchResult("Household", h.name, h.reference, h.area, _url("carers:household_detail", h.pk), h.exact, h.score)
        for h in rows
    ]


def _carers(text: str) -> list[SearchResult]:
    rows = _ranked(
        Carer.objects.select_related("household").only(
            "pk", "first_name", "last_name", "household__name", "household__reference"
        ),
        carer_search_name(),
        text,
        None,
    )
    return [
        SearchResult(
            "Carer",
            c.full_name,
            c.household.reference,
            f"Carer in {c.household.name}",
            _url("carers:household_detail", c.household.pk),
            False,
            c.score,
        )
        for c in rows
    ]


def _people(text: str, references: list[str]) -> list[SearchResult]:
    rows = _ranked(
        Person.objects.only("first_name", "last_name", "preferred_name", "cdir_reference", "date_of_birth"),
        person_search_name(),
        text,
        Q(cdir_reference__in=references),
    )
    return [
        SearchResult(
            "Person",
            p.full_name,
            p.cdir_reference,
            f"Born {p.date_of_birth:%-d %B %Y}",
            _url("placements:person_detail", p.pk),
            p.exact,
            p.score,
        )
        for p in rows
    ]


def _url(name: str, pk: int) -> str:
    return reverse(name, args=[pk])
