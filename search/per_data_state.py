"""Values a process computes once per state of the searchable data and shares between its
threads. The state is ``search.facets.version_token()`` or the ``SearchDataVersion``: every
publication, unpublication, move or restriction names a new one, and the next caller then
computes the value again. Free of imports of this project's apps, which use it."""

import threading


class PerDataState:
    def __init__(self):
        self._lock = threading.Lock()
        self._state = None
        self._values: dict = {}

    def get(self, state, compute, key=None):
        """``compute()`` for ``key``, computed once in ``state``."""
        with self._lock:
            if self._state == state and key in self._values:
                return self._values[key]
        value = compute()
        with self._lock:
            if self._state != state:  # a newer state's values are recomputed when asked
                self._values.clear()
                self._state = state
            self._values[key] = value
        return value

    def forget(self) -> None:
        with self._lock:
            self._state = None
            self._values.clear()
