"""Turning what a reviewer pastes or uploads into article text, or a clear refusal.

Uploads go through `claims.read_article` (written to a temporary file under the
upload's own name) so the UI accepts and refuses exactly what the CLI does, and the
message names the file the reviewer chose.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from claims import ArticleError, read_article

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
"""Far above any news article (a long one is ~50 kB); larger is a wrong file."""

UPLOAD_TYPES = ("txt", "md")


def article_from_upload(name: str, data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """The text of an uploaded article file.

    Raises ArticleError naming the file when it is too large, empty, binary or not
    UTF-8 (the same rules as the CLI).
    """
    safe_name = Path(name or "article.txt").name or "article.txt"
    if len(data) > max_bytes:
        raise ArticleError(
            f"{safe_name}: {len(data) / 1_048_576:.1f} MB is too large for an article "
            f"(limit {max_bytes / 1_048_576:.0f} MB)"
        )
    with tempfile.TemporaryDirectory(prefix="factcheck-upload-") as folder:
        path = Path(folder) / safe_name
        path.write_bytes(data)
        return read_article(path)


def article_from_paste(text: str | None, *, max_chars: int = MAX_UPLOAD_BYTES) -> str:
    """Pasted text, refused when empty or absurdly long."""
    if not text or not text.strip():
        raise ArticleError("texte collé (pasted text): empty — paste an article or upload a .txt/.md file")
    if len(text) > max_chars:
        raise ArticleError(f"texte collé (pasted text): {len(text)} characters is too long for an article")
    return text
