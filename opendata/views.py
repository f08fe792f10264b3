"""robots.txt and sitemap.xml."""

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from .sitemaps import sitemaps_for

# Paths crawlers have no business in: back offices, bulk exports of searches, the APIs.
DISALLOWED_PATHS = ["/admin/", "/django-admin/", "/recherche/export", "/api/"]


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in DISALLOWED_PATHS]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('opendata:sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def sitemap(request):
    return sitemap_views.sitemap(request, sitemaps_for(request))
