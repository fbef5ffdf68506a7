"""HTTPS in production (SEC-3): on whenever DEBUG is off, off for local plain-HTTP use, each settable from the
environment; `manage.py check --deploy` passes with no warnings under production-like settings."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
ONE_YEAR = 365 * 24 * 60 * 60
SECURITY_ENV = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_COOKIES",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "production-like-" + "x7Kq2mP9vR4tY8wZ3nB6cF1hJ5" * 3,
    "ALLOWED_HOSTS": "sharedlives.example.gov.uk",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


# Set by the browser tests for their own process (Playwright's event loop): never in production.
TEST_ONLY_ENV = ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def _environment(**overrides) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in SECURITY_ENV + TEST_ONLY_ENV}
    # The settings module itself, not the tests'. With DATABASE_URL unset, settings would start (or look for)
    # the project's own PostgreSQL; `check` opens no connection, so any URL will do when the tests have none.
    env |= {
        "DJANGO_SETTINGS_MODULE": "sharedlives.settings",
        "DATABASE_URL": os.environ.get("DATABASE_URL") or "postgres://check-only@localhost:1/unused",
    }
    return env | overrides


def _run(args: list[str], **overrides) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=_environment(**overrides), capture_output=True, text=True, timeout=300
    )


def _settings(**overrides) -> dict:
    names = [
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "X_FRAME_OPTIONS",
        "SECURE_PROXY_SSL_HEADER",
    ]
    script = f"import json; from django.conf import settings; print(json.dumps({{n: getattr(settings, n) for n in {names}}}))"
    result = _run(["-c", script], **overrides)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_deploy_check_passes_with_no_warnings__SEC_3():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_fails_without_https__SEC_3():
    """The check above is a real test: turning HTTPS off in production is reported."""
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION, SECURE_SSL_REDIRECT="false"
    )
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


def test_https_is_on_in_production__SEC_3():
    values = _settings(**PRODUCTION)
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == ONE_YEAR
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_PROXY_SSL_HEADER"] is None  # only when the deployment says it is behind a TLS proxy


def test_local_plain_http_use_has_no_https_settings__SEC_3():
    values = _settings(DEBUG="true")
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False and values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True and values["X_FRAME_OPTIONS"] == "DENY"


def test_each_https_setting_comes_from_the_environment__SEC_3():
    values = _settings(
        **PRODUCTION,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="300",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
        SECURE_COOKIES="false",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
    )
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 300
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.fixture
def https_on():
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=ONE_YEAR, SECURE_HSTS_INCLUDE_SUBDOMAINS=True):
        yield


def test_plain_http_is_redirected_to_https__SEC_3(client, db, https_on):
    response = client.get(reverse("login"))
    assert response.status_code == 301
    assert response.url == f"https://testserver{reverse('login')}"


def test_healthz_answers_over_plain_http__SEC_3(client, db, https_on):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200 and response.content == b"ok\n"


def test_https_pages_send_strict_transport_security__SEC_3(client, db, https_on):
    response = client.get(reverse("login"), secure=True)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == f"max-age={ONE_YEAR}; includeSubDomains"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_behind_a_tls_proxy_the_forwarded_scheme_is_trusted__SEC_3(client, db, https_on):
    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        assert client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https").status_code == 200
        assert client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="http").status_code == 301
