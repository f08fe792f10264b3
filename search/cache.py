"""Caches of search answers, each valid for one state of the searchable data.

Both levels are keyed by that state (``FacetData.token``: the ``SearchDataVersion``, bumped
in the writer's transaction whenever a sheet is published, edited, unpublished, moved or
restricted, plus the next ceremony, when awards turn public). A change makes every cached
answer unreachable at once, in every process, with no invalidation message to lose.

- ``MatchCache``: full-text matches per parsed query, in this process, next to the facet
  data whose rows they index. Bounded in bytes: a common word matches most sheets.
- ``cached_answer``: whole answers (the API's JSON, the HTML of the results) in Django's
  cache: local memory by default, Redis when ``REDIS_URL`` is set, shared by the workers.
"""

import hashlib
import logging
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache

from . import deferred_writes

logger = logging.getLogger(__name__)

MATCH_CACHE_BYTES = 32 * 1024 * 1024


class MatchCache:
    """Least recently used full-text matches (numpy arrays), at most ``max_bytes``, each
    kept ``SEARCH_CACHE_SECONDS`` at most: when index updates run as background tasks they
    may land after the version bump, and a match must not miss them for long."""

    def __init__(self, max_bytes: int = MATCH_CACHE_BYTES):
        self.max_bytes = max_bytes
        self.size = 0
        self._entries = OrderedDict()
        self._lock = threading.Lock()  # gthread workers serve requests in threads

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            value, nbytes, expires = entry
            if time.monotonic() >= expires:
                del self._entries[key]
                self.size -= nbytes
                return None
            self._entries.move_to_end(key)
            return value

    def put(self, key, value: tuple) -> None:
        seconds = settings.SEARCH_CACHE_SECONDS
        nbytes = sum(getattr(part, "nbytes", 64) for part in value)
        if not seconds or nbytes > self.max_bytes:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = (value, nbytes, time.monotonic() + seconds)
            self.size += nbytes
            while self.size > self.max_bytes:
                _key, (_value, dropped, _expires) = self._entries.popitem(last=False)
                self.size -= dropped

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.size = 0


def query_key(terms) -> tuple:
    """What the full-text backend is asked: each term's alternatives, as typed."""
    return tuple(term.alternatives for term in terms)


def answer_key(kind: str, token: str, request, params) -> str:
    """One answer: its kind (api, html), the data state, the site and the canonical URL
    parameters (so ``?q=a&type=ville`` and ``?type=ville&q=a`` share an answer)."""
    canonical = params.to_querydict(page=params.page).urlencode()
    site = f"{request.scheme}://{request.get_host()}"
    digest = hashlib.sha256(f"{site}?{canonical}".encode()).hexdigest()[:32]
    return f"atlaas:search:{kind}:{token}:{digest}"


def cached_answer(key: str, compute, status: dict | None = None):
    """``compute()``'s value, from the cache when this data state already answered it;
    ``status["hit"]`` says which (the views send it as ``X-Search-Cache``, which
    bench/load.py counts). A new answer is stored once the response is sent when the view
    collects its writes (``deferred_writes``), else at once."""
    status = {} if status is None else status
    status["hit"] = False
    seconds = settings.SEARCH_CACHE_SECONDS
    if not seconds:
        return compute()
    try:
        answer = cache.get(key)
    except Exception:  # a cache server down must slow search, never break it
        logger.warning("Search cache unreachable", exc_info=True)
        return compute()
    status["hit"] = answer is not None
    if answer is None:
        answer = compute()

        def store():
            try:
                cache.set(key, answer, seconds)
            except Exception:
                logger.warning("Search cache unreachable", exc_info=True)

        deferred_writes.later(store)
    return answer
