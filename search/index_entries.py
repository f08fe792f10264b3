"""Which sheet each row of modelsearch's SQLite full-text table stands for.

The FTS5 table's rowid is the id of a ``wagtailsearch_indexentry`` row, which holds the
page id. Joining the two for every match cost more than ranking: 12,800 matches of a common
word took 21 ms with the join and 14 ms without it at 15,275 sheets. The map is kept in
memory instead and only grows: entry ids are AUTOINCREMENT and an entry never changes its
object, so ids past the last one read are the only ones it can be missing.
"""

import threading

import numpy as np

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from initiatives.models import ActionSheetPage

from .id_arrays import locate


class IndexEntryMap:
    def __init__(self):
        # (entry ids, sorted; their page ids), replaced as one so readers never see half
        self._arrays = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))
        self.last_read = 0  # highest entry id read, of any model
        self._lock = threading.Lock()

    def page_ids_of(self, entry_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(positions, page ids): where the entries of sheets stand in ``entry_ids`` and
        the sheet each stands for. Entries of other models are left out."""
        if len(entry_ids) and int(np.max(entry_ids)) > self.last_read:
            self._read_new_entries()
        known_entries, page_ids = self._arrays
        indexes, positions = locate(known_entries, entry_ids)
        return positions, page_ids[indexes]

    def _read_new_entries(self) -> None:
        with self._lock:
            sheet_type = ContentType.objects.get_for_model(ActionSheetPage).pk
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT id, content_type_id, object_id FROM wagtailsearch_indexentry "
                    "WHERE id > %s ORDER BY id",
                    [self.last_read],
                )
                rows = cursor.fetchall()
                if len(rows) > len(self._arrays[0]) // 2 and self.last_read:
                    # Many new entries at once: the index was emptied and filled again (its
                    # old ids will never match), so read it afresh rather than keep them.
                    cursor.execute(
                        "SELECT id, content_type_id, object_id FROM wagtailsearch_indexentry "
                        "ORDER BY id"
                    )
                    rows = cursor.fetchall()
                    self._arrays = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))
            if not rows:
                return
            new_entries = [(entry, int(page)) for entry, kind, page in rows if kind == sheet_type]
            if new_entries:
                entries, pages = np.array(new_entries, dtype=np.int64).T
                known_entries, page_ids = self._arrays
                self._arrays = (
                    np.concatenate([known_entries, entries]),
                    np.concatenate([page_ids, pages]),
                )
            self.last_read = max(self.last_read, rows[-1][0])

    @property
    def size(self) -> int:
        return len(self._arrays[0])


_maps: dict[str, IndexEntryMap] = {}


def entry_map() -> IndexEntryMap:
    """The map of the current database (tests switch databases between runs)."""
    key = connection.settings_dict["NAME"]
    if key not in _maps:
        _maps[key] = IndexEntryMap()
    return _maps[key]


def forget() -> None:
    """Tests roll their transactions back, and SQLite then hands the same entry ids out
    again: a map read during one test must not serve the next."""
    _maps.clear()
