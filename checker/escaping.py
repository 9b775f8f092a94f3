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

Escaping HTML and Markdown stays with the existing helpers (`html.escape` in
ui_highlight and renderers, `renderers.md_inline`); they call `show_controls` first.
"""

from __future__ import annotations

import re

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
