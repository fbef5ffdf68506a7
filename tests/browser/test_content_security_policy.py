"""In a real browser, the Content-Security-Policy blocks nothing the service uses (SEC-3): the inline scripts
run with their nonce, GOV.UK Frontend starts, and the admin loads without a violation."""

import pytest
from django.urls import reverse

from sharedlives import roles
from tests.factories import UserFactory


@pytest.fixture
def violations(page):
    """Every CSP violation the browser reports while the test runs."""
    found = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            found.append(message.text)

    page.on("console", on_console)
    return found


def test_pages_run_their_scripts_under_the_policy__SEC_3(app, violations):
    UserFactory(username="boss", role=roles.MANAGEMENT_TEAM)
    page = app.sign_in("boss")
    for path in ("/", reverse("approvals"), reverse("carers:household_list"), reverse("reviews:overview")):
        page = app.visit(path)
        classes = page.evaluate("document.body.className")
        assert "js-enabled" in classes and "govuk-frontend-supported" in classes  # the nonce'd inline script ran
        page.wait_for_selector("[data-govuk-button-init]", state="attached")  # init.mjs started GOV.UK Frontend
    assert violations == []


def test_the_admin_loads_under_the_policy__SEC_3(app, violations):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    page = app.visit("/admin/login/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill("correct-horse-battery")
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    for path in ("/admin/", "/admin/auth/user/", "/admin/axes/accessattempt/"):
        response = page.goto(f"{app.base}{path}")
        assert response.status == 200, path
    assert violations == []
