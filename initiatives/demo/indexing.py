"""Indexes the demo pages the search index lacks, in several processes when it pays.

Indexing is most of a large seed's time, and it is Python work (French analysis of every
text field) more than database work: forked workers, each with its own connection, index
shares of the pages side by side. Small runs, runs inside a transaction (the workers would
not see its pages) and in-memory SQLite databases (the workers would write to a copy) are
indexed in this process.
"""

import multiprocessing
import time
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connections, reset_queries

from wagtail.search.models import IndexEntry

from initiatives import page_tree
from initiatives.parallel import other_connections_see_this_data

# Below this many pages, starting processes costs more than it saves.
PARALLEL_FROM = 2000
ATTEMPTS = 3


def missing_from_index(model, pks) -> list[int]:
    """The pages among ``pks`` the database index has no entry for: this run's, and those
    of a run interrupted before its indexing step."""
    content_type = ContentType.objects.get_for_model(model)
    indexed = set(
        IndexEntry.objects.filter(content_type=content_type).values_list("object_id", flat=True)
    )
    return [pk for pk in pks if str(pk) not in indexed]


def index_pages(model, pks: list[int], workers: int = 1) -> None:
    size = page_tree.BATCH_SIZE
    chunks = [pks[start : start + size] for start in range(0, len(pks), size)]
    if workers < 2 or len(pks) < PARALLEL_FROM or not _can_fork():
        for chunk in chunks:
            page_tree.reindex(model, chunk)
            reset_queries()  # kept in memory when DEBUG is on
        return
    connections.close_all()  # each worker opens its own connection
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for _done in pool.imap_unordered(partial(_index_chunk, model), chunks):
            pass
        pool.close()
        pool.join()


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and other_connections_see_this_data()


def _index_chunk(model, pks: list[int]) -> int:
    # Two workers refreshing the index's title norms at once can deadlock on PostgreSQL;
    # indexing a page twice is harmless, so the chunk is simply tried again.
    try:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                page_tree.reindex(model, pks)
                break
            except DatabaseError:
                if attempt == ATTEMPTS:
                    raise
                time.sleep(attempt / 2)
    finally:
        reset_queries()  # kept in memory when DEBUG is on
        connections.close_all()
    return len(pks)
