"""The header search (placements/search.py, placements:search): ranking with pg_trgm, who sees what, hostile
text, and a fixed number of queries however many rows match."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from carers.models import CarerHousehold
from placements import search
from tests.carers.factories import CarerFactory, HouseholdFactory
from tests.factories import UserFactory
from tests.placements.factories import PersonFactory
from tests.querycount import assert_constant_queries

SEARCH = reverse("placements:search")


def search_url(text: str) -> str:
    return f"{SEARCH}?{urlencode({'q': text})}"


class _Rows(HTMLParser):
    """The results table's rows as (name, kind, reference) texts, parsed (never raw HTML)."""

    def __init__(self):
        super().__init__()
        self.rows, self.row, self.cell, self.in_results = [], None, None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("id", "search-results") in attrs:
            self.in_results = True
        elif self.in_results and tag == "tr" and self.row is None:
            self.row = []
        elif self.row is not None and tag == "td":
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.row.append(" ".join(self.cell.split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.row:
                self.rows.append(tuple(self.row[:3]))
            self.row = None
        elif tag == "table":
            self.in_results = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def rows(response) -> list[tuple[str, str, str]]:
    assert response.status_code == 200, response.status_code
    parser = _Rows()
    parser.feed(response.content.decode())
    return parser.rows


def message(response) -> str:
    page = response.content.decode()
    start = page.index('id="search-message">') + len('id="search-message">')
    return page[start : page.index("</p>", start)]


@pytest.fixture
def people(db):
    return [
        PersonFactory(first_name="John", last_name="Smith", cdir_reference="CDIR900001"),
        PersonFactory(first_name="Joan", last_name="Smythe", cdir_reference="CDIR900002"),
        PersonFactory(first_name="Priya", last_name="Okafor", cdir_reference="CDIR900003"),
    ]


def test_close_misspelling_finds_the_person(officer_client, people):
    """ "Jonh Smith" (two letters swapped) finds John Smith, ranked first."""
    found = rows(officer_client.get(search_url("Jonh Smith")))
    assert found[0] == ("John Smith", "Person", "CDIR900001")


def test_exact_reference_comes_first(officer_client, people):
    """A household named like the reference's words ranks below the household whose reference it is."""
    HouseholdFactory(name="The SL-0042 family", reference="SL-0999")  # its name is the text: similarity 1.0
    HouseholdFactory(name="The Okafor family", reference="SL-0042")
    found = rows(officer_client.get(search_url("sl-0042")))  # typed in lower case: references are upper
    assert found[0] == ("The Okafor family Reference", "Household", "SL-0042")
    assert ("The SL-0042 family", "Household", "SL-0999") in found[1:]


def test_case_system_reference_finds_the_person(officer_client, people):
    found = rows(officer_client.get(search_url("CDIR900003")))
    assert found[0] == ("Priya Okafor Reference", "Person", "CDIR900003")


def test_carer_name_finds_their_household(officer_client, db):
    household = HouseholdFactory(name="The Baker household", reference="SL-0777")
    CarerFactory(household=household, first_name="Grace", last_name="Adeyemi")
    found = rows(officer_client.get(search_url("Grace Adeyemi")))
    assert found == [("Grace Adeyemi", "Carer", "SL-0777")]


def test_at_most_twenty_results(officer_client, db):
    PersonFactory.create_batch(25, first_name="Sam", last_name="Taylor")
    assert len(rows(officer_client.get(search_url("Sam Taylor")))) == search.LIMIT  # 20


@pytest.mark.parametrize("text", ["", "   ", "a", "\x00"])
def test_empty_or_too_short_text_is_a_message_not_an_error(officer_client, people, text):
    response = officer_client.get(search_url(text))
    assert response.status_code == 200
    assert "Type" in message(response) and rows(response) == []


@pytest.mark.parametrize(
    "text",
    [
        "'; DROP TABLE placements_person; --",
        "%_%",
        "<script>alert(1)</script>",
        "Smith\x00Jones",
        "\u202eevil\u0007",
        "x" * 5000,
        "🙂🙂",
    ],
)
def test_hostile_text_is_safe(officer_client, people, text):
    response = officer_client.get(search_url(text))
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert CarerHousehold.objects.model._meta.db_table  # the tables are still there
    assert rows(officer_client.get(search_url("John Smith")))[0][0] == "John Smith"


def test_nothing_found_says_so(officer_client, people):
    response = officer_client.get(search_url("Zebedee Quartermaine"))
    assert rows(response) == [] and message(response).startswith("Nothing matches")


@pytest.mark.parametrize(
    "persona", ["referrals_officer", "officer", "manager", "finance_admin", "superuser"], indirect=True
)
def test_every_staff_role_may_search(client, persona, people):
    client.force_login(persona)
    assert rows(client.get(search_url("John Smith")))[0][0] == "John Smith"
    assert 'id="header-search"' in client.get(reverse("home")).content.decode()


def test_a_user_without_a_role_may_not_search(client, people):
    client.force_login(UserFactory(username="norole"))
    assert client.get(search_url("John Smith")).status_code == 403
    assert 'id="header-search"' not in client.get(reverse("home")).content.decode()


def test_anonymous_is_sent_to_sign_in(client, people):
    response = client.get(search_url("John Smith"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_results_only_of_kinds_the_user_may_see(db, people):
    """A user who may see people but not households gets no household (or carer) rows."""
    from django.contrib.auth.models import Permission

    user = UserFactory(username="people-only")
    user.user_permissions.add(Permission.objects.get(codename="view_person"))
    HouseholdFactory(name="The Smith family")
    kinds = {r.kind for r in search.search(user, "Smith")}
    assert kinds == {"Person"}


def test_search_query_count_does_not_grow(officer_client, db):
    """One matching household, carer and person, or thirty of each: the same queries."""

    def add_rows(n):
        for _ in range(n):
            household = HouseholdFactory(name="The Walker family")
            CarerFactory(household=household, first_name="Alex", last_name="Walker")
            PersonFactory(first_name="Alex", last_name="Walker")

    count = assert_constant_queries(officer_client, search_url("Walker"), add_rows, at_most=11)
    # 14: session, user, the user's and the groups' permissions; the search's transaction (savepoint here,
    # BEGIN in production), SET LOCAL enable_seqscan, households, carers, people, release; the role's group
    # (the header's "Signed in as").
    assert count == 11


def test_household_words_common_to_every_name_are_not_matched_on(officer_client, db):
    """ "The Jones family" looks for Jones: "the" and "family" are in nearly every household's name."""
    HouseholdFactory(name="The Jones family", reference="SL-0301")
    HouseholdFactory(name="The Okafor family", reference="SL-0302")
    found = rows(officer_client.get(search_url("The Jones family")))
    assert found == [("The Jones family", "Household", "SL-0301")]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("jonh smith", "john smith", 1),  # one swap of neighbours
        ("jonh smith", "joan smith", 2),  # two letters changed
        ("smith", "smith", 0),
        ("", "ab", 2),
        ("smyth", "smith", 1),
    ],
)
def test_edits_between_two_texts(a, b, expected):
    assert search.edits(a, b) == expected
