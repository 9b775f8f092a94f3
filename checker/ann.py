"""Nearest passages by cosine: exact for small corpora, approximate for large ones.

Exact search is one matrix product, which is both exact and fastest below a few
tens of thousands of rows, and it lets the dense channel normalise scores over the
whole corpus. Above ``ANN_MIN_ROWS`` rows an inverted-file index (faiss ``IndexIVFFlat``,
inner product on unit vectors = cosine) scans only the ``nprobe`` closest of
``nlist`` clusters.

Why IVF-Flat from faiss rather than a graph index (usearch or faiss HNSW): on this
2-core machine, shared and loaded, a usearch HNSW graph (16 links, f16) over 100k
vectors took over nine minutes to build and reached recall@10 .93, where IVF builds a
million in about ten minutes (1,600 vectors/s, mostly k-means training) and reaches
recall@10 1.0 at 1M synthetic vectors with a 14 ms p95 (benchmarks/bench_scale.py).
IVF keeps the vectors unquantised, so its recall depends only on how many clusters
are probed (see default_nprobe); sqlite-vec 0.1 has no approximate index at all.
The index is saved in a ``.ann`` folder next to the database, so it is built once per
corpus state.
"""
from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import Protocol

import numpy as np

ANN_MIN_ROWS = 50_000


def default_nprobe(nlist: int) -> int:
    """Clusters scanned per query: 64, or one in 32 for very large indexes. Measured
    (benchmarks/bench_scale.py): recall@10 .98 at 100k synthetic vectors with 64 of
    1264 lists, 1.0 at 1M with 48 of 4000 (p95 14 ms); on the 12k real dev vectors
    48 of 442 lists gave .98, so real text needs a larger share than synthetic data."""
    return max(64, nlist // 32)


class VectorIndex(Protocol):
    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(rows, sims): for each query the k best row numbers and their cosines, best
        first; -1 rows (with -inf sims) pad when fewer than k exist."""


class ExactIndex:
    """Brute force over every row: one matrix product and a partial sort."""

    def __init__(self, vectors: np.ndarray) -> None:
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)

    def __len__(self) -> int:
        return len(self.vectors)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        n = len(self.vectors)
        rows = np.full((len(queries), k), -1, dtype=np.int64)
        sims = np.full((len(queries), k), -np.inf, dtype=np.float32)
        if n == 0 or len(queries) == 0:
            return rows, sims
        kk = min(k, n)
        for start in range(0, len(queries), 256):
            block = queries[start : start + 256] @ self.vectors.T
            top = np.argpartition(-block, kk - 1, axis=1)[:, :kk] if kk < n else np.tile(np.arange(n), (len(block), 1))
            part = np.take_along_axis(block, top, axis=1)
            order = np.argsort(-part, axis=1, kind="stable")
            rows[start : start + len(block), :kk] = np.take_along_axis(top, order, axis=1)
            sims[start : start + len(block), :kk] = np.take_along_axis(part, order, axis=1)
        return rows, sims


class IVFIndex:
    """faiss IVF-Flat over unit vectors with inner product; `nprobe` clusters scanned."""

    def __init__(self, index, *, nprobe: int | None = None) -> None:
        self.index = index
        self.index.nprobe = nprobe or default_nprobe(index.nlist)

    @classmethod
    def build(cls, vectors: np.ndarray, *, nlist: int | None = None, nprobe: int | None = None, seed: int = 0) -> "IVFIndex":
        """Train the clusters on a sample (at most 40 vectors a cluster, near the 39
        faiss asks for; training dominates the build) and add every row; row numbers
        are the faiss ids."""
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        n, dim = vectors.shape
        nlist = nlist or max(16, int(4 * math.sqrt(n)))
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
        sample = vectors
        if n > 40 * nlist:
            sample = vectors[np.random.default_rng(seed).choice(n, 40 * nlist, replace=False)]
        index.train(sample)
        for start in range(0, n, 100_000):
            index.add(vectors[start : start + 100_000])
        return cls(index, nprobe=nprobe)

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        sims, rows = self.index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
        sims = np.where(rows < 0, -np.inf, sims).astype(np.float32)
        return rows.astype(np.int64), sims

    def save(self, path: Path) -> None:
        import faiss

        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        faiss.write_index(self.index, str(tmp))
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path, *, nprobe: int | None = None) -> "IVFIndex":
        import faiss

        return cls(faiss.read_index(str(path)), nprobe=nprobe)


def build_index(
    vectors: np.ndarray, *, cache_dir: Path | None = None, key: str = "", min_rows: int = ANN_MIN_ROWS,
) -> IVFIndex | None:
    """An IVF index for a matrix of at least `min_rows` rows (loaded from `cache_dir`
    when one was saved for the same `key`), else None: small corpora are searched
    exactly."""
    if len(vectors) < min_rows:
        return None
    path = None
    if cache_dir is not None and key:
        path = Path(cache_dir) / ".ann" / (hashlib.sha1(key.encode("utf-8")).hexdigest()[:20] + ".faiss")
        if path.is_file():
            try:
                index = IVFIndex.load(path)
                if len(index) == len(vectors):
                    return index
            except RuntimeError:
                pass
    index = IVFIndex.build(vectors)
    if path is not None:
        try:
            index.save(path)
        except OSError:
            pass
    return index
