"""« Vouliez-vous dire : … » — corrections built from the indexed vocabulary.

The vocabulary is the words of visible sheets' titles, subtitles and tags, of the
référentiel and of collectivity names, each with the accented form most used. A query
word of five letters or more that is not in it is replaced by the closest word within two
edits (the most frequent on ties). The correction is offered only if it finds more sheets
than the query did, which also keeps any word of an unpublished sheet out of it.
"""

import threading
import time
from collections import Counter
from dataclasses import dataclass, replace

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from initiatives.models import ActionSheetPage, CollectivityPage, Enjeu, Service

from . import analysis

MIN_WORD_LENGTH = 5
MAX_EDITS = 2
# Rebuilt at most this often: a stale vocabulary is harmless since every suggestion is
# checked against the live index before it is shown.
VOCABULARY_TTL_SECONDS = 600


@dataclass
class Vocabulary:
    words: list[str]  # folded
    frequency: dict[str, int]
    surface: dict[str, str]  # folded -> the accented form most seen
    built_at: float


def _build() -> Vocabulary:
    counts: Counter = Counter()
    forms: dict[str, Counter] = {}

    def add(text):
        for word in analysis.prepare(text).split():
            if len(word) < 2:
                continue
            folded = analysis.fold(word)
            counts[folded] += 1
            forms.setdefault(folded, Counter())[word.lower()] += 1

    visible = ActionSheetPage.objects.live().public()
    for title, subtitle in visible.values_list("title", "subtitle").iterator(chunk_size=5000):
        add(title)
        add(subtitle)
    for name in visible.values_list("tags__name", flat=True).distinct():
        add(name)
    for model in (Service, Enjeu):
        for name in model.objects.values_list("name", flat=True):
            add(name)
    for name in CollectivityPage.objects.live().public().values_list("title", flat=True):
        add(name)
    surface = {folded: forms[folded].most_common(1)[0][0] for folded in counts}
    return Vocabulary(sorted(counts), dict(counts), surface, time.monotonic())


_lock = threading.Lock()
_vocabulary: Vocabulary | None = None


def vocabulary() -> Vocabulary:
    global _vocabulary
    with _lock:
        if _vocabulary is None or time.monotonic() - _vocabulary.built_at > VOCABULARY_TTL_SECONDS:
            _vocabulary = _build()
        return _vocabulary


def forget() -> None:
    global _vocabulary
    with _lock:
        _vocabulary = None


def correct_word(word: str, vocab: Vocabulary) -> str | None:
    folded = analysis.fold(word)
    if len(folded) < MIN_WORD_LENGTH or folded in vocab.frequency or not folded.isalpha():
        return None
    candidates = process.extract(
        folded,
        vocab.words,
        scorer=Levenshtein.distance,
        score_cutoff=MAX_EDITS,
        limit=20,
    )
    if not candidates:
        return None
    best = min(candidates, key=lambda c: (c[1], -vocab.frequency[c[0]], c[0]))
    return vocab.surface[best[0]]


def suggest(params, outcome) -> str | None:
    from .engine import run_search

    vocab = vocabulary()
    words = params.query.split()
    corrected, changed = [], False
    for word in words:
        core = word.strip(".,;:!?«»\"'()[]{}")
        replacement = correct_word(core, vocab) if core else None
        if replacement:
            corrected.append(word.replace(core, replacement))
            changed = True
        else:
            corrected.append(word)
    if not changed:
        return None
    suggestion = " ".join(corrected)
    found = run_search(replace(params, query=suggestion, page=1), with_suggestion=False).count
    return suggestion if found > outcome.count else None
