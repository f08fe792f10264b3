"""The first rows of a ranking without sorting all of them.

A page of results needs 20 rows in order; a common word matches 80,000 sheets at 100,000,
and sorting them all on five keys took 10 ms, most of a search. Partitioning on one key
at a time (``numpy.partition``, linear) keeps only the rows that can still be among the
first, then sorts those few.
"""

import numpy as np

# Below this many rows a plain sort costs less than partitioning first.
SORT_BELOW = 2048


def first_in_order(keys: list[np.ndarray], count: int) -> np.ndarray:
    """Indexes of the first ``count`` rows in ``np.lexsort(keys)`` order (the last key
    sorts first, each ascending), ties in every key kept in index order as lexsort does."""
    size = len(keys[0]) if keys else 0
    if count <= 0 or not size:
        return np.empty(0, dtype=np.int64)
    rows = _candidates(keys, np.arange(size), count, len(keys) - 1)
    order = np.lexsort([key[rows] for key in keys])
    return rows[order[:count]]


def _candidates(keys, rows: np.ndarray, count: int, level: int) -> np.ndarray:
    """Rows among ``rows`` that can be among the first ``count`` by keys[level] and the
    keys before it, in index order."""
    if len(rows) <= max(count, SORT_BELOW) or level < 0:
        return rows
    values = keys[level][rows]
    boundary = np.partition(values, count - 1)[count - 1]
    ahead = rows[values < boundary]  # all of them are among the first
    tied = rows[values == boundary]  # some of them are, decided by the next keys
    chosen = _candidates(keys, tied, count - len(ahead), level - 1)
    return np.sort(np.concatenate([ahead, chosen]))
