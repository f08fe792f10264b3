"""Searches, autocomplete and similar initiatives answered by the sheets index."""

import math

import numpy as np

from .. import facets
from ..engine import PARTIAL_MATCH_THRESHOLD, FacetValue, SearchOutcome
from ..engine import _words as lone_compound_parts
from ..models import SearchDataVersion
from ..query_terms import query_terms
from ..suggestions import suggest
from . import request
from .client import SheetIndex
from .index_definition import KEYWORD_FACETS
from .labels import facet_labels
from .sync import catch_up

SIMILAR_CANDIDATES_PER_RESULT = 5


class OpenSearchEngine:
    name = "opensearch"

    def __init__(self, index: SheetIndex):
        self.index = index

    def _search(self, params, terms, *, partial=False, page=None) -> dict:
        body = request.search_body(params, terms, partial=partial, page=page)
        # How many sheets the words match before the selections (post_filter) apply.
        body["aggs"]["text_matches"] = {"value_count": {"field": "id"}}
        return self.index.search(body)

    def search(self, params, *, with_suggestion: bool = True, data=None) -> SearchOutcome:
        catch_up(self.index)
        # The state of the searchable data, read once per search (the terms, the labels
        # and the outcome are of this state).
        version = data.version if data is not None else SearchDataVersion.current()
        token = data.token if data is not None else facets.version_token(version)
        # The database path's own rewrite (compounds however spelled, split and joined
        # words checked against the index's vocabulary, the glossary as read now): the
        # cluster is asked the same terms, so it finds the same sheets.
        terms = query_terms(params.query, token)
        response = self._search(params, terms)
        partial, searched, wide = False, terms, False
        text_matches = int(response["aggregations"]["text_matches"]["value"])
        # No sheet holds a lone compound: its parts are looked for one by one (cyber-base).
        words = terms if text_matches else lone_compound_parts(terms)
        if words and len(words) > 1 and text_matches < PARTIAL_MATCH_THRESHOLD:
            # Few sheets have every word: those with some of them follow (a second
            # request, only for nearly empty answers).
            wider = self._search(params, words, partial=True)
            if int(wider["aggregations"]["text_matches"]["value"]) > text_matches:
                response, partial, searched, wide = wider, text_matches == 0, words, True
        count = request.total(response)
        page_count = max(1, math.ceil(count / params.page_size))
        page = min(params.page, page_count)
        if page != params.page:
            response = self._search(params, searched, partial=wide, page=page)
        page_ids = request.hit_ids(response)
        outcome = SearchOutcome(
            params=params,
            data_token=data.token if data is not None else str(version),
            count=count,
            page=page,
            page_count=page_count,
            page_ids=page_ids,
            # A page's sheets only: exports read every match from the database path.
            matching_ids=np.array(page_ids, dtype=np.int64),
            sort_keys=[np.arange(len(page_ids))],
            facets=self._facets(params, request.facet_counts(response), version),
            terms=terms,
            partial=partial,
            highlights=request.highlights(response) if terms else {},
        )
        if with_suggestion and terms and (count < PARTIAL_MATCH_THRESHOLD or partial):
            # The same candidates as the database path (the index's vocabulary: split,
            # joined and corrected words), each counted by this engine.
            outcome.suggestion = suggest(
                params,
                outcome,
                lambda candidate: self.search(candidate, with_suggestion=False, data=data),
            )
        return outcome

    def _facets(self, params, counts, version) -> dict[str, list[FacetValue]]:
        labels = facet_labels(version)
        result = {}
        for name in KEYWORD_FACETS:
            found = counts.get(name, {})
            if name == "year":
                known = [(year, year) for year in sorted(found, reverse=True)]
            else:
                known = labels.get(name, [])
            selected = set(params.filters.get(name, []))
            values = [
                FacetValue(value, label, found.get(value, 0), value in selected)
                for value, label in known
                if found.get(value) or value in selected
            ]
            listed = {value for value, _label in known}
            values += [FacetValue(value, value, 0, True) for value in selected - listed]
            result[name] = values
        return result

    def autocomplete_ids(self, words: list[str], limit: int) -> list[int]:
        catch_up(self.index)
        body = {
            "query": {
                "match": {"title.autocomplete": {"query": " ".join(words), "operator": "and"}}
            },
            "size": limit,
            "_source": False,
        }
        return request.hit_ids(self.index.search(body))

    def similar_ids(self, sheet, limit: int) -> list[int]:
        """Sheets sharing vocabulary and services with ``sheet`` (more_like_this), those of
        other collectivities first."""
        catch_up(self.index)
        body = {
            "query": {
                "more_like_this": {
                    "fields": ["title", "summary", "details", "service"],
                    "like": [{"_index": self.index.name, "_id": str(sheet.pk)}],
                    "min_term_freq": 1,
                    "min_doc_freq": 1,
                    "max_query_terms": 25,
                    # One shared word or service makes a candidate, as on the database
                    # path; the most similar rank first.
                    "minimum_should_match": 1,
                }
            },
            "size": limit * SIMILAR_CANDIDATES_PER_RESULT,
            "_source": ["collectivity_id"],
        }
        hits = self.index.search(body)["hits"]["hits"]
        own = sheet.collectivity_id or 0
        # Stable: by score within each group.
        ordered = sorted(hits, key=lambda hit: hit["_source"].get("collectivity_id") == own)
        return [int(hit["_id"]) for hit in ordered[:limit]]
