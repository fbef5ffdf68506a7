"""An officer clears items from My work: logs the overdue monthly contact and records a health and safety
review (REV-2, REV-3, CAR-5); then a manager lands on the Scheme overview. axe checks every page."""

import re
from datetime import date

from carers import services as carer_services
from sharedlives.dates import today
from tests.browser.conftest import assert_accessible
from tests.carers.factories import approved_household
from tests.factories import make_persona
from tests.placements.factories import started_placement


def _row(page, what: str):
    return page.locator("tbody tr", has_text=what)


def test_officer_clears_my_work_and_a_manager_sees_the_scheme_overview__REV_2_REV_3(app):
    officer = make_persona("officer")
    make_persona("manager")
    household = approved_household(officer=officer, name="The Okafor family")
    started_placement(household=household, starts_on=date(2026, 2, 2))
    policy = carer_services.record_insurance(
        household=household,
        kind="public_liability",
        insurer="Ecclesiastical",
        policy_number="PL1",
        starts_on=date(2026, 6, 1),
        expires_on=date(2027, 5, 31),
        by=officer,
    )

    # Signing in lands on My work, with the monthly contact overdue (REV-2).
    page = app.sign_in("olivia")
    assert page.get_by_role("heading", level=1).inner_text() == "My work"
    monthly = _row(page, "Monthly contact")
    assert monthly.locator(".govuk-tag").inner_text() == "Overdue"
    assert "govuk-tag--red" in monthly.locator(".govuk-tag").get_attribute("class")
    app.follow(monthly.get_by_role("link", name=re.compile("^Log a contact")))
    assert page.get_by_role("heading", level=1).inner_text() == "Log a contact"

    app.submit("Log contact")  # nothing filled in: the error summary (axe checks the page with errors)
    assert page.locator(".govuk-error-summary").is_visible()
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Summary").fill("Monthly call: Sam is settled and enjoying college.")
    app.submit("Log contact")

    # Back on My work with a banner; the monthly contact is no longer due.
    assert page.get_by_role("heading", level=1).inner_text() == "My work"
    assert "Contact logged" in page.locator(".govuk-notification-banner--success").inner_text()
    assert _row(page, "Monthly contact").count() == 0

    # The 1:1 health and safety review (REV-3), with the insurance evidence seen (CAR-5).
    app.follow(_row(page, "1:1 health and safety review").get_by_role("link", name=re.compile("^Record the review")))
    assert page.get_by_role("heading", level=1).inner_text() == "Record a review"
    assert page.get_by_label("1:1 health and safety review").is_checked()
    page.get_by_label("Who took part").fill("Grace Okafor and Olivia Hughes")
    page.get_by_label("Property health and safety check done").check()
    page.get_by_label("Insurance evidence seen").check()
    app.submit("Save review")

    assert page.get_by_role("heading", level=1).inner_text() == "My work"
    assert "1:1 health and safety review recorded" in page.locator(".govuk-notification-banner--success").inner_text()
    assert _row(page, "1:1 health and safety review").count() == 0
    policy.refresh_from_db()
    assert policy.evidence_seen_on == today()

    # A manager signs in and lands on the Scheme overview.
    app.submit("Sign out")
    page = app.sign_in("maya")
    assert page.get_by_role("heading", level=1).inner_text() == "Scheme overview"
    assert page.get_by_role("img", name=re.compile("^Bar chart of overdue items")).count() == 1
    page.get_by_text("Show the figures as a table").click()
    assert page.get_by_role("table", name="Overdue items, week by week").is_visible()
    assert_accessible(page)


def test_every_reviews_page_passes_axe_with_and_without_errors(app):
    """Each reviews page a manager can reach, visited (and its form submitted empty) with axe."""
    from reviews import services

    officer = make_persona("officer")
    manager = make_persona("manager")
    other_manager = make_persona("second_manager")
    household = approved_household(officer=manager, name="The Okafor family")
    placement = started_placement(household=household, starts_on=date(2026, 2, 2))
    services.log_contact(
        household=household, placement=placement, method="visit", summary="Bruise", concern_raised=True, by=officer
    )
    review = services.record_review(
        household=household,
        kind="monitoring",
        held_on=date(2026, 11, 2),
        attendees="Grace",
        actions=[{"description": "Book first aid", "owner": "Grace", "due_on": date(2026, 12, 1)}],
        by=officer,
    )
    change = services.raise_change_of_needs(
        placement=placement, raised_on=date(2026, 11, 2), raised_by="carer", description="Falls", by=officer
    )
    services.record_change_meeting(change, held_on=date(2026, 11, 4), by=officer)
    change = services.record_change_discussion(
        change, discussed_on=date(2026, 11, 5), manager=other_manager, agreed_actions="Sensor", by=officer
    )
    funding = services.request_additional_funding(change, what_for="Nights", other_support_explored="PBS", by=officer)
    h, p, c = household.pk, placement.pk, change.pk
    pages = [
        "/",
        "/my-work/",
        f"/households/{h}/activity/",
        f"/placements/{p}/activity/",
        f"/reviews/{review.pk}/",
        f"/changes/{c}/",
    ]
    forms = [
        ("/contacts/quick/", "Log contact"),
        (f"/households/{h}/contacts/new/", "Log contact"),
        (f"/households/{h}/reviews/new/?kind=appraisal", "Save review"),
        (f"/placements/{p}/risk-assessments/new/", "Save risk assessment"),
        (f"/placements/{p}/changes/new/", "Raise change of needs"),
        (f"/changes/{c}/meeting/", "Save meeting"),
        (f"/changes/{c}/discussion/", "Save discussion"),
        (f"/changes/{c}/funding/", "Send request"),
        (f"/changes/{c}/close/", "Close change"),
        (f"/funding-requests/{funding.pk}/decide/", "Save decision"),
    ]
    app.sign_in("maya")
    for path in pages:
        app.visit(path)
    for path, button in forms:
        page = app.visit(path)
        for select in page.locator("select").all():
            select.select_option("")
        for box in page.locator("input[type=text]").all():
            box.fill("")
        app.submit(button)
        assert page.locator(".govuk-error-summary").is_visible(), path
