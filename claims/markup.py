"""HTML and Markdown input: the visible words, with a map back to the original offsets.

A reviewer highlights claims in the text the user gave, so offsets must index that
text even when it is an HTML page or a Markdown file. Markup is therefore never
"cleaned" in place: the analysis runs on the visible text and every offset is
mapped back through ``Visible.start``/``Visible.end``. Tags, URLs, code blocks and
table rules are not words of the article and never end up in a claim.
"""

from __future__ import annotations

import html
import re
from array import array
from dataclasses import dataclass

_HTML_TAG = re.compile(
    r"</?(?:p|div|br|h[1-6]|span|a|li|ul|ol|strong|em|b|i|u|article|section|body|html|head|"
    r"title|img|table|tr|td|th|blockquote|figure|figcaption|header|footer|nav|main|script|"
    r"style|meta|link)\b[^>]*>",
    re.IGNORECASE,
)
_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "tr",
    "td",
    "th",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "title",
    "figcaption",
    "figure",
    "table",
    "nav",
    "main",
    "body",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP = {"script", "style", "noscript", "template", "svg", "head"}
_HTML_TOKEN = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>|<\?.*?\?>"
    r"|<(?P<skip>script|style|noscript|template|svg)\b[^>]*>.*?</(?P=skip)\s*>"
    r"|</?(?P<tag>[a-zA-Z][\w:-]*)\b[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|\w+);",
    re.DOTALL | re.IGNORECASE,
)

_MD_SIGNS = re.compile(
    r"\[[^\]\n]+\]\([^)\s]+\)|(?:\*\*|__)[^\s*_](?:.*?[^\s*_])?(?:\*\*|__)|^```|^~~~"
    r"|^\s{0,3}>\s|^\s*\|.*\|\s*$|^\s{0,3}#{1,6}\s|`[^`\n]+`",
    re.MULTILINE,
)
_MD_TOKEN = re.compile(
    r"(?P<fence>^(?:```|~~~)[^\n]*\n.*?(?:^(?:```|~~~)[ \t]*$|\Z))"
    r"|(?P<refdef>^\s{0,3}\[[^\]\n]+\]:\s+\S+.*$)"
    r"|(?P<rule>^\s{0,3}(?:[-*_][ \t]*){3,}$)"
    r"|(?P<tablerule>^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$)"
    r"|(?P<quote>^\s{0,3}>\s?)"
    r"|(?P<image>!\[[^\]\n]*\]\([^)\n]*\))"
    r"|(?P<link>\[(?P<ltext>[^\]\n]+)\]\((?P<url>[^)\n]*)\))"
    r"|(?P<autolink><https?://[^>\s]+>)"
    r"|(?P<code>`(?P<ctext>[^`\n]+)`)"
    r"|(?P<emph>\*\*|__|~~|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)|(?<=\S)_(?![\w_]))"
    r"|(?P<pipe>\|)"
    r"|(?P<tag></?[a-zA-Z][\w:-]*\b[^>\n]*>)"
    r"|(?P<entity>&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);)",
    re.MULTILINE | re.DOTALL,
)


@dataclass
class Visible:
    """The visible text and, for each of its characters, where it comes from."""

    text: str
    starts: array  # starts[i]: offset in the original of visible character i
    ends: array  # ends[i]: offset in the original just after visible character i

    def start(self, i: int) -> int:
        return self.starts[i] if i < len(self.starts) else (self.ends[-1] if self.ends else 0)

    def end(self, i: int) -> int:
        """Original offset for a visible end offset (exclusive)."""
        return self.ends[i - 1] if i > 0 else 0


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.starts = array("l")
        self.ends = array("l")

    def copy(self, text: str, a: int, b: int) -> None:
        """Original characters a..b, kept as they are."""
        if a < b:
            self.parts.append(text[a:b])
            self.starts.extend(range(a, b))
            self.ends.extend(range(a + 1, b + 1))

    def put(self, s: str, a: int, b: int) -> None:
        """Characters that stand for the original span a..b (a decoded entity, a line
        break for a block tag)."""
        if s:
            self.parts.append(s)
            self.starts.extend([a] * len(s))
            self.ends.extend([b] * len(s))

    def build(self) -> Visible:
        return Visible("".join(self.parts), self.starts, self.ends)


def kind_of(text: str) -> str:
    """'html', 'markdown' or 'text', from the markup the text carries."""
    sample = text[:200_000]
    if len(_HTML_TAG.findall(sample, 0, 200_000)) >= 2:
        return "html"
    if _MD_SIGNS.search(sample):
        return "markdown"
    return "text"


def _copy_plain(b: _Builder, text: str, a: int, z: int, *, html_spaces: bool) -> None:
    if not html_spaces:
        b.copy(text, a, z)
        return
    # inside HTML a line break is only a space: lines are hard boundaries for the segmenter
    chunk = text[a:z]
    if "\n" in chunk or "\r" in chunk or "\t" in chunk:
        b.parts.append(re.sub(r"[\r\n\t]", " ", chunk))
        b.starts.extend(range(a, z))
        b.ends.extend(range(a + 1, z + 1))
    else:
        b.copy(text, a, z)


def html_visible(text: str) -> Visible:
    """Visible text of an HTML page: block elements become line breaks, headings get
    a "# " so that they are set aside as headings, scripts and styles disappear."""
    b = _Builder()
    pos = 0
    skip_depth = 0
    for m in _HTML_TOKEN.finditer(text):
        if not skip_depth:
            _copy_plain(b, text, pos, m.start(), html_spaces=True)
        pos = m.end()
        tok = m.group(0)
        if tok.startswith("&"):
            if not skip_depth:
                b.put(html.unescape(tok), m.start(), m.end())
            continue
        tag = (m.group("tag") or "").lower()
        if not tag:
            continue  # comment, doctype, script/style block
        closing = tok.startswith("</")
        if tag in _SKIP:
            skip_depth = max(0, skip_depth + (-1 if closing else 1)) if not tok.endswith("/>") else skip_depth
            continue
        if skip_depth:
            continue
        if tag in _HEADINGS:
            b.put("\n" if closing else "\n# ", m.start(), m.end())
        elif tag == "li" and not closing:
            b.put("\n- ", m.start(), m.end())
        elif tag in _BLOCK:
            b.put("\n", m.start(), m.end())
        elif tag == "img":
            continue
    if not skip_depth:
        _copy_plain(b, text, pos, len(text), html_spaces=True)
    return b.build()


def markdown_visible(text: str) -> Visible:
    """Visible text of Markdown: link texts kept and URLs dropped, emphasis marks,
    images, code blocks, rules and inline HTML removed, table cells on lines of their
    own. Heading marks and list bullets stay: the segmenter knows them."""
    b = _Builder()
    pos = 0
    for m in _MD_TOKEN.finditer(text):
        b.copy(text, pos, m.start())
        pos = m.end()
        if m.group("fence") or m.group("refdef") or m.group("rule") or m.group("tablerule"):
            b.put("\n", m.start(), m.end()) if m.group("fence") else None
        elif m.group("link"):
            b.copy(text, m.start("ltext"), m.end("ltext"))
        elif m.group("code"):
            b.copy(text, m.start("ctext"), m.end("ctext"))
        elif m.group("pipe"):
            b.put("\n", m.start(), m.end())
        elif m.group("entity"):
            b.put(html.unescape(m.group(0)), m.start(), m.end())
        # quote marks, images, autolinks, emphasis and tags vanish
    b.copy(text, pos, len(text))
    return b.build()


def visible(text: str, kind: str | None = None) -> Visible | None:
    """The visible text of ``text`` when it is HTML or Markdown, else None (the text is
    used as it is)."""
    kind = kind or kind_of(text)
    if kind == "html":
        return html_visible(text)
    if kind == "markdown":
        return markdown_visible(text)
    return None
