"""Search on a PostgreSQL desk runs in the server (pgvector's HNSW index): the same
evidence as a SQLite desk on the sample, and no passage vector held by the process."""

from __future__ import annotations

import tracemalloc

import numpy as np

from checker.retrieval.search import Weights, search
from checker.review.steps import ensure_sample
from checker.settings import SAMPLE_CORPUS_NAME
from checker.store.corpus_files import make_passage
from checker.store.database import Store

DENSE_ONLY = Weights(dense=1.0, lexical=0.0, fuzzy=0.0, overlap=0.0)


def _top5(store: Store, embedder, texts: list[str], weights: Weights | None = None) -> list[list[str]]:
    found = search(store, embedder, texts, [SAMPLE_CORPUS_NAME], top_k=5, **({"weights": weights} if weights else {}))
    ids = {p["pk"]: p["id"] for p in store.passages([SAMPLE_CORPUS_NAME])}
    return [[ids[m["pk"]] for m in matches] for matches in found]


def test_a_postgresql_desk_finds_the_sample_evidence_a_sqlite_desk_finds(tmp_path, pg_url, embedder):
    lite, pg = Store(tmp_path / "desk.db"), Store(pg_url)
    article = ensure_sample(lite, embedder)
    assert ensure_sample(pg, embedder) == article
    texts = [c["text"] for c in lite.claims(article)]
    assert texts == [c["text"] for c in pg.claims(article)]
    # the dense channel, the one the server now searches, ranks as the in-memory one;
    # the hybrid ranking may differ where the lexical channels do (FTS5's BM25 on
    # SQLite, French and English tsvectors on the server)
    assert _top5(pg, embedder, texts, DENSE_ONLY) == _top5(lite, embedder, texts, DENSE_ONLY)
    lite.close(), pg.close()


def _bulk_desk(db: str, embedder, n: int) -> int:
    """`n` short passages with vectors (random unit vectors under the model's id, as if
    embedded); returns the bytes their vector matrix takes."""
    s = Store(db)
    passages = [
        make_passage(id=f"b{i}", text=f"Passage {i} : le bureau {i % 97} ouvre en {1990 + i % 35}.") for i in range(n)
    ]
    s.upsert_passages("bulk", passages)
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((n, embedder.dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    s.save_vectors(embedder.model_id, [(p["sha256"], v) for p, v in zip(s.passages(["bulk"]), vectors)])
    s.close()
    return vectors.nbytes


def _peak_bytes(store: Store, embedder, text: str) -> tuple[int, list[dict]]:
    """Bytes allocated at the peak of one search (numpy arrays included)."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        [found] = search(store, embedder, [text], ["bulk"], top_k=5)
        return tracemalloc.get_traced_memory()[1], found
    finally:
        tracemalloc.stop()


def test_a_postgresql_search_holds_no_vector_matrix_and_uses_the_hnsw_index(tmp_path, pg_url, embedder):
    n = 6000
    query = "Le bureau 42 ouvre en 2001."
    matrix_bytes = {}
    for db in (str(tmp_path / "desk.db"), pg_url):
        matrix_bytes[db] = _bulk_desk(db, embedder, n)
    lite, pg = Store(tmp_path / "desk.db"), Store(pg_url)
    # the query's vector is cached and the passages' windows recorded by a first search
    search(lite, embedder, ["autre chose"], ["other"])
    search(pg, embedder, [query], ["bulk"])
    # baseline in the same run: a SQLite search loads the corpus's matrix, and the
    # measure sees it
    lite_peak, _ = _peak_bytes(lite, embedder, query)
    assert lite_peak >= matrix_bytes[str(tmp_path / "desk.db")]
    scans_before = _index_scans(pg)
    pg_peak, found = _peak_bytes(pg, embedder, query)
    assert len(found) == 5
    assert pg_peak < matrix_bytes[pg_url] / 4, (pg_peak, matrix_bytes[pg_url])
    # and the server answered it with its HNSW index
    assert _index_scans(pg) > scans_before
    lite.close(), pg.close()


def _index_scans(store: Store) -> int:
    """Scans of the desk's HNSW indexes counted by the server's statistics (this
    session's flushed first)."""
    store.db.execute("SELECT pg_stat_force_next_flush()")
    store.db.execute("SELECT pg_stat_clear_snapshot()")
    row = store.db.execute(
        "SELECT coalesce(sum(idx_scan), 0) FROM pg_stat_user_indexes WHERE indexrelname LIKE 'embeddings_hnsw_%'"
    ).fetchone()
    return int(row[0])
