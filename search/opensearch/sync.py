"""Keeps the sheets index in step with what visitors may see.

A publication, an unpublication, a move, a privacy change or an edit of what a sheet's
document holds (collectivity, services, awards) re-reads the affected sheets from the
database once the change commits: visible ones are indexed, the others removed, and the
index is refreshed, so the change is searchable as soon as the editor's request returns.
Sheets whose update failed (cluster down) are kept in the cache and synced before the
next search that reaches the cluster; awards turning public at a ceremony (a change no
signal announces) resync the sheets of the dossiers at the first search after it.
"""

import logging
from datetime import UTC, datetime

from django.core.cache import cache
from django.utils import timezone

from initiatives.models import SheetInspiration
from labels import facets as label_facets
from labels.models import Participation

from .client import SheetIndex, cluster_backend
from .documents import BATCH_SIZE, documents, visible_sheets
from .index_definition import index_body

logger = logging.getLogger(__name__)

PENDING_KEY = "search-cluster:pending-sheets"
NO_CHANGE_AHEAD = "none"


def sheet_index() -> SheetIndex | None:
    backend = cluster_backend()
    return SheetIndex(backend) if backend else None


def _ensure(index: SheetIndex) -> None:
    if not index.exists():
        index.create(index_body())


def sync_sheets(page_ids, index: SheetIndex | None = None, *, with_linked: bool = True) -> None:
    """Indexes the visible sheets among ``page_ids`` and removes the others; searchable
    when this returns. ``with_linked``: the sheets they name in « Inspirée de », or did
    (the index remembers), and those naming them are synced too: their « A inspiré »
    count and facet values depend on these sheets' links and visibility."""
    index = index or sheet_index()
    wanted = {int(pk) for pk in page_ids}
    if index is None or not wanted:
        return
    _ensure(index)
    linked = set()
    for start in range(0, len(wanted), BATCH_SIZE):
        batch = sorted(wanted)[start : start + BATCH_SIZE]
        if with_linked:
            linked |= _named_in_index(index, batch)
        docs = documents(visible_sheets().filter(pk__in=batch))
        if with_linked:
            linked |= {pk for doc in docs for pk in doc["_source"]["inspired_by"]}
            linked |= _naming(batch)
        hidden = set(batch) - {int(doc["_id"]) for doc in docs}
        index.bulk(docs, refresh=not hidden)
        if hidden:
            index.delete_ids(hidden, refresh=True)
    if linked - wanted:
        sync_sheets(linked - wanted, index, with_linked=False)
    # The documents hold the awards public now: the next ceremony may reveal more.
    _remember_awards_moment(index)


def _named_in_index(index: SheetIndex, ids: list[int]) -> set[int]:
    """The sheets these sheets' documents name (before this sync rewrites them)."""
    body = {"query": {"ids": {"values": [str(pk) for pk in ids]}}, "size": len(ids)}
    body["_source"] = ["inspired_by"]
    hits = index.search(body)["hits"]["hits"]
    return {int(pk) for hit in hits for pk in hit["_source"].get("inspired_by", ())}


def _naming(ids: list[int]) -> set[int]:
    """The sheets whose « Inspirée de » names one of these."""
    return set(SheetInspiration.objects.filter(source_id__in=ids).values_list("page_id", flat=True))


def sync_sheets_or_remember(page_ids) -> None:
    """``sync_sheets``, or, when the cluster cannot be reached, the ids kept for later."""
    try:
        sync_sheets(page_ids)
    except Exception:  # the publication itself must never fail because of the cluster
        logger.warning("Search cluster unreachable: sheets will be indexed later", exc_info=True)
        pending = set(cache.get(PENDING_KEY) or ())
        cache.set(PENDING_KEY, sorted(pending | {int(pk) for pk in page_ids}), None)


def catch_up(index: SheetIndex) -> None:
    """Before a search: sheets missed during an outage, and awards public since."""
    pending = cache.get(PENDING_KEY)
    if pending:
        sync_sheets(pending, index)
        cache.delete(PENDING_KEY)
    until = _awards_until.get(index.name)
    if until is None:  # first search of this process: the index says
        until = index.meta().get("awards_valid_until", NO_CHANGE_AHEAD)
        _awards_until[index.name] = until
    if until != NO_CHANGE_AHEAD and timezone.now() >= datetime.fromisoformat(until):
        sync_sheets(_sheets_with_awards(), index)


def _sheets_with_awards() -> list[int]:
    return list(
        Participation.sheets.through.objects.values_list("actionsheetpage_id", flat=True).distinct()
    )


# The moment the index's award values stop being true (a ceremony), per index, as read
# from or written to the index itself (every process of the site reads it).
_awards_until: dict[str, str] = {}


def _remember_awards_moment(index: SheetIndex) -> None:
    until = label_facets.next_embargo_change()
    value = until.astimezone(UTC).isoformat() if until else NO_CHANGE_AHEAD
    if _awards_until.get(index.name) != value:
        index.put_meta({"awards_valid_until": value})
        _awards_until[index.name] = value


def rebuild(index: SheetIndex | None = None, stdout=None, *, new_index: bool = True) -> int:
    """Every visible sheet indexed again; returns how many. ``new_index`` starts from a
    new index (settings and synonyms read again), else the documents are replaced in the
    existing one (the test suite: creating an index takes the node a second)."""
    index = index or sheet_index()
    if index is None:
        return 0
    if new_index or not index.exists():
        index.delete()
        index.create(index_body())
    else:
        index.delete_all()
    ids = list(visible_sheets().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        index.bulk(documents(visible_sheets().filter(pk__in=batch)), refresh=False)
        if stdout is not None:
            stdout.write(f"{min(start + BATCH_SIZE, len(ids))}/{len(ids)} fiches indexées")
    index.merge_segments()
    cache.delete(PENDING_KEY)
    _awards_until.pop(index.name, None)
    _remember_awards_moment(index)
    return len(ids)
