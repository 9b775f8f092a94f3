"""The database file: schema, WAL, idempotent imports, append-only verdicts and undo."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

import pytest

from checker.errors import InputError, NotFoundError, StoreError
from checker.settings import SAMPLE_CORPUS
from checker.store.corpus_files import load_corpus_file, make_passage
from checker.store.database import Store
from tests.conftest import saved_article

try:  # the PostgreSQL driver's errors, for the engine-parametrised tests
    from psycopg import Error as ServerError
except ImportError:  # pragma: no cover - requirements.txt installs it
    ServerError = sqlite3.DatabaseError  # type: ignore[misc,assignment]


@pytest.fixture
def store(db_url):
    """The test's database on each engine in turn (overrides conftest's SQLite-only one)."""
    s = Store(db_url)
    yield s
    s.close()


@dataclass
class ClaimRecord:
    """The fields of claims.Claim that the store reads, without running the extractor."""

    id: str
    text: str
    start: int = 0
    end: int = 5
    sentence: str = "Texte."
    checkworthy: bool = True
    score: float = 0.8
    reasons: list = field(default_factory=lambda: ["date: 2024"])
    features: dict = field(default_factory=lambda: {"dates": [{"text": "2024", "iso": "2024"}]})


def test_wal_foreign_keys_and_reopen(tmp_path):
    path = tmp_path / "desk.db"
    s = Store(path)
    assert s.db.journal_mode == "wal"
    assert s.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    aid = saved_article(s)
    s.record_verdict("c1", "false", note="faux, voir F01", reviewer="ana")
    s.close()
    again = Store(path)
    assert again.current_verdict("c1")["note"] == "faux, voir F01"
    assert [c["id"] for c in again.claims(aid)] == ["c1", "c2"]


def test_same_article_twice_creates_nothing_new(store):
    a = saved_article(store)
    b = saved_article(store)
    assert a == b
    assert store.db["articles"].count == 1 and store.db["claims"].count == 2


def test_reextraction_drops_stale_claims_but_never_judged_ones(store):
    aid = saved_article(store, claims=("c1", "c2", "c3"))
    store.record_verdict("c3", "true")
    saved_article(store, claims=("c1",))
    assert {c["id"] for c in store.claims(aid)} == {"c1", "c3"}


def test_passages_upsert_counts_and_changed_text(store):
    passages = load_corpus_file(SAMPLE_CORPUS)
    assert store.upsert_passages("sample", passages)["added"] == len(passages)
    assert store.upsert_passages("sample", passages)["unchanged"] == len(passages)
    changed = [make_passage(id="F04-fr", text="Texte corrigé.")]
    assert store.upsert_passages("sample", changed) == {"added": 0, "updated": 1, "unchanged": 0}
    hits = store.lexical_search('"corrige"', ["sample"])
    assert [store.passages_by_pk([pk])[pk]["id"] for pk, _ in hits] == ["F04-fr"]


def test_fts_ignores_accents_and_is_per_corpus(store):
    store.upsert_passages("a", [make_passage(id="1", text="Le siège est à Londres.")])
    store.upsert_passages("b", [make_passage(id="2", text="Londres, siège de DeepMind.")])
    assert len(store.lexical_search('"siege"', ["a"])) == 1
    assert len(store.lexical_search('"siege"', ["a", "b"])) == 2


def test_verdicts_are_append_only_with_history_and_undo(store):
    saved_article(store)
    store.upsert_passages("sample", load_corpus_file(SAMPLE_CORPUS))
    first = store.record_verdict("c1", "true", note="ok", evidence=["F01-fr"], reviewer="ana")
    assert first["evidence"][0]["source"] == "Blog d'OpenAI"
    store.record_verdict("c1", "false", note="non", reviewer="ana")
    assert store.current_verdict("c1")["verdict"] == "false"
    assert store.undo_last_verdict("c1", reviewer="ana")["verdict"] == "true"
    assert store.undo_last_verdict("c1", reviewer="ana") is None
    assert store.current_verdict("c1") is None
    assert [v["verdict"] for v in store.verdict_history("c1")] == ["true", "false", "true", "unreviewed"]
    with pytest.raises((sqlite3.DatabaseError, ServerError), match="append-only"):
        store.db.execute("UPDATE verdicts SET verdict = 'true'")
    with pytest.raises((sqlite3.DatabaseError, ServerError), match="append-only"):
        store.db.execute("DELETE FROM verdicts")


def test_reviewers_have_their_own_current_verdict(store):
    saved_article(store)
    store.record_verdict("c1", "true", reviewer="ana")
    store.record_verdict("c1", "false", reviewer="ben")
    assert store.current_verdict("c1", reviewer="ana")["verdict"] == "true"
    assert store.current_verdict("c1")["verdict"] == "false"


def test_bad_verdicts_change_nothing(store):
    saved_article(store)
    with pytest.raises(InputError, match="not one of"):
        store.record_verdict("c1", "maybe")
    with pytest.raises(NotFoundError, match="no claim"):
        store.record_verdict("nope", "true")
    with pytest.raises(NotFoundError, match="no passage"):
        store.record_verdict("c1", "true", evidence=["missing"])
    assert store.db["verdicts"].count == 0


def test_not_a_database(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("this is not sqlite " * 100)
    with pytest.raises(StoreError, match="notes.db"):
        Store(path)


def test_a_draft_note_is_kept_per_reviewer_until_a_verdict_takes_it(tmp_path):
    path = tmp_path / "desk.db"
    store = Store(path)
    saved_article(store)
    store.save_draft("c1", "Appeler la préfecture", reviewer="Camille")
    store.save_draft("c1", "Autre piste", reviewer="Noé")
    store.close()
    store = Store(path)  # a restart gives the drafts back
    assert store.draft("c1", reviewer="Camille") == "Appeler la préfecture"
    assert store.draft("c1", reviewer="Noé") == "Autre piste"
    assert store.draft("c2", reviewer="Camille") is None
    store.save_draft("c1", "Appeler la préfecture, puis la mairie", reviewer="Camille")
    assert store.draft("c1", reviewer="Camille") == "Appeler la préfecture, puis la mairie"
    store.record_verdict("c1", "true", note="Confirmé par la mairie", reviewer="Camille")
    assert store.draft("c1", reviewer="Camille") is None
    assert store.draft("c1", reviewer="Noé") == "Autre piste"
    store.save_draft("c1", "   ", reviewer="Noé")
    assert store.draft("c1", reviewer="Noé") is None
    with pytest.raises(NotFoundError):
        store.save_draft("nope", "x", reviewer="Noé")


def test_an_older_database_gains_the_drafts_table(tmp_path):
    path = tmp_path / "old.db"
    store = Store(path)
    saved_article(store)
    store.close()
    con = sqlite3.connect(path)
    con.execute("DROP TABLE drafts")
    con.commit()
    con.close()
    store = Store(path)
    assert "drafts" in store.db.table_names()
    store.save_draft("c1", "Brouillon", reviewer="")
    assert store.draft("c1") == "Brouillon"


def test_one_reviewers_undo_leaves_anothers_verdict_standing(store):
    """Alice: false; Bob: true, then Bob's undo. The claim used to read 'unreviewed' for
    everyone, because the latest row of anyone was Bob's clearing one."""
    saved_article(store)
    store.record_verdict("c1", "false", note="6,6 et non 6,8", reviewer="Alice")
    store.record_verdict("c1", "true", reviewer="Bob")
    assert store.undo_last_verdict("c1", reviewer="Bob") is None  # nothing left of Bob's
    current = store.current_verdict("c1")
    assert (current["verdict"], current["reviewer"], current["note"]) == ("false", "Alice", "6,6 et non 6,8")
    assert store.current_verdict("c1", reviewer="Alice")["verdict"] == "false"
    assert [(v["reviewer"], v["verdict"]) for v in store.verdict_history("c1")] == [
        ("Alice", "false"),
        ("Bob", "true"),
        ("Bob", "unreviewed"),
    ]
