"""Every decision has its next step and every ordinary mistake can be put right, walked in the browser by each role
(issue "The daily loop, done right"). axe (WCAG 2.2 AA rules) checks every page on the way."""

import re
from datetime import date

from carers import services as carer_services
from funding.example_card import publish_example_cards
from funding.models import CardStatus, RateCard
from placements import services as placement_services
from reviews import services as review_services
from sharedlives import roles
from tests.carers.factories import approved_household
from tests.factories import UserFactory, make_persona
from tests.jobs import run_queued_jobs
from tests.placements.factories import started_placement


def _banner(page) -> str:
    return page.locator(".govuk-notification-banner--success").inner_text()


def _people():
    officer = make_persona("officer")
    manager = make_persona("manager")
    return officer, manager


def test_an_officer_puts_a_contact_right_and_withdraws_a_notice__AUD_1_END_2(app):
    officer, _ = _people()
    household = approved_household(officer=officer, name="The O'Neill family")
    placement = started_placement(household=household, starts_on=date(2026, 9, 7))
    review_services.log_contact(household=household, method="phone", summary="Spoke to Ann", by=officer)
    review_services.log_contact(household=household, method="phone", summary="Wrong family", by=officer)
    placement_services.give_notice(
        placement=placement, given_by="person", reason="person_chooses", given_on=date(2026, 11, 2), by=officer
    )

    # Edit within the correction window (default 7 days): history keeps what it said before.
    page = app.sign_in("olivia")
    app.visit(f"/households/{household.pk}/activity/")
    row = page.locator("tbody tr", has_text="Spoke to Ann")
    app.follow(row.get_by_role("link", name=re.compile("^Edit")))
    assert page.get_by_role("heading", level=1).inner_text() == "Edit a contact"
    page.get_by_label("Summary").fill("Spoke to Ann and Tom")
    app.submit("Save changes")
    assert "Contact updated" in _banner(page)

    # The other contact was logged against the wrong household: kept, struck through, with the reason.
    app.visit(f"/households/{household.pk}/activity/")
    row = page.locator("tbody tr", has_text="Wrong family")
    app.follow(row.get_by_role("link", name=re.compile("^Recorded in error")))
    app.submit("Mark as recorded in error")  # no reason: the error summary names the field
    assert "Say why it was recorded in error." in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Why it was recorded in error").fill("Logged against the wrong household")
    app.submit("Mark as recorded in error")
    assert "recorded in error" in _banner(page)
    app.visit(f"/households/{household.pk}/activity/")
    struck = page.locator("tbody tr", has_text="Wrong family")
    assert struck.locator("del").count() == 1 and "Logged against the wrong household" in struck.inner_text()

    # The person chose to stay: the notice is withdrawn with a reason (END-2) and its unsent ending is not needed.
    page = app.visit(f"/placements/{placement.pk}/")
    app.follow(page.get_by_role("link", name="Withdraw the notice"))
    page.get_by_label("Why is the notice withdrawn?").fill("Sam has decided to stay")
    app.submit("Withdraw notice")
    assert "Notice withdrawn" in _banner(page)
    main = page.locator("main").inner_text()
    assert "No notice given." in main and "Sam has decided to stay" in main and "Not needed" in main


def test_a_manager_refuses_extra_respite_and_the_officer_sees_why__RES_1_AUD_2(app):
    officer, _ = _people()
    household = approved_household(officer=officer, name="The Okafor family")
    carer_services.record_break(
        household=household, starts_on=date(2026, 5, 1), ends_on=date(2026, 5, 20), cover="not_needed", by=officer
    )
    carer_services.record_break(
        household=household,
        starts_on=date(2026, 8, 1),
        ends_on=date(2026, 8, 5),
        cover="not_needed",
        extra_reason="Family wedding abroad",
        by=officer,
    )

    # The manager's home lists what waits for them first.
    page = app.sign_in("maya")
    waiting = page.locator("#waiting + table tbody tr", has_text="Extra respite")
    assert "The Okafor family" in waiting.inner_text()
    app.follow(waiting.get_by_role("link"))
    page.get_by_role("radio", name="Refuse it").check()
    page.get_by_label("Reason").fill("Cover is already stretched in August")
    app.submit("Save decision")
    app.submit("Sign out")

    # The officer's My work: decided in the last 14 days, with the reason.
    page = app.sign_in("olivia")
    decided = page.locator("table[aria-labelledby=decided] tbody tr", has_text="Extra respite")
    assert "Refused" in decided.inner_text() and "Cover is already stretched in August" in decided.inner_text()


def test_finance_cannot_make_an_empty_uplift_discards_a_draft_and_approves_with_a_confirmation__FEE_7_AUD_2(app):
    fiona = make_persona("finance_admin")
    UserFactory(username="frank", first_name="Frank", last_name="Ito", role=roles.FINANCE_ADMIN)
    publish_example_cards(drafted_by=fiona, published_by=UserFactory(role=roles.MANAGEMENT_TEAM))
    started_placement(starts_on=date(2026, 9, 7))
    card = RateCard.objects.filter(status=CardStatus.PUBLISHED).order_by("-year_start").first()

    # An uplift with its boxes empty is refused, naming each box (FEE-7).
    page = app.sign_in("fiona")
    app.visit(f"/rate-cards/{card.pk}/uplift/")
    app.submit("Create next year's draft")
    errors = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the care and support percentage" in errors and "This field is required" not in errors
    for label, percent in (("Care and support (%)", "3"), ("Board and lodging (%)", "2"), ("Rent (%)", "0")):
        page.get_by_label(label).fill(percent)
    app.submit("Create next year's draft")
    draft = RateCard.objects.get(status=CardStatus.DRAFT)
    assert page.url.endswith(f"/rate-cards/{draft.pk}/")

    # The draft is discarded, not deleted.
    app.follow(page.get_by_role("link", name="Discard the draft"))
    app.submit("Discard draft")
    assert "discarded" in _banner(page)
    draft.refresh_from_db()
    assert draft.status == "discarded"

    # November's schedule: the generator sees no Approve button; another finance admin confirms with the total.
    app.visit("/schedules/new/")
    for group, day in (("Period from", "1"), ("Period to", "30")):
        dates = page.get_by_role("group", name=group)
        dates.get_by_label("Day").fill(day)
        dates.get_by_label("Month").fill("11")
        dates.get_by_label("Year").fill("2026")
    app.submit("Generate schedule")
    assert run_queued_jobs() == 1
    page.reload()
    assert page.get_by_role("button", name=re.compile("^Approve")).count() == 0
    schedule_url = page.url
    app.submit("Sign out")
    page = app.sign_in("frank")
    app.visit(schedule_url.removeprefix(app.base))
    app.follow(page.get_by_role("button", name=re.compile("^Approve")))
    assert page.get_by_role("heading", level=1).inner_text() == "Approve the payment schedule"
    summary = page.locator(".govuk-summary-list").first.inner_text()
    assert "Households\t1" in summary and "£" in summary
    app.submit("Approve schedule")
    assert "The schedule is approved" in _banner(page)


def test_a_superuser_lands_on_the_administration_home(app):
    UserFactory(username="ada", is_superuser=True, is_staff=True, role="")
    page = app.sign_in("ada")
    assert page.get_by_role("heading", level=1).inner_text() == "Administration"
    assert "You do not have a role yet" not in page.locator("main").inner_text()
