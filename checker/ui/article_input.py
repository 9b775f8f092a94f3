"""Turning what a reviewer pastes or uploads into article text, or a clear refusal.

Uploads go through `claims.read_article` so the UI accepts and refuses exactly what
the CLI does. The upload's name is never used as a path: the bytes are written to a
fixed name in a private temporary folder (only a known suffix is kept, since it picks
the reader), and messages name the file as the reviewer chose it, cleaned for display. A Word file (.docx) is a zip of XML: its
paragraphs are read with the standard library, so no Word library is needed, and the
text then goes through the same checks. Pasted text and a file given together are
refused (`article_input`): which one to check is the reviewer's to say, not the form's.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from checker.i18n import t
from claims import ArticleError, read_article

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
"""Far above any news article (a long one is ~50 kB); larger is a wrong file."""

UPLOAD_TYPES = ("txt", "md", "html", "htm", "docx")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_DOCX_XML_BYTES = 20 * 1024 * 1024
"""The unzipped document.xml a .docx may hold; more is a zip bomb, not an article."""


def docx_text(name: str, data: bytes) -> str:
    """The paragraphs of a Word .docx file, one per line (tabs and breaks kept).

    Raises ArticleError naming the file when it is not a .docx (not a zip, no
    word/document.xml, broken XML) or unzips to something absurdly large.
    """
    if not data.strip():
        raise ArticleError(f"{name}: the file is empty")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            try:
                info = z.getinfo("word/document.xml")
            except KeyError:
                raise ArticleError(f"{name}: not a Word .docx file (no word/document.xml inside)") from None
            if info.file_size > MAX_DOCX_XML_BYTES:
                raise ArticleError(
                    f"{name}: the document unzips to {info.file_size / 1_048_576:.0f} MB; not an article"
                )
            xml = z.read(info)
    except zipfile.BadZipFile:
        raise ArticleError(f"{name}: not a Word .docx file (not a zip archive)") from None
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as e:
        raise ArticleError(f"{name}: the Word document is damaged ({e})") from None
    paragraphs = []
    for p in root.iter(f"{_W}p"):
        pieces = []
        for node in p.iter():
            if node.tag == f"{_W}t" and node.text:
                pieces.append(node.text)
            elif node.tag == f"{_W}tab":
                pieces.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                pieces.append("\n")
        paragraphs.append("".join(pieces))
    text = "\n".join(paragraphs)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if not text:
        raise ArticleError(f"{name}: the file is empty")
    return text


_READ_SUFFIXES = (".txt", ".md", ".html", ".htm")


def display_name(name: str | None) -> str:
    """The upload's name as shown in messages: no folder part, no NUL, at most 100
    characters."""
    cleaned = Path((name or "").replace("\x00", "")).name[:100]
    return cleaned if cleaned not in ("", ".", "..") else "article.txt"


def article_from_upload(name: str, data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """The text of an uploaded article file.

    Raises ArticleError naming the file when it is too large, empty, binary or not
    UTF-8 (the same rules as the CLI).
    """
    safe_name = display_name(name)
    if len(data) > max_bytes:
        raise ArticleError(
            f"{safe_name}: {len(data) / 1_048_576:.1f} MB is too large for an article "
            f"(limit {max_bytes / 1_048_576:.0f} MB)"
        )
    if safe_name.lower().endswith(".docx"):
        return docx_text(safe_name, data)
    suffix = Path(safe_name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="factcheck-upload-") as folder:
        path = Path(folder) / ("upload" + (suffix if suffix in _READ_SUFFIXES else ".txt"))
        path.write_bytes(data)
        try:
            return read_article(path)
        except ArticleError as e:
            raise ArticleError(str(e).replace(str(path), safe_name).replace(path.name, safe_name)) from None


def article_from_paste(text: str | None, *, max_chars: int = MAX_UPLOAD_BYTES) -> str:
    """Pasted text, refused when empty or absurdly long."""
    if not text or not text.strip():
        raise ArticleError(t("input.pasted.empty"))
    if len(text) > max_chars:
        raise ArticleError(t("input.pasted.too_long", count=len(text)))
    if "\x00" in text:  # the one input policy (checker.escaping): NUL is refused
        raise ArticleError(t("input.pasted.nul", at=text.index(chr(0)) + 1))
    return text


@dataclass(frozen=True)
class ArticleInput:
    """What the new-article form hands to the check: the text, where it came from
    (the upload's cleaned name, '' for pasted text) and the title the reviewer typed
    (None when left empty; a typed one wins over the text's own heading)."""

    text: str
    source: str
    title: str | None


def article_input(
    pasted: str | None,
    upload_name: str | None = None,
    upload_data: bytes | None = None,
    *,
    title: str | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> ArticleInput:
    """The article the form describes, or an ArticleError saying what to fix.

    Pasted text and a file given together are refused rather than one silently
    winning: the reviewer says which one to check by clearing the other. Pasted text
    that is only blanks counts as none. Each source is then read and refused exactly
    as `article_from_paste` and `article_from_upload` do.
    """
    has_paste = bool(pasted and pasted.strip())
    has_upload = upload_name is not None or upload_data is not None
    if has_paste and has_upload:
        name = display_name(upload_name)
        raise ArticleError(t("input.both", name=name))
    typed = title.strip() if title and title.strip() else None
    if has_upload:
        name = display_name(upload_name)
        return ArticleInput(article_from_upload(name, upload_data or b"", max_bytes=max_bytes), name, typed)
    return ArticleInput(article_from_paste(pasted, max_chars=max_bytes), "", typed)
