"""Typed choices with JavaScript (issue 15, static/js/autocomplete.mjs): the placements list's household filter
suggests households as the officer types, and the chosen one filters the list. Without JavaScript the same text is
matched by the server (tests/placements/test_lookups.py)."""

from tests.browser.conftest import assert_accessible
from tests.carers.factories import approved_household
from tests.factories import make_persona
from tests.placements.factories import started_placement


def test_officer_types_part_of_a_household_name_and_picks_the_suggestion(app):
    officer = make_persona("officer")
    okafor = started_placement(
        household=approved_household(officer=officer, name="The Okafor family", reference="SL-0012", town="Alton")
    )
    namesake = started_placement(
        household=approved_household(officer=officer, name="The Okafor family", reference="SL-0013", town="Romsey")
    )
    mensah = started_placement(household=approved_household(officer=officer, name="The Mensah family"))

    page = app.sign_in("olivia")
    page = app.visit("/placements/")
    household = page.get_by_label("Household (optional)", exact=True)
    assert household.get_attribute("aria-autocomplete") == "list"  # enhanced: the library's input, same label
    household.press_sequentially("okaf", delay=20)
    suggestions = page.get_by_role("listbox")
    suggestion = suggestions.get_by_role("option", name="The Okafor family (SL-0013), Romsey")
    suggestion.wait_for()
    assert suggestions.get_by_role("option").all_inner_texts() == [
        "The Okafor family (SL-0012), Alton",
        "The Okafor family (SL-0013), Romsey",
    ]
    assert_accessible(page)  # with the suggestions open
    suggestion.click()
    assert household.input_value() == "The Okafor family (SL-0013)"

    page = app.submit("Apply filters")
    table = page.locator("table").inner_text()
    assert namesake.person.cdir_reference in table
    assert okafor.person.cdir_reference not in table and mensah.person.cdir_reference not in table
    # The filter keeps the chosen household, enhanced again on the filtered page.
    assert page.get_by_label("Household (optional)", exact=True).input_value() == "The Okafor family (SL-0013)"
