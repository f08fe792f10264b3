"""The cards of a list of sheets (home, enjeu, service, collection, collectivity, a sheet's
« autres fiches »), rendered once per state of the data and list, and read back as one piece.

Rendering 24 cards (a template each: address, dates, chips) and reading their sheets took
about half of an enjeu or a service page. What a card shows is the published sheet, its
collectivity's name and its classification, all of which change only through a publication
or an edit of the référentiel, which change the search data version
(``search.facets.version_token``): the cards are kept under that version and the sheets'
ids, so the first request after any such change renders them again. They hold nothing
personal (the same for every visitor), and only lists read through
``listings.published_sheets`` (``SheetsById``: live sheets outside any restricted section)
are kept: any other list (a preview, a hand-made list) is rendered and never stored, so no
draft or private sheet can enter the cache.
"""

import hashlib

from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from wagtail.models import Site

CACHE_SECONDS = 24 * 3600
TEMPLATE = "components/sheet_cards.html"


def cache_key(sheets, hide_collectivity: bool, request) -> str:
    from search.facets import version_token  # search's models import this app's

    site = Site.find_for_request(request) if request is not None else None
    ids = ",".join(map(str, sheets.ids))
    digest = hashlib.sha256(ids.encode()).hexdigest()[:32]
    parts = (version_token(), get_language(), site.pk if site else 0, int(hide_collectivity))
    return "atlaas:sheet-cards:" + ":".join(map(str, parts)) + ":" + digest


def rendered_cards(context, sheets, hide_collectivity=False) -> str:
    """The ``<li>`` of every card, from the cache when this list was rendered already for
    the current state of the data."""
    from .listings import SheetsById

    values = {"sheets": sheets, "hide_collectivity": hide_collectivity}
    if not isinstance(sheets, SheetsById):
        return context.template.engine.get_template(TEMPLATE).render(context.new(values))
    key = cache_key(sheets, hide_collectivity, context.get("request"))
    html = cache.get(key)
    if html is None:
        html = context.template.engine.get_template(TEMPLATE).render(context.new(values))
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 (rendered by our own escaping template)
