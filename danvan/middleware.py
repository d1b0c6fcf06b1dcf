"""Headers that every page made by Django carries (static files are answered before this)."""

from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    """`Cache-Control: private, no-store` on every response made by a view.

    Every page of the portal is behind the login except the login form (which carries a CSRF
    token), and every export holds a territory's data: neither a shared proxy nor the browser's
    disk cache may keep them (the back button after logging out on a shared office computer
    must not show them again). Evidence files and their thumbnails too: photos of people are
    not to be left in a shared computer's disk cache. Static files are served by WhiteNoise, which sits before this
    middleware and answers them with its own far-future caching.

    The one exception is what a view marks `public` itself: the showcase's pages for anonymous
    visitors and its public photos (`showcase.views`), the same for everyone who is not signed in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "public" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
        return response
