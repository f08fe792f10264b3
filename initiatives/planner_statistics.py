"""The database planner's statistics, refreshed after a bulk load (seeding, imports)."""

from django.db import connection


def refresh_planner_statistics() -> None:
    """ANALYZE, so that plans describe the site as loaded rather than empty.

    On SQLite, ANALYZE records nothing for an empty table, and the planner then assumes a
    large one: Wagtail's ``.public()`` joined the (empty) view restrictions by walking every
    page, 6 ms at 15,000 sheets and 20 ms at 100,000, two or three times per page served.
    Empty tables are recorded as holding one row, which SQLite allows applications to write.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor != "sqlite":
            return
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        described = {row[0] for row in cursor.fetchall()}
        for table in connection.introspection.table_names(cursor):
            if table in described or table.startswith("sqlite_"):
                continue
            cursor.execute(f'SELECT 1 FROM "{table}" LIMIT 1')  # noqa: S608 (introspected name)
            if cursor.fetchone() is None:
                cursor.execute(
                    "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (%s, NULL, '1')", [table]
                )
        cursor.execute("ANALYZE sqlite_schema")  # loads the rows just written
