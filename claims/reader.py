"""Reading an article file into text, with errors a user can act on."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from .errors import ArticleError

_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "title",
    "figcaption",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg"}


class _TextOfHtml(HTMLParser):
    """Keeps the visible text; block elements become line breaks so that headings
    stay on their own line (the segmenter relies on lines as hard boundaries)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one block per line."""
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


MAX_BYTES = 16 * 1024 * 1024


def read_article(path: str | Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Return the article's text (UTF-8, a BOM is dropped; HTML reduced to its text).

    Raises ArticleError naming the file when it is missing, empty, not text, or
    larger than ``max_bytes`` (checked before reading, so a 50 MB file costs nothing).
    """
    p = Path(path)
    name = p.name or str(p)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise ArticleError(f"{name}: no such file") from None
    except OSError as e:
        raise ArticleError(f"{name}: cannot be read ({e.strerror})") from None
    if p.is_file() and size > max_bytes:
        raise ArticleError(
            f"{name}: {size / 1e6:.1f} MB is more than the {max_bytes / 1e6:.1f} MB an article "
            f"may be; split it into articles"
        )
    try:
        with p.open("rb") as f:  # at most one byte past the limit: /dev/zero or a pipe stops there
            raw = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise ArticleError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise ArticleError(f"{name}: is a directory, not an article file") from None
    except OSError as e:
        raise ArticleError(f"{name}: cannot be read ({e.strerror})") from None
    if len(raw) > max_bytes:
        raise ArticleError(
            f"{name}: more than the {max_bytes / 1e6:.1f} MB an article may be (read stopped there);"
            " split it into articles"
        )
    if b"\x00" in raw:
        raise ArticleError(f"{name}: looks like a binary file (NUL bytes), not a text article")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ArticleError(f"{name}: is not UTF-8 text (undecodable byte at position {e.start})") from None
    if p.suffix.lower() in {".html", ".htm"} or re.match(r"\s*<(!doctype|html)", text, re.IGNORECASE):
        text = html_to_text(text)
    if not text.strip():
        raise ArticleError(f"{name}: the file is empty")
    return text
