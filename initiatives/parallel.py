"""Work spread over several database connections: forked processes (the demo's indexing)
or threads (search's term store rebuild)."""

import os

from django.db import connection


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def other_connections_see_this_data() -> bool:
    """Whether another connection sees what this one does: not inside a transaction (its
    rows are not committed), nor on an in-memory SQLite database (each connection has its
    own, or a copy after a fork)."""
    if connection.in_atomic_block:
        return False
    return not (connection.vendor == "sqlite" and connection.is_in_memory_db())
