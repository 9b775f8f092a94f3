"""Nearest passages by cosine: exact for small corpora, approximate for large ones.

Exact search is one matrix product, which is both exact and fastest below a few
tens of thousands of rows, and it lets the dense channel normalise scores over the
whole corpus. From ``$FACTCHECK_ANN_MIN_ROWS`` rows (50,000) an inverted-file index
(faiss ``IndexIVFFlat``, inner product on unit vectors = cosine) scans only the
``nprobe`` closest of ``nlist`` clusters.

Why IVF-Flat from faiss rather than a graph index (usearch or faiss HNSW): on this
2-core machine, shared and loaded, a usearch HNSW graph (16 links, f16) over 100k
vectors took over nine minutes to build and reached recall@10 .93, and faiss HNSW
(32 links) took 100 s for 100k and reached .89 on the hardest synthetic set, where
IVF builds a million in four to seven minutes (2,300-4,000 vectors/s, mostly
k-means training). IVF keeps the vectors unquantised, so its recall depends only on how many
clusters are probed, and that is a number we can measure on the corpus itself: each
index is tuned when it is built (`tune_nprobe`). sqlite-vec 0.1 has no approximate
index at all. The index is saved in a ``.ann`` folder next to the database, with its
tuned nprobe, so it is built once per corpus state.

Why the desk's index keeps fp16 codes (``IndexIVFScalarQuantizer`` QT_fp16) rather
than float32: half the memory (a million rows: 0.77 GB instead of 1.5 GB) and, on this
AVX-512 machine, 2-3 times faster scans (less memory to stream per probed list). At
200k "mix" vectors, same lists and nprobe, fp16 found the same neighbours as
IVF-Flat (recall@10 .954 vs .955) where 8-bit codes lost some (.934) unless re-ranked
exactly. fp16 rounding moves a cosine by about 1e-5, so the rows read back and the
cosines shown stay within 1e-4 of the float32 ones (benchmarks/bench_scale.py
--codec; tests/test_vector_index.py).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

from checker.settings import ann_min_rows


def default_nprobe(nlist: int) -> int:
    """Clusters scanned per query before tuning, and the least tuning settles on: 64,
    or one in 32 for very large indexes (125 of 4,000 at a million rows). On the 12k
    real dev vectors 64 of 442 lists gave recall@10 .99."""
    return max(64, nlist // 32)


TUNE_RECALL = 0.99
"""Recall@10 against exact search that an index must reach on its own corpus."""
TUNE_QUERIES = 200
TUNE_STEP = 1.5
"""Growth of nprobe between two measurements while tuning: doubling overshot (500 lists
too few on the 1M "mix" set, 1,000 twice the scan of the 750 that were enough)."""


def blend_probes(vectors: np.ndarray, count: int = TUNE_QUERIES, *, seed: int = 0) -> np.ndarray:
    """`count` points halfway between two random rows of the corpus (their normalised
    sum).

    Why: a claim is not a row of the corpus. A row sits among its own near-copies, in
    the middle of its cluster, so rows as tuning queries say a few clusters suffice;
    a claim often falls between topics, where its ten neighbours are spread over many
    clusters. On the 1M "mix" stress set, rows said 125 of 4,000 lists (recall .99)
    where fresh queries needed 750 for .98 (benchmarks/bench_scale.py). A point
    between two unrelated rows is about the hardest place a query can land, so an
    index tuned on these keeps its recall on queries it has never seen."""
    n = len(vectors)
    rng = np.random.default_rng(seed)
    a, b = rng.integers(0, n, (2, count))
    mid = vectors[a].astype(np.float32) + vectors[b].astype(np.float32)
    norms = np.linalg.norm(mid, axis=1, keepdims=True)
    return np.ascontiguousarray(mid / np.where(norms > 0, norms, 1.0), dtype=np.float32)


def tune_nprobe(
    index: IVFIndex,
    vectors: np.ndarray,
    *,
    probes: np.ndarray | None = None,
    target: float = TUNE_RECALL,
    queries: int = TUNE_QUERIES,
    seed: int = 0,
) -> tuple[int, float]:
    """(nprobe, recall): the fewest clusters to scan, growing by `TUNE_STEP` from
    `default_nprobe`, for recall@10 >= `target` against exact search on every probe
    set: the `probes` (query vectors like the ones the desk will send) or, without
    them, `queries` rows of the corpus (each row's own hit left out), and always
    `queries` points between two rows (`blend_probes`). The recall returned is the
    lowest of the sets. Leaves the index at that nprobe.

    Why measure: how many clusters a query must scan depends on how clustered the
    corpus is. On a realistic synthetic million 125 of 4,000 lists gave .995 for real
    claim vectors; on a stress set of blended topics the same million needed about
    750. A fixed rule is either slow on easy corpora or wrong on hard ones; a few
    seconds at build time settles it for the corpus at hand (benchmarks/bench_scale.py).
    Corpus rows alone are a lenient stand-in (they sit among their own near-copies),
    and so are probe queries made from passages, hence the blended points."""
    ivf = index.index
    n = len(vectors)
    sets: list[tuple[np.ndarray, np.ndarray, int]] = []
    if probes is None or len(probes) == 0:
        own = np.random.default_rng(seed).choice(n, min(queries, n), replace=False)
        sets.append((np.ascontiguousarray(vectors[own], dtype=np.float32), own, min(10, n - 1)))
    else:
        given = np.ascontiguousarray(probes, dtype=np.float32)
        sets.append((given, np.full(len(given), -1), min(10, n)))
    sets.append((blend_probes(vectors, queries, seed=seed), np.full(queries, -1), min(10, n)))

    def top(found: np.ndarray, own: np.ndarray, k: int) -> list[set[int]]:
        return [set(f[(f != o) & (f >= 0)][:k].tolist()) for f, o in zip(found, own)]

    exact = ExactIndex(vectors)
    truths = [top(exact.search(q, k + 1)[0], own, k) for q, own, k in sets]
    nprobe = min(default_nprobe(ivf.nlist), ivf.nlist)
    while True:
        ivf.nprobe = nprobe
        recall = 1.0
        for (q, own, k), truth in zip(sets, truths):
            found = top(index.search(q, k + 1)[0], own, k)
            recall = min(recall, float(np.mean([len(t & f) / max(len(t), 1) for t, f in zip(truth, found)])))
        if recall >= target or nprobe >= ivf.nlist:
            return nprobe, recall
        nprobe = min(ivf.nlist, math.ceil(nprobe * TUNE_STEP))


class VectorIndex(Protocol):
    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(rows, sims): for each query the k best row numbers and their cosines, best
        first; -1 rows (with -inf sims) pad when fewer than k exist."""

    def rows(self, ids: np.ndarray) -> np.ndarray:
        """The stored vectors of the given row numbers."""


class ExactIndex:
    """Brute force over every row: one matrix product and a partial sort."""

    def __init__(self, vectors: np.ndarray) -> None:
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)

    def __len__(self) -> int:
        return len(self.vectors)

    def rows(self, ids: np.ndarray) -> np.ndarray:
        return self.vectors[np.asarray(ids, dtype=np.int64)]

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


CODECS = ("flat", "fp16")
"""How an IVF index stores its rows: float32 (IVF-Flat) or fp16 scalar codes."""
DESK_CODEC = "fp16"
"""What the desk's own indexes use (see the module docstring)."""


def _ivf(quantizer, dim: int, nlist: int, codec: str):
    import faiss

    if codec == "flat":
        return faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
    if codec == "fp16":
        return faiss.IndexIVFScalarQuantizer(
            quantizer, dim, nlist, faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT
        )
    raise ValueError(f"unknown index codec {codec!r} (one of {', '.join(CODECS)})")


def _compacted(index):
    """The same index with its lists holding no spare room.

    Why: faiss grows each inverted list as a vector grows, doubling, so a freshly
    built index carries up to half again its size in spare capacity (at a million
    fp16 rows, 1,000 MB resident instead of about 780). A copy read back from its
    own bytes allocates every list at its exact size; the transient copy is freed."""
    import faiss

    return faiss.deserialize_index(faiss.serialize_index(index))


def _release_freed_memory() -> None:
    """Hand the heap memory freed by training and compaction back to the system.

    Why: glibc keeps freed small blocks in its heap, so after a build the process
    stayed resident at 1.6 times the index's size (300k fp16 rows: 389 MB for 220 MB
    of codes; 243 MB after this). Elsewhere than glibc it does nothing."""
    import ctypes
    import ctypes.util

    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


class IVFIndex:
    """faiss IVF over unit vectors with inner product, rows kept as float32 (``flat``)
    or fp16 codes (``fp16``); `nprobe` clusters scanned."""

    def __init__(self, index, *, nprobe: int | None = None) -> None:
        self.index = index
        self.index.nprobe = nprobe or default_nprobe(index.nlist)
        self.tuned_recall: float | None = None
        if not index.direct_map.type:
            index.make_direct_map()  # row number → list slot, 8 bytes a row, for `rows`

    @classmethod
    def build(
        cls,
        vectors: np.ndarray,
        *,
        nlist: int | None = None,
        nprobe: int | None = None,
        seed: int = 0,
        tune: bool = False,
        probes: np.ndarray | None = None,
        codec: str = "flat",
    ) -> IVFIndex:
        """Train the clusters on a sample (at most 40 vectors a cluster, near the 39
        faiss asks for; training dominates the build) and add every row; row numbers
        are the faiss ids. With `tune` (and no `nprobe`), nprobe is measured on the
        corpus (`tune_nprobe`, with `probes` as its queries)."""
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        n, dim = vectors.shape
        nlist = nlist or max(16, int(4 * math.sqrt(n)))
        quantizer = faiss.IndexFlatIP(dim)
        index = _ivf(quantizer, dim, nlist, codec)
        sample = vectors
        if n > 40 * nlist:
            sample = vectors[np.random.default_rng(seed).choice(n, 40 * nlist, replace=False)]
        index.train(sample)
        for start in range(0, n, 100_000):
            index.add(vectors[start : start + 100_000])
        built = cls(_compacted(index), nprobe=nprobe)
        del index, sample
        _release_freed_memory()
        if tune and nprobe is None:
            _, built.tuned_recall = tune_nprobe(built, vectors, probes=probes, seed=seed)
        return built

    def __len__(self) -> int:
        return int(self.index.ntotal)

    @property
    def codec(self) -> str:
        return "flat" if type(self.index).__name__ == "IndexIVFFlat" else "fp16"

    def rows(self, ids: np.ndarray) -> np.ndarray:
        """Read back from the index's lists: unchanged with IVF-Flat, rounded to fp16
        (within about 1e-4 per cosine) with fp16 codes."""
        ids = np.asarray(ids, dtype=np.int64)
        if len(ids) == 0:
            return np.zeros((0, self.index.d), dtype=np.float32)
        return self.index.reconstruct_batch(ids)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        sims, rows = self.index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
        sims = np.where(rows < 0, -np.inf, sims).astype(np.float32)
        return rows.astype(np.int64), sims

    def save(self, path: Path) -> None:
        import faiss

        from checker.store.atomic_write import atomic_path

        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp:
            faiss.write_index(self.index, str(tmp))

    @classmethod
    def load(cls, path: Path, *, nprobe: int | None = None) -> IVFIndex:
        """The saved index with the nprobe it was saved with (faiss keeps it in the file)."""
        import faiss

        index = faiss.read_index(str(path))
        return cls(index, nprobe=nprobe or int(getattr(index, "nprobe", 0)) or None)


def build_index(
    vectors: np.ndarray,
    *,
    cache_dir: Path | None = None,
    key: str = "",
    min_rows: int | None = None,
    probes: Callable[[], np.ndarray | None] | None = None,
    codec: str = DESK_CODEC,
) -> IVFIndex | None:
    """An IVF index for a matrix of at least `min_rows` rows (loaded from `cache_dir`
    when one was saved for the same `key`), else None: small corpora are searched
    exactly (`min_rows` defaults to `$FACTCHECK_ANN_MIN_ROWS`, 50,000). A new index is
    tuned with the query vectors `probes()` returns (called only when an index is
    built: making them takes the model a few seconds). `codec` is how rows are kept
    (`DESK_CODEC`, fp16); it is part of the saved file's name, so an index saved with
    another codec is never loaded in its place."""
    if len(vectors) < (ann_min_rows() if min_rows is None else min_rows):
        return None
    path = None
    if cache_dir is not None and key:
        label = "tuned:" if codec == "flat" else f"tuned:{codec}:"
        path = Path(cache_dir) / ".ann" / (hashlib.sha1((label + key).encode("utf-8")).hexdigest()[:20] + ".faiss")
        if path.is_file():
            try:
                index = IVFIndex.load(path)
                if len(index) == len(vectors):
                    return index
            except RuntimeError:
                pass
    if path is not None and not _index_folder_writable(path):
        return None  # exact search: an index that cannot be kept would be rebuilt on every search
    index = IVFIndex.build(vectors, tune=True, probes=probes() if probes is not None else None, codec=codec)
    if path is not None:
        from checker.store.atomic_write import FileWriteError

        try:
            index.save(path)
        except (OSError, FileWriteError) as e:
            _warn_once(path.parent, f"{e}; searching exactly until it can be saved")
            return None
    return index


_warned: set[str] = set()


def _warn_once(folder: Path, message: str) -> None:
    """Say once per process and folder why search is exact (a read-only or full folder)."""
    import logging

    if str(folder) not in _warned:
        _warned.add(str(folder))
        logging.getLogger(__name__).warning("approximate index not used: %s", message)


def _index_folder_writable(path: Path) -> bool:
    """Whether the index folder takes a file, tried with a real temporary file (a
    read-only mount or an immutable folder fools os.access)."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".probe-"):
            return True
    except OSError as e:
        from checker.store.atomic_write import describe_os_error

        _warn_once(path.parent, f"{describe_os_error(path, e)}; searching exactly")
        return False
