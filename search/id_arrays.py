"""Finding ids in a sorted numpy array: sheets among the facet rows (search.facets), index
entries among those already read (search.index_entries)."""

import numpy as np


def locate(sorted_ids: np.ndarray, ids) -> tuple[np.ndarray, np.ndarray]:
    """(indexes, positions) of the ``ids`` present in ``sorted_ids``: where each stands in
    ``sorted_ids``, and where it stood in ``ids``. Absent ids are left out."""
    ids = np.asarray(ids, dtype=np.int64)
    if not len(ids) or not len(sorted_ids):
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    indexes = np.searchsorted(sorted_ids, ids)
    indexes[indexes >= len(sorted_ids)] = 0
    positions = np.nonzero(sorted_ids[indexes] == ids)[0]
    return indexes[positions], positions
