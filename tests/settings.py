"""Test settings: the real settings (real PostgreSQL), plus a test-only app and a fast password hasher."""

from sharedlives.settings import *  # noqa: F403
from sharedlives.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]
# Hashing a password properly takes ~0.3 s; tests sign in hundreds of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEBUG = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# The test client speaks plain HTTP: no redirect to HTTPS, whatever DEBUG says (tests/sharedlives/test_https.py
# checks the production values).
SECURE_SSL_REDIRECT = False
# Sessions renew once a minute in production (sharedlives.middleware); off here, so a page's query count does not
# depend on whether its request fell in a new minute. tests/sharedlives/test_signin.py turns it on to test it.
SESSION_RENEW_SECONDS = None
# Changes still mark households' compliance pictures stale, but queue no refresh job: tests that count or run queued
# jobs see only their own. tests/reviews/test_picture.py turns it on to test the queueing.
COMPLIANCE_PICTURE_REFRESH = False
