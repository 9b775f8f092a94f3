"""Scale: storing passages, building the vector index, and top-10 queries at 10k–1M rows.

    python benchmarks/bench_scale.py [--sizes 10000 100000 1000000] [--db /tmp/eval.db]
        [--generator noisy|manifold|mix] [--real-queries] [--calibrate]
        [--store-rows 100000] [--hnsw] [--codec fp16|flat]

Vectors are synthetic (encoding a million passages would take this machine most of a
day), built from the real passage vectors cached in a desk database (--db); without
--db, seeds are random unit vectors around a shared direction. Generators:

- noisy: a real vector plus Gaussian noise (cosine about 0.9 to it). Each seed gets
  dozens of copies at 1M, so a query's neighbours are copies of one seed: easy.
- manifold: a random point on the segment between a real vector and one of its ten
  nearest real neighbours, plus a little noise (as SMOTE does). It fills in the real
  corpus's topics without inventing new directions, so neighbourhoods at 1M look like
  a denser version of the real ones.
- mix: the blend of two random real vectors plus noise. It fills the space between
  unrelated topics, which real text does not occupy; a stress test, the hardest here.

--calibrate compares each generator with the real data at the real data's size (same
lists, same probes, real queries), so the synthetic set's difficulty can be read
against the real one before trusting it at 1M. --real-queries uses the database's
real query vectors (claims encoded as queries) instead of synthetic ones: 200 tune
the index, as the desk's probe queries do, and the next --queries are measured.

Prints per size: index build rate (vectors/s), resident memory after the build,
query p50/p95 for one top-10 query at a time, exact and approximate (IVF at the nprobe
the desk tunes at build time, then at several fixed nprobe), and the IVF recall@10
against exact search. --store-rows also times storing
that many synthetic passages (text, FTS5 index) in a fresh SQLite file, the part of
ingest that is not encoding. --hnsw adds faiss's HNSW graph for comparison. --codec is
how the IVF index keeps its rows: fp16 (the desk's, default) or flat (float32, as
before); with fp16 the largest gap between a returned cosine and the float32 one is
printed too.
"""

from __future__ import annotations

import argparse
import gc
import os
import sqlite3
import tempfile
import time
from pathlib import Path

import numpy as np

from checker.retrieval.vector_index import ExactIndex, IVFIndex, tune_nprobe

DIM = 384


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def seeds_from_db(path: str, limit: int = 20000) -> np.ndarray:
    con = sqlite3.connect(path)
    rows = con.execute("SELECT vector FROM embeddings WHERE model NOT LIKE '%#query' LIMIT ?", [limit]).fetchall()
    return np.vstack([np.frombuffer(r[0], dtype=np.float32) for r in rows])


def random_seeds(n: int, rng) -> np.ndarray:
    common = rng.normal(size=DIM).astype(np.float32)
    common /= np.linalg.norm(common)
    x = rng.normal(size=(n, DIM)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    x = x + 1.5 * common
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def noisy(seeds: np.ndarray, n: int, rng, sigma: float = 0.5) -> np.ndarray:
    out = np.empty((n, seeds.shape[1]), dtype=np.float32)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        x = seeds[rng.integers(0, len(seeds), m)] + rng.normal(0, sigma / np.sqrt(DIM), (m, DIM)).astype(np.float32)
        out[start : start + m] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def real_neighbours(seeds: np.ndarray, k: int = 10) -> np.ndarray:
    """The k nearest other seeds of each seed (exact, in blocks)."""
    out = np.empty((len(seeds), k), dtype=np.int64)
    for start in range(0, len(seeds), 2048):
        sims = seeds[start : start + 2048] @ seeds.T
        for i in range(len(sims)):
            sims[i, start + i] = -np.inf
        out[start : start + 2048] = np.argpartition(-sims, k, axis=1)[:, :k]
    return out


def manifold(seeds: np.ndarray, n: int, rng, sigma: float = 0.1, k: int = 10) -> np.ndarray:
    """Points between real vectors and their real neighbours, plus a little noise."""
    near = real_neighbours(seeds, k)
    out = np.empty((n, seeds.shape[1]), dtype=np.float32)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        i = rng.integers(0, len(seeds), m)
        j = near[i, rng.integers(0, k, m)]
        a = rng.random((m, 1), dtype=np.float32)
        x = a * seeds[i] + (1 - a) * seeds[j] + rng.normal(0, sigma / np.sqrt(DIM), (m, DIM)).astype(np.float32)
        out[start : start + m] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def mixed(seeds: np.ndarray, n: int, rng) -> np.ndarray:
    """Blends of two random real vectors, then noisy copies of the blends."""
    a, b = rng.integers(0, len(seeds), (2, max(n // 50, 1000)))
    blends = seeds[a] + seeds[b]
    blends = (blends / np.linalg.norm(blends, axis=1, keepdims=True)).astype(np.float32)
    return noisy(blends, n, rng)


def generate(kind: str, seeds: np.ndarray, n: int, rng) -> np.ndarray:
    if kind == "manifold":
        return manifold(seeds, n, rng)
    if kind == "mix":
        return mixed(seeds, n, rng)
    return noisy(seeds, n, rng)


def real_query_vectors(path: str, limit: int = 500) -> np.ndarray:
    """Claims and posts of the dev sets as the desk encoded them (query prompt)."""
    con = sqlite3.connect(path)
    rows = con.execute("SELECT vector FROM embeddings WHERE model LIKE '%#query' LIMIT ?", [limit]).fetchall()
    return np.vstack([np.frombuffer(r[0], dtype=np.float32) for r in rows])


def calibrate(path: str, seeds: np.ndarray, nprobes, rng, codec: str = "flat") -> None:
    """Recall against probes for the real vectors and for each generator at the real
    corpus's size, with the same queries and the same number of lists."""
    queries = real_query_vectors(path)
    print(f"\n== calibration at {len(seeds):,} vectors, {len(queries)} real queries: recall@10 by nprobe")
    sets = {"real": seeds, **{g: generate(g, seeds, len(seeds), rng) for g in ("noisy", "manifold", "mix")}}
    for name, vectors in sets.items():
        truth, _, _ = timed_queries(ExactIndex(vectors), queries)
        ivf = IVFIndex.build(vectors, codec=codec)
        row = []
        for nprobe in nprobes:
            ivf.index.nprobe = nprobe
            found, _, _ = timed_queries(ivf, queries)
            row.append(f"{nprobe}: {recall(found, truth):.3f}")
        print(f"{name:9s} ({ivf.index.nlist} lists)  " + "  ".join(row), flush=True)


def timed_queries(index, queries: np.ndarray, k: int = 10) -> tuple[np.ndarray, float, float]:
    rows, lat = [], []
    for q in queries:
        t = time.perf_counter()
        r, _ = index.search(q[None, :], k)
        lat.append(time.perf_counter() - t)
        rows.append(r[0])
    lat_ms = np.array(lat) * 1000
    return np.array(rows), float(np.percentile(lat_ms, 50)), float(np.percentile(lat_ms, 95))


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(a) & set(b)) / len(b) for a, b in zip(found, truth)]))


def store_rate(rows: int) -> None:
    """Passages per second into a fresh desk database (text + FTS5), no encoding."""
    from checker.store.corpus_files import make_passage
    from checker.store.database import Store

    rng = np.random.default_rng(1)
    vocab = np.array([f"mot{i}" for i in range(20000)])
    texts = [" ".join(rng.choice(vocab, 25)) for _ in range(rows)]
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "scale.db")
        t = time.perf_counter()
        store.upsert_passages("scale", (make_passage(id=str(i), text=x) for i, x in enumerate(texts)))
        took = time.perf_counter() - t
        t = time.perf_counter()
        again = store.upsert_passages("scale", (make_passage(id=str(i), text=x) for i, x in enumerate(texts)))
        took_again = time.perf_counter() - t
        store.close()
    print(
        f"store {rows:,} passages (text + FTS5): {took:.1f}s = {rows / took:,.0f} passages/s;"
        f" the same corpus again: {took_again:.1f}s, {again['unchanged']:,} unchanged, {again['added']} added",
        flush=True,
    )


def real_queries(path: str, vectors: np.ndarray, nprobes, codec: str = "flat") -> None:
    """IVF against exact search on the database's real passage and query vectors."""
    queries = real_query_vectors(path)
    truth, e50, e95 = timed_queries(ExactIndex(vectors), queries)
    ivf = IVFIndex.build(vectors, codec=codec)
    print(
        f"\n== real vectors: {len(vectors):,} passages, {len(queries)} real queries; exact p50 {e50:.1f} ms p95 {e95:.1f} ms"
    )
    for nprobe in nprobes:
        ivf.index.nprobe = nprobe
        found, p50, p95 = timed_queries(ivf, queries)
        print(
            f"IVF ({ivf.index.nlist} lists) nprobe {nprobe:3d}: p50 {p50:.2f} ms  p95 {p95:.2f} ms  recall@10 {recall(found, truth):.4f}",
            flush=True,
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--db", default=None, help="Desk database whose cached vectors seed the synthetic ones.")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--nprobe", type=int, nargs="+", default=[16, 32, 48, 64, 96])
    ap.add_argument("--store-rows", type=int, default=0)
    ap.add_argument("--hnsw", action="store_true")
    ap.add_argument("--generator", choices=["noisy", "manifold", "mix"], default="noisy")
    ap.add_argument("--real-queries", action="store_true", help="Query with the database's real query vectors.")
    ap.add_argument("--calibrate", action="store_true", help="Compare the generators with the real vectors first.")
    ap.add_argument("--codec", choices=["fp16", "flat"], default="fp16", help="How the IVF index keeps rows.")
    args = ap.parse_args()
    if (args.real_queries or args.calibrate) and not args.db:
        ap.error("--real-queries and --calibrate need --db")

    rng = np.random.default_rng(0)
    seeds = seeds_from_db(args.db) if args.db else random_seeds(20000, rng)
    print(
        f"seeds: {len(seeds)} {'real cached vectors' if args.db else 'random'}; generator {args.generator};"
        f" {os.cpu_count()} cores; IVF codec {args.codec}",
        flush=True,
    )
    if args.store_rows:
        store_rate(args.store_rows)
    if args.db:
        real_queries(args.db, seeds, args.nprobe, args.codec)
    if args.calibrate:
        calibrate(args.db, seeds, args.nprobe, rng, args.codec)
    for n in args.sizes:
        base = rss_mb()
        vectors = generate(args.generator, seeds, n, rng)
        probes = None  # the index is tuned on corpus rows, as the desk does without probe queries
        if args.real_queries:
            # tuned on 200 real claim vectors, measured on the others
            real = real_query_vectors(args.db, limit=200 + args.queries)
            probes, queries = real[:200], real[200:]
        else:
            queries = generate(args.generator, seeds, args.queries, rng)
        exact = ExactIndex(vectors)
        truth, e50, e95 = timed_queries(exact, queries)
        print(f"\n== {n:,} vectors ({vectors.nbytes / 2**20:.0f} MB as float32)", flush=True)
        print(f"exact: p50 {e50:.1f} ms  p95 {e95:.1f} ms", flush=True)
        t = time.perf_counter()
        ivf = IVFIndex.build(vectors, codec=args.codec)
        build = time.perf_counter() - t
        print(
            f"IVF build ({ivf.index.nlist} lists): {build:.1f}s = {n / build:,.0f} vectors/s;"
            f" RSS {rss_mb():.0f} MB ({rss_mb() - base:.0f} MB for vectors + index)",
            flush=True,
        )
        t = time.perf_counter()
        tuned, tuned_recall = tune_nprobe(ivf, vectors, probes=probes)
        took = time.perf_counter() - t
        found, p50, p95 = timed_queries(ivf, queries)
        print(
            f"IVF tuned at build time ({took:.1f}s): nprobe {tuned} (recall@10 {tuned_recall:.4f} on"
            f" {'200 real probe queries' if probes is not None else 'corpus rows'} and 200 points between rows, the"
            f" lower); on the {len(queries)} test queries:"
            f" p50 {p50:.2f} ms  p95 {p95:.2f} ms  recall@10 {recall(found, truth):.4f}",
            flush=True,
        )
        _, sims = ivf.search(queries, 10)
        gap = np.abs(sims - np.einsum("qd,qkd->qk", queries, vectors[found])).max()
        print(f"largest gap between a returned cosine and the float32 one: {gap:.2e}", flush=True)
        for nprobe in args.nprobe:
            ivf.index.nprobe = nprobe
            found, p50, p95 = timed_queries(ivf, queries)
            print(
                f"IVF nprobe {nprobe:3d}: p50 {p50:.2f} ms  p95 {p95:.2f} ms  recall@10 {recall(found, truth):.4f}",
                flush=True,
            )
        if not args.hnsw:
            # The desk drops its float32 matrix once the index exists; the index alone is what it keeps.
            del exact, vectors
            gc.collect()
            print(
                f"RSS with the index alone (what the desk keeps): {rss_mb():.0f} MB"
                f" ({rss_mb() - base:.0f} MB for the index)",
                flush=True,
            )
            del ivf
            continue
        if args.hnsw:
            import faiss

            t = time.perf_counter()
            h = faiss.IndexHNSWFlat(DIM, 32, faiss.METRIC_INNER_PRODUCT)
            h.hnsw.efConstruction = 80
            h.add(vectors)
            hb = time.perf_counter() - t
            for ef in (64, 128):
                h.hnsw.efSearch = ef

                class _H:
                    def __init__(self, graph) -> None:
                        self.graph = graph

                    def search(self, q, k):
                        s, r = self.graph.search(q, k)
                        return r, s

                found, p50, p95 = timed_queries(_H(h), queries)
                print(
                    f"HNSW (faiss, M 32) build {hb:.1f}s = {n / hb:,.0f} vectors/s; ef {ef}: p95 {p95:.2f} ms"
                    f" recall@10 {recall(found, truth):.4f}",
                    flush=True,
                )
            del h
        del vectors, exact, ivf


if __name__ == "__main__":
    main()
