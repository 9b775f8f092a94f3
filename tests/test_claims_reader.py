"""Reading articles: errors that name the file, text out of md/html, language checks."""

import pytest

from claims import ArticleError, UnsupportedLanguageError, extract, read_article


def test_empty_file_names_the_file(tmp_path):
    p = tmp_path / "article.txt"
    p.write_text("  \n\t\n", encoding="utf-8")
    with pytest.raises(ArticleError, match=r"^article.txt: the file is empty$"):
        read_article(p)


def test_binary_file_is_refused(tmp_path):
    p = tmp_path / "photo.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    with pytest.raises(ArticleError, match="photo.txt"):
        read_article(p)


def test_undecodable_bytes_are_refused(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes("Le café est fermé".encode("latin-1"))
    with pytest.raises(ArticleError, match="latin1.txt: is not UTF-8"):
        read_article(p)


def test_missing_file(tmp_path):
    with pytest.raises(ArticleError, match="nope.txt: no such file"):
        read_article(tmp_path / "nope.txt")


def test_bom_and_markdown_are_read_as_text(tmp_path):
    p = tmp_path / "a.md"
    p.write_bytes("\ufeff# Titre\n\nOpenAI a ouvert un bureau.".encode("utf-8"))
    text = read_article(p)
    assert text.startswith("# Titre")
    art = extract(text, lang="fr")
    assert art.sentences[0].kind == "heading" and art.title == "Titre"


def test_html_is_reduced_to_its_text(tmp_path):
    p = tmp_path / "a.html"
    p.write_text(
        "<html><head><style>p{}</style></head><body><h1>Un titre</h1>"
        "<p>Le groupe a ouvert un bureau &agrave; Lyon.</p></body></html>",
        encoding="utf-8",
    )
    assert read_article(p) == "Un titre\nLe groupe a ouvert un bureau à Lyon."


def test_language_is_detected_and_others_refused():
    fr = "La société a annoncé l’ouverture d’un bureau à Paris pour recruter des ingénieurs."
    en = "The company announced that it will open an office in Paris to hire engineers."
    assert extract(fr).lang == "fr"
    assert extract(en).lang == "en"
    de = "Das Unternehmen hat angekündigt, dass es ein Büro in Paris eröffnen wird."
    with pytest.raises(UnsupportedLanguageError, match="'de'"):
        extract(de)
    with pytest.raises(UnsupportedLanguageError):
        extract(fr, lang="it")


def test_english_uses_a_blank_pipeline_with_capitalised_names():
    art = extract(
        "Acme Corp raised $20 million in 2023. Its chief, Jane Doe, said it would hire 50 engineers.", lang="en"
    )
    c = [c for c in art.claims if "$20 million" in c.text][0]
    assert c.checkworthy
    assert c.features["amounts"][0]["currency"] == "USD"


def test_english_names_labels_and_coordinated_places_without_a_trained_pipeline():
    art = extract(
        "Acme Corp announced on Tuesday that it had opened offices in London and "
        "Dublin in 2023. Jane Doe, its chief executive, said the firm would hire "
        "50 engineers.",
        lang="en",
    )
    dublin = [c for c in art.claims if "Dublin" in c.text]
    assert len(dublin) == 1 and "London" not in dublin[0].text
    ents = {e["text"]: e["label"] for c in art.claims for e in c.features["entities"]}
    assert ents["Acme Corp"] == "ORG" and ents["Jane Doe"] == "PERSON"
    assert ents["London"] == ents["Dublin"] == "GPE"
