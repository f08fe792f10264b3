"""Result snippets with the query's words highlighted, matched as search matches them
(same folding and stemming): "transitions" highlights "Transition"."""

import re
from functools import lru_cache

# The standard library's, which Django's escape() wraps in a lazy-text check that cost
# more than the escaping itself (ten thousand calls in 40 cold searches): same text.
from html import escape

from . import analysis

# A word or a compound, captured whole, so that split() alternates separators and words.
_WORD_OR_COMPOUND_RE = re.compile(r"(\w++(?:[-‐‑–]\w++)*)")
_HYPHENS = "-‐‑–"
_HYPHEN_RE = re.compile(f"[{_HYPHENS}]")
SNIPPET_LENGTH = 240
# How much of a sheet's text is searched first for its first match, most often near the
# start; each next stretch is twice as long.
_FIRST_MATCH_STRETCH = 200


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


def _twin_patterns(heads: set[str]) -> list[str]:
    """What follows a space in a folded twin (``analysis.folded_twin``) where a word, or a
    part of a compound, starts whose folded first two letters may be one of ``heads``: the
    two letters; the two apart, a one-letter part joined to the next (« e-administration »);
    « œ » and « æ », which fold to two letters."""
    ligatures = {"o": analysis.TWIN_OE, "a": analysis.TWIN_AE}
    patterns = set()
    for first, second in heads:
        seconds = [second, *([ligatures[second]] if second in ligatures else [])]
        patterns.update(f" {first}{letter}" for letter in seconds)
        patterns.update(f" {first} {letter}" for letter in seconds)
    patterns.update(
        f" {twin}"
        for head, twin in (("oe", analysis.TWIN_OE), ("ae", analysis.TWIN_AE))
        if head in heads
    )
    return sorted(patterns)


_UNSEEN = object()
# Where the marks go before the text is escaped: escaping it once, then putting the marks
# in, took a fifth of the time of escaping each piece between them (a page's passages and
# titles escaped 260 pieces). Texts holding these characters are escaped piece by piece.
_OPEN, _CLOSE = "\x00", "\x01"


def _marked(text: str, low: int, high: int, spans: list[tuple[int, int]]) -> str:
    """``text[low:high]`` escaped, with ``spans`` (ordered, within it) in <mark>."""
    if _OPEN in text or _CLOSE in text:
        out, cursor = [], low
        for start, end in spans:
            out.append(f"{escape(text[cursor:start])}<mark>{escape(text[start:end])}</mark>")
            cursor = end
        return "".join(out) + escape(text[cursor:high])
    out, cursor = [], low
    for start, end in spans:
        out += (text[cursor:start], _OPEN, text[start:end], _CLOSE)
        cursor = end
    out.append(text[cursor:high])
    return escape("".join(out)).replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")


class Highlighter:
    """Marks the words of a page of results that the query's stems match. One per page:
    each word's verdict is kept, since the same words recur in its 20 titles and snippets
    (reading every word again was most of a cold search's snippets)."""

    def __init__(self, stems: set[str]):
        self.stems = stems
        self.heads = _heads(stems)
        self._verdicts: dict[str, tuple | None] = {}
        self._twin_patterns = None if self.heads is None else _twin_patterns(self.heads)

    def _verdict(self, token: str) -> tuple | None:
        """The spans of a word or compound that match, within it; None if none does."""
        found = self._verdicts.get(token, _UNSEEN)
        if found is _UNSEEN:
            found = self._verdicts[token] = self._spans_in(token)
        return found

    def _spans_in(self, token: str) -> tuple | None:
        stems, heads = self.stems, self.heads
        parts = _HYPHEN_RE.split(token)
        if len(parts) == 1:
            return ((0, len(token)),) if _matches(token, stems, heads) else None
        if _matches("".join(parts), stems, heads):  # as one word (« visio-conférence »)
            return ((0, len(token)),)
        spans, offset = [], 0
        for part in parts:
            if _matches(part, stems, heads):
                spans.append((offset, offset + len(part)))
            offset += len(part) + 1
        return tuple(spans) or None

    def _first_span(self, text: str) -> tuple[int, int] | None:
        """Where the first matching word of ``text`` is: reading stops there."""
        verdict = self._verdict
        for match in _WORD_OR_COMPOUND_RE.finditer(text):
            found = verdict(match.group())
            if found:
                start = match.start()
                return start + found[0][0], start + found[0][1]
        return None

    def _starts(self, padded: str, low: int, high: int) -> list[int]:
        """Where, from ``low`` to ``high``, the words or parts of compounds start that
        may match, in order: found in the text's folded twin, space first (``padded``),
        by substring searches, instead of reading every word."""
        found = []
        for pattern in self._twin_patterns:
            end = high - 1 + len(pattern)
            at = padded.find(pattern, low, end)
            while at != -1:
                found.append(at)
                at = padded.find(pattern, at + 1, end)
        return sorted(found)

    def _matching_tokens(self, text: str, padded: str, low: int, high: int):
        """(start, spans) of the words and compounds from ``low`` to ``high`` that match,
        in order."""
        token_end = low
        for position in self._starts(padded, low, high):
            if position < token_end:
                continue  # a later part of a compound already judged
            start = position
            # Back to the start of the compound (« auto-école » for « école »): over a
            # hyphen right after a word character (its twin is not a space).
            while start >= 2 and text[start - 1] in _HYPHENS and padded[start - 1] != " ":
                start = padded.rfind(" ", 0, start - 1)
            token = _WORD_OR_COMPOUND_RE.match(text, start).group()
            token_end = start + len(token)
            spans = self._verdict(token)
            if spans:
                yield start, spans

    def _first_span_in_twin(self, text: str, padded: str) -> tuple[int, int] | None:
        low, stretch = 0, _FIRST_MATCH_STRETCH
        while low < len(text):
            high = min(len(text), low + stretch)
            for start, spans in self._matching_tokens(text, padded, low, high):
                return start + spans[0][0], start + spans[0][1]
            low, stretch = high, 2 * stretch
        return None

    def _highlight_in_twin(self, text: str, padded: str, low: int, high: int) -> str:
        """``text[low:high]`` as ``highlight`` gives it; ``low`` and ``high`` are the
        text's ends or spaces, which no word straddles."""
        spans = [
            (start + span_start, start + span_end)
            for start, found in self._matching_tokens(text, padded, low, high)
            for span_start, span_end in found
        ]
        return _marked(text, low, high, spans)

    def highlight(self, text: str) -> str:
        """``text`` escaped, with matching words in <mark>."""
        if not self.stems:
            return escape(text)
        if self._twin_patterns is not None:
            twin = analysis.folded_twin(text)  # 3 µs for a title
            if analysis.TWIN_OTHER not in twin:
                return self._highlight_in_twin(text, " " + twin, 0, len(text))
        # Every word or compound read in turn: a one-letter stem, or a text the twin cannot tell.
        verdict, spans = self._verdict, []
        for match in _WORD_OR_COMPOUND_RE.finditer(text):
            found = verdict(match.group())
            if found:
                start = match.start()
                spans.extend((start + low, start + high) for low, high in found)
        return _marked(text, 0, len(text), spans)

    def snippet(self, text: str, twin: str = "", length: int = SNIPPET_LENGTH) -> str:
        """A passage of a sheet's plain text on one line (``analysis.flatten_texts``, kept as
        ``ActionSheetPage.plain_text``) around the first matching word, escaped and
        highlighted. ``twin``: its folded twin (``plain_text_twin``), where the words that
        may match are found without reading the others."""
        if not text:
            return ""
        # A character that does not fold to one letter (rare: « ß », « ﬁ »…) may start a
        # word the twin cannot tell: the text is then read word by word.
        padded = (
            " " + twin
            if self.stems
            and self._twin_patterns is not None
            and len(twin) == len(text)
            and analysis.TWIN_OTHER not in twin
            else None
        )
        first = None
        if self.stems:
            first = self._first_span_in_twin(text, padded) if padded else self._first_span(text)
        start = 0
        if first and first[0] > length // 3:
            start = text.rfind(" ", 0, first[0] - length // 3) + 1
        end = start + length
        if end < len(text):
            end = text.rfind(" ", start, end) if " " in text[start:end] else end
        prefix = "… " if start > 0 else ""
        suffix = " …" if end < len(text) else ""
        end = min(end, len(text))
        if padded and (end == len(text) or text[end] == " "):
            return prefix + self._highlight_in_twin(text, padded, start, end) + suffix
        return prefix + self.highlight(text[start:end]) + suffix
