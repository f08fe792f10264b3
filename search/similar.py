"""Similar initiatives: other published sheets sharing services and vocabulary with a sheet,
sheets of other collectivities first (a peer looks for what others did).

Every sheet page asks, so the vocabulary is the titles', matched one title word at a time
without ranking: each word's matches are read once per data version, then come from the
match cache.
"""

import numpy as np

from initiatives.models import ActionSheetPage

from . import analysis, facets, fulltext
from .cache import query_key
from .engines import get_engine

# A shared service weighs as much as the best vocabulary match.
TEXT_WEIGHT = 1.0
MAX_TITLE_TERMS = 8


def similar_sheets(sheet, limit: int = 4) -> list:
    data = facets.facet_data()
    if not data.size:
        return []
    key = ("similar-sheets", sheet.pk, limit)
    chosen = data.matches.get(key)
    if chosen is None:
        chosen = get_engine().similar_ids(sheet, limit)
        data.matches.put(key, (np.asarray(chosen, dtype=np.int64),))
    else:
        chosen = [int(pk) for pk in chosen[0]]
    sheets = ActionSheetPage.objects.filter(pk__in=chosen).select_related("collectivity")
    by_id = {s.pk: s for s in sheets}
    return [by_id[pk] for pk in chosen if pk in by_id]


def database_similar_ids(sheet, limit: int) -> list[int]:
    data = facets.facet_data()
    service_facet = data.facets["service"]
    wanted = [
        service_facet.index_of[s.slug]
        for s in sheet.services.all()
        if s.slug in service_facet.index_of
    ]
    shared = np.zeros(data.size)
    if wanted:
        hits = np.isin(service_facet.pair_values, wanted)
        shared = np.bincount(service_facet.pair_rows[hits], minlength=data.size).astype(float)

    text = np.zeros(data.size)
    for term in analysis.parse_query(f"{sheet.title} {sheet.subtitle}")[:MAX_TITLE_TERMS]:
        rows, scores = _term_matches(data, term)
        text[rows] += scores
    if text.any():
        text *= TEXT_WEIGHT / text.max()

    score = shared + text
    own_row, _ = data.rows_of([sheet.pk])
    if len(own_row):
        score[own_row] = 0
    candidates = np.nonzero(score > 0)[0]
    if not len(candidates):
        return []
    other_collectivity = (data.collectivity_ids[candidates] != (sheet.collectivity_id or 0)).astype(
        int
    )
    order = np.lexsort((-data.dates[candidates], -score[candidates], -other_collectivity))
    return [int(data.ids[row]) for row in candidates[order[:limit]]]


def _term_matches(data, term) -> tuple[np.ndarray, np.ndarray]:
    """Visible rows whose title contains one word, each scored by the word's rarity (a word
    in every title says nothing), cached with the facet data. Titles only: ranking every
    body containing a common word took 0.4–1.6 s per sheet page on PostgreSQL."""
    key = ("similar", query_key([term]))
    found = data.matches.get(key)
    if found is None:
        ids = fulltext.get_matcher().title_ids([term])
        rows, _positions = data.rows_of(np.sort(ids))
        rarity = np.log1p(data.size / len(rows)) if len(rows) else 0.0
        found = (rows, np.full(len(rows), rarity))
        data.matches.put(key, found)
    return found
