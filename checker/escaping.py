"""The one policy for hostile text the desk shows or publishes: which URLs may become
links, what happens to characters that change how text displays, and which characters
are refused on input.

- URLs: only `http(s)://host…` without spaces, quotes, angle brackets, backticks or
  backslashes is a link (in the UI, in every export, in ClaimReview); anything else
  (`javascript:`, `data:`, `vbscript:`, `file:`, relative paths) is shown as text or,
  in ClaimReview, left out.
- Bidirectional controls (embeddings, overrides, isolates, marks: U+202A–U+202E,
  U+2066–U+2069, U+200E, U+200F, U+061C) are made visible as `⟨U+202E⟩` wherever text is
  displayed (the UI, HTML, Markdown, CSV, ClaimReview's texts): `\\u202eecila` then reads
  "⟨U+202E⟩ecila", never "alice". The JSON export keeps every value exactly and writes
  those characters as `\\u202e` escapes, so the file itself cannot be displayed flipped.
- NUL is refused on input (article, corpus row, note, reviewer name): no text needs it and
  SQLite, C libraries and terminals cut or mangle text at it.

- HTML: every text goes through `escape_html` (quotes included, so it is safe in an
  attribute too); the only markup is the markup the desk writes itself.
- Markdown: `escape_markdown` (Streamlit's `st.markdown`) and `md_inline`/`md_block`
  (the Markdown export) escape the same punctuation, so no link, image, HTML, code,
  heading, table or formula can be injected; the export's lines also cannot start a list.
- CSV: `csv_cell` neutralises cells a spreadsheet would run as a formula.
- JSON inside `<script>`: `json_for_script` escapes `& < >` so a value cannot end the block.

Every module that shows or publishes text imports these; none writes its own escaping.
"""

from __future__ import annotations

import html
import re
from typing import Any

from checker.errors import InputError

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
_SAFE_URL = re.compile(r"https?://[^\s<>\"'`\\/?#][^\s<>\"'`\\]*", flags=re.IGNORECASE)


def safe_url(url: object) -> str:
    """The URL, stripped, if it is a plain http(s) link; else '' (never a link)."""
    text = "" if url is None else str(url).strip()
    if _BIDI.search(text) or "\x00" in text:
        return ""
    return text if _SAFE_URL.fullmatch(text) else ""


def show_controls(text: object) -> str:
    """Text with every bidirectional control replaced by a visible `⟨U+XXXX⟩`."""
    return _BIDI.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", "" if text is None else str(text))


def escape_controls_in_json(document: str) -> str:
    """A JSON text with the bidi controls (and NUL) written as \\uXXXX escapes: the same
    values once parsed, but a file that cannot display flipped in an editor or a page."""
    return re.sub(f"[{BIDI_CONTROLS}\x00]", lambda m: f"\\u{ord(m.group()):04x}", document)


def refuse_nul(text: object, where: str) -> None:
    """Raise InputError naming `where` (file:line: field, or the option) if `text` holds NUL."""
    if isinstance(text, str) and "\x00" in text:
        column = text.index("\x00") + 1
        raise InputError(f"{where}: holds a NUL character (at character {column}); remove it")


def escape_html(text: Any) -> str:
    """Text for HTML (element or attribute), bidi controls made visible first."""
    return html.escape(show_controls(text), quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]()<>#|~&$])")
"""Markdown punctuation shown as typed: links, images, HTML, code, emphasis, headings,
tables, strikethrough, entities, and `$` (Streamlit reads `$…$` as a formula)."""
_MD_LINE_START = re.compile(r"^([-+=]|\d+(?=[.)]))")


def escape_markdown(text: Any) -> str:
    """Plain text inside Markdown: every Markdown and HTML character shown as typed."""
    return _MD_SPECIAL.sub(r"\\\1", show_controls(text))


def _md_line(text: str) -> str:
    """One line of user text made inert: no link, image, HTML, code, heading or list."""
    line = _MD_SPECIAL.sub(r"\\\1", show_controls(text).strip())
    match = _MD_LINE_START.match(line)
    if match:
        if match.group(1)[0].isdigit():
            end = match.end()
            line = line[:end] + "\\" + line[end:]
        else:
            line = "\\" + line
    return line


def md_inline(text: str) -> str:
    """User text on one line (Markdown headings, list items)."""
    return _md_line(" ".join(str(text).split()))


def md_block(text: str, indent: str) -> str:
    """User text keeping its line breaks (hard breaks), indented to stay in a list item."""
    lines = [_md_line(line) for line in str(text).splitlines() if line.strip()]
    return ("\\\n" + indent).join(lines)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A cell a spreadsheet shows as text: formula-looking starts get a leading "'"."""
    text = show_controls(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def json_for_script(text: str) -> str:
    """A JSON text safe inside `<script type="application/ld+json">`: with `& < >` escaped,
    a value holding "</script>" or "<!--" cannot end the block. Still valid JSON, same values."""
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
