from modelsearch.backends import opensearch2

from .cluster import french_backend_classes

SearchBackend = french_backend_classes(opensearch2, "OpenSearch2")
