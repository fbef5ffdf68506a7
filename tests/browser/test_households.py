"""An officer finds a household by postcode and renews a carer's first aid training from its page (CAR-7)."""

import re
from datetime import date

from carers import services
from carers.models import TrainingCourse
from tests.carers.factories import approved_household
from tests.factories import make_persona


def _first_aid() -> TrainingCourse:
    """The migration's course; browser tests run after transactional tests, whose flush empties the list."""
    return TrainingCourse.objects.get_or_create(name="First aid", defaults={"mandatory": True, "renewal_months": 36})[0]


def test_officer_renews_first_aid_from_the_household_page__CAR_7(app):
    officer = make_persona("officer")
    household = approved_household(officer=officer, name="The Okafor family", postcode="SO23 8UA")
    approved_household(officer=officer, name="The Mensah family", postcode="GU34 1AA")
    services.record_training(
        carer=household.carers.get(),
        course=_first_aid(),
        completed_on=date(2023, 12, 1),
        expires_on=date(2026, 12, 10),
        by=officer,
    )

    page = app.sign_in("olivia")
    app.follow(page.get_by_role("link", name="Households", exact=True))
    page.get_by_label("Name, reference or postcode").fill("so238ua")
    app.submit("Apply filters")
    assert page.get_by_role("link", name="The Mensah family").count() == 0
    app.follow(page.get_by_role("link", name="The Okafor family"))
    assert page.get_by_role("heading", level=1).inner_text() == "The Okafor family"

    first_aid = page.locator("tbody tr[data-kind]", has_text="First aid")  # the Compliance table, not the Checks panel
    assert re.search(r"govuk-tag--(orange|red)", first_aid.locator(".govuk-tag").get_attribute("class"))
    app.follow(first_aid.get_by_role("link", name=re.compile("^Renew")))
    assert page.get_by_role("heading", level=1).inner_text() == "Record training"

    today = date.today()
    completed_on = page.get_by_role("group", name="Completed on")
    completed_on.get_by_label("Day").fill(str(today.day))
    completed_on.get_by_label("Month").fill(str(today.month))
    completed_on.get_by_label("Year").fill(str(today.year))
    app.submit("Save training")

    banner = page.locator(".govuk-notification-banner--success")
    assert "First aid recorded for" in banner.inner_text()
    tag = page.locator("tbody tr[data-kind]", has_text="First aid").locator(".govuk-tag")
    assert tag.inner_text() == "Current"
    assert "govuk-tag--green" in tag.get_attribute("class")


def test_every_households_page_passes_axe_with_and_without_errors(app):
    """Each page a manager can reach from a household, visited (and its form submitted empty) with axe."""
    from datetime import timedelta

    from carers.models import BreakCover
    from sharedlives.dates import financial_year_start, today
    from tests.carers.factories import HouseholdFactory, SupportCarerFactory

    make_persona("manager")
    officer = make_persona("officer")
    household = approved_household(officer=officer, name="The Okafor family")
    applicant = HouseholdFactory(name="The Applicant family")
    support = SupportCarerFactory(household=household)
    start = financial_year_start(today())
    carer_break = services.record_break(
        household=household,
        starts_on=start,
        ends_on=start + timedelta(days=22),
        cover=BreakCover.NOT_NEEDED,
        extra_reason="Carer's operation",
        by=officer,
    )
    h, carer = household.pk, household.carers.get().pk
    forms = [
        (f"/households/{h}/edit/", "Save"),
        (f"/households/{applicant.pk}/approve/", "Approve household"),
        (f"/households/{h}/officer/", "Save"),
        (f"/households/{h}/leaving/", "Record leaving"),
        (f"/households/{h}/carers/new/", "Add carer"),
        (f"/households/{h}/carers/{carer}/edit/", "Save"),
        (f"/households/{h}/support-carers/new/", "Add support carer"),
        (f"/households/{h}/support-carers/{support.pk}/edit/", "Save"),
        (f"/households/{h}/training/new/", "Save training"),
        (f"/households/{h}/dbs/new/", "Save DBS check"),
        (f"/households/{h}/insurance/new/", "Save insurance"),
        (f"/households/{h}/agreements/new/", "Save agreement"),
        (f"/households/{h}/breaks/new/", "Save break"),
        (f"/households/breaks/{carer_break.pk}/decide/", "Save decision"),
        ("/households/new/", "Add household"),
    ]
    pages = [
        "/households/?q=okafor&status=approved&vacancy=on",
        f"/households/{h}/",
        f"/households/{applicant.pk}/",
        f"/households/{h}/hold/",
        f"/households/{applicant.pk}/start-assessment/",
        f"/households/{h}/resume/",
        f"/households/{h}/breaks/{carer_break.pk}/cancel/",
        "/households/caseloads/",
    ]
    app.sign_in("maya")
    for path in pages:
        app.visit(path)
    for path, button in forms:
        page = app.visit(path)
        for select in page.locator("select").all():
            select.select_option("")  # edit forms come filled in: empty them to see the errors
        if page.locator("input[type=text]").count():
            page.locator("input[type=text]").first.fill("")
        app.submit(button)
        assert page.locator(".govuk-error-summary").is_visible(), path
