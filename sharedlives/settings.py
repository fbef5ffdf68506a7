"""Settings for the Shared Lives scheme system, read from the environment (django-environ).

Local use needs no environment at all: DEBUG is on, and with DATABASE_URL unset the project's own
PostgreSQL is started (sharedlives/localdb.py). Production sets DATABASE_URL, SECRET_KEY,
ALLOWED_HOSTS and DEBUG=false (docs/deployment.md).
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(
    DEBUG=(bool, True),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost", "[::1]", "testserver"]),
    SESSION_IDLE_MINUTES=(int, 30),
    EMAIL_BACKEND=(str, "django.core.mail.backends.console.EmailBackend"),
)
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY", default="local-development-only-not-a-secret")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "sharedlives.apps.SuperuserAdminConfig",  # django.contrib.admin, superusers only (SEC-2)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",
    "simple_history",
    "django_filters",
    "django_tasks_db",
    "axes",
    "sharedlives",
    "carers",
    "placements",
    "funding",
    "safeguarding",
    "reviews",
    "reports",  # reads placements, funding, reviews and safeguarding; writes nothing
    "composition",  # last: what each page shows and each role may do, over every app
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",  # after WhiteNoise: pages get it, static files need not
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sharedlives.middleware.RenewSessionMiddleware",  # the idle clock, written at most once a minute
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sharedlives.middleware.NoStoreForSignedInMiddleware",  # SEC-3
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as axes asks: turns a lockout into sharedlives.signin.locked_out
]

ROOT_URLCONF = "sharedlives.urls"
WSGI_APPLICATION = "sharedlives.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",  # {{ csp_nonce }} for the few inline scripts
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sharedlives.navigation.service_navigation",
            ],
            "builtins": ["sharedlives.templatetags.govuk"],
        },
    },
]
# Every Django form renders as GOV.UK form groups with an error summary (templates/govuk/forms/).
FORM_RENDERER = "sharedlives.forms.GovukFormRenderer"

if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from sharedlives import localdb

    DATABASES = {"default": env.db_url_config(localdb.database_url())}
# In production a worker keeps its database connection (a new one per request costs a few milliseconds each),
# checked before each request so a restarted database is no outage. Development opens one per request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Two test runs at once (say, a developer and an editor's test runner) each name their own test database.
if env("TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Sign-in throttling and lockout (SEC-1), django-axes and sharedlives/signin.py; see docs/deployment.md.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out sign-in before any password is checked
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "sharedlives.signin.SignInAttemptsHandler"
# One username from one address, and one address across usernames (each with its own limit).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = env.int("SIGN_IN_FAILURE_LIMIT", default=5)
SIGN_IN_ADDRESS_FAILURE_LIMIT = env.int("SIGN_IN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SIGN_IN_LOCKOUT_MINUTES", default=15))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True  # a guess while locked out starts the wait again
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "sharedlives.signin.locked_out"
AXES_CLIENT_IP_CALLABLE = "sharedlives.signin.client_address"
# How many reverse proxies in front of the app append to X-Forwarded-For (0: the app faces clients directly).
PROXY_COUNT = env.int("PROXY_COUNT", default=0)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after SESSION_IDLE_MINUTES without a request: each request renews the cookie.
SESSION_COOKIE_AGE = env("SESSION_IDLE_MINUTES") * 60
SESSION_SAVE_EVERY_REQUEST = False  # RenewSessionMiddleware renews it, at most once a minute
SESSION_RENEW_SECONDS = 60
# Each change to a household's records asks the worker to recompute its compliance picture (reviews/picture.py).
COMPLIANCE_PICTURE_REFRESH = env.bool("COMPLIANCE_PICTURE_REFRESH", default=True)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)  # see "HTTPS in production" below
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # GOV.UK Frontend from npm: the compiled CSS (static/build/app.css) points fonts and images here.
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    # alphagov's accessible-autocomplete from npm: static/js/autocomplete.mjs loads its script for typed choices.
    ("accessible-autocomplete", BASE_DIR / "node_modules" / "accessible-autocomplete" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env.bool("COLLECTSTATIC_DONE", default=False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Without collectstatic (local, tests) WhiteNoise serves straight from the finders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Content-Security-Policy (SEC-3): only this site's own scripts, styles, images and fonts. The few inline
# <script> blocks carry {{ csp_nonce }}; inline style attributes are not allowed (use classes in app.scss).
# The admin's own inline scripts and styles carry the nonce too ({% csp_nonce_attr %}).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# HTTPS in production (SEC-3): on whenever DEBUG is off, off for plain-HTTP local use; each can be set from the
# environment (docs/deployment.md). The secure cookies are set with the sessions above.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers check over plain HTTP
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Behind a proxy that terminates TLS: the header it sets to "https", e.g. X-Forwarded-Proto. Only when the proxy
# always sets (or strips) it: otherwise a client could claim HTTPS for a plain request.
if _proxy_ssl_header := env("SECURE_PROXY_SSL_HEADER", default=""):
    _meta_name = _proxy_ssl_header.upper().replace("-", "_")
    SECURE_PROXY_SSL_HEADER = (_meta_name if _meta_name.startswith("HTTP_") else f"HTTP_{_meta_name}", "https")
# Harmless over plain HTTP too, so on everywhere.
SECURE_CONTENT_TYPE_NOSNIFF = env.bool("SECURE_CONTENT_TYPE_NOSNIFF", default=True)
SECURE_REFERRER_POLICY = env("SECURE_REFERRER_POLICY", default="same-origin")
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [
    # "SECURE_HSTS_PRELOAD is not True": preloading commits the council's whole domain to HTTPS in browsers'
    # built-in lists, a decision for its owner, not this service. Set SECURE_HSTS_PRELOAD=true once they agree.
    "security.W021",
]

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Django 6.1's MAILERS: console by default; set EMAIL_BACKEND to ...smtp.EmailBackend (and EMAIL_HOST etc.).
MAILERS = {"default": {"BACKEND": env("EMAIL_BACKEND")}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="shared-lives@localhost")

# Work that outlives a request (payment schedules, digests, snapshots) is a durable job in PostgreSQL, run by
# `manage.py run_worker` (django-tasks-db's db_worker plus the periodic jobs); see docs/architecture.md.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A job silent for this long is taken to have died: its page offers to run it again (funding/tasks.py).
JOB_STALL_MINUTES = env.int("JOB_STALL_MINUTES", default=10)
# Where links in emails point (the weekly digest).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
