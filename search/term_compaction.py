"""Keeps the term store's change table short without anyone running a command.

Each index write notes its sheets in ``IndexChange``; a stored answer is corrected for the
changes since it was built, and those changes can go only once no stored answer is older
(``term_store.prune_changes``). A term nobody searches keeps its old date, so the table
would grow for ever. Once it holds ``SEARCH_INDEX_CHANGES_COMPACT_AT`` rows, a background
task (django-tasks) brings every stored answer up to date, each corrected for the sheets
changed since it was built as a search would, then forgets the changes.
"""

import logging

from django_tasks import task

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from .models import IndexChange, TermMatches

logger = logging.getLogger(__name__)

# Set while a compaction is queued or running, so that index writes meanwhile queue no other.
PENDING_KEY = "atlaas:search:term-compaction-pending"
PENDING_SECONDS = 30 * 60
# The table's size is read every this many recorded changes, not at each write.
CHECK_EVERY = 100
_recorded_since_check = 0


def changes_recorded(count: int) -> None:
    """Called after ``count`` changes were recorded: queues a compaction once the table
    has grown past its size, when the writer's transaction commits."""
    global _recorded_since_check
    _recorded_since_check += count
    if _recorded_since_check < CHECK_EVERY:
        return
    _recorded_since_check = 0
    if IndexChange.objects.count() < settings.SEARCH_INDEX_CHANGES_COMPACT_AT:
        return
    transaction.on_commit(_enqueue)


def _enqueue() -> None:
    try:
        if not cache.add(PENDING_KEY, True, PENDING_SECONDS):
            return  # one is already queued
    except Exception:  # a cache server down: compact anyway, twice at worst
        logger.warning("Cache unreachable while queuing a term store compaction", exc_info=True)
    compact_term_store.enqueue()


@task()
def compact_term_store() -> dict:
    from .fulltext import database_matcher

    try:
        return compact(database_matcher())
    finally:
        try:
            cache.delete(PENDING_KEY)
        except Exception:
            logger.warning("Cache unreachable after a term store compaction", exc_info=True)


def compact(matcher) -> dict:
    """Every stored answer brought up to date, then the changes none needs forgotten."""
    from .term_store import _changed_since, _decode, prune_changes, save, settled_moment

    as_of = settled_moment()
    refreshed = 0
    rows = TermMatches.objects.filter(built_at__lt=as_of).values_list(
        "key", "built_at", "page_ids", "scores", "in_title"
    )
    for key, *stored in rows.iterator(chunk_size=200):
        built_at, kept = _decode(stored)
        changed = _changed_since(built_at)
        if len(changed):
            term = matcher.term_of_key(key)
            kept = kept.without(changed).merged_with(matcher.matches(term, within=changed))
        save(key, kept, as_of, wait=True)
        refreshed += 1
    return {"refreshed": refreshed, "forgotten": prune_changes()}
