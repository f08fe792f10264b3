"""One search interface, two engines: search parameters in, a ``SearchOutcome`` out.

The database engine (``engine.run_database_search``: the term store, facets counted in
memory) serves the embedded default and PostgreSQL; the OpenSearch engine
(``search.opensearch``) serves when ``OPENSEARCH_URL`` or ``ELASTICSEARCH_URL`` is set,
and falls back to the database engine, with a logged warning, whenever the cluster
cannot answer. Each engine also answers autocomplete and similar initiatives.
"""

import logging

logger = logging.getLogger(__name__)


class DatabaseEngine:
    name = "database"

    def search(self, params, *, with_suggestion: bool = True, data=None):
        from .engine import run_database_search

        return run_database_search(params, with_suggestion=with_suggestion, data=data)

    def autocomplete_ids(self, words: list[str], limit: int) -> list[int]:
        from . import fulltext

        return fulltext.get_matcher().autocomplete(words, limit)

    def similar_ids(self, sheet, limit: int) -> list[int]:
        from .similar import database_similar_ids

        return database_similar_ids(sheet, limit)


def _cluster_errors() -> tuple[type[Exception], ...]:
    """What a client raises when the cluster is down or refuses a request."""
    from opensearchpy.exceptions import OpenSearchException

    errors = [OpenSearchException, ConnectionError, TimeoutError]
    try:
        from elastic_transport import TransportError
        from elasticsearch import ApiError

        errors += [ApiError, TransportError]
    except ImportError:  # Elasticsearch's client is optional with OpenSearch
        pass
    return tuple(errors)


class FallbackEngine:
    """The cluster's engine, and the database's whenever the cluster fails."""

    def __init__(self, primary, fallback):
        self.primary, self.fallback = primary, fallback
        self.name = primary.name

    def __getattr__(self, method):
        primary_method, fallback_method = (
            getattr(self.primary, method),
            getattr(self.fallback, method),
        )

        def call(*args, **kwargs):
            try:
                return primary_method(*args, **kwargs)
            except _cluster_errors():
                logger.warning(
                    "Search cluster unreachable, falling back to the database engine",
                    exc_info=True,
                )
                return fallback_method(*args, **kwargs)

        return call


def get_engine():
    from .opensearch.client import SheetIndex, cluster_backend
    from .opensearch.engine import OpenSearchEngine

    backend = cluster_backend()
    if backend is None:
        return DatabaseEngine()
    return FallbackEngine(OpenSearchEngine(SheetIndex(backend)), DatabaseEngine())
