from modelsearch.backends import elasticsearch9

from .cluster import french_backend_classes

SearchBackend = french_backend_classes(elasticsearch9, "Elasticsearch9")
