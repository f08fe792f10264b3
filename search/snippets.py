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


_UNSEEN = object()


class Highlighter:
    """Marks the words of a page of results that the query's stems match. One per page:
    each word's verdict is kept, since the same words recur in its 20 titles and snippets
    (reading every word again was most of a cold search's snippets)."""

    def __init__(self, stems: set[str]):
        self.stems = stems
        self.heads = _heads(stems)
        self._verdicts: dict[str, tuple | None] = {}

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

    def highlight(self, text: str) -> str:
        """``text`` escaped, with matching words in <mark>."""
        if not self.stems:
            return escape(text)
        # Separators and words alternate (the words at odd indexes), split by the regex
        # engine; the words are judged in one pass, and only the matching ones visited.
        pieces = _WORD_OR_COMPOUND_RE.split(text)
        verdict = self._verdict
        found = [verdict(token) for token in pieces[1::2]]
        out, pending, cursor = [], "", 0
        for index in [index for index, spans in enumerate(found) if spans]:
            at = 2 * index + 1
            token = pieces[at]
            pending += "".join(pieces[cursor:at])
            position = 0
            for start, end in found[index]:
                out.append(escape(pending + token[position:start]))
                out.append(f"<mark>{escape(token[start:end])}</mark>")
                pending, position = "", end
            pending = token[position:]
            cursor = at + 1
        out.append(escape(pending + "".join(pieces[cursor:])))
        return "".join(out)

    def snippet(self, text: str, length: int = SNIPPET_LENGTH) -> str:
        """A passage of a sheet's plain text on one line (``analysis.flatten_texts``, kept as
        ``ActionSheetPage.plain_text``) around the first matching word, escaped and
        highlighted."""
        if not text:
            return ""
        first = self._first_span(text) if self.stems else None
        start = 0
        if first and first[0] > length // 3:
            start = text.rfind(" ", 0, first[0] - length // 3) + 1
        end = start + length
        if end < len(text):
            end = text.rfind(" ", start, end) if " " in text[start:end] else end
        passage = text[start:end]
        prefix = "… " if start > 0 else ""
        suffix = " …" if end < len(text) else ""
        return prefix + self.highlight(passage) + suffix
