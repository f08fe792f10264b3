"""Response headers of the back offices: their own Content Security Policy, and no indexing."""

from functools import cache

from csp.middleware import CSPMiddleware, PolicyParts

from django.conf import settings
from django.urls import reverse


@cache
def admin_prefixes() -> tuple[str, ...]:
    # Read from the URL configuration, so that moving the admin moves the rules too.
    return (reverse("wagtailadmin_home"), reverse("admin:index"))


def is_admin_path(request) -> bool:
    return request.path_info.startswith(admin_prefixes())


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the relaxations of atlaas/settings/content_security.py
    applied to the admin's own pages and to page previews only."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        # A preview is rendered through a request for the page's public path, made by the
        # admin's preview view: it carries Wagtail's is_preview flag.
        if getattr(request, "is_preview", False):
            relaxed = settings.PREVIEW_CONTENT_SECURITY_POLICY_REPLACE
        elif is_admin_path(request):
            relaxed = settings.ADMIN_CONTENT_SECURITY_POLICY_REPLACE
        else:
            return parts
        parts.replace = {**relaxed, **(parts.replace or {})}
        return parts


class AdminNoIndexMiddleware:
    """X-Robots-Tag on every admin response, login page included: robots.txt only asks
    crawlers not to fetch; this tells them not to index what they fetched anyway."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_admin_path(request):
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response
