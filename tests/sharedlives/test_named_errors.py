"""Error summaries name the field: a required field left empty says "Enter …" or "Select …" from its label, never a
bare "This field is required." (sharedlives.forms.name_required_errors, applied to every GovukForm and
GovukModelForm and to the sign-in form). The product's own standard (GOV.UK error messages), with MAT-2's
"who agreed for the person" asked for, not labelled optional."""

import re
from datetime import date

import pytest
from django import forms
from django.urls import reverse

from placements import services as placement_services
from sharedlives.forms import GovukDateField, GovukForm, required_message
from tests.carers.factories import approved_household
from tests.pages import ERROR_SUMMARY, when
from tests.placements.factories import funded_referral, started_placement

BARE = "This field is required."


class Example(GovukForm):
    born = GovukDateField(kind="birth", label="The person's date of birth")
    officer = forms.ChoiceField(label="Shared Lives officer", choices=[("1", "Olivia")])
    dbs = forms.CharField(label="DBS number")
    why = forms.CharField(label="Why is the referral closed?")
    own = forms.CharField(label="Summary", error_messages={"required": "Write a summary (REV-2)."})


def test_required_messages_are_made_from_the_labels():
    errors = Example({}).errors
    assert errors["born"] == ["Enter the person's date of birth"]
    assert errors["officer"] == ["Select Shared Lives officer"]  # a name keeps its capitals
    assert errors["dbs"] == ["Enter DBS number"]  # an acronym keeps its capitals
    assert errors["why"] == ["Enter an answer to “Why is the referral closed?”"]
    assert errors["own"] == ["Write a summary (REV-2)."]  # a field's own message is kept


def test_a_percentage_label_reads_as_words():
    assert required_message(forms.DecimalField(label="Rent (%)"), "rent") == "Enter rent percentage"


def _summary(page: str) -> str:
    return page[page.index(ERROR_SUMMARY) : page.index("</div>", page.index(ERROR_SUMMARY) + 200)]


@pytest.mark.parametrize(
    "persona",
    ["referrals_officer", "officer"],
)
def test_empty_forms_on_many_pages_name_each_field(client, request, persona, referrals_officer, officer):
    """Empty POSTs to the pages each persona fills in most: the error summary is there, and no bare message."""
    client.force_login(request.getfixturevalue(persona))
    if persona == "referrals_officer":
        referral = funded_referral(by=referrals_officer)
        household = approved_household()
        match = placement_services.propose_match(
            referral=referral, household=household, proposed_on=date(2026, 1, 20), by=referrals_officer
        )
        pages = [
            reverse("placements:person_create"),
            reverse("placements:referral_create"),
            reverse("placements:referral_close", args=[referral.pk]),
            reverse("placements:referral_hand_over", args=[referral.pk]),
            reverse("placements:record_introduction", args=[match.pk]),
        ]
    else:
        placement = started_placement(household=approved_household(officer=officer))
        pages = [
            reverse("carers:household_create"),
            reverse("placements:give_notice", args=[placement.pk]),
            reverse("reviews:record_review", args=[placement.household.pk]),
            reverse("reviews:record_risk_assessment", args=[placement.pk]),
            reverse("reviews:raise_change", args=[placement.pk]),
        ]
    for page_url in pages:
        page = client.post(page_url, {}).content.decode()
        assert ERROR_SUMMARY in page, page_url
        assert BARE not in page, f"{page_url}: {re.findall(r'>([^<]*This field is required[^<]*)<', page)}"


def test_the_person_agreement_needs_who_agreed_and_is_not_labelled_optional__MAT_2(client, referrals_officer):
    client.force_login(referrals_officer)
    referral = funded_referral(by=referrals_officer)
    match = placement_services.propose_match(
        referral=referral, household=approved_household(), proposed_on=date(2026, 1, 20), by=referrals_officer
    )
    page_url = reverse("placements:record_match_agreement", args=[match.pk])
    form = client.get(page_url).content.decode()
    assert "Who agreed for the person" in form and "Who agreed for the person (optional)" not in form
    page = client.post(page_url, when("person_agreed_on", date(2026, 1, 22))).content.decode()
    assert "Enter who agreed for the person" in page and 'href="#id_person_agreed_by"' in page


def test_the_sign_in_form_names_its_fields(client, db):
    page = client.post(reverse("login"), {}).content.decode()
    assert BARE not in page and "Enter username" in page and "Enter password" in page
