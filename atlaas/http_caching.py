"""Cache headers of the public pages, which publishing invalidates.

An anonymous visitor's page is sent ``Cache-Control: public, max-age=0, must-revalidate``
with an ETag of its content (Django's ConditionalGetMiddleware): browsers and proxies keep
it, but ask again each time, and get a bodiless 304 while nothing changed. Publishing,
unpublishing or editing changes the page's content, hence its ETag: the next request gets
the new page at once, with no purge to send. Agents' pages, the admin, answers that set a
cookie (a form's CSRF token) and errors are never stored by a shared cache.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

from security.middleware import is_admin_path

CACHEABLE_TYPES = (
    "text/html",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
)


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control") or request.method not in ("GET", "HEAD"):
            return response
        # A session cookie means an agent (or a form in progress): read without a query.
        anonymous = settings.SESSION_COOKIE_NAME not in request.COOKIES
        content_type = response.get("Content-Type", "")
        if (
            anonymous
            and response.status_code == 200
            and not response.cookies
            and not is_admin_path(request)
            and content_type.startswith(CACHEABLE_TYPES)
        ):
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        else:
            patch_cache_control(response, private=True, no_cache=True)
        return response
