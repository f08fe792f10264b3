"""Stores the matches of every frequent term of the index at once (search.term_store).

Each term is one ranked query, the same as a search's; on PostgreSQL the database's work
(``ts_rank`` of every match: 120 s for 8.7 million matches at 100,000 sheets) dominates,
so terms are matched over several connections at once, one per thread.
"""

import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor

from django.db import connection

from initiatives import parallel

from .models import TermMatches
from .term_store import min_matches, prune_changes, save, settled_moment


def default_workers() -> int:
    """One thread per core, or this thread alone when the others would not see the data
    (tests run in a transaction)."""
    return parallel.default_workers() if parallel.other_connections_see_this_data() else 1


def rebuild(matcher, progress=None, workers: int | None = None) -> dict:
    """Stores the matches of every term that matches enough sheets: the index's frequent
    words and the terms already stored (compounds, words searched since). Drops the terms
    that no longer match enough, and the changes no stored answer needs any more. Safe to
    run again at any time; searches go on meanwhile (each term is replaced in one write).

    ``progress(done, total)`` is called as terms are stored."""
    # Every change recorded before this moment is in what the terms are matched on: right
    # after update_index or seed_demo, no stored answer has any change to apply.
    started = settled_moment()
    clock = time.monotonic()
    terms = dict(matcher.frequent_terms(min_matches()))  # most frequent first
    for key in TermMatches.objects.values_list("key", flat=True):
        terms.setdefault(key, matcher.term_of_key(key))
    tally = {"terms": 0, "matches": 0, "done": 0}
    dropped = []
    lock = threading.Lock()

    def store(item):
        key, term = item
        matches = matcher.matches(term)
        kept = len(matches) >= min_matches() and save(key, matches, started, wait=True)
        with lock:
            if kept:
                tally["terms"] += 1
                tally["matches"] += len(matches)
            else:
                dropped.append(key)
            tally["done"] += 1
            if progress and (tally["done"] % 50 == 0 or tally["done"] == len(terms)):
                progress(tally["done"], len(terms))

    _each(store, list(terms.items()), workers or default_workers())
    TermMatches.objects.filter(key__in=dropped, built_at__lt=started).delete()
    prune_changes()
    return {
        "terms": tally["terms"],
        "matches": tally["matches"],
        "examined": len(terms),
        "seconds": time.monotonic() - clock,
    }


def _each(work, items: list, workers: int) -> None:
    """``work(item)`` for every item, in ``workers`` threads, each with its own
    connection, closed when its thread is done."""
    if workers < 2 or len(items) < 2:
        for item in items:
            work(item)
        return
    pending = deque(items)

    def drain():
        try:
            while True:
                try:
                    item = pending.popleft()
                except IndexError:
                    return
                work(item)
        finally:
            connection.close()

    with ThreadPoolExecutor(workers) as pool:
        for future in [pool.submit(drain) for _ in range(workers)]:
            future.result()  # a failure in a thread fails the rebuild
