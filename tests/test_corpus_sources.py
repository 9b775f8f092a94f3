"""Which file a corpus came from: two files that share a name never silently share a
corpus, an updated file still updates its own, and a chosen name is a deliberate merge.

Real SQLite files in tmp_path and the real CLI (in-process through click's runner, or
as a process where stderr itself is the point); imports use --no-embed so no model is
loaded except where re-encoding is what is tested.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.review.steps import ingest_corpus_files, resolve_corpora
from checker.settings import PACKAGE_ROOT
from checker.store.corpus_files import CorpusNameClash, make_passage
from checker.store.database import Store


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def corpus_file(path: Path, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def texts(db: Path, corpus: str) -> dict[str, str]:
    s = Store(db)
    try:
        return {r["id"]: r["text"] for r in s.passages([corpus])}
    finally:
        s.close()


A_ROWS = [
    {"id": "1", "text": "Le port du Havre a traité 3 millions de conteneurs."},
    {"id": "2", "text": "Marseille accueille 2 millions de croisiéristes."},
]
B_ROWS = [{"id": "1", "text": "La Banque de France prévoit 0,8 % de croissance."}]


@pytest.fixture
def two_files(tmp_path) -> tuple[Path, Path]:
    """Two different files both called corpus.jsonl, in different folders."""
    return corpus_file(tmp_path / "a" / "corpus.jsonl", A_ROWS), corpus_file(tmp_path / "b" / "corpus.jsonl", B_ROWS)


@pytest.fixture
def desk(tmp_path, two_files) -> Path:
    """A database whose corpus 'corpus' was imported from a/corpus.jsonl, closed cleanly."""
    db = tmp_path / "desk.db"
    s = Store(db)
    ingest_corpus_files(s, None, [two_files[0]])
    s.close()
    return db


def test_a_second_file_of_the_same_name_is_refused_and_nothing_is_written(desk, two_files):
    a, b = two_files
    before = digest(desk)
    result = run("ingest", b, "--no-embed", "--db", desk)
    assert result.exit_code == 2 and result.stdout == ""
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and message.startswith("Error:")
    assert str(b.resolve()) in message and str(a.resolve()) in message
    assert "'corpus'" in message and "--corpus NAME" in message
    assert digest(desk) == before
    assert texts(desk, "corpus") == {r["id"]: r["text"] for r in A_ROWS}


def test_check_corpus_file_is_refused_the_same_way(desk, two_files):
    """`check/search/eval --corpus FILE` import the file under its stem too."""
    before = digest(desk)
    s = Store(desk)
    try:
        with pytest.raises(CorpusNameClash, match="already taken by"):
            resolve_corpora(s, None, [str(two_files[1])])
        assert resolve_corpora(s, None, [str(two_files[0]), "corpus"]) == ["corpus"]
    finally:
        s.close()
    assert digest(desk) == before


def test_two_files_of_one_name_in_one_command_are_refused(tmp_path, two_files):
    db = tmp_path / "new.db"
    result = run("ingest", *two_files, "--no-embed", "--db", db)
    assert result.exit_code == 2
    assert str(two_files[1].resolve()) in result.stderr and str(two_files[0].resolve()) in result.stderr
    assert not db.exists()


def test_the_same_file_updated_is_imported_again(desk, two_files, embedder):
    a, _ = two_files
    corpus_file(a, [A_ROWS[0], {"id": "2", "text": "Marseille a accueilli 2,5 millions de croisiéristes."}])
    result = run("ingest", a, "--no-embed", "--db", desk)
    assert result.exit_code == 0, result.stderr
    assert "0 added, 1 updated, 1 unchanged" in result.stderr
    assert texts(desk, "corpus")["2"] == "Marseille a accueilli 2,5 millions de croisiéristes."
    s = Store(desk)
    try:
        first = ingest_corpus_files(s, embedder, [a])
        assert first["embedded"] == 2
        corpus_file(a, [A_ROWS[0], {"id": "2", "text": "Marseille a accueilli 3 millions de croisiéristes."}])
        again = ingest_corpus_files(s, embedder, [a])
        assert again == {"added": 0, "updated": 1, "unchanged": 1, "embedded": 1}
        assert s.corpora(with_sources=True) == [{"name": "corpus", "passages": 2, "sources": [str(a.resolve())]}]
    finally:
        s.close()


def test_an_explicit_name_merges_on_purpose_and_is_recorded(desk, two_files):
    a, b = two_files
    result = run("ingest", b, "--corpus", "corpus", "--no-embed", "--db", desk)
    assert result.exit_code == 0, result.stderr
    assert "0 added, 1 updated, 0 unchanged" in result.stderr  # b's id 1 replaces a's: the user asked
    s = Store(desk)
    try:
        assert s.corpus_sources() == {"corpus": [str(a.resolve()), str(b.resolve())]}
    finally:
        s.close()
    # both files are now sources of 'corpus', so either may update it by its stem
    assert run("ingest", b, "--no-embed", "--db", desk).exit_code == 0
    # and a new name keeps the two apart
    result = run("ingest", b, "--corpus", "conjoncture", "--no-embed", "--db", desk)
    assert result.exit_code == 0 and "1 added" in result.stderr
    assert texts(desk, "corpus")["2"] == A_ROWS[1]["text"]


def test_a_corpus_older_than_the_record_accepts_the_first_file_that_claims_it(tmp_path, two_files):
    """A database from before sources were recorded: the table appears on opening; the
    first file whose import writes to the corpus becomes its source (an import that
    changes nothing writes nothing, not even that), a second file is refused."""
    a, b = two_files
    db = tmp_path / "old.db"
    s = Store(db)
    s.upsert_passages("corpus", [make_passage(**A_ROWS[0]), make_passage(id="2", text="Une version ancienne.")])
    s.close()
    con = sqlite3.connect(db)
    con.execute("DROP TABLE corpus_sources")
    con.commit()
    con.close()

    result = run("ingest", a, "--no-embed", "--db", db)
    assert result.exit_code == 0 and "0 added, 1 updated, 1 unchanged" in result.stderr
    s = Store(db)
    try:
        assert s.corpora(with_sources=True) == [{"name": "corpus", "passages": 2, "sources": [str(a.resolve())]}]
    finally:
        s.close()
    result = run("ingest", b, "--no-embed", "--db", db)
    assert result.exit_code == 2 and "already taken by" in result.stderr


def test_an_upload_is_known_by_its_name(desk, tmp_path):
    """The Corpus page records an upload as 'upload:<name>': an upload of a/corpus.jsonl's
    name is refused until a name is chosen, and the same upload again is an update."""
    upload = corpus_file(tmp_path / "tmp1" / "corpus.jsonl", B_ROWS)
    s = Store(desk)
    try:
        with pytest.raises(CorpusNameClash) as refused:
            ingest_corpus_files(s, None, [upload], sources=["upload:corpus.jsonl"])
        assert refused.value.new == "upload:corpus.jsonl" and refused.value.corpus == "corpus"
        counts = ingest_corpus_files(s, None, [upload], corpus="envoi", sources=["upload:corpus.jsonl"])
        assert counts["added"] == 1
        first = corpus_file(tmp_path / "tmp2" / "ports.jsonl", A_ROWS)
        assert ingest_corpus_files(s, None, [first], sources=["upload:ports.jsonl"])["added"] == 2
        again = corpus_file(tmp_path / "tmp3" / "ports.jsonl", [A_ROWS[0], B_ROWS[0] | {"id": "2"}])
        counts = ingest_corpus_files(s, None, [again], sources=["upload:ports.jsonl"])  # another temp folder
        assert counts == {"added": 0, "updated": 1, "unchanged": 1, "embedded": 0}
        assert s.corpus_sources()["ports"] == ["upload:ports.jsonl"]
    finally:
        s.close()


@pytest.mark.slow  # a real desk process
def test_the_duplicate_id_warning_is_printed_once(tmp_path):
    dup = corpus_file(tmp_path / "double.jsonl", [{"id": "x", "text": "premier"}, {"id": "x", "text": "second"}])
    done = subprocess.run(
        [sys.executable, "-m", "checker", "ingest", str(dup), "--no-embed", "--db", str(tmp_path / "d.db")],
        capture_output=True,
        text=True,
        cwd=PACKAGE_ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("id 'x' repeats line 1") == 1, done.stderr
    assert texts(tmp_path / "d.db", "double") == {"x": "second"}


def test_batched_upsert_keeps_counts_and_the_full_text_index_in_step(store):
    first = [
        make_passage(id="p1", text="Le Havre exporte des conteneurs."),
        make_passage(id="p2", text="Marseille reçoit des croisiéristes."),
        make_passage(id="p2", text="Marseille reçoit des paquebots."),
    ]  # the later p2 wins
    assert store.upsert_passages("ports", first) == {"added": 2, "updated": 0, "unchanged": 0}
    assert {r["id"]: r["text"] for r in store.passages(["ports"])}["p2"] == "Marseille reçoit des paquebots."
    second = [
        make_passage(id="p1", text="Le Havre importe du charbon."),
        make_passage(id="p2", text="Marseille reçoit des paquebots."),
        make_passage(id="p3", text="Dunkerque exporte des conteneurs."),
    ]
    assert store.upsert_passages("ports", second) == {"added": 1, "updated": 1, "unchanged": 1}
    pks = {r["id"]: r["pk"] for r in store.passages(["ports"])}
    assert [pk for pk, _ in store.lexical_search("conteneurs", ["ports"])] == [pks["p3"]]
    assert [pk for pk, _ in store.lexical_search("charbon", ["ports"])] == [pks["p1"]]
    assert store.lexical_search("croisieristes", ["ports"]) == []
    assert store.db.execute("SELECT count(*) FROM passages_fts").fetchone()[0] == 3
