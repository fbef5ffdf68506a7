"""Response headers every page shares."""

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
