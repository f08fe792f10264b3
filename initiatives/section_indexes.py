"""The addresses of the section indexes every page's header and footer link to (the
collections, the label), found once per state of the data rather than on every page.

Finding the published, public index of a section took three queries per section on every
page of the site (its id, the page, the view restrictions). The address is kept in this
process for the current search data version (``search.facets.version_token``), which every
publication, unpublication, move and restriction changes, so that the next request after an
index is unpublished or restricted no longer links to it.
"""

import threading

from wagtail.models import Site

from .listings import first_published

_lock = threading.Lock()
_remembered: dict = {}  # (model, site id) -> address or None, for the version in _token
_token = None


def index_url(model, request) -> str | None:
    """The address of the first live, public page of ``model`` as this request's site
    writes it, or None when there is none."""
    global _token
    from search.facets import version_token  # search's models import this app's

    token = version_token()
    site = Site.find_for_request(request) if request is not None else None
    key = (model._meta.label, site.pk if site else None)
    with _lock:
        if _token == token and key in _remembered:
            return _remembered[key]
    page = first_published(model)
    url = page.get_url(request) if page is not None else None
    with _lock:
        if _token != token:
            _remembered.clear()
            _token = token
        _remembered[key] = url
    return url
