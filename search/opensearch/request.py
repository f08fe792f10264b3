"""One search as one request: the body sent to the sheets index, and its response read
into a ``SearchOutcome``.

- Query: every word the user typed (``search.analysis.parse_query``) must match, in the
  title (weighted as ``fulltext.TITLE_WEIGHT``) or the text; a compound matches either
  its joined form or all its parts, as on the database path.
- Facets: ``post_filter`` applies the selections to the hits only; each facet is a
  ``terms`` aggregation under a filter holding every selection but its own (disjunctive
  counts, exact over all matches: ``track_total_hits`` and a size above any facet's
  number of values), facets applying the same selections under the same filter.
- Highlights of the title and of the summary are the results' snippets. Suggestions
  are the database path's (``search.suggestions``), counted on the cluster.
"""

from django.utils.html import escape

from ..fulltext import TITLE_WEIGHT
from .index_definition import KEYWORD_FACETS, MAX_FACET_VALUES

FIELDS = [f"title^{TITLE_WEIGHT:g}", "summary", "details"]
SNIPPET_LENGTH = 240
# A match of every word outranks any match of some words (see engine.PARTIAL_MATCH_THRESHOLD).
EVERY_WORD_BOOST = 1000.0
# The cluster marks matches with these (private-use characters, removed from documents);
# the text is escaped here, as the database path escapes its snippets.
MARK_START, MARK_END = "\ue000", "\ue001"
# Names the aggregations holding the facets that apply the same selections.
SELECTION_GROUP = "selections_"


def _word_query(word: str) -> dict:
    return {"multi_match": {"query": word, "fields": FIELDS}}


def term_query(term) -> dict:
    """One typed word: any of its alternatives, each alternative's words all present."""
    alternatives = []
    for alternative in term.alternatives:
        if len(alternative) == 1:
            alternatives.append(_word_query(alternative[0]))
        else:
            alternatives.append({"bool": {"must": [_word_query(word) for word in alternative]}})
    if len(alternatives) == 1:
        return alternatives[0]
    return {"bool": {"should": alternatives, "minimum_should_match": 1}}


def every_term(terms) -> dict:
    return {"bool": {"must": [term_query(term) for term in terms]}}


def some_terms(terms) -> dict:
    """Sheets with some of the words, those with every word first."""
    return {
        "bool": {
            "should": [
                {"constant_score": {"filter": every_term(terms), "boost": EVERY_WORD_BOOST}},
                *(term_query(term) for term in terms),
            ],
            "minimum_should_match": 1,
        }
    }


def selection_filter(name: str, values: list[str]) -> dict:
    # Values of one facet combine with OR, facets with AND.
    return {"terms": {name: list(values)}}


def _aggregations(filters: dict[str, list[str]]) -> dict:
    """Each facet counted over the matches that every selection but its own keeps.

    Facets that apply the same selections share one ``filter`` aggregation: every facet
    without a selection of its own applies all of them, so a search with k selected facets
    filters the matches k + 1 times at most (none without selections), not once per facet
    (eleven). Each filter is evaluated on every match, which made it half of the
    aggregations' time on a common word."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for name in KEYWORD_FACETS:
        applied = tuple(other for other in filters if other != name)
        groups.setdefault(applied, []).append(name)
    aggregations = {}
    for number, (applied, names) in enumerate(groups.items()):
        counted = {name: {"terms": {"field": name, "size": MAX_FACET_VALUES}} for name in names}
        if not applied:
            aggregations.update(counted)
            continue
        aggregations[f"{SELECTION_GROUP}{number}"] = {
            "filter": {"bool": {"filter": [selection_filter(o, filters[o]) for o in applied]}},
            "aggs": counted,
        }
    return aggregations


def _sort(params, terms) -> list:
    newest = [{"date": {"order": "desc"}}, {"id": {"order": "desc"}}]
    if params.sort == "inspirations":
        # The sheets that inspired the most collectivities first, as search/engine.py.
        return [{"inspired_collectivities": {"order": "desc"}}, *newest]
    if params.sort == "date" or not terms:
        return newest
    return ["_score", *newest]


def search_body(params, terms, *, partial: bool = False, page: int | None = None) -> dict:
    """The request for one page of ``params``; ``partial`` asks for sheets with some of
    the words instead of all of them."""
    filters = {name: values for name, values in params.filters.items() if name in KEYWORD_FACETS}
    query = every_term(terms) if terms else {"match_all": {}}
    if terms and partial:
        query = some_terms(terms)
    page = page or params.page
    body = {
        "query": query,
        "post_filter": {"bool": {"filter": [selection_filter(n, v) for n, v in filters.items()]}},
        "aggs": _aggregations(filters),
        "track_total_hits": True,
        "from": (page - 1) * params.page_size,
        "size": params.page_size,
        "sort": _sort(params, terms),
        "_source": False,
        "docvalue_fields": ["id"],
    }
    if terms:
        body["highlight"] = {
            "pre_tags": [MARK_START],
            "post_tags": [MARK_END],
            "fields": {
                "title": {"number_of_fragments": 0},
                "summary": {
                    "fragment_size": SNIPPET_LENGTH,
                    "number_of_fragments": 1,
                    "no_match_size": SNIPPET_LENGTH,
                },
            },
        }
    return body


def hit_ids(response) -> list[int]:
    return [int(hit["_id"]) for hit in response["hits"]["hits"]]


def total(response) -> int:
    return int(response["hits"]["total"]["value"])


def facet_counts(response) -> dict[str, dict[str, int]]:
    counts = {}
    for key, aggregation in response["aggregations"].items():
        if key.startswith(SELECTION_GROUP):
            facets = {name: aggregation[name] for name in KEYWORD_FACETS if name in aggregation}
        elif key in KEYWORD_FACETS:
            facets = {key: aggregation}
        else:  # the engine's own (text_matches)
            continue
        for name, terms in facets.items():
            counts[name] = {str(b["key"]): int(b["doc_count"]) for b in terms["buckets"]}
    return counts


def highlights(response) -> dict[int, dict[str, str]]:
    found = {}
    for hit in response["hits"]["hits"]:
        marked = hit.get("highlight", {})
        found[int(hit["_id"])] = {
            field: _marked_html(" … ".join(parts)) for field, parts in marked.items()
        }
    return found


def _marked_html(text: str) -> str:
    return escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
