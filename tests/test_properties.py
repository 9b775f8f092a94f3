"""Property-based tests: random text and random files never crash the extractor or the
importers (they return a result or a named user error), claim offsets always point
inside the article, and an imported corpus keeps every row it was given."""

from __future__ import annotations

import csv
import io
import json
import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checker.errors import CorpusFormatError
from checker.store.corpus_files import load_corpus_file, text_hash
from checker.ui.article_input import article_from_paste, article_from_upload
from claims import ArticleError, extract, read_article

SETTINGS = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
FILES = settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])

WORDS = [
    "OpenAI",
    "Mistral",
    "la",
    "société",
    "a",
    "annoncé",
    "ouvert",
    "un",
    "bureau",
    "à",
    "Paris",
    "Londres",
    "en",
    "2023",
    "le",
    "12",
    "mars",
    "2024",
    "6,6",
    "milliards",
    "de",
    "dollars",
    "€",
    "millions",
    "d'euros",
    "Elle",
    "il",
    "selon",
    "«",
    "»",
    '"',
    "(",
    ")",
    ";",
    ":",
    ",",
    ".",
    "!",
    "?",
    "–",
    "—",
    "…",
    "%",
    "42",
    "1er",
    "janvier",
    "M.",
    "Dr",
    "etc.",
    "et",
    "ou",
    "qui",
    "dont",
    "The",
    "company",
    "raised",
    "$",
    "bn",
    "\n",
    "\n\n",
    "#",
    "*",
    "-",
    "<p>",
    "</p>",
    "<br>",
    "&amp;",
    "https://exemple.fr/a?b=1",
    "l'entreprise",
]

news_like = st.lists(st.sampled_from(WORDS), min_size=0, max_size=80).map(" ".join)
any_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400)


def check_offsets(text: str) -> None:
    try:
        document = extract(text)
    except ArticleError:
        return
    for claim in document.claims:
        assert 0 <= claim.start < claim.end <= len(text), (claim.start, claim.end, len(text))
        assert text[claim.start : claim.end].strip(), claim
        assert 0.0 <= claim.score <= 1.0
    document.to_json()  # the CLI's JSON document can always be built


@SETTINGS
@given(news_like)
def test_extract_news_like_text(text):
    check_offsets(text)


@SETTINGS
@given(any_text)
def test_extract_any_unicode_text(text):
    check_offsets(text)


@SETTINGS
@given(
    st.lists(st.sampled_from(WORDS[:40]), min_size=3, max_size=25).map(" ".join), st.sampled_from(["fr", "en", "auto"])
)
def test_extract_with_every_language_setting(text, lang):
    try:
        document = extract(text + ".", lang=lang)
    except ArticleError:
        return
    assert all(0 <= c.start < c.end <= len(text) + 1 for c in document.claims)


def _write(data: bytes, name: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="prop-"))
    path = folder / name
    path.write_bytes(data)
    return path


random_bytes = st.one_of(
    st.binary(max_size=600),
    any_text.map(lambda t: t.encode("utf-8")),
    any_text.map(lambda t: t.encode("utf-8", "replace").replace(b"e", b"\xe9")),
)


@FILES
@given(random_bytes, st.sampled_from([".txt", ".md", ".html"]))
def test_read_article_random_files(data, suffix):
    try:
        text = read_article(_write(data, "article" + suffix))
    except ArticleError as e:
        assert "article" in str(e)
        return
    assert isinstance(text, str) and text.strip()


@FILES
@given(random_bytes)
def test_upload_and_paste_random_content(data):
    for attempt in (lambda: article_from_upload("envoi.txt", data), lambda: article_from_paste(data.decode("latin-1"))):
        try:
            assert attempt().strip()
        except ArticleError:
            pass


@FILES
@given(random_bytes, st.sampled_from([".jsonl", ".csv", ".md", ".txt"]))
def test_corpus_random_files(data, suffix):
    path = _write(data, "corpus" + suffix)
    try:
        passages = load_corpus_file(path)
    except CorpusFormatError as e:
        assert str(path) in str(e)
        return
    assert passages
    assert len({p.id for p in passages}) == len(passages)
    for p in passages:
        assert p.text and p.text == " ".join(p.text.split()) and p.sha256 == text_hash(p.text)


json_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    any_text,
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
row = st.dictionaries(st.sampled_from(["id", "text", "title", "source", "url", "date", "lang", "extra"]), json_value)


@FILES
@given(st.lists(row, max_size=8))
def test_corpus_random_jsonl_rows(rows):
    """Any JSON object per line: a clean import or a message naming a line."""
    content = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
    path = _write(content.encode("utf-8"), "rows.jsonl")
    try:
        passages = load_corpus_file(path)
    except CorpusFormatError as e:
        assert f"{path}:" in str(e) or "empty" in str(e)
        return
    assert len(passages) <= len(rows)


cell_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=60
).filter(lambda t: t.strip() and len(t.split()) > 0)


@FILES
@given(st.lists(st.tuples(cell_text, cell_text), min_size=1, max_size=10, unique_by=lambda r: r[0].strip()))
def test_csv_keeps_every_row(rows):
    """Whatever the cells hold (quotes, commas, newlines, accents), every row comes back."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "text"])
    writer.writerows(rows)
    path = _write(buffer.getvalue().encode("utf-8"), "rows.csv")
    passages = load_corpus_file(path)
    assert {p.id: p.text for p in passages} == {i.strip(): " ".join(t.split()) for i, t in rows}


@FILES
@given(st.lists(cell_text, min_size=1, max_size=10))
@example(["séparateur\u2028de ligne", "paragraphe\u2029suivant", "saut\x0cde page"])
def test_jsonl_keeps_every_row_and_its_line(texts):
    """Characters str.splitlines() would cut at stay inside their JSON string."""
    lines = [json.dumps({"text": t}, ensure_ascii=False) for t in texts]
    path = _write("\n".join(lines).encode("utf-8"), "lignes.jsonl")
    passages = load_corpus_file(path)
    assert [p.id for p in passages] == [f"lignes-{n}" for n in range(1, len(texts) + 1)]
    assert [p.text for p in passages] == [" ".join(t.split()) for t in texts]


printable_words = st.lists(st.text(string.ascii_letters + "éèàç'’-", min_size=1, max_size=12), min_size=1, max_size=30)


@FILES
@given(st.lists(printable_words.map(" ".join), min_size=1, max_size=6))
def test_paragraph_files_keep_every_paragraph(paragraphs):
    path = _write("\n\n".join(paragraphs).encode("utf-8"), "notes.md")
    passages = load_corpus_file(path)
    assert [p.text for p in passages] == [" ".join(p.lstrip("#").split()) for p in paragraphs]
