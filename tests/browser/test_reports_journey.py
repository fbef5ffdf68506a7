"""RPT-1 … RPT-8, TAX-1: the manager opens Reports, changes the period, reads each report and downloads it as CSV and
Excel, adds an alternative setting's cost and builds a business case with a growth target; finance produces every
carer's tax statement for 2025/26 and opens one. axe on every page."""

import importlib
from datetime import date
from urllib.parse import urljoin

from django.apps import apps as django_apps

from tests.carers.factories import approved_household
from tests.factories import make_persona
from tests.jobs import run_queued_jobs
from tests.placements.factories import started_placement
from tests.reports import world

SEED = importlib.import_module("funding.migrations.0008_seed_qualifying_care_relief")


def _download(page, link_name: str) -> tuple[int, str, bytes]:
    """Fetch a download link's target with the page's cookies (a browser would save it)."""
    href = page.get_by_role("link", name=link_name).get_attribute("href")
    response = page.request.get(urljoin(page.url, href))
    return response.status, response.headers.get("content-type", ""), response.body()


def test_a_manager_reads_each_report_and_builds_a_business_case__RPT_1_RPT_6(app):
    officer, second_officer, manager = make_persona("officer"), make_persona("second_officer"), make_persona("manager")
    world.build(officer, second_officer, manager)

    page = app.sign_in("maya")
    app.visit("/reports/")
    app.follow(page.get_by_role("link", name="Arrangements", exact=True))
    app.fill_date("From", world.PERIOD.start)
    app.fill_date("To", world.PERIOD.end)
    app.submit("Show the report")
    text = page.locator("main").inner_text()
    assert "On 31 October 2026 and over 1 April 2026 to 31 October 2026." in text
    assert page.locator("svg[role='img']").count() >= 1  # a chart, with its table below
    status, kind, body = _download(page, "Download these figures (CSV)")
    assert status == 200 and kind.startswith("text/csv") and b"Live-in" in body
    status, kind, body = _download(page, "Download these figures (Excel, XLSX)")
    assert status == 200 and "spreadsheetml" in kind and body[:2] == b"PK"

    for title in ("Carers and capacity", "Housing benefit", "Quality", "CQC information"):
        app.visit("/reports/")
        app.follow(page.get_by_role("link", name=title, exact=True))
        assert page.get_by_role("heading", level=1).inner_text() == title

    # A wrong period: the error summary names the field; nothing breaks.
    app.fill_date("From", date(2026, 6, 1))
    app.fill_date("To", date(2026, 3, 1))
    app.submit("Show the report")
    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()

    app.visit("/reports/")
    app.follow(page.get_by_role("link", name="Business case"))
    app.visit("/finance/alternatives/new/")
    page.get_by_label("Setting").select_option(label="Residential care")
    page.get_by_label("Weekly cost per person").fill("1450.00")
    page.get_by_label("Source").fill("The council's 2026 residential care framework rate")
    app.fill_date("Date of the figure", date(2026, 4, 1))
    app.submit("Save")
    app.visit("/finance/business-case/")
    page.get_by_label("Growth target: more people a year").fill("6")
    app.submit("Work out the business case")
    text = page.locator("main").inner_text()
    assert "estimate" in text.lower() and "1,450.00" in text


def test_finance_produces_every_carers_tax_statement_and_opens_one__TAX_1(app):
    officer = make_persona("officer")
    make_persona("finance_admin")
    # HMRC's figures, as the migration seeds them (a browser test's database is emptied between tests).
    SEED.seed(django_apps, None)
    household = approved_household(officer=officer, name="The O'Hara family")
    started_placement(household=household)

    page = app.sign_in("fiona")
    app.visit("/tax/")
    app.follow(page.get_by_role("link", name="Produce every carer's statement for a year"))
    page.get_by_label("Tax year").select_option(label="2025/26")
    app.submit("Produce the statements")
    assert "Producing the statements in the background" in page.locator("body").inner_text()
    assert run_queued_jobs() == 1  # the background worker's part
    app.visit(page.url.replace(app.base, ""))
    app.follow(page.get_by_role("link", name=household.carers.first().full_name, exact=True))
    text = page.locator("main").inner_text()
    assert "not tax advice" in text.lower() and "weeks of care" in text.lower()
