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
