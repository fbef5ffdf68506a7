"""Sign-in, sign-out, sessions, the health check, and each role's home page."""

import pytest
from django.conf import settings
from django.urls import reverse

from sharedlives.models import SchemePolicy
from tests.pages import parsed


def test_login_page_is_govuk_styled(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"govuk-template" in response.content
    assert b"Sign in to Shared Lives" in response.content


def test_everything_else_needs_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/"


def test_wrong_password_shows_the_error_summary(client, officer):
    response = client.post(reverse("login"), {"username": "olivia", "password": "wrong"})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"<title>Error: Sign in" in response.content


def test_sign_in_then_out_by_post(client, officer):
    response = client.post(reverse("login"), {"username": "olivia", "password": "correct-horse-battery"})
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("logout")).status_code == 405  # never by a link
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_session_cookie_is_httponly_lax_and_idles_out(client, officer):
    response = client.post(reverse("login"), {"username": "olivia", "password": "correct-horse-battery"})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_a_request_restarts_the_idle_clock_but_saves_the_session_once_a_minute(client, officer, monkeypatch, settings):
    """The session is written when it was last renewed a minute or more ago: not on every page (three queries).
    (tests/settings.py turns renewal off, so query counts do not depend on the minute a test runs in.)"""
    from sharedlives import middleware

    settings.SESSION_RENEW_SECONDS = 60
    clock = [1_800_000_000]
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    signed_in = client.post(reverse("login"), {"username": "olivia", "password": "correct-horse-battery"})
    assert settings.SESSION_COOKIE_NAME in signed_in.cookies
    clock[0] += 30
    assert settings.SESSION_COOKIE_NAME not in client.get("/").cookies  # half a minute later: not written
    clock[0] += 30
    assert settings.SESSION_COOKIE_NAME in client.get("/").cookies  # a minute later: renewed


def test_healthz_checks_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.parametrize(
    ("persona", "heading"),
    [
        ("referrals_officer", b"Referrals"),
        ("officer", b"My work"),
        ("manager", b"Scheme overview"),
        ("finance_admin", b"Rate cards and payments"),
        ("superuser", b"Administration"),
    ],
    indirect=["persona"],
)
def test_each_role_has_its_home(client, persona, heading):
    client.force_login(persona)
    response = client.get("/")
    assert response.status_code == 200
    assert heading in response.content


def test_a_superuser_lands_on_the_administration_home(client, superuser):
    """Accounts, the scheme policy, rate cards and the Django admin, each one click from home."""
    policy = SchemePolicy.current()  # made by a migration; an earlier transactional test may have flushed it
    client.force_login(superuser)
    page = parsed(client.get("/"))
    assert "You do not have a role yet" not in page.text
    assert {
        ("Accounts", reverse("admin:auth_user_changelist")),
        ("Scheme policy", reverse("admin:sharedlives_schemepolicy_change", args=[policy.pk])),
        ("Rate cards", reverse("funding:ratecard_list")),
        ("All administration pages", reverse("admin:index")),
    } <= set(page.links)


def test_navigation_shows_approvals_only_to_management(client, officer, manager):
    client.force_login(officer)
    assert b'href="/approvals/"' not in client.get("/").content
    client.force_login(manager)
    assert b'href="/approvals/"' in client.get("/").content
