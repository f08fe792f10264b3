"""What our Elasticsearch and OpenSearch backends change in modelsearch's.

Autocomplete ("_edgengrams") fields are searched with the "standard" analyzer, which keeps
accents, so "ecole" misses "école" (wagtail issue 13005): they are searched with
``french_folding`` (declared in search.analysis) instead.
"""

EDGENGRAM_ANALYZER_CONFIG = {
    "analyzer": "edgengram_analyzer",
    "search_analyzer": "french_folding",
}


def french_backend_classes(module, prefix: str):
    """Subclasses of a modelsearch cluster backend whose mapping folds autocomplete queries."""
    mapping = type(
        f"French{prefix}Mapping",
        (getattr(module, f"{prefix}Mapping"),),
        {"edgengram_analyzer_config": EDGENGRAM_ANALYZER_CONFIG},
    )
    query_compiler = type(
        f"French{prefix}SearchQueryCompiler",
        (getattr(module, f"{prefix}SearchQueryCompiler"),),
        {"mapping_class": mapping},
    )
    autocomplete_compiler = type(
        f"French{prefix}AutocompleteQueryCompiler",
        (getattr(module, f"{prefix}AutocompleteQueryCompiler"),),
        {"mapping_class": mapping},
    )
    backend = type(
        f"French{prefix}SearchBackend",
        (getattr(module, f"{prefix}SearchBackend"),),
        {
            "mapping_class": mapping,
            "query_compiler_class": query_compiler,
            "autocomplete_query_compiler_class": autocomplete_compiler,
        },
    )
    return backend
