"""The layout in a browser: the navigation fits one line at 1280 px for every role, a list's pagination passes axe
(WCAG 2.2 AA rules), and a record page prints without navigation or buttons."""

import pytest

from sharedlives import roles
from tests.carers.factories import HouseholdFactory, approved_household
from tests.factories import UserFactory

ROLE_USERS = {
    "referrals": dict(role=roles.REFERRALS_OFFICER),
    "officer": dict(role=roles.SHARED_LIVES_OFFICER),
    "manager": dict(role=roles.MANAGEMENT_TEAM),
    "finance": dict(role=roles.FINANCE_ADMIN),
    "admin": dict(is_staff=True, is_superuser=True),
}

# Every item's top edge, in pixels from the list's top: one line means one distinct value.
ROWS = "() => [...new Set([...document.querySelectorAll('#navigation > li')].map(li => li.offsetTop))]"

WIDTHS = """() => [document.querySelector('#navigation').getBoundingClientRect().width,
  ...[...document.querySelectorAll('#navigation > li')].map(li => Math.round(li.getBoundingClientRect().width))]"""


@pytest.mark.parametrize("username", list(ROLE_USERS))
def test_the_navigation_fits_one_line_at_1280_px_for_every_role(app, page, username):
    UserFactory(username=username, **ROLE_USERS[username])
    page.set_viewport_size({"width": 1280, "height": 900})
    app.sign_in(username)
    labels = page.locator("#navigation > li").all_inner_texts()
    assert labels, "no navigation"
    widths = page.evaluate(WIDTHS)
    assert len(page.evaluate(ROWS)) == 1, f"{username}: {labels} {widths} wrap onto more than one line"
    assert page.locator("#navigation [aria-current]").count() <= 1


def test_a_paginated_list_passes_axe_with_wcag_2_2_rules(app):
    """25 households a page: 26 make a second page, and "Page 1 of 2" must be readable (contrast 4.5:1)."""
    officer = UserFactory(username="olivia", role=roles.SHARED_LIVES_OFFICER)
    HouseholdFactory.create_batch(26)
    app.sign_in(officer.username)
    page = app.visit("/households/")  # axe runs on every visit
    assert page.get_by_text("Page 1 of 2").is_visible()


def test_a_household_page_prints_without_navigation_buttons_or_forms(app, page):
    officer = UserFactory(username="olivia", role=roles.SHARED_LIVES_OFFICER)
    household = approved_household(officer=officer, name="The Okafor family")
    app.sign_in(officer.username)
    app.visit(f"/households/{household.pk}/")
    hidden_in_print = [
        ".govuk-service-navigation",
        ".govuk-button",
        ".app-account-bar",
        "footer",
        "form",
        "nav[aria-labelledby=actions-heading]",
    ]
    for selector in hidden_in_print:  # on screen, each is there to hide
        assert page.locator(selector).first.is_visible(), selector
    page.emulate_media(media="print")
    for hidden in hidden_in_print:
        shown = [el for el in page.locator(hidden).all() if el.is_visible()]
        assert not shown, f"{hidden} still shows in print"
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.get_by_role("heading", name="Compliance").is_visible()
