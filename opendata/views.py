"""robots.txt and the sitemap (an index, and its sections)."""

import calendar

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from atlaas.site_address import absolute_url

from .sitemaps import cached_document

# Paths crawlers have no business in: back offices, bulk exports of searches, the APIs.
DISALLOWED_PATHS = ["/admin/", "/django-admin/", "/recherche/export", "/api/"]
SITEMAP_MAX_AGE = 3600


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in DISALLOWED_PATHS]
    lines += ["", f"Sitemap: {absolute_url(reverse('opendata:sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _sitemap_response(request, name: str, number: int):
    found = cached_document(name, number)
    if found is None:
        raise Http404
    xml, lastmod = found
    timestamp = calendar.timegm(lastmod.utctimetuple())
    # A crawler that has this version gets a 304 without the body.
    not_modified = get_conditional_response(request, last_modified=timestamp)
    if not_modified is not None:
        return not_modified
    response = HttpResponse(xml, content_type="application/xml; charset=utf-8")
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
