"""kill -9 in the middle of `ingest` and `check`: after a restart the database passes
PRAGMA integrity_check, everything committed before the kill is there, and running
the command again finishes the work without a single duplicate.

Each case runs the real CLI as a process and kills it (SIGKILL, no chance to clean
up) at a point seen from outside: the write-ahead log growing during a transaction,
the first embedding batch committed, a check's first query vectors committed.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.review.steps import ingest_corpus_files
from checker.settings import PACKAGE_ROOT, SAMPLE_ARTICLE, SAMPLE_CORPUS
from checker.store.database import Store

pytestmark = pytest.mark.slow  # each case starts and kills real CLI processes

CITIES = ("Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Lille", "Rennes", "Bordeaux")


def corpus_file(path: Path, n: int, *, words: int = 12) -> Path:
    """n distinct passages (distinct texts, so distinct hashes and vectors)."""
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            city = CITIES[i % len(CITIES)]
            filler = " ".join(f"mot{(i * 7 + k) % 997}" for k in range(words))
            text = f"Passage {i} : l'entreprise n°{i} a créé {i % 500} emplois à {city} en {2000 + i % 25}. {filler}"
            f.write(json.dumps({"id": f"p{i}", "text": text, "source": "test"}, ensure_ascii=False) + "\n")
    return path


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "checker", *args],
        cwd=PACKAGE_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )


def kill_when(proc: subprocess.Popen, ready: Callable[[], bool], *, timeout: float = 240) -> None:
    """SIGKILL the process the moment `ready()` holds; fail if it ended first."""
    deadline = time.monotonic() + timeout
    while not ready():
        if proc.poll() is not None:
            pytest.fail(
                f"the command ended (code {proc.returncode}) before the kill point:\n{proc.stderr.read().decode()}"
            )
        assert time.monotonic() < deadline, "kill point never reached"
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def count(db: Path, sql: str) -> int:
    """A reader's view (WAL: it sees only committed data and never blocks the writer)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:
        return -1  # the file or a table is not there yet


def consistent(db: Path) -> Store:
    """Reopen after the crash as the next command would, and check the file."""
    store = Store(db)
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert store.db.execute("INSERT INTO passages_fts(passages_fts) VALUES ('integrity-check')") is not None
    return store


def finish(*args: str):
    """The re-run, as the user would type it; in this process, so the model loaded
    once for the test session is reused (the crash itself needs a real process)."""
    done = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert done.exit_code == 0, done.stderr
    return done


def test_kill_during_the_passage_transaction(tmp_path):
    """Killed while a 20,000-passage import is half written: none of it is there (one
    transaction), the corpus imported before is intact, and the re-run adds all once."""
    db = tmp_path / "desk.db"
    store = Store(db)
    ingest_corpus_files(store, None, [SAMPLE_CORPUS], corpus="ancien")
    before = store.db["passages"].count
    store.close()
    big = corpus_file(tmp_path / "gros.jsonl", 20_000)
    wal = Path(f"{db}-wal")

    proc = start("ingest", str(big), "--no-embed", "--db", str(db))
    kill_when(proc, lambda: wal.exists() and wal.stat().st_size > 2_000_000)

    store = consistent(db)
    assert store.corpora() == [{"name": "ancien", "passages": before}]
    store.close()
    done = finish("ingest", str(big), "--no-embed", "--db", str(db))
    assert "20000 added, 0 updated, 0 unchanged" in done.stderr
    store = consistent(db)
    assert store.db.execute("SELECT count(*), count(DISTINCT id) FROM passages WHERE corpus = 'gros'").fetchone() == (
        20_000,
        20_000,
    )
    assert store.db.execute("SELECT count(*) FROM passages_fts").fetchone()[0] == 20_000 + before
    store.close()


def test_kill_during_embedding(tmp_path, embedder):
    """Killed after the first batch of vectors was saved: the passages and that batch
    are there; the re-run encodes only the rest, and no vector twice."""
    db = tmp_path / "desk.db"
    corpus = corpus_file(tmp_path / "ref.jsonl", 400, words=4)
    proc = start("ingest", str(corpus), "--db", str(db))
    kill_when(proc, lambda: count(db, "SELECT count(*) FROM embeddings") > 0)

    store = consistent(db)
    assert store.db["passages"].count == 400
    kept = store.db["embeddings"].count
    assert 0 < kept < 400
    print(f"killed after {kept} of 400 vectors were saved")
    store.close()
    done = finish("ingest", str(corpus), "--db", str(db))
    assert f"0 added, 0 updated, 400 unchanged, {400 - kept} embedded" in done.stderr
    store = consistent(db)
    assert store.db.execute("SELECT count(*), count(DISTINCT sha256) FROM embeddings").fetchone() == (400, 400)
    store.close()


def test_kill_during_check(tmp_path, embedder):
    """Killed while matching, once its first claims' query vectors are saved: the check
    is saved in one transaction at the end, so nothing of the article is there (the
    query vectors are a cache and stay); the re-run checks every claim once."""
    db = tmp_path / "desk.db"
    store = Store(db)
    ingest_corpus_files(store, embedder, [SAMPLE_CORPUS], corpus="sample")
    store.close()

    proc = start("check", str(SAMPLE_ARTICLE), "--corpus", "sample", "--db", str(db))
    # a generous bound: the process loads the model and spaCy and extracts first
    kill_when(proc, lambda: count(db, "SELECT count(*) FROM embeddings WHERE model LIKE '%#query'") > 0, timeout=900)

    store = consistent(db)
    for table in ("articles", "claims", "checks", "matches"):
        assert store.db[table].count == 0, table
    store.close()

    finish("check", str(SAMPLE_ARTICLE), "--corpus", "sample", "--db", str(db))
    store = consistent(db)
    claims = store.db["claims"].count
    assert store.db["articles"].count == 1 and claims > 5
    assert store.db["checks"].count == claims
    assert (
        store.db.execute(
            "SELECT count(*) FROM (SELECT claim_id, rank FROM matches GROUP BY claim_id, rank HAVING count(*) > 1)"
        ).fetchone()[0]
        == 0
    )
    store.close()
