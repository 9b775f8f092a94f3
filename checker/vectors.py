"""Passage vectors for a set of corpora, embedded once per (model, text hash).

Encoding is the slow step of a check, so vectors are kept in SQLite and reused across
runs, corpora and articles; only passages whose text is new to this model are encoded.
The matrix for a set of corpora is also kept in memory for the life of the process,
keyed by what could change it, so a reviewer's next query does not reload it.
"""
from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from checker.embed import Embedder
from checker.store import Store


@dataclass(frozen=True)
class PassageMatrix:
    """Row i of `vectors` is the passage with primary key `pks[i]`; rows are L2-normalised."""

    pks: np.ndarray
    vectors: np.ndarray
    langs: tuple[str, ...]


_MEMORY: dict[tuple, PassageMatrix] = {}


def embed_missing(store: Store, embedder: Embedder, passages: Sequence[dict], *, show_progress: bool = False) -> int:
    """Encode and cache the passages whose (model, hash) has no vector yet; returns how many."""
    cached = store.vectors(embedder.model_id, [p["sha256"] for p in passages])
    todo: dict[str, str] = {}
    for p in passages:
        if p["sha256"] not in cached:
            todo.setdefault(p["sha256"], p["text"])
    if not todo:
        return 0
    if show_progress:
        print(f"Embedding {len(todo)} passages with {embedder.model_id} …", file=sys.stderr)
    hashes = list(todo)
    batch = 256
    for i in range(0, len(hashes), batch):
        chunk = hashes[i : i + batch]
        vectors = embedder.encode_passages([todo[h] for h in chunk], show_progress=show_progress)
        store.save_vectors(embedder.model_id, zip(chunk, vectors))
    return len(todo)


def passage_matrix(store: Store, embedder: Embedder, corpora: Sequence[str]) -> PassageMatrix:
    """All passages of the corpora as one matrix, embedding what is missing first."""
    stamp = store.db.execute(
        f"SELECT count(*), max(pk), group_concat(sha256) FROM (SELECT pk, sha256 FROM passages"
        f" WHERE corpus IN ({','.join('?' * len(corpora))}) ORDER BY pk)",
        list(corpora),
    ).fetchone()
    key = (str(store.path.resolve()), embedder.model_id, tuple(sorted(corpora)), stamp[0], stamp[1], hash(stamp[2]))
    if key in _MEMORY:
        return _MEMORY[key]
    passages = store.passages(corpora)
    embed_missing(store, embedder, passages)
    cached = store.vectors(embedder.model_id, [p["sha256"] for p in passages])
    if passages:
        vectors = np.vstack([cached[p["sha256"]] for p in passages]).astype(np.float32)
    else:
        vectors = np.zeros((0, embedder.dim), dtype=np.float32)
    matrix = PassageMatrix(
        pks=np.array([p["pk"] for p in passages], dtype=np.int64),
        vectors=vectors,
        langs=tuple(p["lang"] or "" for p in passages),
    )
    _MEMORY.clear()
    _MEMORY[key] = matrix
    return matrix
