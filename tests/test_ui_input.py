"""Uploads and pasted text: accepted as the CLI would, refused with the file's name."""
from __future__ import annotations

import pytest

from checker.ui_input import article_from_paste, article_from_upload
from claims import ArticleError


def test_utf8_upload_with_bom_is_read():
    assert article_from_upload("article.md", "\ufeffOpenAI ouvre un bureau.".encode()) == "OpenAI ouvre un bureau."


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("vide.txt", b"", "empty"),
        ("image.txt", b"GIF89a\x00\x01", "binary"),
        ("latin.txt", "député".encode("latin-1"), "not UTF-8"),
        ("gros.txt", b"a" * 3_000_000, "too large"),
    ],
)
def test_bad_uploads_are_refused_naming_the_file(name, data, words):
    with pytest.raises(ArticleError) as e:
        article_from_upload(name, data)
    assert name in str(e.value) and words in str(e.value)


def test_upload_name_cannot_escape_the_temporary_folder():
    assert article_from_upload("../../etc/passwd", b"Un texte.") == "Un texte."


def test_paste_must_hold_text():
    assert article_from_paste("Un texte.") == "Un texte."
    for empty in ("", "   \n", None):
        with pytest.raises(ArticleError, match="empty"):
            article_from_paste(empty)
