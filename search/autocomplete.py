"""Suggestions while typing: enjeux, services, collectivities and sheet titles.

Names of the référentiel and collectivities are matched in memory (every word typed is
the start of a word of the name, accents and case ignored); sheet titles come from the
backend's autocomplete index, keeping only visible sheets.
"""

from urllib.parse import urlencode

from django.urls import reverse

from initiatives.models import ActionSheetPage, CollectivityPage, Enjeu, Service

from . import analysis, facets
from .engines import get_engine

MAX_PER_KIND = 5


def _prefix_match(words: list[str], name: str) -> bool:
    name_words = analysis.folded_words(name)
    return all(any(candidate.startswith(word) for candidate in name_words) for word in words)


def autocomplete(raw_query: str, request) -> list[dict]:
    words = analysis.folded_words(str(raw_query or "")[: analysis.MAX_QUERY_LENGTH])[:8]
    if not words or len("".join(words)) < 2:
        return []
    results = []
    for model, kind in ((Enjeu, "enjeu"), (Service, "service")):
        matches = [obj for obj in model.objects.all() if _prefix_match(words, obj.name)]
        results += [
            {"type": kind, "label": obj.name, "url": obj.get_absolute_url()}
            for obj in matches[:MAX_PER_KIND]
        ]

    data = facets.facet_data()
    with_sheets = set(int(pk) for pk in set(data.collectivity_ids.tolist()))
    collectivities = [
        c
        for pk, c in data.collectivities.items()
        if pk in with_sheets and _prefix_match(words, c["title"])
    ]
    collectivities.sort(key=lambda c: -(c["population"] or 0))
    pages = (
        CollectivityPage.objects.live()
        .public()
        .filter(pk__in=[c["pk"] for c in collectivities[:MAX_PER_KIND]])
    )
    results += [
        {"type": "collectivity", "label": page.title, "url": page.get_url(request)}
        for page in sorted(pages, key=lambda p: -(p.population or 0))
    ]

    candidate_ids = get_engine().autocomplete_ids(words, MAX_PER_KIND * 4)
    rows, positions = data.rows_of(candidate_ids)
    visible_ids = [candidate_ids[int(p)] for p in positions][:MAX_PER_KIND]
    sheets = {s.pk: s for s in ActionSheetPage.objects.filter(pk__in=visible_ids)}
    results += [
        {"type": "sheet", "label": sheets[pk].title, "url": sheets[pk].get_url(request)}
        for pk in visible_ids
        if pk in sheets
    ]
    label = " ".join(str(raw_query).split())
    search_url = reverse("search:page") + "?" + urlencode({"q": label})
    return [*results, {"type": "search", "label": label, "url": search_url}]
