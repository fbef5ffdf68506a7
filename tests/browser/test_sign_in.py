"""First journey: each role signs in and lands on its own home page, with no serious axe findings."""

import pytest

from sharedlives import roles
from tests.factories import UserFactory

HOMES = [
    (roles.REFERRALS_OFFICER, "Referrals"),
    (roles.SHARED_LIVES_OFFICER, "My work"),
    (roles.MANAGEMENT_TEAM, "Scheme overview"),
    (roles.FINANCE_ADMIN, "Rate cards and payments"),
]


@pytest.mark.parametrize(("role", "heading"), HOMES)
def test_each_role_signs_in_to_its_home(app, role, heading):
    UserFactory(username="someone", role=role)
    page = app.sign_in("someone")
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert role in page.locator(".app-account-bar").inner_text()
    app.submit("Sign out")
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in to Shared Lives"


def test_a_wrong_password_shows_the_error_summary(app, transactional_db):
    UserFactory(username="someone", role=roles.SHARED_LIVES_OFFICER)
    page = app.sign_in("someone", "not-the-password")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error:")


def test_management_sees_the_approvals_inbox(app):
    UserFactory(username="boss", role=roles.MANAGEMENT_TEAM)
    app.sign_in("boss")
    page = app.visit("/approvals/")
    assert page.get_by_role("heading", level=1).inner_text() == "Approvals"
