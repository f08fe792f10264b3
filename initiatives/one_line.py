"""Titles are one line: they end up in e-mail subjects, page titles and file names, where a
line break is at best ugly and at worst a header of its own (a "Bcc:" slipped into a subject).
"""

import re

# Line breaks and other control characters, including Unicode's line and paragraph separators.
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def has_line_break(value: str) -> bool:
    return bool(_CONTROL_RE.search(value or ""))


def one_line(value: str) -> str:
    """The text on one line: each run of control characters and spaces becomes one space."""
    return re.sub(r"\s+", " ", _CONTROL_RE.sub(" ", value or "")).strip()
