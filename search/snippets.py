"""Result snippets with the query's words highlighted, matched as search matches them
(same folding and stemming): "transitions" highlights "Transition"."""

import re
from functools import lru_cache

# The standard library's, which Django's escape() wraps in a lazy-text check that cost
# more than the escaping itself (ten thousand calls in 40 cold searches): same text.
from html import escape

from . import analysis

# A word, and the rest of its compound if it is one (most words are not: no split).
_WORD_OR_COMPOUND_RE = re.compile(r"\w++((?:[-‐‑–]\w++)*)")
_HYPHEN_RE = re.compile(r"[-‐‑–]")
SNIPPET_LENGTH = 240


def query_stems(terms) -> set[str]:
    return {token for term in terms for alternative in term.stems() for token in alternative}


@lru_cache(maxsize=100_000)
def _stem_of(word: str) -> str:
    """The stem of a word as typed; None for a stop word, which never matches."""
    folded = analysis.fold(word)
    return None if folded in analysis.STOP_WORDS else analysis.stem(folded)


def _heads(stems: set[str]) -> set[str] | None:
    """The first two letters of the stems, or None when a stem is shorter. Snowball's
    French stemmer only changes a word past its first two letters (its regions start
    there): a word whose folded first two letters are not a stem's cannot match, and is
    not stemmed (stemming each new word of 20 sheets' texts was a fifth of a cold search)."""
    return None if any(len(stem) < 2 for stem in stems) else {stem[:2] for stem in stems}


def _matches(word: str, stems: set[str], heads: set[str] | None) -> bool:
    if heads is not None and analysis.fold(word)[:2] not in heads:
        return False
    return _stem_of(word) in stems


def _iter_matching_spans(text: str, stems: set[str]):
    """Spans of the words of ``text`` whose stem is in ``stems``, lazily, in order."""
    heads = _heads(stems)
    for match in _WORD_OR_COMPOUND_RE.finditer(text):
        word, compound_rest = match.group(0, 1)
        if not compound_rest:  # most words: one lookup
            if _matches(word, stems, heads):
                yield match.span()
            continue
        parts = _HYPHEN_RE.split(word)
        if _matches("".join(parts), stems, heads):
            yield match.span()
            continue
        offset = match.start()
        for part in parts:
            if _matches(part, stems, heads):
                yield (offset, offset + len(part))
            offset += len(part) + 1


def _matching_spans(text: str, stems: set[str]) -> list[tuple[int, int]]:
    return list(_iter_matching_spans(text, stems)) if stems else []


def highlight(text: str, stems: set[str]) -> str:
    """``text`` escaped, with matching words in <mark>."""
    out, cursor = [], 0
    for start, end in _matching_spans(text, stems):
        out.append(escape(text[cursor:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    out.append(escape(text[cursor:]))
    return "".join(out)


def make_snippet(texts: list[str], stems: set[str], length: int = SNIPPET_LENGTH) -> str:
    """A passage of the sheets's plain ``texts`` around the first matching word,
    escaped and highlighted."""
    text = " ".join(" ".join(t.split()) for t in texts if t).strip()
    if not text:
        return ""
    # Only the first match is needed to place the passage: stop reading there.
    first = next(_iter_matching_spans(text, stems), None) if stems else None
    start = 0
    if first and first[0] > length // 3:
        start = text.rfind(" ", 0, first[0] - length // 3) + 1
    end = start + length
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    passage = text[start:end]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + highlight(passage, stems) + suffix
