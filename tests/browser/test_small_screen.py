"""My work and the household page on a phone (390 by 844 CSS pixels): nothing is wider than the screen, and
tables become stacked lists whose cells carry their column's name. axe checks every page at that size."""

from datetime import date

from carers import services as carer_services
from carers.models import BreakCover
from tests.carers.factories import SupportCarerFactory, approved_household
from tests.factories import make_persona
from tests.placements.factories import started_placement

WIDTH, HEIGHT = 390, 844


def _no_horizontal_overflow(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        """(limit) => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > limit + 1)
            .slice(0, 5).map(e => e.tagName + '.' + e.className)""",
        WIDTH,
    )
    assert width <= WIDTH, f"{page.url} is {width} px wide at {WIDTH}: {wide}"


def test_my_work_and_the_household_page_fit_a_phone(app, page):
    officer = make_persona("officer")
    household = approved_household(officer=officer, name="The Okafor-Featherstonehaugh family")
    started_placement(household=household, starts_on=date(2026, 2, 2))
    carer_services.record_insurance(
        household=household,
        kind="public_liability",
        insurer="Ecclesiastical Insurance Office plc",
        policy_number="PL-2026-000123456",
        starts_on=date(2026, 6, 1),
        expires_on=date(2027, 5, 31),
        by=officer,
    )
    SupportCarerFactory(household=household, last_name="Featherstonehaugh")
    carer_services.record_break(
        household=household,
        starts_on=date(2026, 5, 4),
        ends_on=date(2026, 5, 8),
        cover=BreakCover.NOT_NEEDED,
        by=officer,
    )
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})

    app.sign_in("olivia")
    assert page.get_by_role("heading", level=1).inner_text() == "My work"
    assert page.locator("tbody tr").count() > 0  # overdue items and the officer's households
    _no_horizontal_overflow(page)
    # A stacked cell says which column it is (the header row is hidden on a phone).
    cell = page.locator("tbody td[data-label]").first
    assert cell.get_attribute("data-label")

    app.visit(f"/households/{household.pk}/")
    assert "Okafor-Featherstonehaugh" in page.get_by_role("heading", level=1).inner_text()
    _no_horizontal_overflow(page)

    app.visit("/search/?q=Okafor")
    _no_horizontal_overflow(page)
