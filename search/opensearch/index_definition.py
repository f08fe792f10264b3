"""The sheets index: French analysis equal to ``search.analysis``, facet keyword fields.

Indexing splits elisions and hyphenated compounds (``french_compounds``: wi-fi → wi, fi,
wifi), folds case and accents, drops the same stop words and stems with the same Snowball
French stemmer as the database path. Queries reach the cluster as the database path's
terms (``search.query_terms``: compounds however spelled, split and joined words, the
editors' glossary as read at query time), so the search analyzer needs no compound
splitting. It can also expand fixed synonym groups (``synonym_groups()``, the function
named by the ``SEARCH_SYNONYM_GROUPS`` setting, none by default): those are read when the
index is built, so the glossary, which editors change at any time, is not among them.
"""

from django.conf import settings
from django.utils.module_loading import import_string

from search.analysis import ELASTICSEARCH_INDEX_SETTINGS

# Every facet's values fit in one aggregation: 139 services, 101 départements.
MAX_FACET_VALUES = 1000
# Deep pages of a common word stay reachable (the default window is 10,000 hits).
MAX_RESULT_WINDOW = 1_000_000
TEXT_FIELDS = ("title", "summary", "details")
HIGHLIGHTED_FIELDS = ("title", "summary")  # search/opensearch/request.py
# In the order of the database path's facets (search/engine.py).
KEYWORD_FACETS = (
    "enjeu", "service", "type", "region", "departement", "population", "year", "status",
    "arobases", "edition", "inspiration",
)  # fmt: skip


def synonym_groups() -> list[list[str]]:
    """Groups of equivalent words or expressions, from the function named by
    ``settings.SEARCH_SYNONYM_GROUPS`` (a dotted path; none by default)."""
    path = getattr(settings, "SEARCH_SYNONYM_GROUPS", "")
    if not path:
        return []
    groups = import_string(path)() if isinstance(path, str) else path()
    return [[str(term) for term in group] for group in groups if len(group) > 1]


def _synonym_rules(groups) -> list[str]:
    # Commas separate equivalents in Solr's rule format: a term cannot hold one.
    rules = []
    for group in groups:
        terms = [" ".join(term.replace(",", " ").split()) for term in group]
        terms = [term for term in terms if term]
        if len(terms) > 1:
            rules.append(", ".join(terms))
    return rules


def index_body(groups=None) -> dict:
    """Settings and mappings of a new sheets index."""
    groups = synonym_groups() if groups is None else groups
    base = ELASTICSEARCH_INDEX_SETTINGS["settings"]["analysis"]
    filters = dict(base["filter"])
    search_chain = ["french_elision", "lowercase", "asciifolding"]
    rules = _synonym_rules(groups)
    if rules:
        filters["french_synonyms"] = {"type": "synonym_graph", "synonyms": rules, "lenient": True}
        search_chain.append("french_synonyms")
    search_chain += ["french_stop", "french_stemmer"]
    filters["autocomplete_edges"] = {"type": "edge_ngram", "min_gram": 1, "max_gram": 20}
    analysis = {
        "filter": filters,
        "analyzer": {
            "french_index": base["analyzer"]["default"],
            "french_search": {"tokenizer": "standard", "filter": search_chain},
            "french_folding": base["analyzer"]["french_folding"],
            "autocomplete_index": {
                "tokenizer": "standard",
                "filter": ["french_elision", "lowercase", "asciifolding", "autocomplete_edges"],
            },
        },
    }
    # Offsets in the postings: the highlighter reads them instead of analysing each
    # result's text again.
    text = {
        "type": "text",
        "analyzer": "french_index",
        "search_analyzer": "french_search",
        "index_options": "offsets",
    }
    properties = {name: dict(text) for name in TEXT_FIELDS}
    # The highlighted fields are stored apart: the highlighter reads them instead of
    # loading and parsing each hit's whole _source (details included, the longest text).
    # press-2023, « numérique », 20 hits: the node's time 8 -> 5 ms with the request
    # cache, 32 -> 22 ms without; the index 19.9 -> 23 MB.
    for name in HIGHLIGHTED_FIELDS:
        properties[name]["store"] = True
    properties["title"]["fields"] = {
        "autocomplete": {
            "type": "text",
            "analyzer": "autocomplete_index",
            "search_analyzer": "french_folding",
        }
    }
    properties.update(
        {
            "id": {"type": "long"},
            "date": {"type": "date"},
            "collectivity_id": {"type": "long"},
            "inspired_collectivities": {"type": "integer"},
            "inspired_by": {"type": "long"},
            # Ordinals built at refresh, not by the first search after it.
            **{name: {"type": "keyword", "eager_global_ordinals": True} for name in KEYWORD_FACETS},
        }
    )
    return {
        "settings": {
            "number_of_shards": 1,
            "number_of_replicas": 0,
            "max_result_window": MAX_RESULT_WINDOW,
            "analysis": analysis,
        },
        "mappings": {"dynamic": "strict", "properties": properties},
    }
