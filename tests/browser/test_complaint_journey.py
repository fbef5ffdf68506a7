"""SG-3, SG-4, SG-5: an officer records a contact's concern as a complaint, sees its working-day deadlines, and
acknowledges and answers it; the manager reviews and closes it. The manager records the CQC notification a
safeguarding concern prompts and marks it sent. axe on every page."""

from datetime import date

from reviews import services as review_services
from safeguarding import services as safeguarding_services
from safeguarding.models import Complaint, RecordStatus, StatutoryNotification
from sharedlives.workdays import add_working_days
from tests.carers.factories import approved_household
from tests.factories import make_persona
from tests.placements.factories import started_placement


def test_complaint_from_a_contact_acknowledged_answered_and_closed__SG_3_SG_5(app):
    officer, _ = make_persona("officer"), make_persona("manager")
    household = approved_household(officer=officer, name="The O'Neill family")
    placement = started_placement(household=household)
    contact = review_services.log_contact(
        household=household,
        placement=placement,
        method="phone",
        summary="The person's sister says the lodger's music keeps them awake every night.",
        concern_raised=True,
        by=officer,
    )
    received = contact.occurred_at.date()

    page = app.sign_in("olivia")
    app.visit(f"/placements/{placement.pk}/activity/")
    app.follow(page.get_by_role("link", name="Record as a complaint or concern").first)
    assert "music keeps them awake" in page.get_by_label("What it is about").input_value()
    page.get_by_label("Complaint", exact=True).check()
    page.get_by_label("Family or representative").check()
    page.get_by_label("Their name").fill("Siobhan O'Neill")
    app.submit("Record it")
    # The deadlines run from the day received, in working days (policy: 3 and 20).
    text = page.locator("main").inner_text()
    assert (
        f"{add_working_days(received, 3):%-d %b %Y}" in text and f"{add_working_days(received, 20):%-d %b %Y}" in text
    )

    app.follow(page.get_by_role("link", name="Record the acknowledgement"))
    app.fill_date("Date acknowledged", date.today())
    app.submit("Save acknowledgement")
    app.follow(page.get_by_role("link", name="Record the response"))
    app.fill_date("Date the response was sent", date.today())
    page.get_by_label("The response").fill("The lodger has agreed to quiet hours after 9pm.")
    page.get_by_label("Partly upheld").check()
    app.submit("Save response")

    page.context.clear_cookies()
    app.sign_in("maya")
    complaint = Complaint.objects.get()
    app.visit(f"/safeguarding/complaints/{complaint.pk}/")
    app.follow(page.get_by_role("link", name="Review", exact=True))
    page.get_by_label("The management team's review").fill("Answered in time; follow up at the next visit.")
    app.submit("Save review")
    app.follow(page.get_by_role("link", name="Close", exact=True))
    app.submit("Close")
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome, complaint.household) == (RecordStatus.CLOSED, "partly", household)


def test_manager_records_and_sends_the_cqc_notification_a_concern_prompts__SG_4(app):
    officer, _ = make_persona("officer"), make_persona("manager")
    household = approved_household(officer=officer, name="The Okafor family")
    placement = started_placement(household=household)
    concern = safeguarding_services.raise_concern(
        person=placement.person,
        placement=placement,
        category="financial",
        description="Money missing from the person's purse after a weekend.",
        immediate_actions="The person's money is kept by the scheme for now.",
        raised_on=date.today(),
        by=officer,
    )

    page = app.sign_in("maya")
    app.visit(f"/safeguarding/concerns/{concern.pk}/")
    app.follow(page.get_by_role("link", name="Record the notification to the CQC"))
    app.submit("Record notification")
    notification = StatutoryNotification.objects.get()
    assert notification.concern == concern and notification.sent_on is None
    app.follow(page.get_by_role("link", name="Record as sent"))
    app.fill_date("Date sent to the CQC", date.today())
    page.get_by_label("What was sent").fill("Notification of an allegation of financial abuse, form sent online.")
    page.get_by_label("CQC reference").fill("CQC-0001")
    app.submit("Save")
    notification.refresh_from_db()
    assert notification.sent_on == date.today() and notification.cqc_reference == "CQC-0001"
