"""Uploads and pasted text: accepted as the CLI would, refused with the file's name."""

from __future__ import annotations

import pytest

from checker.ui.article_input import article_from_paste, article_from_upload, article_input
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
        with pytest.raises(ArticleError, match="vide"):
            article_from_paste(empty)


# ---------------------------------------------------------------- the new-article form


def test_pasted_text_and_a_file_together_are_refused_naming_both():
    """An upload used to win silently over text pasted after it."""
    with pytest.raises(ArticleError) as e:
        article_input("Un nouveau texte collé.", "ancien.md", b"# Ancien\n\nUn vieux texte.")
    message = str(e.value)
    assert "texte collé" in message and "ancien.md" in message and "lequel vérifier" in message


def test_one_source_at_a_time_is_read_with_the_typed_title():
    pasted = article_input("  Un texte collé.  ", title="  Mon titre ")
    assert (pasted.text, pasted.source, pasted.title) == ("  Un texte collé.  ", "", "Mon titre")
    uploaded = article_input("   \n", "../papier.md", b"# Titre du fichier\n\nDu texte.", title="")
    assert (uploaded.source, uploaded.title) == ("papier.md", None) and "Du texte." in uploaded.text
    with pytest.raises(ArticleError, match="vide"):
        article_input(None)
    with pytest.raises(ArticleError, match="vide.txt: the file is empty"):
        article_input("", "vide.txt", b"")


def test_a_typed_title_wins_over_the_texts_heading(embedder, tmp_path):
    """The title field used to be ignored whenever the text opened with a heading."""
    from checker.review.steps import check_article, ingest_corpus_files
    from checker.settings import SAMPLE_CORPUS
    from checker.store.database import Store

    store = Store(tmp_path / "desk.db")
    ingest_corpus_files(store, embedder, [SAMPLE_CORPUS], corpus="sample")
    text = "# OpenAI à Paris\n\nOpenAI a ouvert un bureau à Paris en 2024. La société emploie 40 personnes."
    typed = article_input(text, title="Le bureau parisien d'OpenAI")
    document = check_article(store, embedder, typed.text, corpora=["sample"], title=typed.title)
    assert document["article"]["title"] == "Le bureau parisien d'OpenAI"
    assert store.article(document["article"]["id"])["title"] == "Le bureau parisien d'OpenAI"
    untitled = check_article(
        store,
        embedder,
        text + " Elle y ouvre un laboratoire.",
        corpora=["sample"],
        title=article_input(text, title=" ").title,
    )
    assert store.article(untitled["article"]["id"])["title"] == "OpenAI à Paris"  # the heading, as before
    store.close()
