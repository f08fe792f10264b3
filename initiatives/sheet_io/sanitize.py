"""HTML cleaning for imported sheets: rich text keeps a small safe subset; plain text is kept
as written and escaped on output.

The result is stable (cleaning clean text changes nothing), so an exported file imported
again compares equal to what is stored and a re-run rewrites nothing.
"""

import re

import nh3

RICH_TEXT_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "a",
    "blockquote",
}
# Their content is code or drawing, not text a reader wrote: dropped with the tag.
DROPPED_CONTENT_TAGS = {
    "script",
    "style",
    "svg",
    "math",
    "iframe",
    "object",
    "embed",
    "noscript",
    "template",
    "textarea",
    "select",
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_rich_text_cleaner = nh3.Cleaner(
    tags=RICH_TEXT_TAGS,
    clean_content_tags=DROPPED_CONTENT_TAGS,
    attributes={"a": {"href"}},
    url_schemes=URL_SCHEMES,
    link_rel="noopener",
    strip_comments=True,
)

# Something a browser would read as markup: a tag, a closing tag or a comment.
_MARKUP_RE = re.compile(r"<(?:[a-zA-Z][^>]*>|/[a-zA-Z][^>]*>|!--)")
_PARAGRAPH_BREAK_RE = re.compile(r"\n\s*\n")


def _as_paragraphs(text: str) -> str:
    # Left to the HTML parser rather than escaped here, so "R&D" and "R&amp;D" agree.
    paragraphs = (p.strip() for p in _PARAGRAPH_BREAK_RE.split(text))
    return "".join("<p>{}</p>".format(p.replace("\n", "<br>")) for p in paragraphs if p)


def clean_rich_text(value: str) -> str:
    """Safe rich text; plain text (no markup at all) becomes paragraphs."""
    value = (value or "").strip()
    # An HTML parser may rebuild a broken fragment differently the second time round:
    # cleaning again until nothing changes makes the result a fixed point.
    for __ in range(4):
        if not value:
            return ""
        if not _MARKUP_RE.search(value):
            value = _as_paragraphs(value)
        cleaned = _rich_text_cleaner.clean(value).strip()
        if cleaned == value:
            break
        value = cleaned
    return value


def clean_plain_text(value: str) -> str:
    """Plain text is kept as the person wrote it, markup-looking parts and entities included
    ("a < b", "R&D", "&lt;script&gt;", "<i>x</i>"): it is escaped wherever it is shown, so
    nothing in it can become markup, and removing tags here lost real text."""
    return (value or "").strip()
