"""Every decision has its next step: a placement's new-provision request waits on the officer's My work until it is
recorded sent, and in the manager's Approvals until it is authorised (PLA-1). axe checks every page."""

import re
from datetime import date

from tests.carers.factories import approved_household
from tests.factories import make_persona
from tests.placements.factories import started_placement


def test_officer_sends_the_new_provision_and_a_manager_authorises_it__PLA_1(app):
    officer = make_persona("officer")
    make_persona("manager")
    started_placement(
        household=approved_household(officer=officer, name="The Okafor family"), starts_on=date(2026, 2, 2)
    )

    # My work: the start raised the new-provision request, still to be sent.
    page = app.sign_in("olivia")
    item = page.locator("tbody tr", has_text="Send the new provision to Brokerage")
    assert item.count() == 1
    app.follow(item.get_by_role("link", name=re.compile("^Record as sent")))
    assert page.get_by_role("heading", level=1).inner_text() == "Record the provision request sent"
    page.get_by_label("Brokerage reference").fill("BRK-2041")
    app.submit("Record as sent")
    assert "recorded as sent to Brokerage" in page.locator(".govuk-notification-banner--success").inner_text()
    assert "Reference BRK-2041" in page.content()
    app.visit("/")
    assert page.locator("tbody tr", has_text="Send the new provision to Brokerage").count() == 0

    # The manager's overview: the request waits for authorisation, due by its start date.
    app.submit("Sign out")
    page = app.sign_in("maya")
    waiting = page.locator("#waiting + table tbody tr", has_text="Provision request")
    assert "2 Feb 2026" in waiting.inner_text()
    app.follow(waiting.get_by_role("link"))
    assert page.get_by_role("heading", level=1).inner_text() == "Authorise a provision request"
    app.submit("Authorise")
    assert "authorised" in page.locator(".govuk-notification-banner--success").inner_text()
