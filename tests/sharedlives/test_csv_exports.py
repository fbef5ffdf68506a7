"""Every CSV export, with hostile text in the records it writes: no cell a spreadsheet would run as a formula.

The exports are found from the URL patterns (every path ending `.csv`), so a new export is checked without
changing this test. Numbers stay numbers: a negative amount is a number the payments team adds up, not a formula.
"""

from decimal import Decimal, InvalidOperation

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from carers.models import CarerHousehold
from placements.models import Person
from sharedlives.csvexport import FORMULA_PREFIXES, cell
from tests.pages import csv_rows
from tests.sharedlives.test_permission_grid import GRID, PERSONAS, URL_PARAMS
from tests.url_arguments import url_kwargs_for

# Exports of figures only (no names or free text): nothing hostile can reach them, but nothing may run either.
FIGURES_ONLY = {"funding:unit_costs_csv"}
HOSTILE = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(1,1)", "\tTAB", "\rCR"]


def _exports(patterns=None, namespace="") -> list[str]:
    names = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace != "admin":
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += _exports(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and str(pattern.pattern).endswith(".csv"):
            names.append(f"{namespace}{pattern.name}")
    return sorted(names)


EXPORTS = _exports()


def _number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


def test_every_export_is_found():
    assert EXPORTS == [
        "carers:household_export",
        "funding:schedule_export",
        "funding:tax_statement_csv",
        "funding:unit_costs_csv",
        "placements:placement_export",
        "safeguarding:quality_complaints_csv",
        "safeguarding:quality_incidents_csv",
        "safeguarding:quality_notifications_csv",
    ]


def test_text_is_neutralised_and_numbers_are_not():
    assert cell("=1+1") == "'=1+1" and cell("-12.50") == "'-12.50"  # text that looks like a sum stays text
    assert cell(Decimal("-12.50")) == "-12.50" and cell(7) == "7" and cell(None) == ""
    assert cell("a\x00b") == "ab"  # NUL breaks spreadsheet imports


@pytest.mark.parametrize("url_name", EXPORTS)
@pytest.mark.parametrize("hostile", HOSTILE)
def test_no_export_lets_a_spreadsheet_run_a_name_as_a_formula(client, db, request, url_name, hostile):
    kwargs = url_kwargs_for(URL_PARAMS[url_name], request)
    url_kwargs_for(["placement_pk", "schedule_pk"], request)  # the records every export writes out
    if url_name.startswith("safeguarding:"):  # the Quality and safety exports write out these records
        url_kwargs_for(["incident_pk", "complaint_pk", "notification_pk"], request)
    CarerHousehold.objects.update(name=hostile, area=hostile, town=hostile)
    Person.objects.update(first_name=hostile, last_name=hostile)
    persona = next(p for p in PERSONAS[1:] if GRID[url_name][p] == "200")
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(url_name, kwargs=kwargs))
    assert response.status_code == 200
    rows = csv_rows(response)
    cells = [value for row in rows[1:] for value in row]
    if url_name not in FIGURES_ONLY:
        assert any(value.startswith("'") for value in cells), "the hostile value should appear, neutralised"
    running = [value for value in cells if value.startswith(FORMULA_PREFIXES) and not _number(value)]
    assert running == [], f"{url_name}: cells a spreadsheet would run: {running[:3]}"
