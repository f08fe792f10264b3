"""« Vouliez-vous dire : … » — corrections built from the indexed vocabulary.

The vocabulary is the words of visible sheets' titles, subtitles and tags, of the
référentiel and of collectivity names, each with the accented form most used. A query
word of five letters or more that is not in it is replaced by the closest word within one
edit, two from six letters on, a swap of two letters counting as one (Elasticsearch's
``fuzziness: AUTO`` with transpositions), the most frequent on ties; a word unknown to it
made of two of its words is split (opendata → open data), two words whose join it knows
are joined (cyber securite → cybersécurité). Of these candidates, the one finding the
most sheets with all its words is offered, and only if it finds more than the query did,
which also keeps any word of an unpublished sheet out of it.
"""

import threading
import time
from collections import Counter
from dataclasses import dataclass, replace

from rapidfuzz import process
from rapidfuzz.distance import OSA

from django.db import connection

from initiatives.models import ActionSheetPage, CollectivityPage, Enjeu, Service

from . import analysis

MIN_WORD_LENGTH = 5
MAX_CANDIDATES = 6
MAX_EDITS = 2
# Shorter words get one edit, as Elasticsearch's ``fuzziness: AUTO`` allows: two make a
# five-letter word another word (« cyber » became « créer »), while « vidoe » is one swap
# from « vidéo ».
ONE_EDIT_BELOW = 6
# Rebuilt at most this often: a stale vocabulary is harmless since every suggestion is
# checked against the live index before it is shown.
VOCABULARY_TTL_SECONDS = 600


@dataclass
class Vocabulary:
    words: list[str]  # folded
    frequency: dict[str, int]
    surface: dict[str, str]  # folded -> the accented form most seen
    built_at: float


def _texts():
    """Every text the vocabulary is made of."""
    visible = ActionSheetPage.objects.live().public()
    for title, subtitle in visible.values_list("title", "subtitle").iterator(chunk_size=5000):
        yield title
        yield subtitle or ""
    yield from visible.values_list("tags__name", flat=True).distinct()
    for model in (Service, Enjeu):
        yield from model.objects.values_list("name", flat=True)
    yield from CollectivityPage.objects.live().public().values_list("title", flat=True)


def _build() -> Vocabulary:
    # One analysis of all the texts at once, then counts of distinct words: analysing
    # 60,000 short texts one by one took seconds, paid by the visitor whose typo came
    # first after each rebuild. Texts are joined by line breaks, which no compound or
    # elision crosses.
    words = Counter(
        word.lower()
        for word in analysis.prepare("\n".join(text for text in _texts() if text)).split()
        if len(word) >= 2
    )
    counts: Counter = Counter()
    forms: dict[str, Counter] = {}
    for word, count in words.items():
        folded = analysis.fold(word)
        counts[folded] += count
        forms.setdefault(folded, Counter())[word] += count
    surface = {folded: forms[folded].most_common(1)[0][0] for folded in counts}
    return Vocabulary(sorted(counts), dict(counts), surface, time.monotonic())


_lock = threading.Lock()
_vocabulary: Vocabulary | None = None
_rebuilding = False


def vocabulary() -> Vocabulary:
    """The vocabulary; a stale one is served while a thread rebuilds it.

    Only a worker's very first typo waits for a build (about a second at 15,275 sheets):
    rebuilding in the request every ten minutes made one visitor per worker pay it.
    """
    global _vocabulary, _rebuilding
    with _lock:
        if _vocabulary is None:
            _vocabulary = _build()
        elif not _rebuilding and time.monotonic() - _vocabulary.built_at > VOCABULARY_TTL_SECONDS:
            _rebuilding = True
            threading.Thread(target=_rebuild_in_background, daemon=True).start()
        return _vocabulary


def _rebuild_in_background() -> None:
    global _vocabulary, _rebuilding
    try:
        fresh = _build()
        with _lock:
            _vocabulary = fresh
    finally:
        _rebuilding = False
        connection.close()  # the thread's own connection, opened by the build


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
        scorer=OSA.distance,  # Levenshtein's edits, and a swap of two letters
        score_cutoff=1 if len(folded) < ONE_EDIT_BELOW else MAX_EDITS,
        limit=20,
    )
    if not candidates:
        return None
    best = min(candidates, key=lambda c: (c[1], -vocab.frequency[c[0]], c[0]))
    return vocab.surface[best[0]]


def split_word(word: str, vocab: Vocabulary) -> str | None:
    """``opendata`` → ``open data``: a word unknown to the vocabulary made of two known
    words (the most frequent pair)."""
    folded = analysis.fold(word)
    if len(folded) < MIN_WORD_LENGTH or folded in vocab.frequency or not folded.isalpha():
        return None
    pairs = [
        (min(vocab.frequency[first], vocab.frequency[second]), first, second)
        for position in range(2, len(folded) - 1)
        for first, second in [(folded[:position], folded[position:])]
        if first in vocab.frequency and second in vocab.frequency
    ]
    if not pairs:
        return None
    _frequency, first, second = max(pairs)
    return f"{vocab.surface[first]} {vocab.surface[second]}"


def join_words(first: str, second: str, vocab: Vocabulary) -> str | None:
    """``cyber securite`` → ``cybersécurité``: two words whose join the vocabulary knows."""
    joined = analysis.fold(first) + analysis.fold(second)
    return vocab.surface[joined] if joined in vocab.frequency else None


def _candidates(words: list[str], vocab: Vocabulary) -> list[str]:
    """Other queries to try: every word corrected, one word split, two words joined."""
    cores = [word.strip(".,;:!?«»\"'()[]{}") for word in words]
    candidates = []
    corrected = [correct_word(core, vocab) if core else None for core in cores]
    if any(corrected):
        candidates.append(
            " ".join(
                word.replace(core, fix) if fix else word
                for word, core, fix in zip(words, cores, corrected, strict=True)
            )
        )
    for position, core in enumerate(cores):
        split = split_word(core, vocab) if core else None
        if split:
            candidates.append(" ".join([*words[:position], split, *words[position + 1 :]]))
    for position in range(len(cores) - 1):
        joined = join_words(cores[position], cores[position + 1], vocab)
        if joined:
            candidates.append(" ".join([*words[:position], joined, *words[position + 2 :]]))
    return list(dict.fromkeys(candidates))[:MAX_CANDIDATES]


def suggest(params, outcome, search) -> str | None:
    """The candidate whose every word the most sheets hold, if more than the query's.
    ``search(params)``: the outcome of a candidate on the engine that answered the query,
    on the same state of the data (another engine, or another state's terms, would answer
    something else: the cluster's database fallback asked the cluster again for each
    candidate)."""
    best, best_count = None, _found(outcome)
    for candidate in _candidates(params.query.split(), vocabulary()):
        found = _found(search(replace(params, query=candidate, page=1)))
        if found > best_count:
            best, best_count = candidate, found
    return best


def _found(outcome) -> int:
    """The sheets a query finds, none when no sheet holds all its words: the sheets holding
    some of them are a fallback, which a correction finding them all beats (« ecolle
    numerique » shows the sheets on « numérique », and « école numérique » is offered)."""
    return 0 if outcome.partial else outcome.count
