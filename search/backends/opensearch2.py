import contextlib

from modelsearch.backends import opensearch2

from .cluster import french_backend_classes


class KeywordArgumentsIndex(opensearch2.OpenSearch2Index):
    """modelsearch 1.3 calls opensearch-py positionally (``index(name, document)``), which
    opensearch-py 3 refuses (keyword-only arguments): every page save then failed to reach
    the cluster. The same calls with keywords."""

    def put(self):
        self.es.indices.create(index=self.name, body=self.backend.settings)

    def delete(self):
        with contextlib.suppress(self.backend.NotFoundError):
            self.es.indices.delete(index=self.name)

    def refresh(self):
        self.es.indices.refresh(index=self.name)

    def exists(self):
        return self.es.indices.exists(index=self.name)

    def add_item(self, item):
        from modelsearch.index import class_is_indexed

        if not class_is_indexed(item.__class__):
            return
        mapping = self.mapping_class(item.__class__)
        self.es.index(
            index=self.name, body=mapping.get_document(item), id=mapping.get_document_id(item)
        )


SearchBackend = type(
    "FrenchOpenSearch2SearchBackend",
    (french_backend_classes(opensearch2, "OpenSearch2"),),
    {"index_class": KeywordArgumentsIndex},
)
