"""A referrals officer takes a referral from a new person to a started live-in placement, in the browser,
with axe-core checking every page on the way (REF-1, REF-2, MAT-1, MAT-2, MAT-3)."""

from sharedlives.dates import today
from tests.browser.conftest import assert_accessible
from tests.carers.factories import approved_household
from tests.factories import make_persona


def fill_date(page, name: str, day) -> None:
    """A GOV.UK date input: its day, month and year boxes."""
    for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
        page.locator(f'input[name="{name}_{part}"]').fill(str(value))


def follow(app, link_text: str):
    """Click a link on the current page, then check the page it opens."""
    with app.page.expect_navigation():
        app.page.get_by_role("link", name=link_text, exact=True).click()
    assert_accessible(app.page)
    return app.page


def heading(page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def test_a_referrals_officer_takes_a_referral_to_a_placement(app):
    on = today()
    officer = make_persona("officer")
    approved_household(officer=officer, name="The Okafor family", area="Winchester", interests="football, cooking")
    make_persona("referrals_officer")
    app.sign_in("rita")

    # A new person, added from the referral form, comes back to it already chosen (REF-1).
    page = app.visit("/referrals/")
    assert heading(page) == "Referrals"
    page = app.visit("/referrals/new/")
    page = follow(app, "Add the person first")
    assert heading(page) == "Add a person"
    page.get_by_label("Case-system (CDir) reference").fill("CDIR777001")
    page.get_by_label("First name", exact=True).fill("Daniel")
    page.get_by_label("Last name").fill("Price")
    fill_date(page, "date_of_birth", on.replace(year=on.year - 35))
    page.get_by_label("Primary support need").select_option("learning_disability")
    page.get_by_label("Interests (optional)").fill("football, music")
    page.get_by_label("Preferred area (optional)").fill("Winchester")
    page = app.submit("Add person")
    assert heading(page) == "Record a referral"
    assert page.get_by_label("Person", exact=True).input_value() != ""

    # The live-in referral.
    page.get_by_label("Live-in", exact=True).check()
    fill_date(page, "received_on", on)
    page.get_by_label("Referrer's name").fill("Sam Social-Worker")
    page.get_by_label("Referrer's team").fill("Winchester adult services")
    page = app.submit("Record referral")
    assert heading(page) == "Live-in referral for Daniel Price"

    # The funding panel agrees (REF-2): matching opens.
    page = follow(app, "Record funding decision")
    fill_date(page, "decided_on", on)
    page.get_by_label("Agreed", exact=True).check()
    page = app.submit("Save decision")
    assert "Funding decision recorded: Agreed." in page.locator(".govuk-notification-banner").inner_text()

    # Find carers (MAT-1) and propose the match.
    page = follow(app, "Find carers")
    assert "The Okafor family" in page.locator(".govuk-summary-card").first.inner_text()
    assert "Shared interests: football" in page.content()
    page = app.submit("Propose this match")
    assert "Match proposed with The Okafor family" in page.locator(".govuk-notification-banner").inner_text()

    # No introduction until both have agreed (MAT-2): the page offers none.
    assert page.get_by_role("link", name="Record introduction with The Okafor family", exact=True).count() == 0

    # Both agree (MAT-2).
    page = follow(app, "Record agreement to the match with The Okafor family")
    fill_date(page, "person_agreed_on", on)
    page.get_by_label("Who agreed for the person").fill("Daniel Price")
    fill_date(page, "carer_agreed_on", on)
    page = app.submit("Save agreement")
    assert "Both have agreed" in page.locator(".govuk-notification-banner").inner_text()

    # An introductory visit (MAT-3).
    page = follow(app, "Record introduction with The Okafor family")
    page.get_by_label("Visit", exact=True).check()
    fill_date(page, "on", on)
    page = app.submit("Save introduction")
    assert "recorded" in page.locator(".govuk-notification-banner").inner_text()

    # During introductions, hand over to the officer the household is allocated to (REF-4): she is already chosen.
    page = follow(app, "Hand over")
    assert page.get_by_label("Shared Lives officer").input_value() == "Olivia Hughes (olivia)"  # typed (issue 15)
    fill_date(page, "on", on)
    page = app.submit("Record hand-over")
    assert "Handed over to Olivia Hughes." in page.locator(".govuk-notification-banner").inner_text()

    # Start the placement: the agreed match is already chosen.
    page = follow(app, "Start placement")
    assert heading(page) == "Start the placement"
    fill_date(page, "starts_on", on)
    page = app.submit("Start placement")
    assert heading(page) == "Daniel Price with The Okafor family"
    assert "starts on" in page.locator(".govuk-notification-banner").inner_text()
    assert "Moving-day checklist" in page.content()
