"""Builds WAGTAILSEARCH_BACKENDS from the environment.

Kept free of Django imports so that settings can call it. Only modelsearch's own backends
are used: the database backend by default, Elasticsearch or OpenSearch when a URL is given.
"""

from .analysis import ELASTICSEARCH_INDEX_SETTINGS


def search_backends(*, elasticsearch_url: str, opensearch_url: str, database_engine: str) -> dict:
    database = {"BACKEND": "wagtail.search.backends.database"}
    if elasticsearch_url or opensearch_url:
        cluster = {
            "BACKEND": (
                "wagtail.search.backends.elasticsearch9"
                if elasticsearch_url
                else "wagtail.search.backends.opensearch2"
            ),
            "URLS": [elasticsearch_url or opensearch_url],
            "INDEX_PREFIX": "atlaas_",
            "TIMEOUT": 5,
            "INDEX_SETTINGS": ELASTICSEARCH_INDEX_SETTINGS,
        }
        # The database index is kept too, so search can fall back when the cluster is down.
        return {"default": cluster, "database": database}
    return {"default": database}
