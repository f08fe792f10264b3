"""What makes markup executable in a browser, found with the standard HTML parser: script
elements other than our own files and JSON-LD data blocks, event handler attributes,
javascript:/vbscript:/data: addresses, inline styles, frames and plugins."""

import json
import re
from html.parser import HTMLParser

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "srcset",
}
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "style"}
SCRIPT_SCHEME_RE = re.compile(r"^(?:javascript|vbscript|data):", re.IGNORECASE)
# Browsers ignore ASCII whitespace and control characters inside a scheme ("jav\tascript:").
_IGNORED_IN_URL_RE = re.compile(r"[\x00-\x20]+")
SCRIPT_TAG_RE = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
ALLOWED_SCRIPT_TAG_RE = re.compile(
    r'<script (?:src="/static/[^"]+"[^>]*|type="application/ld\+json")>', re.IGNORECASE
)


def is_script_url(value: str) -> bool:
    return bool(SCRIPT_SCHEME_RE.match(_IGNORED_IN_URL_RE.sub("", value or "")))


class ExecutableMarkupFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self.data_blocks: list[str] = []
        self._in_data_block = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in FORBIDDEN_ELEMENTS:
            self.findings.append(f"<{tag}>")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.findings.append("<meta http-equiv=refresh>")
        if tag == "script":
            if attributes.get("type") == "application/ld+json":
                self._in_data_block = True
            elif not (attributes.get("src") or "").startswith("/static/"):
                self.findings.append(f"<script {attributes}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}=…>")
            elif name == "style":
                self.findings.append(f"<{tag} style=…>")
            elif name in URL_ATTRIBUTES and is_script_url(value or ""):
                self.findings.append(f"<{tag} {name}={value!r}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self._in_data_block = False

    def handle_data(self, data):
        if self._in_data_block:
            self.data_blocks.append(data)


def executable_markup(html: str, *, template: bool = False) -> list[str]:
    """Everything in ``html`` that a browser could run; [] for safe markup. A ``template``'s
    JSON-LD blocks hold template variables, not JSON yet."""
    finder = ExecutableMarkupFinder()
    finder.feed(html)
    finder.close()
    findings = list(finder.findings)
    for tag in SCRIPT_TAG_RE.findall(html):
        if not ALLOWED_SCRIPT_TAG_RE.fullmatch(tag):
            findings.append(f"raw {tag}")
    for block in [] if template else finder.data_blocks:
        # A data block is never run; it must still be JSON that cannot close its element.
        json.loads(block)
        if "<" in block:
            findings.append("'<' inside a JSON-LD block")
    return findings
