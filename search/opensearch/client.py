"""The cluster as modelsearch's backend reaches it: its client, its index prefix, and the
two calling conventions (opensearch-py takes a ``body``, elasticsearch-py 8+ takes the
body's keys as arguments)."""

from django.conf import settings

from wagtail.search.backends import get_search_backend

# Writing a batch of documents may take longer than a search (the TIMEOUT setting).
BULK_TIMEOUT_SECONDS = 120
BULK_CHUNK_SIZE = 250


# One backend per configuration of the default backend, in this process (see below).
_backends: dict[str, object] = {}


def cluster_backend():
    """modelsearch's Elasticsearch/OpenSearch backend when one is the default, else None.

    Made once per process and configuration: the backend holds the client and its pool of
    open connections to the node. ``get_search_backend`` builds a new one at every call,
    so each search connected to the node anew (about 6 ms on a loaded machine)."""
    from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend

    config = repr(getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).get("default"))
    if config not in _backends:
        backend = get_search_backend("default")
        cluster = isinstance(backend, ElasticsearchBaseSearchBackend)
        _backends[config] = backend if cluster else None
    return _backends[config]


class SheetIndex:
    """The index of visible sheets on the cluster behind ``backend``."""

    def __init__(self, backend):
        self.backend = backend
        self.client = backend.es
        self.name = f"{backend.index_prefix}sheets"
        self.keyword_body = backend.use_new_elasticsearch_api

    def search(self, body: dict) -> dict:
        # Both clients still take a whole body here (elasticsearch-py 9 splits it into its
        # keyword arguments itself: "from" becomes from_, "_source" source).
        # The shard request cache keeps the query phase (hits, total, facet counts) of a
        # search asked again until the next refresh, i.e. until the next change: a repeated
        # search only fetches its page's highlights. Without the parameter the node caches
        # only requests with no hits (size 0).
        return self.client.search(index=self.name, body=body, request_cache=True)

    def exists(self) -> bool:
        return bool(self.client.indices.exists(index=self.name))

    def meta(self) -> dict:
        """What the index notes about itself (the mapping's ``_meta``)."""
        mappings = self.client.indices.get_mapping(index=self.name)[self.name]["mappings"]
        return dict(mappings.get("_meta") or {})

    def put_meta(self, meta: dict) -> None:
        if self.keyword_body:
            self.client.indices.put_mapping(index=self.name, meta=meta)
        else:
            self.client.indices.put_mapping(index=self.name, body={"_meta": meta})

    def _slow(self):
        """(client, options) for index-wide work, given more time than a search."""
        options = {"request_timeout": BULK_TIMEOUT_SECONDS}
        if hasattr(self.client, "options"):  # elasticsearch-py 8+: per-request options
            return self.client.options(**options), {}
        return self.client, options

    def create(self, body: dict) -> None:
        client, options = self._slow()
        if self.keyword_body:
            client.indices.create(index=self.name, **body, **options)
        else:
            client.indices.create(index=self.name, body=body, **options)

    def delete(self) -> None:
        if self.exists():
            client, options = self._slow()
            client.indices.delete(index=self.name, **options)

    def refresh(self) -> None:
        client, options = self._slow()
        client.indices.refresh(index=self.name, **options)

    def merge_segments(self) -> None:
        """Merges the index into one segment, searchable when this returns. After a
        rebuild the bulk batches leave several segments: each costs every search its own
        pass, and facet counts over several segments go through global ordinals (a map
        from each segment's values), rebuilt whenever the caches are emptied. Later
        updates add small segments again, merged as usual."""
        client, options = self._slow()
        client.indices.forcemerge(index=self.name, max_num_segments=1, **options)
        self.refresh()

    def delete_all(self) -> None:
        """Removes every document (the node runs without the reindex module, which
        provides _delete_by_query)."""
        body = {"query": {"match_all": {}}, "size": 10_000, "_source": False}
        ids = [hit["_id"] for hit in self.search(body)["hits"]["hits"]]
        self.delete_ids(ids, refresh=True)

    def delete_ids(self, ids, *, refresh: bool) -> None:
        """Removes these documents; ids never indexed are no error."""
        self.bulk([{"_op_type": "delete", "_id": str(pk)} for pk in ids], refresh=refresh)

    def bulk(self, actions, *, refresh: bool) -> None:
        """Index and delete documents; with ``refresh``, searchable when this returns."""
        actions = [{"_index": self.name, **action} for action in actions]
        if not actions:
            return
        client, options = self._slow()
        _done, errors = self.backend.bulk(
            client,
            actions,
            refresh="true" if refresh else "false",
            raise_on_error=False,
            chunk_size=BULK_CHUNK_SIZE,
            **options,
        )
        errors = [error for error in errors if not _already_gone(error)]
        if errors:
            raise RuntimeError(f"The cluster refused {len(errors)} documents: {errors[:3]}")


def _already_gone(error: dict) -> bool:
    return error.get("delete", {}).get("status") == 404
