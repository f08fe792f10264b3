"""Keeps PostgreSQL's full-text GIN indexes quick to read.

A GIN index takes new entries into an unsorted "pending list" (``fastupdate``), merged into
the index by VACUUM or once it outgrows ``gin_pending_list_limit`` (4 MB by default), and
every search reads that whole list. On the press-2023 demo copied from its seed, the body
index had 472 pending pages: the planner then judged the index dearer than reading every
row, and matching a word found in 548 sheets took 45–130 ms (a sequential scan
detoasting every sheet's tsvector) instead of 13 ms through the index. A copied database
has no statistics to wake autovacuum, and a live site can carry up to 4 MB between two
vacuums. With the smallest limit (64 kB, 8 pages), writes are still merged in batches and
reads never scan more than a few pages.
"""

from django.db import connection

INDEX_TABLE = "wagtailsearch_indexentry"
PENDING_LIST_LIMIT_KB = 64  # PostgreSQL's minimum


def gin_indexes(cursor) -> list[str]:
    cursor.execute(
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
        "AND tablename = %s AND indexdef LIKE %s ORDER BY indexname",
        [INDEX_TABLE, "% USING gin %"],
    )
    return [row[0] for row in cursor.fetchall()]


def limit_pending_lists(using_connection=None) -> list[str]:
    """Sets the small pending list limit on the index table's GIN indexes, merges what
    they hold pending and refreshes the planner's statistics. Nothing on SQLite."""
    conn = using_connection or connection
    if conn.vendor != "postgresql":
        return []
    with conn.cursor() as cursor:
        names = gin_indexes(cursor)
        for name in names:
            quoted = conn.ops.quote_name(name)
            cursor.execute(
                f"ALTER INDEX {quoted} SET (gin_pending_list_limit = {PENDING_LIST_LIMIT_KB})"
            )
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [quoted])
        cursor.execute(f"ANALYZE {conn.ops.quote_name(INDEX_TABLE)}")
    return names


def clean_pending_lists() -> None:
    """After a bulk indexing (update_index, seed_demo): merges the pending entries and
    refreshes the statistics, as the next autovacuum would."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for name in gin_indexes(cursor):
            cursor.execute(
                "SELECT gin_clean_pending_list(%s::regclass)", [connection.ops.quote_name(name)]
            )
        cursor.execute(f"ANALYZE {connection.ops.quote_name(INDEX_TABLE)}")
