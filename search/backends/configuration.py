"""Builds WAGTAILSEARCH_BACKENDS from the environment (imported by settings: no Django)."""

from search.analysis import ELASTICSEARCH_INDEX_SETTINGS

DATABASE_BACKEND = {"BACKEND": "search.backends.database"}


def search_backends(*, elasticsearch_url: str = "", opensearch_url: str = "") -> dict:
    if not (elasticsearch_url or opensearch_url):
        return {"default": DATABASE_BACKEND}
    cluster = {
        "BACKEND": (
            "search.backends.elasticsearch9" if elasticsearch_url else "search.backends.opensearch2"
        ),
        "URLS": [elasticsearch_url or opensearch_url],
        "INDEX_PREFIX": "atlaas_",
        "TIMEOUT": 5,
        "INDEX_SETTINGS": ELASTICSEARCH_INDEX_SETTINGS,
    }
    # The database index is kept up to date too, so search falls back to it when the
    # cluster cannot be reached.
    return {"default": cluster, "database": DATABASE_BACKEND}
