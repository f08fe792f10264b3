"""HTML that every visitor sees alike, rendered once per state of the published data and
read back from the cache (the cards of a list, an award's sheets and enjeux, a sheet's
panels).

The key holds the search data version (``search.facets.version_token``), which every
publication, unpublication, move, restriction and edit of a collectivity, the référentiel
or the label changes: the first request after such a change renders the fragment again,
so publishing shows at once. Callers only ever pass what an anonymous visitor may see
(published, public pages; never a preview, never a user's own data): what is kept here is
served to everyone.
"""

import hashlib

from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from wagtail.models import Site

CACHE_SECONDS = 24 * 3600


def _digest(parts) -> str:
    return hashlib.sha256(repr(tuple(parts)).encode()).hexdigest()[:32]


def _kept(key: str, compute):
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def cached_value(name: str, parts, compute):
    """``compute()`` for this state of the data and ``parts`` (a query's SQL and
    parameters: the ids of a page of a list), computed once and shared by the workers."""
    from search.facets import version_token  # search's models import this app's

    return _kept(f"atlaas:{name}:{version_token()}:{_digest(parts)}", compute)


def fragment_key(name: str, parts, request) -> str:
    from search.facets import version_token  # search's models import this app's

    site = Site.find_for_request(request) if request is not None else None
    site_id = site.pk if site else 0
    return f"atlaas:{name}:{version_token()}:{get_language()}:{site_id}:{_digest(parts)}"


def cached_html(name: str, parts, request, render) -> str:
    """``render()``'s HTML for this state of the data, the page's site and language, and
    ``parts`` (what else the fragment depends on: ids, options)."""
    html = _kept(fragment_key(name, parts, request), lambda: str(render()))
    return mark_safe(html)  # noqa: S308 (rendered by our own escaping templates)
