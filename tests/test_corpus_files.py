"""Reading reference corpora: every format, and every bad file refused by name and line."""

from __future__ import annotations

import json

import pytest

from checker.errors import CorpusFormatError
from checker.settings import SAMPLE_CORPUS
from checker.store.corpus_files import load_corpus_file


def test_sample_corpus_keeps_provenance():
    passages = load_corpus_file(SAMPLE_CORPUS)
    ids = {p.id for p in passages}
    assert {"F04-fr", "F04-en", "D01-fr"} <= ids
    f04 = next(p for p in passages if p.id == "F04-fr")
    assert "6,6 milliards" in f04.text
    assert f04.source and f04.date == "2024-10-02" and f04.lang == "fr"
    assert len(f04.sha256) == 64


def test_jsonl_csv_md_txt(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"id": "x1", "text": "Paris est la capitale.", "lang": "fr"}) + "\n\n", encoding="utf-8"
    )
    (tmp_path / "b.csv").write_text("id,text,source\ny1,Londres compte 9 millions d'habitants.,ONS\n", encoding="utf-8")
    (tmp_path / "c.md").write_text("# Titre\n\nPremier paragraphe.\n\nSecond\nparagraphe.\n", encoding="utf-8")
    (tmp_path / "d.txt").write_text("\ufeffUne ligne.", encoding="utf-8")
    assert [p.id for p in load_corpus_file(tmp_path / "a.jsonl")] == ["x1"]
    assert load_corpus_file(tmp_path / "b.csv")[0].source == "ONS"
    md = load_corpus_file(tmp_path / "c.md")
    assert [p.text for p in md] == ["Titre", "Premier paragraphe.", "Second paragraphe."]
    assert md[1].id == "c-3"
    assert load_corpus_file(tmp_path / "d.txt")[0].text == "Une ligne."


def test_repeated_id_keeps_the_later_text(tmp_path):
    f = tmp_path / "dup.jsonl"
    f.write_text('{"id": "a", "text": "old"}\n{"id": "a", "text": "new"}\n', encoding="utf-8")
    assert [p.text for p in load_corpus_file(f)] == ["new"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.jsonl", '{"id": "a", "text": "ok"}\n{not json}\n', "bad.jsonl:2: not valid JSON"),
        ("notext.jsonl", '{"id": "a", "title": "no text"}\n', "bad.jsonl:1: field 'text'".replace("bad", "notext")),
        ("list.jsonl", "[1, 2]\n", "list.jsonl:1: expected a JSON object"),
        ("cols.csv", "id,body\n1,hello\n", "cols.csv:1: no 'text' column (columns: id, body)"),
        ("extra.csv", "id,text\n1,hello,extra\n", "extra.csv:2: more cells"),
        ("empty.jsonl", "  \n", "empty.jsonl: the file is empty"),
        ("x.pdf", "whatever", "unsupported corpus format .pdf"),
    ],
)
def test_bad_files_are_named(tmp_path, name, content, message):
    f = tmp_path / name
    f.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusFormatError) as e:
        load_corpus_file(f)
    assert message in str(e.value)


def test_binary_and_latin1_are_refused(tmp_path):
    (tmp_path / "bin.jsonl").write_bytes(b"\x89PNG\x00\x01")
    (tmp_path / "latin.txt").write_bytes("ligne un\ncaf\xe9".encode("latin-1"))
    with pytest.raises(CorpusFormatError, match="binary"):
        load_corpus_file(tmp_path / "bin.jsonl")
    with pytest.raises(CorpusFormatError, match=r"latin.txt:2: not UTF-8"):
        load_corpus_file(tmp_path / "latin.txt")
