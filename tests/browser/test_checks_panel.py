"""SAFE-3: an officer reads the Checks panel, follows the link of a missing item and records it (axe on each page)."""

from datetime import timedelta

from sharedlives.dates import today
from tests.browser.conftest import assert_accessible
from tests.carers.factories import approved_household, make_carer_compliant
from tests.factories import make_persona


def test_officer_records_missing_insurance_from_the_checks_panel__SAFE_3(app):
    officer = make_persona("officer")
    household = approved_household(officer=officer, name="The Okafor family", compliant=False)
    make_carer_compliant(household.carers.get())

    page = app.sign_in("olivia")
    app.visit(f"/households/{household.pk}/")
    assert_accessible(page)
    checks = page.locator("#checks")
    # insurance, the carer agreement and the property check (no health and safety review yet) are missing
    assert "3 missing or expired" in checks.inner_text()
    insurance = checks.locator("tbody tr", has_text="Public liability insurance")
    assert "govuk-tag--red" in insurance.locator(".govuk-tag").get_attribute("class")

    app.follow(insurance.get_by_role("link", name="Record Public liability insurance for The household"))
    assert page.get_by_role("heading", level=1).inner_text() == "Record insurance"
    page.get_by_label("Public liability").check()
    page.get_by_label("Insurer").fill("Shared Lives Plus (Ecclesiastical)")
    app.fill_date("Starts on", today() - timedelta(days=10))
    app.fill_date("Expires on", today() + timedelta(days=355))
    app.submit("Save insurance")

    app.visit(f"/households/{household.pk}/")
    checks = page.locator("#checks")
    assert "2 missing or expired" in checks.inner_text()
    tag = checks.locator("tbody tr", has_text="Public liability insurance").locator(".govuk-tag")
    assert tag.inner_text() == "Current" and "govuk-tag--green" in tag.get_attribute("class")
