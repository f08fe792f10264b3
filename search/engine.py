"""Our search layer: French query → ranked, faceted, paginated sheets, on every backend.

A request travels: parse the parameters (never trusting them) → full-text matches from
the backend (``fulltext``) → visible rows and facet counts in memory (``facets``) → one
page of sheets read from the database.
"""

import math
from dataclasses import dataclass, field

import numpy as np

from django.http import QueryDict

from . import analysis, facets, fulltext
from .cache import query_key
from .matches import all_of, any_of
from .ordering import first_in_order
from .query_terms import query_terms

FACET_NAMES = [
    "enjeu", "service", "type", "region", "departement", "population", "year", "status",
    "arobases", "edition", "inspiration",
]  # fmt: skip
SORTS = ("relevance", "date", "inspirations")
VIEWS = ("liste", "carte")
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# With fewer sheets containing every word, sheets containing some of them follow.
PARTIAL_MATCH_THRESHOLD = 5
MAX_FILTER_VALUES = 50


def _positive_int(raw, default: int) -> int:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return default
    return value if value > 0 else default


@dataclass
class SearchParams:
    query: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    view: str = "liste"

    @classmethod
    def from_querydict(cls, data: QueryDict) -> "SearchParams":
        """Reads what a URL asks for. Unknown parameters are ignored and bad values fall
        back to their defaults or are clamped: a URL can never cause an error."""
        query = str(data.get("q", ""))[: analysis.MAX_QUERY_LENGTH]
        filters = {}
        for name in FACET_NAMES:
            values = []
            for value in data.getlist(name):
                value = str(value).strip()[:80]
                if value and value not in values:
                    values.append(value)
            if values:
                filters[name] = values[:MAX_FILTER_VALUES]
        sort = data.get("sort", "relevance")
        view = data.get("view", "liste")
        return cls(
            query=query,
            filters=filters,
            sort=sort if sort in SORTS else "relevance",
            page=_positive_int(data.get("page"), 1),
            page_size=min(_positive_int(data.get("page_size"), DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE),
            view=view if view in VIEWS else "liste",
        )

    def to_querydict(self, **changes) -> QueryDict:
        """The URL parameters of this search, with some changed (for links and chips)."""
        params = QueryDict(mutable=True)
        query = changes.get("query", self.query)
        if query:
            params["q"] = query
        filters = changes.get("filters", self.filters)
        for name in FACET_NAMES:
            for value in filters.get(name, []):
                params.appendlist(name, value)
        sort = changes.get("sort", self.sort)
        if sort != "relevance":
            params["sort"] = sort
        page = changes.get("page", 1)
        if page != 1:
            params["page"] = str(page)
        if self.page_size != DEFAULT_PAGE_SIZE:
            params["page_size"] = str(self.page_size)
        view = changes.get("view", self.view)
        if view != "liste":
            params["view"] = view
        return params


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchOutcome:
    params: SearchParams
    count: int
    page: int
    page_count: int
    page_ids: list[int]
    matching_ids: np.ndarray  # every matching sheet, unordered
    sort_keys: list[np.ndarray]  # their order, as numpy.lexsort keys
    facets: dict[str, list[FacetValue]]
    terms: list[analysis.QueryTerm]
    partial: bool  # no sheet had every word: these have some of them
    data_token: str = ""  # the state of the data this outcome was computed from
    suggestion: str | None = None
    # Marked-up title and snippet of each page sheet, when the engine highlights itself.
    highlights: dict[int, dict[str, str]] = field(default_factory=dict)

    @property
    def fallback(self) -> str | None:
        """What was done for a query that matched nothing with every word: ``suggestion``
        (another spelling finds sheets), ``partial`` (sheets holding some of the words are
        shown), ``none`` (nothing found); None when sheets hold every word."""
        if self.suggestion and (self.count == 0 or self.partial):
            return "suggestion"
        if self.partial:
            return "partial"
        return "none" if self.count == 0 else None

    @property
    def ordered_ids(self) -> np.ndarray:
        """Every matching sheet in result order (exports): a page only sorts its own."""
        return self.matching_ids[np.lexsort(self.sort_keys)]


def _words(terms) -> list[analysis.QueryTerm]:
    """The words to look for one by one when no sheet holds them all: the terms, or the
    parts of a lone compound (cyber-base: cyber, base)."""
    if len(terms) != 1:
        return terms
    parts = max(terms[0].alternatives, key=len)
    return [analysis.term_of_forms(part, [(part,)]) for part in parts] if len(parts) > 1 else terms


def _match_rows(data, terms, matcher):
    """Visible rows matching the query with their sort keys (tier, title, score)."""
    if not terms:
        rows = np.arange(data.size)
        zeros = np.zeros(data.size)
        return rows, zeros, zeros, zeros, False
    # Each term's matches are read once: when few sheets hold every word, the same terms
    # are combined again below (sheets holding some of them), without asking again.
    per_term = matcher.per_term(terms)
    full = all_of(per_term)
    rows, positions = data.rows_of(full.ids)
    scores = full.scores[positions]
    tier = np.ones(len(rows))
    if full.in_title is not None:
        title = full.in_title[positions].astype(np.float64)
    elif len(rows):
        title = np.isin(data.ids[rows], matcher.title_ids(terms)).astype(np.float64)
    else:
        title = np.zeros(0)
    partial = False
    if not len(rows):
        words = _words(terms)
        if words is not terms:
            terms, per_term = words, matcher.per_term(words)
    if len(rows) < PARTIAL_MATCH_THRESHOLD and len(terms) > 1:
        some = any_of(per_term).without(full.ids)
        extra_rows, extra_positions = data.rows_of(some.ids)
        if len(extra_rows):
            partial = not len(rows)
            rows = np.concatenate([rows, extra_rows])
            scores = np.concatenate([scores, some.scores[extra_positions]])
            # Sheets holding more of the words first.
            if some.matched_terms is not None:
                share = some.matched_terms[extra_positions] / len(terms)
            else:
                share = np.zeros(len(extra_rows))
            tier = np.concatenate([tier, share])
            title = np.concatenate([title, np.zeros(len(extra_rows))])
    return rows, tier, title, scores, partial


def _cached_match_rows(data, terms):
    """``_match_rows``, answered from this data's match cache when the same words were
    searched since the data last changed (every filter and page then costs no SQL)."""
    key = query_key(terms)
    found = data.matches.get(key)
    if found is None:
        found = _match_rows(data, terms, fulltext.get_matcher())
        if terms:
            data.matches.put(key, found)
    return found


def run_search(
    params: SearchParams, *, with_suggestion: bool = True, data=None, every_match: bool = False
) -> SearchOutcome:
    """The search on the configured engine (see search.engines). ``every_match``: the
    outcome must hold every matching sheet in order (exports), which the database engine
    gives; a cluster's outcome holds one page."""
    from .engines import DatabaseEngine, get_engine

    engine = DatabaseEngine() if every_match else get_engine()
    return engine.search(params, with_suggestion=with_suggestion, data=data)


def run_database_search(
    params: SearchParams, *, with_suggestion: bool = True, data=None
) -> SearchOutcome:
    data = facets.facet_data() if data is None else data
    terms = query_terms(params.query, data.token)
    rows, tier, title, scores, partial = _cached_match_rows(data, terms)

    matched = np.zeros(data.size, dtype=bool)
    matched[rows] = True
    selections = {
        name: data.facets[name].selection_mask(values, data.size)
        for name, values in params.filters.items()
        if name in data.facets
    }
    final = matched.copy()
    for mask in selections.values():
        if mask is not None:
            final &= mask

    facet_counts = {}
    unselected = None
    if all(mask is None for mask in selections.values()):
        unselected = data.counts_without_selection(matched)
    for name, facet in data.facets.items():
        if unselected is not None:
            counts = unselected[name]
        else:
            # Disjunctive: a facet's counts ignore its own selection, so it can be widened.
            base = matched.copy()
            for other, mask in selections.items():
                if other != name and mask is not None:
                    base &= mask
            # Python ints at once: reading numpy's one by one cost more than counting.
            counts = facet.counts(base).tolist()
        selected = set(params.filters.get(name, []))
        facet_counts[name] = [
            FacetValue(value, label, count, value in selected)
            for value, label, count in zip(facet.values, facet.labels, counts, strict=True)
            if value and (count or value in selected)
        ]
        facet_counts[name] += [
            FacetValue(value, value, 0, True) for value in selected - set(facet.values)
        ]

    keep = final[rows]
    rows, tier, title, scores = rows[keep], tier[keep], title[keep], scores[keep]
    dates = data.dates[rows]
    ids = data.ids[rows]
    if params.sort == "inspirations":
        # The sheets that inspired the most collectivities first, then the most recent.
        sort_keys = [-ids, -dates, -data.inspired_counts[rows]]
    elif params.sort == "date" or not terms:
        sort_keys = [-ids, -dates]
    else:
        # Every word before some words, title before body, score, then the most recent.
        sort_keys = [-ids, -dates, -scores, -title, -tier]
    count = len(rows)
    page_count = max(1, math.ceil(count / params.page_size))
    page = min(params.page, page_count)
    start = (page - 1) * params.page_size
    first = first_in_order(sort_keys, start + params.page_size)
    page_ids = [int(i) for i in ids[first[start:]]]

    outcome = SearchOutcome(
        params=params,
        data_token=data.token,
        count=count,
        page=page,
        page_count=page_count,
        page_ids=page_ids,
        matching_ids=ids,
        sort_keys=sort_keys,
        facets=facet_counts,
        terms=terms,
        partial=partial,
    )
    if with_suggestion and terms and (count < PARTIAL_MATCH_THRESHOLD or partial):
        from .suggestions import suggest

        outcome.suggestion = suggest(
            params,
            outcome,
            lambda candidate: run_database_search(candidate, with_suggestion=False, data=data),
        )
    return outcome
