"""robots.txt and the sitemap (an index, and its sections)."""

import calendar
import re

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from atlaas.site_address import absolute_url

from .sitemaps import cached_document

# Paths crawlers have no business in: back offices, bulk exports of searches, the APIs.
DISALLOWED_PATHS = ["/admin/", "/django-admin/", "/recherche/export", "/api/"]
SITEMAP_MAX_AGE = 3600
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in DISALLOWED_PATHS]
    lines += ["", f"Sitemap: {absolute_url(reverse('opendata:sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _sitemap_response(request, name: str, number: int):
    document = cached_document(name, number)
    if document is None:
        raise Http404
    timestamp = calendar.timegm(document.lastmod.utctimetuple())
    # A crawler that has this version gets a 304 without the body.
    not_modified = get_conditional_response(request, last_modified=timestamp)
    if not_modified is not None:
        return not_modified
    compressed = ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", ""))
    response = HttpResponse(
        document.gzipped if compressed else document.xml,
        content_type="application/xml; charset=utf-8",
    )
    if compressed:  # GZipMiddleware leaves a response that has an encoding already
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ["Accept-Encoding"])
    response["Last-Modified"] = http_date(timestamp)
    patch_cache_control(response, public=True, max_age=SITEMAP_MAX_AGE)
    return response


@require_GET
def sitemap(request):
    return _sitemap_response(request, "index", 1)


@require_GET
def sitemap_section(request, section):
    try:
        number = int(request.GET.get("p", "1"))
    except ValueError:
        raise Http404 from None
    return _sitemap_response(request, section, number)
