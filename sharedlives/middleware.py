"""What every request shares: response headers, and the session's idle clock."""

import time

from django.conf import settings
from django.utils.cache import add_never_cache_headers


class NoStoreForSignedInMiddleware:
    """Nothing shown to a signed-in person is kept by the browser, a shared computer's back button or a proxy
    (SEC-3): pages, CSV exports and PDFs all hold personal data. Sits after AuthenticationMiddleware; static
    files never reach it (WhiteNoise answers them earlier), so they stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)  # Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private
        return response


class RenewSessionMiddleware:
    """Each request restarts the session's idle clock (SESSION_COOKIE_AGE), but the session is written at most
    once a minute: saving it on every request cost three queries a page. Sits after SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        every = settings.SESSION_RENEW_SECONDS
        if every is not None and session is not None and not session.is_empty():
            now = int(time.time())
            renewed = session.get("_renewed_at")
            if not isinstance(renewed, int) or now - renewed >= every:
                session["_renewed_at"] = now  # marks it modified: SessionMiddleware saves it and resets the cookie
        return response
