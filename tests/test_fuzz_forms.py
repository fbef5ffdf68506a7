"""Fuzz every form page: hostile values in, never a 500, and the pages that read the data still answer.

The general rule: bad input gets a clear error (the GOV.UK error summary), never a crash, and nothing a form
accepts can take a page down afterwards. No rule ID of RULES.md says it; this is the product's own standard.

Which pages: every URL name of docs/roles.md's page table (`GRID` and `URL_PARAMS` of the permission grid)
whose view accepts POST, plus the pages whose template (with its includes) holds a `<form method="post">`:
those host the forms of POST-only pages (a concern marked as seen on the Scheme overview, a review's action
done, a match proposed from Find carers), whose objects are made too so that the form is on the page. This
is worked out from the URL patterns and templates, without a request: a GET of every page costs too long.
`home` shows role pages listed under their own names; the CSV and PDF views hold no form.

Each form page is fetched by the first role allowed to see it (the superuser only when no role is), with
its URL arguments made by tests/url_arguments.py (`FUZZ_KWARGS` where the fuzz needs another object: a
draft schedule, whose page holds the approve and set-aside forms). Every `<form method="post">` in `<main>`
that posts to a page of the grid (so not the header's sign-out form) is parsed with `html.parser`:
inputs, checkboxes and radios with their values, selects with their options, textareas, named buttons.
Hypothesis posts plausible data (the page's own values, else a likely valid value) with one to three
fields made hostile: empty, 10,000 characters, NUL bytes, a right-to-left override, emoji, combining marks,
Welsh and Irish names with apostrophes, markup, spreadsheet formulae, odd numbers, whole dates such as
9999-12-31 or 31/02 in the day/month/year boxes, options and primary keys that do not exist.

Checks, after each POST: nothing raises or answers 500, and the POST's redirect chain ends in 200 (the
record's page). After each POST that saved anything (PostgreSQL's own count of the transaction's row
changes says so; a refused POST changes nothing the pages read), also: the form page itself answers
(without a 500), the form's Back link answers 200 when the POST was refused yet saved something, and
the readers answer 200: the persona's home page (My work for an officer, read as the officer of the
household the forms work on, whose My work lists it; the Scheme overview for the management team), the
Scheme overview, the Fees tab of every placement the form concerns, and the CSV exports, in which no cell
may begin like a spreadsheet formula.

Every failure of a form page is collected (the transaction goes back to before the failing submission,
so that the next one starts clean) and the test fails once, with each URL, the data posted, what was
saved before it and the traceback. Examples of one form page share one transaction: what was saved stays,
as in a real office. Hypothesis is derandomised (with a seed of each form's own), does not shrink and keeps
no example database: the same submissions every run.
"""

import html
import os
import re
import traceback
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import factory.random
import pytest
from django import forms
from django.db import connection, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from tests.pages import csv_rows
from tests.sharedlives.test_permission_grid import GRID, PERSONAS, URL_PARAMS
from tests.url_arguments import url_kwargs_for

ROOT = Path(__file__).resolve().parents[1]
ROLES = PERSONAS[1:-1]  # the four roles, in the grid's order; the superuser only when no role may
NOT_FUZZED = {"login", "logout"}  # the sign-in page is for anonymous people; sign-out is the header's form
# submissions per form (tuned so that the whole file stays under a minute); FUZZ_EXAMPLES=50 digs deeper
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
MISSING_PK = "999999999"


# --- Which pages hold forms, worked out from the URL patterns and templates -------------------------


def _views() -> dict[str, object]:
    views = {}

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern):
                views[f"{namespace}{pattern.name}"] = pattern.callback

    walk(get_resolver().url_patterns)
    return views


_FORM_TAG = re.compile(r"<form\b[^>]*>", re.IGNORECASE)
_URL_TAG = re.compile(r"""\{%\s*url\s+['"]([^'"]+)['"]""")
_INCLUDE = re.compile(r"""\{%\s*(?:include|extends)\s+['"]([^'"]+)['"]""")


def _template_post_targets(name: str, seen: set[str] | None = None) -> set[str] | None:
    """URL names the template's post forms go to ("" for the page itself); None when it cannot be read."""
    seen = set() if seen is None else seen
    if name in seen or name == "base.html":  # base.html holds only the header's sign-out form
        return set()
    seen.add(name)
    try:
        source = get_template(name).template.source
    except TemplateDoesNotExist:
        return None
    targets = set()
    for tag in _FORM_TAG.findall(source):
        if re.search(r"""method=["']?post""", tag, re.IGNORECASE):
            action = _URL_TAG.search(tag)
            targets.add(action.group(1) if action else "")
    for included in _INCLUDE.findall(source):
        found = _template_post_targets(included, seen)
        if found is None:
            return None
        targets |= found
    return targets


def _allowed(url_name: str, persona: str) -> bool:
    return GRID[url_name][persona] == "200"


def _first_allowed(url_name: str) -> str | None:
    """The first role allowed to see the page; the superuser only when no role is."""
    return next((persona for persona in [*ROLES, "superuser"] if _allowed(url_name, persona)), None)


def _form_pages() -> dict[str, tuple[str, list[str]]]:
    """Form page URL name -> (the persona who fuzzes it, the POST-only pages whose forms it hosts)."""
    pages = {}
    for name, view in sorted(_views().items()):
        if name in NOT_FUZZED or name not in GRID or _first_allowed(name) is None:
            continue
        view_class = getattr(view, "view_class", None)
        if view_class is None or not (hasattr(view_class, "post") or hasattr(view_class, "get_template_names")):
            continue  # `home` shows role pages listed under their own names; healthz and files hold no form
        accepts_post = hasattr(view_class, "post")
        template = getattr(view_class, "template_name", None)
        targets = _template_post_targets(template) if template else None
        if not accepts_post and targets == set():
            continue  # a page that shows no post form: nothing to fuzz
        hosted = sorted(
            target
            for target in (targets or ())
            if target and target in GRID and target not in NOT_FUZZED and _first_allowed(target) is None
        )
        # the first role that may see the page and use every POST-only page it hosts
        persona = next(
            (
                candidate
                for candidate in [*ROLES, "superuser"]
                if _allowed(name, candidate) and all(GRID[target][candidate] == "405" for target in hosted)
            ),
            _first_allowed(name),
        )
        pages[name] = (persona, hosted)
    return pages


FORM_PAGES = _form_pages()


# --- Reading the forms of a page -----------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, hidden, checkbox, radio, select, datetime-local, email, number...
    values: list[str] = field(default_factory=list)  # options (select, radio, checkbox values)
    initial: list[str] = field(default_factory=list)  # what the page sends as it stands
    multiple: bool = False
    inputmode: str = ""
    maxlength: int | None = None


@dataclass
class Form:
    action: str
    fields: dict[str, Field] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)  # named submit buttons (name, value)


class _FormParser(HTMLParser):
    """The post forms inside <main>: inputs, selects with their options, textareas and named buttons."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.main_depth = 0
        self.form: Form | None = None
        self.select: Field | None = None
        self.option_value: str | None = None
        self.option_selected = False
        self.option_text = ""
        self.textarea: Field | None = None

    def _add(self, name: str, kind: str, **extra) -> Field:
        found = self.form.fields.get(name)
        if found is None:
            found = self.form.fields[name] = Field(name, kind, **extra)
        return found

    def handle_starttag(self, tag, attrs):
        attrs = {key: (value if value is not None else "") for key, value in attrs}
        if tag == "main":
            self.main_depth += 1
        if not self.main_depth:
            return
        if tag == "form" and attrs.get("method", "get").lower() == "post":
            self.form = Form(action=attrs.get("action", ""))
            self.forms.append(self.form)
        if self.form is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            value = attrs.get("value", "")
            if kind in ("submit", "image"):
                self.form.buttons.append((name, value))
            elif kind in ("checkbox", "radio"):
                item = self._add(name, kind)
                item.values.append(value or "on")
                item.multiple = item.multiple or (kind == "checkbox" and len(item.values) > 1)
                if "checked" in attrs:
                    item.initial.append(value or "on")
            elif kind not in ("button", "reset", "file"):
                maxlength = attrs.get("maxlength", "")
                self._add(
                    name,
                    kind,
                    initial=[value],
                    inputmode=attrs.get("inputmode", ""),
                    maxlength=int(maxlength) if maxlength.isdigit() else None,
                )
        elif tag == "button" and name and attrs.get("type", "submit").lower() == "submit":
            self.form.buttons.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self.select = self._add(name, "select", multiple="multiple" in attrs)
        elif tag == "option" and self.select is not None:
            self.option_value = attrs.get("value")
            self.option_selected = "selected" in attrs
            self.option_text = ""
        elif tag == "textarea" and name:
            maxlength = attrs.get("maxlength", "")
            self.textarea = self._add(
                name, "textarea", initial=[""], maxlength=int(maxlength) if maxlength.isdigit() else None
            )

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.initial[0] += data
        if self.option_value is None and self.select is not None:
            self.option_text += data

    def _end_option(self):
        if self.select is not None and (self.option_value is not None or self.option_text):
            value = self.option_value if self.option_value is not None else self.option_text.strip()
            self.select.values.append(value)
            if self.option_selected:
                self.select.initial.append(value)
        self.option_value, self.option_selected, self.option_text = None, False, ""

    def handle_endtag(self, tag):
        if tag == "main":
            self.main_depth -= 1
        elif tag == "form":
            self.form = None
        elif tag == "option":
            self._end_option()
        elif tag == "select":
            self._end_option()
            if self.select is not None and not self.select.initial and self.select.values and not self.select.multiple:
                self.select.initial.append(self.select.values[0])  # a browser sends the first option
            self.select = None
        elif tag == "textarea":
            if self.textarea is not None and self.textarea.initial[0].startswith("\n"):
                self.textarea.initial[0] = self.textarea.initial[0][1:]  # the newline after <textarea> is not data
            self.textarea = None


def post_forms(page: str, page_url: str) -> list[tuple[str, str, Form]]:
    """(URL name, URL, form) for each post form in <main> that goes to a page of the grid."""
    parser = _FormParser()
    parser.feed(page)
    found = []
    for form in parser.forms:
        url = html.unescape(form.action) or page_url
        path = urlsplit(url).path
        try:
            name = resolve(path).view_name
        except Resolver404:
            continue
        if name in GRID and name not in NOT_FUZZED:
            found.append((name, path, form))
    return found


def back_link(page: str) -> str | None:
    found = re.search(r'<a href="([^"]*)" class="govuk-back-link"', page)
    return html.unescape(found.group(1)) if found else None


# --- What to post ----------------------------------------------------------------------------------------

LONG = "Ab " * 3334  # 10,002 characters
TEXT = [
    "",
    LONG,
    "before\x00after",
    "\x00",
    "\u202eevil.exe",
    "Hello 😀 👩‍👩‍👧 🏴󠁧󠁢󠁷󠁬󠁳󠁿",
    "Zalgo e\u0301\u0302\u0303\u0304\u0305",
    "Siân O'Connor-Ní Bhriain",
    "Dafydd ap Gruffudd",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-1+1",
    "@SUM(1)",
    "-1",
    "0",
    "1e309",
    "NaN",
    "Infinity",
    "-Infinity",
    "99999999999999999999",
    "1.234567",
    "£1,000.00",
    "   ",
    "\r\n\t",
]
WHOLE_DATES = [  # (day, month, year) as typed in the three boxes
    ("31", "12", "9999"),
    ("1", "1", "0001"),
    ("31", "12", "1899"),
    ("1", "1", "2200"),
    ("31", "2", "2026"),
    ("29", "2", "2025"),
    ("1", "1", "0000"),
    ("-1", "-1", "-2026"),
    ("1", "1", "99999"),
    ("99", "99", "2026"),
    ("1", "1", "+202"),
    ("1", "²", "2026"),
    ("１", "１", "２０２６"),
    ("", "", "2026"),
]
DATETIMES = ["9999-12-31T23:59", "0001-01-01T00:00", "2026-02-31T10:00", "1899-12-31T00:00"]


def _plausible_date(name: str) -> date:
    """Today for most dates; a month on for the ends of things, so that "after the start" holds."""
    later = ("end", "expir", "until", "renew", "due", "next", "_to", "to_")
    return date.today() + timedelta(days=30) if any(word in name for word in later) else date.today()


def _date_groups(form: Form) -> dict[str, tuple[str, str, str]]:
    groups = {}
    for name in form.fields:
        if name.endswith("_day"):
            stem = name[: -len("_day")]
            if f"{stem}_month" in form.fields and f"{stem}_year" in form.fields:
                groups[stem] = (f"{stem}_day", f"{stem}_month", f"{stem}_year")
    return groups


_PLAUSIBLE_TEXT = [  # by a word in the field's name; else "Test"
    ("postcode", "SO23 8UJ"),
    ("phone", "01962 000000"),
    ("email", "someone@example.org"),
    ("number", "A1234"),
    ("reference", "A1234"),
]


def plausible(form: Form) -> dict:
    """What a careful user would send: the page's own values, else a likely valid one for each field."""
    data = {}
    groups = _date_groups(form)
    for stem, boxes in groups.items():
        given = [form.fields[box].initial[0] if form.fields[box].initial else "" for box in boxes]
        when = _plausible_date(stem)
        data |= dict(zip(boxes, given if all(given) else (str(when.day), str(when.month), str(when.year)), strict=True))
    for name, item in form.fields.items():
        if name in data:
            continue
        if item.kind in ("checkbox", "radio"):
            chosen = item.initial or item.values[:1]
            if item.kind == "checkbox" and not item.multiple:
                chosen = item.values[:1]  # tick single boxes: confirmations are usually required
            data[name] = chosen if item.multiple else chosen[0]
        elif item.kind == "select":
            options = [value for value in item.values if value] or item.values
            chosen = [value for value in item.initial if value] or options[:1]
            data[name] = chosen if item.multiple else (chosen[0] if chosen else "")
        else:
            value = item.initial[0] if item.initial else ""
            if value or item.kind == "hidden":
                pass
            elif item.kind == "datetime-local":
                value = f"{date.today().isoformat()}T10:00"
            elif item.kind == "number" or item.inputmode in ("numeric", "decimal"):
                value = "1"
            else:
                value = next((text for word, text in _PLAUSIBLE_TEXT if word in name), "Test")
            data[name] = value[: item.maxlength] if item.maxlength else value
    return data


def _field_change(form: Form, name: str) -> st.SearchStrategy:
    """A hostile change to one field (or one date input): a dict of names to new values, None to omit."""
    item = form.fields[name]
    text = st.sampled_from(TEXT)
    if item.kind in ("select", "radio"):
        values = st.one_of(st.sampled_from(item.values or [""]), st.sampled_from([MISSING_PK, "-1", *TEXT[:6]]))
        if item.multiple:
            return st.lists(values, max_size=3).map(lambda chosen: {name: chosen})
        return values.map(lambda value: {name: value})
    if item.kind == "checkbox":
        return st.one_of(st.just({name: None}), text.map(lambda value: {name: value}))
    if item.kind == "hidden":
        return st.one_of(st.just(MISSING_PK), text).map(lambda value: {name: value})
    if item.kind == "datetime-local":
        return st.one_of(st.sampled_from(DATETIMES), text).map(lambda value: {name: value})
    return st.one_of(text, st.just(None)).map(lambda value: {name: value})


def _date_change(boxes: tuple[str, str, str]) -> st.SearchStrategy:
    whole = st.sampled_from(WHOLE_DATES).map(lambda parts: dict(zip(boxes, parts, strict=True)))
    one_box = st.tuples(st.sampled_from(boxes), st.sampled_from(TEXT)).map(lambda pair: {pair[0]: pair[1]})
    return st.one_of(whole, one_box)


def submissions(form: Form) -> st.SearchStrategy:
    """Plausible data with one to three fields (a date input counts as one) made hostile, and a button."""
    groups = _date_groups(form)
    in_dates = {box for boxes in groups.values() for box in boxes}
    changes = [_date_change(boxes) for boxes in groups.values()]
    changes += [
        _field_change(form, name) for name in form.fields if name not in in_dates and name != "csrfmiddlewaretoken"
    ]
    base = plausible(form)

    @st.composite
    def build(draw):
        data = dict(base)
        if changes:
            chosen = draw(
                st.lists(st.integers(0, len(changes) - 1), min_size=1, max_size=min(3, len(changes)), unique=True)
            )
            for index in chosen:
                data |= draw(changes[index])
        if form.buttons:
            name, value = draw(st.sampled_from(form.buttons))
            data[name] = value
        return {name: value for name, value in data.items() if value is not None}

    return build()


# --- Posting and reading back ---------------------------------------------------------------------------


class PageFailed(Exception):
    """A page raised or answered 500: the message says which, with what was posted."""


def _app_frame(error: BaseException) -> str:
    """The last frame of the application's own code (not the tests, not a library) in the traceback."""
    last = "?"
    for frame in traceback.extract_tb(error.__traceback__):
        path = Path(frame.filename)
        if (
            path.is_relative_to(ROOT)
            and not path.is_relative_to(ROOT / ".venv")
            and not path.is_relative_to(ROOT / "tests")
        ):
            last = f"{path.relative_to(ROOT)}:{frame.lineno}"
    return last


def _short(data: dict) -> dict:
    def cut(value):
        if isinstance(value, list):
            return [cut(item) for item in value]
        return value if len(value) <= 60 else f"{value[:30]}…({len(value)} characters)"

    return {name: cut(value) for name, value in data.items() if name != "csrfmiddlewaretoken"}


class Session:
    """Signed-in clients (one per persona or user) and the read-back pages after each POST as `actor`."""

    def __init__(self, request, client):
        self.request = request
        self.first_client = client
        self.clients: dict[object, Client] = {}
        self.actor = ""
        self.saved: list[str] = []  # the submissions saved so far (what later failures may come from)

    @contextmanager
    def savepoint(self):
        """A savepoint rolled back on any exception, with the clients signed in inside it (their sessions go)."""
        signed_in = set(self.clients)
        try:
            with transaction.atomic():
                yield
        except BaseException:
            for key in set(self.clients) - signed_in:
                del self.clients[key]
            raise

    def client(self, who) -> Client:
        """The client of a persona (a fixture's name) or of a user."""
        key = who if isinstance(who, str) else who.pk
        if key not in self.clients:
            self.clients[key] = Client() if self.clients else self.first_client
            self.clients[key].force_login(self.request.getfixturevalue(who) if isinstance(who, str) else who)
        return self.clients[key]

    def get(self, who, url: str, what: str):
        try:
            response = self.client(who).get(url)
        except Exception as error:
            raise PageFailed(f"{what}: GET {url} raised {type(error).__name__} at {_app_frame(error)}") from error
        if response.status_code >= 500:
            raise PageFailed(f"{what}: GET {url} answered {response.status_code}")
        return response

    def post(self, url: str, data: dict):
        try:
            response = self.client(self.actor).post(url, data)
        except Exception as error:
            raise PageFailed(f"the POST itself raised {type(error).__name__} at {_app_frame(error)}") from error
        if response.status_code >= 500:
            raise PageFailed(f"the POST itself answered {response.status_code}")
        return response

    def household_officer(self):
        """The grid household's Shared Lives officer now (a form may have allocated another), if any."""
        household = getattr(self.request.node, "_grid_household", None)
        if household is None:
            return None
        household = type(household).objects.select_related("allocated_officer").get(pk=household.pk)
        return household.allocated_officer

    def readers(self, placement_pks: set[int]) -> list[tuple[str, dict, object]]:
        """(URL name, arguments, who reads it): the pages that read what a form saved. The persona's home page;
        for an officer it is My work, read as the officer of the household every form works on (the officer
        persona's own My work lists no household); the Scheme overview (the management team's home); and the
        Fees tab of each placement the form concerns."""
        officer = self.household_officer()
        if self.actor == "officer" and officer is not None:
            pages = [("home", {}, officer)]
        else:
            pages = [("home", {}, self.actor)]
            if officer is not None:
                pages.append(("reviews:my_work", {}, officer))
        if HOME_OF.get(self.actor) != "reviews:overview":
            pages.append(("reviews:overview", {}, _first_allowed("reviews:overview")))
        fees = "funding:placement_fees"
        who = self.actor if _allowed(fees, self.actor) else _first_allowed(fees)
        pages += [(fees, {"placement_pk": pk}, who) for pk in sorted(placement_pks)]
        return pages + [
            (export, {}, self.actor if _allowed(export, self.actor) else _first_allowed(export)) for export in EXPORTS
        ]

    def read_record(self, response, wrote: bool, form_page_url: str) -> set[int]:
        """The POST's redirect chain ends in 200 (the record's page); after a save, the form page itself still
        answers (without a 500: some answer 403 or 404 once their work is done) and, when the POST was refused
        yet saved something, the form's Back link (the record's page) answers 200. Returns the placements
        those pages are about."""
        found = set()
        if response.status_code in (301, 302, 303):
            for _hop in range(5):
                location = response.url
                response = self.get(self.actor, location, "the page the POST redirected to")
                if response.status_code not in (301, 302, 303):
                    break
            assert response.status_code == 200, f"the POST's redirect chain ended in {response.status_code}"
            found = _placement_in(location)
        elif wrote and response.status_code == 200:
            back = back_link(response.content.decode())
            what = "the form's Back link" if back else "the form page again"
            page = self.get(self.actor, back or form_page_url, what)
            assert page.status_code == 200, f"{what} {back or form_page_url} answered {page.status_code}"
            found = _placement_in(back or "")
        if wrote:
            self.get(self.actor, form_page_url, "the form page again")
        return found

    def read_pages(self, placement_pks: set[int]) -> None:
        """Every reader answers 200, and no cell of a CSV export would run as a spreadsheet formula."""
        for url_name, kwargs, who in self.readers(placement_pks):
            url = reverse(url_name, kwargs=kwargs)
            name = who if isinstance(who, str) else f"the household's officer {who.username}"
            page = self.get(who, url, f"{url_name} as {name}")
            assert page.status_code == 200, f"{url_name} as {name}: {page.status_code} after the POST"
            if page["Content-Type"].startswith("text/csv"):
                cells = [cell for row in csv_rows(page) for cell in row]
                formulae = [cell for cell in cells if formula(cell)]
                assert not formulae, f"{url_name}: cells a spreadsheet would run as formulae: {formulae[:3]!r}"


EXPORTS = ["carers:household_export", "placements:placement_export"]  # the CSV downloads that read what forms save
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def formula(cell: str) -> bool:
    """A cell a spreadsheet would run: it begins with = + - @ (or a tab or carriage return) and is no number."""
    return cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.fullmatch(cell)


# My work is the Shared Lives officer's home page, the Scheme overview the management team's (docs/roles.md)
HOME_OF = {"officer": "reviews:my_work", "manager": "reviews:overview"}


def _writes() -> int:
    """Rows inserted, updated or deleted so far in this transaction (sessions aside: saved on every request)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
            " WHERE relname <> 'django_session'"
        )
        return cursor.fetchone()[0]


def _placement_in(url: str) -> set[int]:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return set()
    return {int(match.kwargs["placement_pk"])} if "placement_pk" in match.kwargs else set()


def _known_placements(request, kwargs: dict) -> set[int]:
    pks = {kwargs["placement_pk"]} if "placement_pk" in kwargs else set()
    placement = getattr(request.node, "_grid_placement", None)
    return pks | ({placement.pk} if placement is not None else set())


def _failure(failure: BaseException) -> str:
    cause = failure.__cause__
    return f"{failure}\n" + ("".join(traceback.format_exception(cause, limit=-12)) if cause else "")


@dataclass
class Outcome:
    failure: str | None = None  # what went wrong (rolled back), else None
    wrote: bool = False  # the POST saved something
    placements: set[int] = field(default_factory=set)  # the placements the pages read back are about


def submit(
    session: Session, form_url: str, page_url: str, data: dict, placements: set[int], read_pages: bool = True
) -> Outcome:
    """POST one submission and read back: the record's page, then (when it saved anything and `read_pages`)
    every reader. A failure is rolled back, so that the next submission starts clean."""
    outcome = Outcome(placements=set(placements))
    try:
        with session.savepoint():
            try:
                before = _writes()
                response = session.post(form_url, data)
                outcome.wrote = _writes() != before
                outcome.placements |= session.read_record(response, outcome.wrote, page_url)
                if outcome.wrote and read_pages:
                    session.read_pages(outcome.placements)
            except (PageFailed, AssertionError) as failure:
                earlier = "".join(f"\n  saved before it: {saved}" for saved in session.saved[-3:])
                message = f"POST {form_url}\n  data: {_short(data)!r}{earlier}\n  {_failure(failure)}"
                raise PageFailed(message) from None
    except PageFailed as failure:
        outcome.failure = str(failure)
    if outcome.wrote and not outcome.failure:
        session.saved.append(f"POST {form_url} {_short(data)!r}")
    return outcome


def read_pages(session: Session, placements: set[int], after: str) -> str | None:
    """Every reader answers 200; else the failure (rolled back)."""
    try:
        with session.savepoint():
            try:
                session.read_pages(placements)
            except (PageFailed, AssertionError) as failure:
                raise PageFailed(f"{after}\n  {_failure(failure)}") from None
    except PageFailed as failure:
        return str(failure)
    return None


def _draft_schedule_pk(request) -> int:
    """January 2025's schedule, generated by the grid's finance admin and not yet approved, so that its page
    shows the approve and set-aside forms (the grid's own schedule is approved, for its CSV). It predates the
    grid's placement, so it needs no rate card (publishing the example cards takes a second)."""
    from funding import schedules
    from sharedlives import roles
    from tests.funding.url_arguments import _user
    from tests.grid_objects import cached, grid_placement

    def make():
        grid_placement(request)
        finance = _user(request, "finance", roles.FINANCE_ADMIN)
        return schedules.generate_schedule(period_start=date(2025, 1, 1), period_end=date(2025, 1, 31), by=finance)

    return cached(request, "_fuzz_draft_schedule", make).pk


FUZZ_KWARGS = {"schedule_pk": _draft_schedule_pk}  # where the fuzz needs another object than the grid's


def make_url_kwargs(params: list[str], request) -> dict:
    """The grid's URL arguments (tests/url_arguments.py), but for those FUZZ_KWARGS makes differently."""
    kwargs = url_kwargs_for([param for param in params if param not in FUZZ_KWARGS], request)
    return kwargs | {param: FUZZ_KWARGS[param](request) for param in params if param in FUZZ_KWARGS}


def _page(request, session: Session, url_name: str):
    """GET a form page as its persona (made the actor): its URL, its post forms and the placements it concerns."""
    persona, hosted = FORM_PAGES[url_name]
    kwargs = make_url_kwargs(URL_PARAMS[url_name], request)
    for target in hosted:  # make what the POST-only pages need, so that their forms are on the page
        make_url_kwargs(URL_PARAMS[target], request)
    session.actor = persona
    url = reverse(url_name, kwargs=kwargs)
    response = session.client(persona).get(url)
    assert response.status_code == 200, f"GET {url} as {persona}: {response.status_code}"
    page_forms = [
        (path, form)
        for name, path, form in post_forms(response.content.decode(), url)
        if GRID[name][persona] in ("200", "405")
    ]
    return url, page_forms, _known_placements(request, kwargs)


@pytest.fixture(autouse=True)
def _same_names_every_run():
    """The factories' Faker names (an O'Brien now and then) are the same every run."""
    factory.random.reseed_random("test_fuzz_forms")


# --- The tests ------------------------------------------------------------------------------------------


def fuzz(session: Session, form_url: str, page_url: str, form: Form, placements: set[int], failures: list) -> None:
    """Post EXAMPLES submissions to one form; each failure is added to `failures`. Derandomised, with a seed
    of the form's own (its URL name and field names, less any primary key), so that forms alike do not all get
    the same draws."""
    name = resolve(urlsplit(form_url).path).view_name

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @seed(zlib.crc32(re.sub(r"\d+", "#", " ".join([name, *form.fields])).encode()))
    @given(submissions(form))
    def post_one(data):
        outcome = submit(session, form_url, page_url, data, placements)
        if outcome.failure:
            failures.append(outcome.failure)

    post_one()


@pytest.mark.parametrize("url_name", sorted(FORM_PAGES))
def test_hostile_values_never_take_a_page_down(client, db, request, url_name):
    """Bad input gets a clear error, never a 500; whatever is saved, the pages that read it still answer."""
    session = Session(request, client)
    url, page_forms, placements = _page(request, session, url_name)
    if not page_forms:
        pytest.skip(f"{url} shows no post form to {session.actor} now")
    failures = []
    for form_url, form in page_forms:
        fuzz(session, form_url, url, form, placements, failures)
    assert not failures, f"{len(failures)} submission(s) took a page down:\n\n" + "\n\n".join(failures)


class _RollBack(Exception):
    pass


def _may_have_dates(url_name: str) -> bool:
    """Whether the page's form class has a date field (or the page has no form class, so it may)."""
    form_class = getattr(_views()[url_name].view_class, "form_class", None)
    if form_class is None:
        return True
    return any(isinstance(item, forms.DateField | forms.DateTimeField) for item in form_class.base_fields.values())


def each_form_page(request, client, pages: list[str]):
    """Every form page in turn, as in the fuzz test: the grid's household and live-in placement (and the
    example rate cards) are made once; what else the page's URL arguments need is made for it, and rolled
    back with everything it saved afterwards. Yields (session, URL name, URL, forms, placements)."""
    from tests.funding.url_arguments import _example_cards

    make_url_kwargs(["household_pk", "placement_pk"], request)
    _example_cards(request)
    session = Session(request, client)
    for persona in PERSONAS[1:]:
        session.client(persona)  # signed in before the first roll-back, which would take the sessions made inside
    session.client(session.household_officer())
    for url_name in pages:
        made_before, session.saved = set(vars(request.node)), []
        try:
            with session.savepoint():
                yield session, url_name, *_page(request, session, url_name)
                raise _RollBack
        except _RollBack:
            pass
        finally:
            for name in set(vars(request.node)) - made_before:
                delattr(request.node, name)  # the grid objects made for this page are rolled back


def test_year_9999_in_every_date_input(client, db, request):
    """31 December 9999 in each date input of every form page in turn (the rest plausible): a clear error or
    a save, never a 500, and the pages that read it still answer 200 (the failure first reported: such a date
    was accepted, then pages answered 500). Each page starts from the same data and is rolled back after.
    The record's page (and the form page again, after a save) is read after each POST; the home pages, the
    Scheme overview, the Fees tabs and the CSV exports once per form page, after all its dates. Pages whose
    form class has no date field are left out (their GET showed none when this was written)."""
    failures, inputs = [], 0
    pages = [url_name for url_name in sorted(FORM_PAGES) if _may_have_dates(url_name)]  # the rest have none
    for session, url_name, url, page_forms, placements in each_form_page(request, client, pages):
        saved, concerned = [], set(placements)
        for form_url, form in page_forms:
            for stem, boxes in _date_groups(form).items():
                inputs += 1
                data = plausible(form) | dict(zip(boxes, ("31", "12", "9999"), strict=True))
                if form.buttons:
                    data[form.buttons[0][0]] = form.buttons[0][1]
                outcome = submit(session, form_url, url, data, placements, read_pages=False)
                if outcome.failure:
                    failures.append(f"{url_name}: {outcome.failure}")
                elif outcome.wrote:
                    saved.append(f"{stem} ({form_url})")
                    concerned |= outcome.placements
        if saved:
            failure = read_pages(session, concerned, f"after 9999-12-31 was saved in {', '.join(saved)}")
            if failure:
                failures.append(f"{url_name}: {failure}")
    assert inputs, "no date input found on any form page"
    assert not failures, f"{len(failures)} form page(s) taken down by 9999-12-31:\n\n" + "\n\n".join(failures)
