"""Stored matches of the terms that match many sheets, kept in step with the index.

The database ranks every sheet containing a word: for "numérique", in most sheets, that
took 9–60 ms on SQLite and 47–213 ms on PostgreSQL (15,000 to 100,000 sheets) before
anything else of a search was done. This store keeps, for each term matching at least
``SEARCH_STORED_TERM_MIN_MATCHES`` sheets, the database's own answer (page ids, scores,
title flags) as three arrays in one row, so that a search reads it back in a millisecond.

The database stays the judge of what matches and how well: a stored answer is read
together with the sheets indexed since it was built (``IndexChange``, written by our
backends before each write to the index), and the database is asked again about those
sheets only. When many have changed, the corrected answer is stored again. A term not yet
stored is matched by the database, and stored if it matches enough sheets;
``manage.py update_term_matches`` (``term_rebuild``, also run by ``update_index`` and
``seed_demo``) stores every frequent term of the index at once.

Scores are the database's at the time each part was computed: idf moves little as a
collection grows, and a full rebuild refreshes them all.
"""

import logging
from datetime import UTC, timedelta
from functools import partial

import numpy as np

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Min
from django.utils import timezone

from initiatives.models import ActionSheetPage

from . import deferred_writes
from .matches import Matches, all_of, any_of
from .models import IndexChange, TermMatches

logger = logging.getLogger(__name__)

MAX_KEY_LENGTH = TermMatches._meta.get_field("key").max_length
# A stored answer with this many sheets changed since it was built is stored again once
# corrected (below, correcting it at each search costs less than writing it).
RESTORE_AFTER_CHANGES = 100


def min_matches() -> int:
    return settings.SEARCH_STORED_TERM_MIN_MATCHES


def margin() -> timedelta:
    """How long an index write may take to commit after its change was recorded (inside
    an import batch's transaction), plus any difference between the web servers' clocks
    and the database's. An answer stored by a search is dated that much before it was
    built, so that a change still in flight is applied when read."""
    return timedelta(seconds=settings.SEARCH_INDEX_CHANGE_MARGIN_SECONDS)


def record_sheet_changes(model, objs) -> None:
    """Called by our backends before they write these objects to the database index:
    notes the sheets among them (dated by the database's clock, as ``settled_moment``
    reads it)."""
    if issubclass(model, ActionSheetPage):
        from .term_compaction import changes_recorded

        IndexChange.objects.bulk_create(
            [IndexChange(page_id=int(obj.pk)) for obj in objs], batch_size=1000
        )
        changes_recorded(len(objs))


def settled_moment():
    """A moment before which every recorded change has committed, so that an answer built
    from what the database shows from now on holds all of them; the changes recorded
    since are the ones to apply.

    PostgreSQL: the start of the oldest transaction still open by a client on this database
    (any change it recorded is dated later). SQLite writes one transaction at a time: once
    this connection holds the write lock, none is halfway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT LEAST(clock_timestamp(), min(xact_start)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                # Autovacuum's workers hold transactions too, but never record a change:
                # counted, a long vacuum held every change back from compaction.
                "AND backend_type = 'client backend'"
            )
            return cursor.fetchone()[0]
    if connection.vendor == "sqlite":
        with transaction.atomic(), connection.cursor() as cursor:  # BEGIN IMMEDIATE
            cursor.execute("SELECT STRFTIME('%Y-%m-%d %H:%M:%f', 'now')")
            return _moment(cursor.fetchone()[0])
    return timezone.now() - margin()


def _moment(value):
    """A moment read by raw SQL: an aware datetime (PostgreSQL) or UTC text (SQLite)."""
    if isinstance(value, str):
        value = TermMatches._meta.get_field("built_at").to_python(value)
    return timezone.make_aware(value, UTC) if timezone.is_naive(value) else value


def _decode(row) -> tuple[object, Matches]:
    built_at, page_ids, scores, in_title = row
    ids = np.frombuffer(page_ids, dtype=np.int32).astype(np.int64)
    flags = np.unpackbits(np.frombuffer(in_title, dtype=np.uint8), count=len(ids)).astype(bool)
    return _moment(built_at), Matches(ids, np.frombuffer(scores, dtype=np.float64), flags)


class TermStore:
    """The engine's matcher on the database index: each query term from the store or
    the database, combined in memory (``matches.all_of``, ``any_of``)."""

    def __init__(self, matcher):
        self.matcher = matcher

    def all_terms(self, terms) -> Matches:
        return all_of(self.per_term(terms))

    def any_term(self, terms) -> Matches:
        return any_of(self.per_term(terms))

    def title_ids(self, terms) -> np.ndarray:
        return self.matcher.title_ids([self.matcher.prepare(term) for term in terms])

    def autocomplete(self, words: list[str], limit: int) -> list[int]:
        return self.matcher.autocomplete(words, limit)

    def per_term(self, terms) -> list[Matches]:
        prepared = [self.matcher.prepare(term) for term in terms]
        # Before anything is read: what is built here holds every change committed by
        # then, and is dated a margin earlier for the writes still in flight.
        as_of = timezone.now() - margin()
        found = []
        # Each stored answer comes with the sheets indexed since it was built.
        for term, (key, row) in zip(prepared, self.matcher.stored(prepared), strict=True):
            if row is None:
                matches = self.matcher.matches(term)
                if len(matches) >= min_matches():
                    deferred_writes.later(partial(save, key, matches, as_of))
            else:
                built_at, kept = _decode(row[:4])
                changed = _page_ids(row[4])
                matches = self._corrected(term, key, kept, built_at, changed, as_of)
            found.append(matches)
        return found

    def _corrected(self, term, key, stored, built_at, changed, as_of) -> Matches:
        """The stored answer with what the index now says of the sheets changed since."""
        if not len(changed):
            return stored
        if len(changed) >= len(stored):  # asking about all of them costs no more
            matches = self.matcher.matches(term)
        else:
            matches = stored.without(changed).merged_with(
                self.matcher.matches(term, within=changed)
            )
        if len(changed) >= RESTORE_AFTER_CHANGES and built_at < as_of:
            deferred_writes.later(partial(save, key, matches, as_of))
        return matches


def _page_ids(value) -> np.ndarray:
    """Page ids aggregated by the database: a list (PostgreSQL's array_agg), text
    (SQLite's group_concat: "12,15") or None (none)."""
    if value is None:
        return np.empty(0, dtype=np.int64)
    if isinstance(value, str):
        value = value.split(",")
    return np.array([int(page_id) for page_id in value], dtype=np.int64)


def _changed_since(moment) -> np.ndarray:
    page_ids = (
        IndexChange.objects.filter(changed_at__gte=moment)
        .values_list("page_id", flat=True)
        .distinct()
    )
    return np.fromiter(page_ids, dtype=np.int64)


def _encode(matches: Matches) -> dict:
    return {
        "page_ids": matches.ids.astype(np.int32).tobytes(),
        "scores": matches.scores.astype(np.float64).tobytes(),
        "in_title": np.packbits(matches.in_title.astype(bool)).tobytes(),
    }


def save(key: str, matches: Matches, built_at, wait: bool = False) -> bool:
    """Stores a term's matches. Searches write here too, without ``wait``: a store that
    cannot be written at once (the SQLite file locked by an import, a read-only replica)
    only makes them slower."""
    if not key or len(key) > MAX_KEY_LENGTH:
        return False
    row = TermMatches(key=key, built_at=built_at, **_encode(matches))
    try:
        with _LockWait(None if wait else 0.05), transaction.atomic():
            TermMatches.objects.bulk_create(
                [row],
                update_conflicts=True,
                unique_fields=["key"],
                update_fields=["built_at", "page_ids", "scores", "in_title"],
            )
        return True
    except DatabaseError:
        logger.info("Term matches of %r not stored", key, exc_info=True)
        return False


class _LockWait:
    """On SQLite, waits at most ``seconds`` for the write lock (None: the connection's own
    20 s, see settings): a search stores only if it can at once."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.timeout = None

    def __enter__(self):
        if self.seconds is not None and connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA busy_timeout")
                self.timeout = cursor.fetchone()[0]
                cursor.execute(f"PRAGMA busy_timeout = {int(self.seconds * 1000)}")

    def __exit__(self, *exc):
        if self.timeout is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {int(self.timeout)}")


def prune_changes() -> int:
    """Forgets the changes older than every stored answer."""
    # A search may be storing an answer as of a margin ago: those changes stay.
    horizon = timezone.now() - margin()
    oldest = TermMatches.objects.aggregate(oldest=Min("built_at"))["oldest"]
    if oldest is not None:
        horizon = min(horizon, oldest)
    deleted, _ = IndexChange.objects.filter(changed_at__lt=horizon).delete()
    return deleted
