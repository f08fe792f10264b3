"""Search on an OpenSearch (or Elasticsearch 9) cluster: one index of the visible sheets,
answered in one request with exact facet counts.

``index_definition`` declares the index (French analysis equal to ``search.analysis``,
the glossary as search-time synonyms), ``documents`` turns sheets into documents, ``sync``
keeps the index in step with publications, ``request`` builds a search's body and reads
its response into a ``SearchOutcome``, and ``engine`` answers searches, autocomplete and
similar initiatives. The cluster is reached through modelsearch's backend (its client and
settings), so Elasticsearch 9 takes the same path.
"""
