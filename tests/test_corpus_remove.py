"""Passages leave the corpus: `checker corpus remove ID…` and `ingest --replace` (the
database mirrors the file). A verdict that used a removed passage keeps its snapshot,
and the report still quotes it; no foreign key is left dangling."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.retrieval.search import fts_query
from checker.store.database import Store
from tests.conftest import ClaimRecord, assert_refused, digest

ROWS = [
    {"id": "p1", "text": "La mairie de Lyon a ouvert trois écoles en 2023.", "source": "AFP"},
    {"id": "p2", "text": "Le conseil municipal a retiré le chiffre des écoles.", "source": "Le Progrès"},
    {"id": "p3", "text": "Le budget de la ville atteint 800 millions d'euros.", "source": "Insee"},
]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def write_corpus(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def desk(tmp_path) -> tuple[Path, Path]:
    """A corpus of three passages; a claim matched to p1 and p2, judged with p2 as evidence."""
    db, corpus = tmp_path / "desk.db", write_corpus(tmp_path / "ref.jsonl", ROWS)
    assert run("ingest", corpus, "--no-embed", "--db", db).exit_code == 0
    s = Store(db)
    s.save_article(
        text="Lyon a ouvert trois écoles.",
        title="Écoles",
        lang="fr",
        sha256="12" * 32,
        claims=[ClaimRecord("c1", "Lyon a ouvert trois écoles en 2023.")],
    )
    pks = {r["id"]: r["pk"] for r in s.db.query("SELECT id, pk FROM passages")}
    s.save_check(
        "c1",
        model="m",
        corpora=["ref"],
        suggestion="related",
        signals=[],
        matches=[{"pk": pks["p1"], "score": 0.9}, {"pk": pks["p2"], "score": 0.8}],
    )
    s.record_verdict("c1", "false", note="retiré", evidence=["p2"], reviewer="ana")
    s.close()
    return db, corpus


def _consistent(db: Path) -> Store:
    s = Store(db)
    assert s.db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert s.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    s.db.execute("INSERT INTO passages_fts(passages_fts) VALUES ('integrity-check')")
    return s


def test_reimporting_without_replace_keeps_a_retracted_passage(desk):
    db, corpus = desk
    write_corpus(corpus, [ROWS[0], ROWS[2]])
    assert run("ingest", corpus, "--no-embed", "--db", db).exit_code == 0
    s = Store(db)
    assert s.db["passages"].count == 3  # a merge, as before: nothing removed without --replace
    s.close()


def test_replace_mirrors_the_file_and_the_verdict_keeps_its_snapshot(desk):
    db, corpus = desk
    write_corpus(corpus, [ROWS[0], ROWS[2]])
    result = run("ingest", corpus, "--no-embed", "--replace", "--db", db)
    assert result.exit_code == 0 and "1 removed" in result.stderr, result.stderr
    s = _consistent(db)
    assert sorted(r["id"] for r in s.db.query("SELECT id FROM passages")) == ["p1", "p3"]
    assert [m["passage_id"] for m in s.matches("c1")] == ["p1"]
    assert s.lexical_search(fts_query("conseil municipal retiré"), ["ref"]) == []
    evidence = s.current_verdict("c1", reviewer="ana")["evidence"]
    assert evidence[0]["passage_id"] == "p2" and evidence[0]["text"] == ROWS[1]["text"]
    s.close()
    exported = json.loads(run("export", "--format", "json", "--db", db).stdout)
    cited = exported["articles"][0]["claims"][0]["verdict"]["evidence"]
    assert cited[0]["passage_id"] == "p2" and cited[0]["text"] == ROWS[1]["text"]
    assert ROWS[1]["text"] in run("export", "--format", "markdown", "--db", db).stdout
    again = run("ingest", corpus, "--no-embed", "--replace", "--db", db)
    assert "0 added, 0 updated, 2 unchanged, 0 embedded, 0 removed" in again.stderr


def test_remove_by_id(desk):
    db, _ = desk
    result = run("corpus", "remove", "p2", "p3", "--db", db)
    assert result.exit_code == 0 and "2 removed: ref/p2, ref/p3" in result.stderr
    s = _consistent(db)
    assert [r["id"] for r in s.db.query("SELECT id FROM passages")] == ["p1"]
    assert s.current_verdict("c1", reviewer="ana")["evidence"][0]["text"] == ROWS[1]["text"]
    s.close()


def test_remove_refuses_an_unknown_or_ambiguous_id_and_removes_nothing(desk, tmp_path):
    db, _ = desk
    other = write_corpus(tmp_path / "autre.jsonl", [ROWS[0]])
    assert run("ingest", other, "--no-embed", "--db", db).exit_code == 0
    gc.collect()  # the in-process command's connection, then a clean close folds the WAL into the file
    Store(db).close()
    before = digest(db)
    assert_refused(run("corpus", "remove", "p3", "p-nope", "--db", db), "no passage with id 'p-nope'")
    assert_refused(
        run("corpus", "remove", "p1", "--db", db), "passage 'p1' is in several corpora (autre, ref)", "--corpus"
    )
    assert_refused(run("corpus", "remove", "p1", "--db", tmp_path / "absent.db"), "absent.db: no such database")
    assert digest(db) == before
    assert run("corpus", "remove", "p1", "--corpus", "autre", "--db", db).exit_code == 0
    s = Store(db)
    assert s.db["passages"].count == 3
    s.close()
