"""modelsearch's own backends, given French text analysis (see search.analysis).

``search.backends.database`` picks the SQLite or PostgreSQL flavour from the connection,
as modelsearch's ``database`` backend does; ``search.backends.elasticsearch9`` and
``search.backends.opensearch2`` serve a cluster.
"""
