"""Writes a search makes that its visitor need not wait for: a new answer for the cache,
a term's matches for the store (``term_store``). Inside ``collecting()`` (the search views)
they are gathered and run by ``after_sending`` once the response is on its way; anywhere
else (a script, an export, a test) at once.

Storing an answer in the database cache is a transaction and a commit (2–6 ms on
PostgreSQL), and a term stored on its first search another one."""

from contextlib import contextmanager
from contextvars import ContextVar

_collected: ContextVar[list | None] = ContextVar("atlaas_deferred_writes", default=None)


def later(action) -> None:
    """Runs ``action`` after the response when a view collects, else now."""
    actions = _collected.get()
    if actions is None:
        action()
    else:
        actions.append(action)


@contextmanager
def collecting():
    """The list of the writes deferred inside the block, for ``after_sending``."""
    actions = []
    token = _collected.set(actions)
    try:
        yield actions
    finally:
        _collected.reset(token)


def after_sending(response, actions: list):
    """Runs ``actions`` once ``response`` has been sent: the WSGI server calls ``close()``
    after writing the body, so the visitor does not wait for them. The next request on
    this worker waits for them, as it would have."""
    if not actions:
        return response
    close = response.close

    def close_after_actions():
        pending = list(actions)
        actions.clear()  # closed twice (a test client, then its caller): written once
        try:
            for action in pending:
                action()
        finally:
            close()

    response.close = close_after_actions
    return response
