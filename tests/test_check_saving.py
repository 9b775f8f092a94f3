"""Saving a check: the article, its claims and every claim's evidence in one transaction.

A 10,000-word article has about 450 claims; saved claim by claim it took 450
transactions, and a failure half-way left some claims with the new evidence and the
others with the old. These tests use the real model and a real SQLite file; the
failure is a real SQLite error raised by a trigger in the middle of the writes.
"""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from checker.review.steps import actors_of, check_article, ingest_corpus_files, match_texts
from checker.settings import SAMPLE_ARTICLE, SAMPLE_CORPUS
from checker.store.database import Store
from claims import extract, read_article

TABLES = {
    "articles": "SELECT id, title, text, lang, sha256, created_at FROM articles ORDER BY id",
    "claims": "SELECT * FROM claims ORDER BY id",
    "checks": "SELECT * FROM checks ORDER BY claim_id",
    "matches": "SELECT * FROM matches ORDER BY claim_id, rank",
}


def _rows(store: Store) -> dict[str, list[tuple]]:
    return {name: store.db.execute(sql).fetchall() for name, sql in TABLES.items()}


@pytest.fixture(scope="module")
def sample_db(embedder, tmp_path_factory):
    """A database file with the sample corpus ingested and encoded, copied per test."""
    path = tmp_path_factory.mktemp("saving") / "sample.db"
    store = Store(path)
    ingest_corpus_files(store, embedder, [SAMPLE_CORPUS], corpus="sample")
    store.close()
    return path


def test_a_check_that_fails_while_saving_leaves_the_previous_check_as_it_was(embedder, sample_db, tmp_path):
    db = tmp_path / "desk.db"
    shutil.copy(sample_db, db)
    store = Store(db)
    text = read_article(SAMPLE_ARTICLE)
    first = check_article(store, embedder, text, corpora=["sample"])
    before = _rows(store)
    assert len(before["checks"]) == len(first["claims"]) > 20
    # the re-check's 21st new evidence row fails, as a full disk would
    last = store.db.execute("SELECT max(created_at) FROM matches").fetchone()[0]
    store.db.execute(
        "CREATE TRIGGER fail_midway BEFORE INSERT ON matches"
        f" WHEN (SELECT count(*) FROM matches WHERE created_at > '{last}') >= 20"
        " BEGIN SELECT RAISE(ABORT, 'simulated failure'); END"
    )
    with pytest.raises(sqlite3.DatabaseError, match="simulated failure"):
        check_article(store, embedder, text, corpora=["sample"])
    assert _rows(store) == before
    store.db.execute("DROP TRIGGER fail_midway")
    again = check_article(store, embedder, text, corpora=["sample"])
    assert [c["id"] for c in again["claims"]] == [c["id"] for c in first["claims"]]
    after = _rows(store)
    assert len(after["checks"]) == len(before["checks"]) and after["checks"] != before["checks"]  # new times
    store.close()


def test_a_first_check_that_fails_while_saving_stores_nothing(embedder, sample_db, tmp_path):
    db = tmp_path / "desk.db"
    shutil.copy(sample_db, db)
    store = Store(db)
    store.db.execute(
        "CREATE TRIGGER fail_midway BEFORE INSERT ON matches WHEN (SELECT count(*) FROM matches) >= 20"
        " BEGIN SELECT RAISE(ABORT, 'simulated failure'); END"
    )
    with pytest.raises(sqlite3.DatabaseError, match="simulated failure"):
        check_article(store, embedder, read_article(SAMPLE_ARTICLE), corpora=["sample"])
    assert all(rows == [] for rows in _rows(store).values())
    store.close()


def test_the_rows_saved_in_one_go_are_those_saved_claim_by_claim(embedder, sample_db, tmp_path):
    """`save_checks` writes what one `save_check` per claim wrote (times apart)."""
    text = read_article(SAMPLE_ARTICLE)
    extracted = extract(text)
    claims = extracted.claims
    stores = {}
    for name in ("one_go", "claim_by_claim"):
        shutil.copy(sample_db, tmp_path / f"{name}.db")
        stores[name] = Store(tmp_path / f"{name}.db")
        stores[name].save_article(text=text, title=extracted.title, lang=extracted.lang, sha256="0" * 64, claims=claims)
    results = match_texts(
        stores["one_go"], embedder, [c.text for c in claims], ["sample"], actors=[actors_of(c.features) for c in claims]
    )
    stores["one_go"].save_checks(
        [
            {"claim_id": c.id, "suggestion": r["suggestion"], "signals": r["signals"], "matches": r["matches"]}
            for c, r in zip(claims, results)
        ],
        model=embedder.model_id,
        corpora=["sample"],
    )
    for c, r in zip(claims, results):
        stores["claim_by_claim"].save_check(
            c.id,
            model=embedder.model_id,
            corpora=["sample"],
            suggestion=r["suggestion"],
            signals=r["signals"],
            matches=r["matches"],
        )
    saved = {}
    for name, store in stores.items():
        saved[name] = (
            store.db.execute(
                "SELECT claim_id, suggestion, signals, model, corpora FROM checks ORDER BY claim_id"
            ).fetchall(),
            store.db.execute(
                "SELECT claim_id, passage_pk, rank, dense, lexical, fuzzy, score, suggestion, signals, model"
                " FROM matches ORDER BY claim_id, rank"
            ).fetchall(),
        )
        store.close()
    assert len(saved["one_go"][0]) == len(claims) and len(saved["one_go"][1]) > len(claims)
    assert saved["one_go"] == saved["claim_by_claim"]
