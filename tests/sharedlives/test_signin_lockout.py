"""Sign-in throttling and lockout (SEC-1): django-axes with sharedlives/signin.py.

A username from one address is locked after AXES_FAILURE_LIMIT (5) failures; an address across usernames after
SIGN_IN_ADDRESS_FAILURE_LIMIT (20). Each test starts with no attempts: they live in the test's transaction.
"""

import re
from datetime import timedelta
from html import unescape
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.urls import reverse

from sharedlives.signin import client_address
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"
LOCKED = "Too many failed sign-in attempts"
OFFICE = "192.0.2.10"
HOME = "198.51.100.7"


def sign_in(client, username, password=PASSWORD, *, address="127.0.0.1", url=None):
    return client.post(url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def main_text(response) -> str:
    """The page's main content as a reader sees it: tags dropped, entities decoded, spaces collapsed."""
    html = response.content.decode()
    main = re.search(r"<main\b.*?</main>", html, re.S)
    text = re.sub(r"<[^>]+>", " ", main.group(0) if main else html)
    return " ".join(unescape(text).split())


def assert_locked_out(response):
    assert response.status_code == 429, response.status_code
    text = main_text(response)
    assert LOCKED in text
    assert "Try again in 15 minutes, or ask an administrator to unlock your account." in text
    assert "govuk-template" in response.content.decode()  # the service's own page, not bare text


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_limits_are_the_documented_defaults__SEC_1():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.SIGN_IN_ADDRESS_FAILURE_LIMIT == 20
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_five_wrong_passwords_lock_out_and_the_right_one_is_then_refused__SEC_1(client, officer):
    for _ in range(4):
        response = sign_in(client, "olivia", "wrong")
        assert response.status_code == 200
        assert "govuk-error-summary" in response.content.decode()
    assert_locked_out(sign_in(client, "olivia", "wrong"))
    assert_locked_out(sign_in(client, "olivia"))
    assert not signed_in(client)


def test_one_users_lockout_leaves_other_users_and_addresses_alone__SEC_1(client, officer, second_officer):
    for _ in range(5):
        sign_in(client, "olivia", "wrong", address=OFFICE)
    assert_locked_out(sign_in(client, "olivia", address=OFFICE))
    assert sign_in(client, "omar", address=OFFICE).status_code == 302  # a colleague in the same office
    client.logout()
    assert sign_in(client, "olivia", address=HOME).status_code == 302  # the same person elsewhere


def test_one_address_is_locked_out_across_usernames__SEC_1(client, officer):
    """Password spraying: a few guesses at each of many usernames from one address."""
    for n in range(settings.SIGN_IN_ADDRESS_FAILURE_LIMIT):
        response = sign_in(client, f"guess{n % 5}", "wrong", address=OFFICE)
    assert_locked_out(response)
    assert_locked_out(sign_in(client, "olivia", address=OFFICE))
    assert not signed_in(client)
    assert sign_in(client, "olivia", address=HOME).status_code == 302


def test_admin_sign_in_is_throttled_too__SEC_1(client, superuser):
    admin_login = reverse("admin:login")
    for _ in range(4):
        assert sign_in(client, "ada", "wrong", url=admin_login).status_code == 200
    assert_locked_out(sign_in(client, "ada", "wrong", url=admin_login))
    assert_locked_out(sign_in(client, "ada", url=admin_login))
    assert_locked_out(sign_in(client, "ada"))  # one count for both forms
    assert not signed_in(client)


def test_failures_on_both_forms_add_up__SEC_1(client, superuser):
    for _ in range(3):
        sign_in(client, "ada", "wrong")
    sign_in(client, "ada", "wrong", url=reverse("admin:login"))
    assert_locked_out(sign_in(client, "ada", "wrong", url=reverse("admin:login")))


def test_a_successful_sign_in_resets_the_count__SEC_1(client, officer):
    for _ in range(4):
        sign_in(client, "olivia", "wrong")
    assert sign_in(client, "olivia").status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "olivia", "wrong").status_code == 200
    assert sign_in(client, "olivia").status_code == 302


def test_a_success_does_not_clear_other_usernames_failures_from_the_address__SEC_1(client, officer):
    limit = settings.SIGN_IN_ADDRESS_FAILURE_LIMIT
    for n in range(limit - 1):
        sign_in(client, f"guess{n % 4}", "wrong", address=OFFICE)
    assert sign_in(client, "olivia", address=OFFICE).status_code == 302
    client.logout()
    assert_locked_out(sign_in(client, "guess0", "wrong", address=OFFICE))


def test_failures_and_successes_are_recorded__SEC_1(client, officer):
    sign_in(client, "olivia", "wrong", address=OFFICE)
    sign_in(client, "olivia", "wrong", address=OFFICE)
    attempt = AccessAttempt.objects.get(username="olivia")
    assert (attempt.ip_address, attempt.failures_since_start) == (OFFICE, 2)
    assert "wrong" not in attempt.post_data  # axes masks the password
    sign_in(client, "olivia", address=OFFICE)
    assert AccessLog.objects.filter(username="olivia", ip_address=OFFICE).exists()


def test_the_wait_ends_after_the_cool_off__SEC_1(client, officer):
    for _ in range(5):
        sign_in(client, "olivia", "wrong")
    earlier = AccessAttempt.objects.get().attempt_time - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=earlier)  # as if the last guess were 16 minutes ago
    assert sign_in(client, "olivia").status_code == 302


def test_an_administrator_unlocks_with_the_management_command__SEC_1(client, officer):
    for _ in range(5):
        sign_in(client, "olivia", "wrong")
    out = StringIO()
    call_command("axes_reset_username", "olivia", stdout=out)
    assert "attempts removed" in out.getvalue()
    assert sign_in(client, "olivia").status_code == 302


def test_a_superuser_sees_the_attempts_and_unlocks_in_the_admin__SEC_1(client, officer, superuser):
    for _ in range(5):
        sign_in(client, "olivia", "wrong", address=OFFICE)
    attempt = AccessAttempt.objects.get(username="olivia")
    admin_client = type(client)()
    admin_client.force_login(superuser)
    listing = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200
    assert "olivia" in main_text(listing)
    response = admin_client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert sign_in(client, "olivia", address=OFFICE).status_code == 302


def test_a_staff_member_who_is_not_a_superuser_cannot_see_the_attempts__SEC_1_SEC_2(client, db):
    client.force_login(UserFactory(username="stan", is_staff=True))
    response = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy: the header is the client's own word, ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # a forged entry on the left is ignored
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.1"),  # fewer entries than proxies: not through them
        (1, "not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_the_client_address_behind_proxies__SEC_1(proxies, forwarded, expected):
    request = RequestFactory().post("/sign-in/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(PROXY_COUNT=proxies):
        assert client_address(request) == expected


def test_the_address_locked_is_the_one_the_proxy_saw__SEC_1(client, officer):
    with override_settings(PROXY_COUNT=1):
        for n in range(5):
            # Each guess claims a different address on the left; the proxy's own entry is what counts.
            client.post(
                reverse("login"),
                {"username": "olivia", "password": "wrong"},
                REMOTE_ADDR="10.0.0.1",
                HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, {OFFICE}",
            )
        assert AccessAttempt.objects.get(username="olivia").ip_address == OFFICE
        assert_locked_out(
            client.post(
                reverse("login"),
                {"username": "olivia", "password": PASSWORD},
                REMOTE_ADDR="10.0.0.1",
                HTTP_X_FORWARDED_FOR=OFFICE,
            )
        )
