"""Similar initiatives: other published sheets sharing services and vocabulary with a sheet,
sheets of other collectivities first (a peer looks for what others did)."""

import numpy as np

from initiatives.models import ActionSheetPage

from . import analysis, facets, fulltext

# A shared service weighs as much as the best vocabulary match.
TEXT_WEIGHT = 1.0
MAX_TITLE_TERMS = 8


def similar_sheets(sheet, limit: int = 4) -> list:
    data = facets.facet_data()
    if not data.size:
        return []
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
    terms = analysis.parse_query(f"{sheet.title} {sheet.subtitle}")[:MAX_TITLE_TERMS]
    if terms:
        matches = fulltext.get_matcher().any_term(terms)
        rows, positions = data.rows_of(list(matches))
        if len(rows):
            scores = np.fromiter(matches.values(), dtype=float, count=len(matches))[positions]
            text[rows] = TEXT_WEIGHT * scores / (scores.max() or 1.0)

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
    chosen = [int(data.ids[row]) for row in candidates[order[:limit]]]
    sheets = ActionSheetPage.objects.filter(pk__in=chosen).select_related("collectivity")
    by_id = {s.pk: s for s in sheets}
    return [by_id[pk] for pk in chosen if pk in by_id]
