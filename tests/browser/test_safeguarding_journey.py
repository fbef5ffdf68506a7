"""SG-1, SAFE-4, SG-5: an officer turns a contact's concern into a safeguarding concern (an allegation: the household
goes on hold); the manager reviews it, records the council referral and the outcome, lifts the hold and closes it.
axe on every page."""

from datetime import date

from carers.gates import under_safeguarding_hold
from reviews import services as review_services
from safeguarding.models import RecordStatus, SafeguardingConcern
from sharedlives import roles
from tests.carers.factories import approved_household
from tests.factories import UserFactory
from tests.placements.factories import started_placement


def test_concern_from_a_contact_to_closed__SG_1_SAFE_4_SG_5(app):
    officer = UserFactory(username="olivia", first_name="Olivia", last_name="Hughes", role=roles.SHARED_LIVES_OFFICER)
    UserFactory(username="maya", first_name="Maya", last_name="Clarke", role=roles.MANAGEMENT_TEAM)
    household = approved_household(officer=officer, name="The Okafor family")
    placement = started_placement(household=household)
    review_services.log_contact(
        household=household,
        placement=placement,
        method="visit",
        summary="The person said the carer's son shouts at them when the carer is out.",
        concern_raised=True,
        by=officer,
    )

    page = app.sign_in("olivia")
    app.visit(f"/placements/{placement.pk}/activity/")
    app.follow(page.get_by_role("link", name="Raise as a safeguarding concern").first)
    assert page.get_by_role("heading", level=1).inner_text() == "Raise a safeguarding concern"
    assert "shouts at them" in page.get_by_label("What the concern is").input_value()
    page.get_by_role("group", name="Is it an allegation against someone in the household?").get_by_label("Yes").check()
    page.get_by_label("Someone else alleged").fill("The carer's adult son")
    page.get_by_label("Psychological or emotional abuse").check()
    page.get_by_label("What was done at once to keep the person safe").fill("The person is staying with their sister.")
    app.submit("Raise concern")
    assert "The Okafor family is on hold" in page.locator(".govuk-notification-banner, main").first.inner_text()
    household.refresh_from_db()
    assert under_safeguarding_hold(household)

    page.context.clear_cookies()
    app.sign_in("maya")
    concern = SafeguardingConcern.objects.get()
    app.visit(f"/safeguarding/concerns/{concern.pk}/")
    app.follow(page.get_by_role("link", name="Review the concern"))
    page.get_by_label("The management team's review").fill("Refer to the council's safeguarding team today.")
    app.submit("Save review")
    app.follow(page.get_by_role("link", name="Record the council referral"))
    app.fill_date("Date referred to the council's safeguarding team", date.today())
    page.get_by_label("The council's reference").fill("HCC-SG-1001")
    app.submit("Save referral")
    app.follow(page.get_by_role("link", name="Record the outcome"))
    page.get_by_label("Outcome of the enquiry").fill("The son no longer visits while the person is at home.")
    app.submit("Save outcome")
    app.follow(page.get_by_role("link", name="Lift the household's hold"))
    page.get_by_label("Why the hold is lifted").fill("The council's enquiry is complete; safety plan agreed.")
    app.submit("Lift hold")
    app.follow(page.get_by_role("link", name="Close the concern"))
    app.submit("Close concern")

    concern.refresh_from_db()
    household.refresh_from_db()
    assert concern.status == RecordStatus.CLOSED and concern.council_reference == "HCC-SG-1001"
    assert not under_safeguarding_hold(household)
    assert "Closed" in page.locator("main").inner_text()
