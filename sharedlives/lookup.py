"""Typed choices instead of selects of thousands (issue 15): a household, person or officer named by typing.

A national scheme has 6,000 households, 10,000 people and 460 officers: a `<select>` of all of them is too big to
send and too long to use. The page shows a text input instead; without JavaScript the server matches the text
(a name, or a reference), with JavaScript static/js/autocomplete.mjs suggests matches as the user types, from a
small JSON endpoint (LookupView). Each kind says how it is matched in a `Kind` (carers/lookups.py,
placements/lookups.py); this module knows none of them.

`Kind.matching(text)` is a queryset best match first, each row annotated with `closeness`: EXACT (the
reference), WHOLE (the whole name) or PART (every word is in the name). One query answers a form or a lookup.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, Exists, Q, QuerySet, Value, When
from django.http import JsonResponse
from django.urls import reverse_lazy
from django.views import View

from sharedlives.permissions import RoleRequiredMixin

MAX_LENGTH = 100  # longer text is cut: no name or reference is longer
MAX_WORDS = 5  # each word is one more condition; a name has fewer
SUGGESTIONS = 10  # what the autocomplete shows at most
EXACT, WHOLE, PART = 2, 1, 0  # closeness: the reference, the whole name, some of it


def clean_text(text: str | None) -> str:
    """The words typed, with spaces collapsed, control characters (NUL refuses any query) removed, cut to size."""
    printable = "".join(ch if ch.isprintable() else " " for ch in (text or ""))
    return " ".join(printable.split())[:MAX_LENGTH]


def split_reference(text: str) -> tuple[str, str]:
    """"The Okafor family (SL-0012)" -> ("The Okafor family", "SL-0012"): the text a suggestion puts in the input.
    Text without a bracketed ending may itself be a reference: ("SL-0012", "SL-0012")."""
    if text.endswith(")") and "(" in text:
        opening = text.rindex("(")
        return text[:opening].strip(), text[opening + 1 : -1].strip()
    return text, text


def words_of(text: str) -> list[str]:
    return text.split()[:MAX_WORDS]


@dataclass(frozen=True)
class Kind:
    """How one kind of record is typed: what a reference and a name match, and the text that names one record.

    The conditions are Q objects on the kind's model (carers/lookups.py, placements/lookups.py)."""

    singular: str  # "household"
    plural: str  # "households"
    queryset: Callable  # () -> every record that may be named, with what text_of and describe read
    reference_is: Callable  # reference -> Q: the record with this reference (case aside)
    name_is: Callable  # name -> Q: the whole name (case aside)
    name_has: Callable  # word -> Q: the word is in the name
    order: tuple  # after closeness: the order suggestions are shown in
    text_of: Callable  # record -> the text that names it exactly ("The Okafor family (SL-0012)")
    describe: Callable  # record -> the suggestion's label (the text plus a detail that tells records apart)
    how_to_tell: str  # "type the reference"
    example_of: Callable  # record -> "SL-0012": the example in the "several match" message

    def _conditions(self, text: str) -> tuple[Q, Q, str]:
        name, reference = split_reference(text)
        words = words_of(name)
        has_words = Q(pk__in=[]) if not words else Q()  # "(SL-0012)" alone: no words, so no name matches
        for word in words:
            has_words &= self.name_has(word)
        return self.reference_is(reference), has_words, name

    def matching(self, text: str) -> QuerySet:
        """Records whose reference is the text or whose name has every word of it, best first (closeness)."""
        is_reference, has_words, name = self._conditions(text)
        closeness = Case(
            When(is_reference, then=Value(EXACT)), When(self.name_is(name), then=Value(WHOLE)), default=Value(PART)
        )
        return (
            self.queryset()
            .filter(is_reference | has_words)
            .annotate(closeness=closeness)
            .order_by("-closeness", *self.order)
        )

    def chosen(self, text: str) -> Q:
        """For a list's filter: the record with this reference, or else every record whose name has the words
        (a subquery, so the list keeps its query count)."""
        is_reference, has_words, _ = self._conditions(text)
        return is_reference | (has_words & ~Exists(self.queryset().filter(is_reference)))

    def suggestions(self, text: str) -> list[dict]:
        """At most SUGGESTIONS matches as the autocomplete wants them: [{"value": …, "label": …}]. One query."""
        if not text:
            return []
        rows = self.matching(text)[:SUGGESTIONS]
        return [{"value": self.text_of(row), "label": self.describe(row)} for row in rows]

    def resolve(self, text: str):
        """The one record `text` names, or a ValidationError saying why not (none, or several). One query.

        The reference wins; then a whole name that no other record shares; then a part that only one has."""
        rows = list(self.matching(text)[:3])
        if rows and rows[0].closeness == EXACT:
            return rows[0]
        if rows and rows[0].closeness == WHOLE and (len(rows) == 1 or rows[1].closeness < WHOLE):
            return rows[0]
        if len(rows) == 1:
            return rows[0]
        if not rows:
            raise ValidationError(
                f"No {self.singular} matches '{text}': check the spelling, or {self.how_to_tell}.", code="none"
            )
        raise ValidationError(
            f"Several {self.plural} match '{text}': {self.how_to_tell}, e.g. {self.example_of(rows[0])}.",
            code="several",
        )

    def by_pk(self, value):
        """The record a pk names ("12" from a link), or None."""
        text = str(value or "")
        if not text.isdigit() or len(text) > 18:
            return None
        return self.queryset().filter(pk=int(text)).first()


class LookupInput(forms.TextInput):
    """A text input that static/js/autocomplete.mjs enhances from `data-autocomplete` (the lookup's URL)."""

    def __init__(self, url, attrs=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.url = url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-autocomplete"] = str(self.url)
        return context


def lookup_input(url_name: str, **attrs) -> LookupInput:
    return LookupInput(reverse_lazy(url_name), attrs)


class RecordField(forms.Field):
    """One record, typed: a name or a reference that names exactly one (Kind.resolve), with a GOV.UK error when
    none or several match. `accept_pk`: a pk from a link or an older page still names its record (never for a kind
    whose references may be all digits, where "123" could be either)."""

    def __init__(self, *, kind: Kind, lookup: str, accept_pk: bool = False, **kwargs):
        kwargs.setdefault("widget", lookup_input(lookup))
        super().__init__(**kwargs)
        self.kind = kind
        self.accept_pk = accept_pk

    def prepare_value(self, value):
        """What the input shows: a record (an initial value) as its text; typed text as it was typed."""
        if hasattr(value, "pk"):
            return self.kind.text_of(value)
        if self.accept_pk and (record := self.kind.by_pk(value)) is not None:
            return self.kind.text_of(record)
        return value

    def to_python(self, value):
        text = clean_text(value if isinstance(value, str) else "" if value is None else str(value))
        if not text:
            return None
        if self.accept_pk and (record := self.kind.by_pk(text)) is not None:
            return record
        return self.kind.resolve(text)


class LookupView(RoleRequiredMixin, View):
    """GET ?q=: at most SUGGESTIONS matches as JSON. Reads only; any text is safe to send (cut and cleaned)."""

    http_method_names = ["get"]
    kind: Kind

    def suggestions(self, text: str) -> list[dict]:
        return self.kind.suggestions(text)

    def get(self, request):
        return JsonResponse(self.suggestions(clean_text(request.GET.get("q"))), safe=False)
