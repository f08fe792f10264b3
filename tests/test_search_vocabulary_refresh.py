"""The suggestions' vocabulary is refreshed without making a visitor wait for it."""

import threading
import time

from search import suggestions


def _vocabulary(word: str, built_at: float) -> suggestions.Vocabulary:
    return suggestions.Vocabulary([word], {word: 1}, {word: word}, built_at)


def test_a_stale_vocabulary_is_served_while_a_thread_rebuilds_it(monkeypatch):
    release = threading.Event()
    fresh = _vocabulary("mediation", time.monotonic())

    def slow_build():
        release.wait(timeout=60)
        return fresh

    stale = _vocabulary("mediatio", time.monotonic() - suggestions.VOCABULARY_TTL_SECONDS - 1)
    monkeypatch.setattr(suggestions, "_build", slow_build)
    monkeypatch.setattr(suggestions, "_vocabulary", stale)
    monkeypatch.setattr(suggestions.connection, "close", lambda: None)

    # The build is held back: the visitor gets the stale vocabulary rather than waiting.
    assert suggestions.vocabulary() is stale
    assert suggestions.vocabulary() is stale  # one rebuild at a time, no second thread

    release.set()
    deadline = time.monotonic() + 60
    while suggestions.vocabulary() is not fresh and time.monotonic() < deadline:
        time.sleep(0.01)
    assert suggestions.vocabulary() is fresh


def test_the_first_vocabulary_of_a_worker_is_built_in_the_request(monkeypatch):
    built = _vocabulary("mediation", time.monotonic())
    monkeypatch.setattr(suggestions, "_build", lambda: built)
    monkeypatch.setattr(suggestions, "_vocabulary", None)
    assert suggestions.vocabulary() is built
