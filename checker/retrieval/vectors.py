"""Passage and query vectors, embedded once per (model, text hash) and kept in SQLite.

Encoding is the slow step of a check, so vectors are kept in SQLite and reused across
runs, corpora and articles; only texts new to this model are encoded. Passages longer
than the model's window are cut into windows (``checker.retrieval.windows``), each with its own
cached vector; a passage that fits is one window whose hash is the passage's own hash.
Query vectors are cached too (under the model id plus ``#query``, since e5 encodes a
query differently from the same text as a passage), so checking an article again or
re-running an evaluation encodes nothing.

The matrix for a set of corpora is kept in memory for the life of the process, keyed
by what could change it, so a reviewer's next query does not reload it; from
``$FACTCHECK_ANN_MIN_ROWS`` rows (50,000) it carries an approximate nearest-neighbour
index instead of the matrix, saved beside the database so it is built once.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from checker.model.encoder import Embedder
from checker.retrieval.vector_index import VectorIndex, build_index
from checker.retrieval.windows import drop_repeats, split_text
from checker.settings import ann_min_rows
from checker.store.corpus_files import text_hash
from checker.store.database import Store

ENCODE_CHUNK = 256
PROGRESS_CHUNK = 32
"""Texts per saved batch when someone watches the progress: one of the model's own
batches, so the count moves every few seconds instead of every 256 texts."""
# Windows per long query: on CheckThat! 2025 fr posts (median 124 words, some over
# 3000) 1, 2 and 4 windows gave hybrid R@5 .855, .856, .856; two keep most of a long
# post for half the encoding of four.
QUERY_WINDOWS = 2
QUERY_BATCH = 128
"""Query windows per model batch (and per saved chunk). Why larger than passages'
32: claims are a sentence each, so a batch of 128 is still small, and on two cores
the model's fixed cost per batch made 8-claim calls cost about 2.5 times the CPU of
one call for the same 458 claims of a 10,000-word article (bf16: 128 took 0.6 of
the CPU of 32). Only for windows of at most `SHORT_QUERY_WORDS` words: a batch of 128
full windows would hold hundreds of megabytes of attention."""
SHORT_QUERY_WORDS = 64


@dataclass(frozen=True)
class PassageMatrix:
    """Row i is a window of the passage with primary key `pks[i]` (a long passage has
    several rows); rows are L2-normalised. `langs[i]` is that passage's language (''
    when unknown). `vectors` holds every row for exact search; with an approximate
    `index` it is empty, because the index keeps the only copy (`rows` reads from it):
    a million rows is 1.5 GB of float32, and holding it twice doubled the desk's
    memory. The desk's index keeps fp16 codes (0.77 GB a million), so rows read back
    are within about 1e-4 of the stored float32 vectors (`checker.retrieval.vector_index`)."""

    pks: np.ndarray
    vectors: np.ndarray
    langs: tuple[str, ...]
    index: VectorIndex | None = field(default=None, compare=False)

    def rows(self, ids: np.ndarray | Sequence[int]) -> np.ndarray:
        """The vectors of the given row numbers."""
        ids = np.asarray(ids, dtype=np.int64)
        if self.index is None:
            return self.vectors[ids]
        return self.index.rows(ids)


_MEMORY: dict[tuple, PassageMatrix] = {}


def passage_windows(passage: dict) -> list[tuple[str, str]]:
    """(hash, text) of each window of a passage; one window keeps the passage's hash."""
    pieces = split_text(passage["text"])
    if len(pieces) == 1:
        return [(passage["sha256"], passage["text"])]
    return [(text_hash(p), p) for p in pieces]


_windows = passage_windows


def _encode_cached(
    store: Store,
    embedder: Embedder,
    model_key: str,
    todo: dict[str, str],
    *,
    query: bool,
    show_progress: bool,
    progress: Callable[[int, int], None] | None = None,
    batch_size: int = 32,
    step: int | None = None,
) -> None:
    """Encode the (hash → text) items in batches and commit each batch at once, so an
    interrupted ingest keeps what it had done and the rerun encodes only the rest.
    Longest texts first: batches of similar length waste less on padding. After each
    committed batch, `progress(encoded so far, total)` is called (an exception it raises
    stops the run with the batches so far kept); with a listener, batches are smaller
    so that the count moves every few seconds. `batch_size` is the model's batch,
    `step` the texts per saved chunk (default: by whether someone listens)."""
    hashes = sorted(todo, key=lambda h: (-len(todo[h]), h))
    bar = None
    if show_progress:
        from tqdm import tqdm

        bar = tqdm(total=len(hashes), desc="Embedding", unit="text", file=sys.stderr, smoothing=0.1)
    if step is None:
        step = ENCODE_CHUNK if progress is None else PROGRESS_CHUNK
    try:
        for i in range(0, len(hashes), step):
            chunk = hashes[i : i + step]
            texts = [todo[h] for h in chunk]
            vectors = (
                embedder.encode_queries(texts, batch_size=batch_size)
                if query
                else embedder.encode_passages(texts, batch_size=batch_size)
            )
            store.save_vectors(model_key, zip(chunk, vectors))
            if bar is not None:
                bar.update(len(chunk))
            if progress is not None:
                progress(i + len(chunk), len(hashes))
    finally:
        if bar is not None:
            bar.close()


def embed_missing(
    store: Store,
    embedder: Embedder,
    passages: Sequence[dict],
    *,
    show_progress: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Encode and cache the passage windows whose (model, hash) has no vector yet;
    returns how many were encoded (0 when the corpus was seen before). Windows are
    deduplicated by content hash first, so a text repeated across passages or corpora
    is encoded once. `progress`, if given, is called with (windows encoded so far,
    windows to encode) after each committed batch."""
    windows = {h: t for p in passages for h, t in _windows(p)}
    cached = store.vectors(embedder.model_id, list(windows))
    todo = {h: t for h, t in windows.items() if h not in cached}
    if not todo:
        return 0
    if show_progress:
        print(f"Embedding {len(todo)} passages with {embedder.model_id} …", file=sys.stderr)
    _encode_cached(
        store, embedder, embedder.model_id, todo, query=False, show_progress=show_progress, progress=progress
    )
    return len(todo)


def query_windows(text: str, *, max_windows: int = QUERY_WINDOWS) -> list[str]:
    """The windows a query is encoded as: repeats dropped, cut like a passage, at most
    `max_windows` (the first ones: a post states its claim early)."""
    cleaned = drop_repeats(text) if len(text.split()) > 60 else text
    return split_text(cleaned)[:max_windows] or [text]


def _hashed_windows(texts: Sequence[str], max_windows: int) -> list[list[tuple[str, str]]]:
    """(hash, text) of each query window, per query."""
    return [[(text_hash(w), w) for w in query_windows(t, max_windows=max_windows)] for t in texts]


def encode_missing_queries(
    store: Store,
    embedder: Embedder,
    texts: Sequence[str],
    *,
    max_windows: int = QUERY_WINDOWS,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Encode and cache, in a few large batches, the query windows of `texts` that have
    no vector yet; returns how many were encoded. `progress(encoded, to encode)` is
    called after each saved batch.

    Why: a check used to encode its claims a handful at a time as it matched them, and
    the model's cost per call, not the claims, took most of a long article's check.
    Encoding them all first, sorted by length, in batches of `QUERY_BATCH`, leaves
    the matching only cached vectors to read; the vectors are the same texts' vectors,
    so the evidence found is the same."""
    key = embedder.model_id + "#query"
    wanted = {h: w for ws in _hashed_windows(texts, max_windows) for h, w in ws}
    cached = store.vectors(key, list(wanted))
    todo = {h: w for h, w in wanted.items() if h not in cached}
    short = {h: w for h, w in todo.items() if len(w.split()) <= SHORT_QUERY_WORDS}
    long = {h: w for h, w in todo.items() if h not in short}
    done = 0

    def heard(count: int, _: int) -> None:
        if progress is not None:
            progress(done + count, len(todo))

    for part, batch in ((long, 32), (short, QUERY_BATCH)):
        if part:
            _encode_cached(
                store,
                embedder,
                key,
                part,
                query=True,
                show_progress=False,
                progress=heard,
                batch_size=batch,
                step=batch,
            )
            done += len(part)
    return len(todo)


def query_vectors(
    store: Store,
    embedder: Embedder,
    texts: Sequence[str],
    *,
    max_windows: int = QUERY_WINDOWS,
    show_progress: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """(vectors, owner): one row per window of each query, `owner[i]` the query index
    of row i. Vectors are cached like passages' under the model id plus '#query'."""
    key = embedder.model_id + "#query"
    hashed = _hashed_windows(texts, max_windows)
    wanted = {h: w for ws in hashed for h, w in ws}
    cached = store.vectors(key, list(wanted))
    todo = {h: w for h, w in wanted.items() if h not in cached}
    if todo:
        _encode_cached(store, embedder, key, todo, query=True, show_progress=show_progress)
        cached.update(store.vectors(key, list(todo)))
    rows, owner = [], []
    for qi, ws in enumerate(hashed):
        for h, _ in ws:
            rows.append(cached[h])
            owner.append(qi)
    if not rows:
        return np.zeros((0, embedder.dim), dtype=np.float32), np.zeros(0, dtype=np.int64)
    return np.vstack(rows).astype(np.float32), np.array(owner, dtype=np.int64)


PROBE_QUERIES = 200
PROBE_WORDS = 25


def probe_queries(
    embedder: Embedder, passages: Sequence[dict], *, count: int = PROBE_QUERIES, seed: int = 0
) -> np.ndarray:
    """Query vectors to tune a new approximate index with: the opening words of sampled
    passages, encoded as queries. Why these: a claim is a short statement encoded as a
    query, and its neighbours are what the index must not miss; the corpus's own rows
    make lenient probes (each sits among its near-copies). About 200 short texts, a few
    seconds of the model, once per index build."""
    if not passages:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    picks = np.random.default_rng(seed).choice(len(passages), min(count, len(passages)), replace=False)
    texts = [" ".join(str(passages[i]["text"]).split()[:PROBE_WORDS]) for i in picks]
    return np.asarray(embedder.encode_queries(texts), dtype=np.float32)


def passage_matrix(store: Store, embedder: Embedder, corpora: Sequence[str]) -> PassageMatrix:
    """All passages of the corpora as one matrix (a row per window), embedding what is
    missing first."""
    stamp = store.passages_stamp(corpora)
    key = (
        str(store.path.resolve()),
        embedder.model_id,
        tuple(sorted(corpora)),
        stamp[0],
        stamp[1],
        hash(stamp[2]),
        ann_min_rows(),
    )
    if key in _MEMORY:
        return _MEMORY[key]
    passages = store.passages(corpora)
    embed_missing(store, embedder, passages)
    windows = [(p, _windows(p)) for p in passages]
    cached = store.vectors(embedder.model_id, [h for _, ws in windows for h, _ in ws])
    pks, langs, rows = [], [], []
    for p, ws in windows:
        for h, _ in ws:
            pks.append(p["pk"])
            langs.append(p["lang"] or "")
            rows.append(cached[h])
    vectors = np.vstack(rows).astype(np.float32) if rows else np.zeros((0, embedder.dim), dtype=np.float32)
    index = build_index(
        vectors, cache_dir=store.path.parent, key=repr(key), probes=lambda: probe_queries(embedder, passages)
    )
    if index is not None:
        vectors = vectors[:0]
    matrix = PassageMatrix(pks=np.array(pks, dtype=np.int64), vectors=vectors, langs=tuple(langs), index=index)
    _MEMORY.clear()
    _MEMORY[key] = matrix
    return matrix
