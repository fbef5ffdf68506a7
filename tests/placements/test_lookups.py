"""Typed choices instead of selects of thousands (issue 15, sharedlives/lookup.py): the JSON lookups behind the
autocomplete, and the typed fields and filters that work without it."""

import json

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carers.forms import AllocateForm
from carers.lookups import HOUSEHOLDS, OFFICERS
from placements.forms import ReferralForm
from placements.lookups import PEOPLE
from sharedlives import roles
from tests.carers.factories import HouseholdFactory, approved_household
from tests.factories import UserFactory
from tests.placements.factories import PersonFactory, started_placement

LOOKUPS = ["lookup_households", "lookup_officers", "lookup_staff", "lookup_areas", "lookup_people"]
HOSTILE = ["", " ", "%", "_", "\\", "'; DROP TABLE x; --", "\x00", "a\x00b", "()", "(", ")", "‮evil", "x" * 10_000]


def lookup(client, name: str, q: str):
    response = client.get(reverse(f"placements:{name}"), {"q": q})
    return response, json.loads(response.content) if response["Content-Type"] == "application/json" else None


@pytest.fixture
def families(officer):
    """Three Okafor households and a Mensah one; the first two share a whole name."""
    return [
        HouseholdFactory(name="The Okafor family", reference="SL-0012", town="Alton", area="Alton"),
        HouseholdFactory(name="The Okafor family", reference="SL-0013", town="Romsey", area="Romsey"),
        HouseholdFactory(name="Grace Okafor's household", reference="SL-0014", area="Hart"),
        HouseholdFactory(name="The Mensah family", reference="SL-0020", area="Hartley Wintney"),
    ]


# The lookups -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", LOOKUPS)
@pytest.mark.parametrize("persona", ["referrals_officer", "officer", "manager", "finance_admin", "superuser"])
def test_every_role_that_sees_households_and_people_may_look_them_up(client, request, name, persona):
    """The lookups need what the households list and the people list need, which every role has."""
    client.force_login(request.getfixturevalue(persona))
    response, found = lookup(client, name, "ok")
    assert response.status_code == 200 and found == []


@pytest.mark.parametrize("name", LOOKUPS)
def test_a_user_without_a_role_is_refused_and_anonymous_is_sent_to_sign_in(client, db, name):
    response, _ = lookup(client, name, "ok")
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(UserFactory(username="norole"))
    assert lookup(client, name, "ok")[0].status_code == 403


@pytest.mark.parametrize("name", LOOKUPS)
def test_a_lookup_answers_get_only(officer_client, name):
    assert officer_client.post(reverse(f"placements:{name}"), {"q": "ok"}).status_code == 405


def test_households_lookup_gives_the_reference_first_then_names_with_every_word(officer_client, families):
    response, found = lookup(officer_client, "lookup_households", "sl-0014")
    assert "no-store" in response["Cache-Control"]  # names of people: never kept by a cache
    assert found == [
        {"value": "Grace Okafor's household (SL-0014)", "label": "Grace Okafor's household (SL-0014), Winchester"}
    ]
    _, found = lookup(officer_client, "lookup_households", "okafor FAM")
    assert found == [
        {"value": "The Okafor family (SL-0012)", "label": "The Okafor family (SL-0012), Alton"},
        {"value": "The Okafor family (SL-0013)", "label": "The Okafor family (SL-0013), Romsey"},
    ]
    # The text a suggestion puts in the input names its household again.
    assert [h["value"] for h in lookup(officer_client, "lookup_households", "The Okafor family (SL-0013)")[1]] == [
        "The Okafor family (SL-0013)",
        "The Okafor family (SL-0012)",
    ]


def test_a_lookup_gives_at_most_ten(officer_client, db):
    for n in range(12):
        HouseholdFactory(name=f"The Ahmed family {n:02d}")
    _, found = lookup(officer_client, "lookup_households", "ahmed")
    assert len(found) == 10 and found[0]["value"].startswith("The Ahmed family 00 (")


def test_officers_people_and_areas_lookups(officer_client, officer, second_officer, manager, families):
    assert lookup(officer_client, "lookup_officers", "hug")[1] == [
        {"value": "Olivia Hughes (olivia)", "label": "Olivia Hughes (olivia)"}
    ]
    assert lookup(officer_client, "lookup_officers", "clarke")[1] == []  # a manager is not an officer to allocate
    assert lookup(officer_client, "lookup_staff", "clarke")[1] == [  # but may own a safeguarding action
        {"value": "Maya Clarke (maya)", "label": "Maya Clarke (maya)"}
    ]
    PersonFactory(first_name="Amira", last_name="Khan", cdir_reference="CDIR555001")
    assert lookup(officer_client, "lookup_people", "amira kh")[1] == [
        {"value": "Amira Khan (CDIR555001)", "label": "Amira Khan (CDIR555001), born 14 March 1990"}
    ]
    assert lookup(officer_client, "lookup_areas", "HART")[1] == [
        {"value": "Hart", "label": "Hart"},
        {"value": "Hartley Wintney", "label": "Hartley Wintney"},
    ]


@pytest.mark.parametrize("name", LOOKUPS)
def test_a_lookup_costs_the_same_queries_with_one_match_as_with_thirty(officer_client, name, officer):
    """1 session, 2 user, 3-4 permissions, 5 the matches (the session is renewed once a minute, not here)."""

    def add(n):
        for _ in range(n):
            sam = UserFactory(first_name="Sam", role=roles.SHARED_LIVES_OFFICER)
            approved_household(officer=sam, name="The Samson family", area="Samford")
            PersonFactory(first_name="Samira")

    counts = []
    for n in (1, 29):
        add(n)
        with CaptureQueriesContext(connection) as captured:
            response, found = lookup(officer_client, name, "sam")
        assert response.status_code == 200 and found
        counts.append(len(captured))
    assert counts == [5, 5]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300)))
def test_any_text_gets_an_answer_never_a_500(officer_client, text):
    for name in LOOKUPS:
        response, found = lookup(officer_client, name, text)
        assert response.status_code == 200 and isinstance(found, list) and len(found) <= 10


# Typed fields on forms: exactly one record, or a GOV.UK error saying why not -------------------------------------


def _referral_data(person: str) -> dict:
    return {
        "person": person,
        "kind": "live_in",
        "received_on_day": "5",
        "received_on_month": "1",
        "received_on_year": "2026",
        "referrer_name": "Sam",
        "referrer_team": "Adults",
    }


def test_a_typed_person_names_exactly_one_or_says_why_not(db):
    amira = PersonFactory(first_name="Amira", last_name="Khan", cdir_reference="CDIR555001")
    PersonFactory(first_name="Amira", last_name="Begum", cdir_reference="CDIR555002")
    for typed in ["Amira Khan (CDIR555001)", "cdir555001", "amira khan", "khan"]:
        form = ReferralForm(_referral_data(typed))
        assert form.is_valid(), (typed, form.errors)
        assert form.cleaned_data["person"] == amira
    several = ReferralForm(_referral_data("Amira"))
    assert several.errors["person"] == [
        "Several people match 'Amira': type the case-system reference, e.g. CDIR555002."
    ]
    none = ReferralForm(_referral_data("Zebedee"))
    assert none.errors["person"] == [
        "No person matches 'Zebedee': check the spelling, or type the case-system reference."
    ]
    assert ReferralForm(_referral_data("")).errors["person"] == [
        "Enter the person's name or case-system reference (REF-1)."
    ]
    # A pk is not a person: a case-system reference may be all digits.
    assert "person" in ReferralForm(_referral_data(str(amira.pk))).errors


def test_a_household_named_by_its_whole_name_twice_asks_for_the_reference(families):
    assert HOUSEHOLDS.resolve("grace okafor's household") == families[2]
    assert HOUSEHOLDS.resolve("The Mensah family (SL-0020)") == families[3]
    with pytest.raises(Exception, match=r"Several households match 'The Okafor family': type the reference, e\.g\. SL-0012\."):
        HOUSEHOLDS.resolve("The Okafor family")


def _allocated(typed: str):
    form = AllocateForm({"officer": typed})
    assert form.is_valid(), form.errors
    return form.cleaned_data["officer"]


def test_the_allocated_officer_is_typed_and_shown_by_name__CAR_3(officer, second_officer):
    twin = UserFactory(username="olivia2", first_name="Olivia", last_name="Hughes", role=roles.SHARED_LIVES_OFFICER)
    form = AllocateForm(initial={"officer": officer})
    assert 'value="Olivia Hughes (olivia)"' in str(form["officer"])
    assert 'data-autocomplete="/lookup/officers"' in str(form["officer"])
    assert AllocateForm({"officer": "omar said"}).is_valid()
    assert _allocated("Olivia Hughes (olivia2)") == twin
    assert _allocated(str(second_officer.pk)) == second_officer  # an older page
    assert AllocateForm({"officer": "Olivia Hughes"}).errors["officer"] == [
        "Several officers match 'Olivia Hughes': type the name with the username in brackets, "
        "e.g. Olivia Hughes (olivia)."
    ]
    twin.groups.remove(Group.objects.get(name=roles.SHARED_LIVES_OFFICER))
    assert _allocated("Olivia Hughes") == officer  # only officers count
    assert OFFICERS.resolve("olivia") == officer


def test_a_referral_linked_from_a_persons_page_comes_with_the_person_typed_in(client, referrals_officer):
    client.force_login(referrals_officer)
    amira = PersonFactory(first_name="Amira", last_name="Khan", cdir_reference="CDIR555001")
    page = client.get(reverse("placements:referral_create"), {"person": amira.pk}).content.decode()
    assert 'value="Amira Khan (CDIR555001)"' in page and 'data-autocomplete="/lookup/people"' in page
    assert client.get(reverse("placements:referral_create"), {"person": "9" * 40}).status_code == 200
    assert PEOPLE.resolve("CDIR555001") == amira


# Typed filters on the lists -------------------------------------------------------------------------------------


def test_the_placements_list_filters_by_a_typed_household_or_officer(officer_client, officer, second_officer):
    okafor = started_placement(household=approved_household(officer=officer, name="The Okafor family"))
    other_okafor = started_placement(household=approved_household(officer=second_officer, name="The Okafor family"))
    mensah = started_placement(household=approved_household(officer=second_officer, name="The Mensah family"))
    listing = reverse("placements:placement_list")

    def people(**query) -> set[str]:
        page = officer_client.get(listing, query).content.decode()
        return {p.person.cdir_reference for p in (okafor, other_okafor, mensah) if p.person.cdir_reference in page}

    refs = {p: p.person.cdir_reference for p in (okafor, other_okafor, mensah)}
    assert people(household_name="okafor") == {refs[okafor], refs[other_okafor]}  # ambiguous: both shown
    assert people(household_name=okafor.household.reference.lower()) == {refs[okafor]}
    assert people(household_name=str(other_okafor.household)) == {refs[other_okafor]}  # a suggestion's text
    assert people(household_name="nobody at all") == set()
    assert people(household=mensah.household_id) == {refs[mensah]}  # the household page's link
    assert people(officer="omar") == {refs[other_okafor], refs[mensah]}
    assert people(officer="Olivia Hughes (olivia)") == {refs[okafor]}
    assert people(officer=str(second_officer.pk)) == {refs[other_okafor], refs[mensah]}  # an older link
    assert people(officer="x" * 10_000, household_name="\x00") == set()
    page = officer_client.get(listing).content.decode()
    assert 'data-autocomplete="/lookup/households"' in page and 'data-autocomplete="/lookup/officers"' in page


def test_the_households_list_filters_by_a_typed_area_exactly_or_in_part(officer_client, families):
    listing = reverse("carers:household_list")

    def names(**query) -> list[str]:
        page = officer_client.get(listing, query).content.decode()
        return [h.reference for h in families if h.reference in page]

    assert names(area="hart") == ["SL-0014"]  # the exact area, not Hartley Wintney too
    assert names(area="wintney") == ["SL-0020"]
    assert names(area="nowhere") == []
    page = officer_client.get(listing).content.decode()
    assert 'data-autocomplete="/lookup/areas"' in page and 'data-autocomplete="/lookup/officers"' in page


def test_a_safeguarding_action_is_owned_by_a_typed_officer_or_manager__SG_2(officer, manager):
    from safeguarding.forms import IncidentActionForm

    data = {"action": "Fit a handrail", "due_on_day": "1", "due_on_month": "12", "due_on_year": "2026"}
    form = IncidentActionForm(data | {"owner": "maya clarke"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["owner"] == manager
    assert IncidentActionForm(data | {"owner": "Olivia Hughes (olivia)"}).is_valid()
    assert IncidentActionForm(data | {"owner": "Zebedee"}).errors["owner"] == [
        "No officer or manager matches 'Zebedee': check the spelling, or type the name with the username in brackets."
    ]
