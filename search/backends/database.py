"""The database backend: modelsearch's SQLite or PostgreSQL backend, with French analysis,
chosen from the connection as modelsearch's own ``database`` backend does. Each flavour is
imported only on its database (modelsearch's SQLite module needs the FTS5 models)."""

from django.db import connection


def SearchBackend(params):  # noqa: N802 - the name modelsearch looks up in a backend module
    if connection.vendor == "postgresql":
        from .postgres import FrenchPostgresSearchBackend

        return FrenchPostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from .sqlite import FrenchSQLiteSearchBackend

        return FrenchSQLiteSearchBackend(params)
    from modelsearch.backends.database import SearchBackend as stock_backend

    return stock_backend(params)
