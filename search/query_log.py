"""The queries visitors type, counted per day with those that found nothing
(``VisitorQueryDay``), for the editors' report. No personal data is kept: the query,
normalised, and the day; nothing of who searched.

Searches served from the cache cost one query; a write per search would double that.
Counts gather in memory and are written in one task once enough have gathered or
some time has passed (``SEARCH_QUERY_LOG_BATCH``, ``SEARCH_QUERY_LOG_SECONDS``); a
worker that stops loses at most that many counts, which a report of frequencies can
spare.
"""

import threading
import time
from collections import Counter

from django_tasks import task

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from modelsearch.utils import normalise_query_string

from .models import VisitorQueryDay

_lock = threading.Lock()
_pending: Counter = Counter()
_first_at: float | None = None


def normalised(query: str) -> str:
    return normalise_query_string(query)[
        : VisitorQueryDay._meta.get_field("query_string").max_length
    ]


def record(query: str, count: int) -> None:
    """Counts one search for ``query`` that found ``count`` sheets."""
    global _first_at
    query = normalised(query)
    if not query:
        return
    day = timezone.localdate().isoformat()
    with _lock:
        _pending[(query, day, "hits")] += 1
        if not count:
            _pending[(query, day, "fruitless")] += 1
        if _first_at is None:
            _first_at = time.monotonic()
        due = (
            len(_pending) >= settings.SEARCH_QUERY_LOG_BATCH
            or time.monotonic() - _first_at >= settings.SEARCH_QUERY_LOG_SECONDS
        )
    if due:
        flush()


def flush() -> None:
    """Hands what gathered to a task that writes it."""
    global _first_at
    with _lock:
        counts = [[query, day, field, n] for (query, day, field), n in _pending.items()]
        _pending.clear()
        _first_at = None
    if counts:
        write_counts.enqueue(counts)


@task()
def write_counts(counts: list) -> None:
    """Adds [query, day, "hits" or "fruitless", n] counts to the daily rows."""
    with transaction.atomic():
        for query, day, field, n in counts:
            row, _created = VisitorQueryDay.objects.get_or_create(query_string=query, date=day)
            VisitorQueryDay.objects.filter(pk=row.pk).update(**{field: F(field) + n})
