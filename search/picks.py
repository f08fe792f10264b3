"""Editors' picks (``wagtail.contrib.search_promotions``): sheets, collections or links
that editors pin for a query, shown first and marked « Sélection de la rédaction ».

A pick's query matches what a visitor typed whatever the case, accents and spacing.
Picks are read once per state of the searchable data (edits of picks change it, see
``signal_handlers``), and a pinned page shows only while it is live and public.
"""

import threading

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page

from . import analysis

_lock = threading.Lock()
_loaded: tuple[str, dict] | None = None


def _key(query: str) -> str:
    return " ".join(analysis.fold(word) for word in analysis._WORD_RE.findall(query or ""))


def _load() -> dict[str, list[dict]]:
    promotions = SearchPromotion.objects.select_related("query").order_by("sort_order", "pk")
    visible = set(
        Page.objects.live()
        .public()
        .filter(pk__in=[p.page_id for p in promotions if p.page_id])
        .values_list("pk", flat=True)
    )
    pages = {page.pk: page for page in Page.objects.filter(pk__in=visible).specific()}
    picks: dict[str, list[dict]] = {}
    for promotion in promotions:
        if promotion.page_id:
            page = pages.get(promotion.page_id)
            if page is None:
                continue
            pick = {
                "title": page.title,
                "url": page.url,
                "kind": str(page.specific_class._meta.verbose_name),
            }
        elif promotion.external_link_url:
            pick = {
                "title": promotion.external_link_text or promotion.external_link_url,
                "url": promotion.external_link_url,
                "kind": "",
            }
        else:
            continue
        pick["description"] = promotion.description
        picks.setdefault(_key(promotion.query.query_string), []).append(pick)
    return picks


def picks_for(query: str, token: str) -> list[dict]:
    """The picks for ``query`` in the data state ``token``."""
    global _loaded
    key = _key(query)
    if not key:
        return []
    with _lock:
        if _loaded is None or _loaded[0] != token:
            _loaded = (token, _load())
        return list(_loaded[1].get(key, []))
