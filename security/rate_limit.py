"""A fixed-window counter in the cache, shared by the contact form and the login views.

The cache is per process in development (local memory) and shared by every worker in
production: Redis when REDIS_URL is set, otherwise the database (security/shared_cache.py).
"""

import hashlib

from django.core.cache import cache


def client_ip(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client wants it to be. Behind a
    # proxy, the WSGI server must be told to trust it (gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR", "") or "unknown"


class RateLimit:
    """At most ``limit`` events per key in a window of ``window_seconds`` that starts with the
    first event; the window is not extended by later events."""

    def __init__(self, scope: str, limit: int, window_seconds: int):
        self.scope = scope
        self.limit = limit
        self.window_seconds = window_seconds

    def key(self, *parts: str) -> str:
        # Hashed: user names may hold characters or lengths a cache key must not.
        digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()
        return f"rate-limit:{self.scope}:{digest}"

    def count(self, *parts: str) -> int:
        return cache.get(self.key(*parts)) or 0

    def exceeded(self, *parts: str) -> bool:
        return self.count(*parts) >= self.limit

    def hit(self, *parts: str) -> None:
        key = self.key(*parts)
        # add() starts the window on the first event; incr() keeps its expiry.
        if not cache.add(key, 1, self.window_seconds):
            try:
                cache.incr(key)
            except ValueError:  # expired between the two calls
                cache.add(key, 1, self.window_seconds)

    def reset(self, *parts: str) -> None:
        cache.delete(self.key(*parts))
